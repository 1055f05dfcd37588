"""archivo: fechas de captura dudosas

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-07 02:00:00

Una foto cuya fecha de captura no es creíble (antes de 1990, el reloj de la cámara reiniciado, en
el futuro) se archiva por la hora de subida y queda marcada para que una persona la revise
(``/archivo dudosas``). Las filas que ya estaban quedan sin marcar.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('medios', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fecha_dudosa', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_medios_espacio_dudosa', ['espacio_id', 'fecha_dudosa'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('medios', schema=None) as batch_op:
        batch_op.drop_index('ix_medios_espacio_dudosa')
        batch_op.drop_column('fecha_dudosa')
