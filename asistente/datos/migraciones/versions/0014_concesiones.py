"""concesiones: lo reclamado que quedó a medias por un choque se vuelve a tomar cuando vence

Revision ID: 0014
Revises: 0015
Create Date: 2026-12-07 04:00:00

``publicaciones.concesion``: hasta cuándo vale el reclamo de una publicación ``reclamada`` (la
agenda, el resumen, un recordatorio); vencida, otra pasada la vuelve a tomar y antes de enviarla
revisa en la plataforma si ya salió. Las filas que ya estaban quedan sin concesión: una
``reclamada`` vieja se trata como vencida (y también se revisa en la plataforma antes de enviarse).

``eventos_procesados.terminado``: cuándo terminó el trabajo de un evento reclamado (un evento de
Slack). Sin terminar y con la concesión vencida, un reintento de la plataforma lo vuelve a tomar.
Las filas que ya estaban se dan por terminadas.
"""
import sqlalchemy as sa
from alembic import op

import modelos.base

revision = '0014'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('publicaciones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('concesion', modelos.base.FechaHora(timezone=True), nullable=True))
    with op.batch_alter_table('eventos_procesados', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terminado', modelos.base.FechaHora(timezone=True), nullable=True))
    op.execute("UPDATE eventos_procesados SET terminado = recibido")


def downgrade() -> None:
    with op.batch_alter_table('eventos_procesados', schema=None) as batch_op:
        batch_op.drop_column('terminado')
    with op.batch_alter_table('publicaciones', schema=None) as batch_op:
        batch_op.drop_column('concesion')
