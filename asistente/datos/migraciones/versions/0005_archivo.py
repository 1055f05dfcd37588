"""archivo: fechas de captura dudosas, fotos casi iguales, duración y códec de video y audio

Revision ID: 0005
Revises: 0006
Create Date: 2026-12-07 02:00:00

Una foto cuya fecha de captura no es creíble (antes de 1990, el reloj de la cámara reiniciado, en
el futuro) se archiva por la hora de subida y queda marcada para que una persona la revise
(``/archivo dudosas``). Las filas que ya estaban quedan sin marcar.

Cada foto nueva lleva su huella perceptual (``huella``), sus trozos en ``medios_huellas`` (para
encontrar las casi iguales por índice) y, si parece copia de otra, ``parecido_a_id``. Las fotos que
ya estaban no tienen huella: no se comparan.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('medios', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fecha_dudosa', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('duracion', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('codec', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('huella', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('parecido_a_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_medios_parecido_a_id_medios'), 'medios', ['parecido_a_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_index('ix_medios_espacio_dudosa', ['espacio_id', 'fecha_dudosa'], unique=False)
        batch_op.create_index('ix_medios_espacio_parecido', ['espacio_id', 'parecido_a_id'], unique=False)

    op.create_table('medios_huellas',
    sa.Column('medio_id', sa.Integer(), nullable=False),
    sa.Column('banda', sa.Integer(), nullable=False),
    sa.Column('valor', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_medios_huellas_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['medio_id'], ['medios.id'], name=op.f('fk_medios_huellas_medio_id_medios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('medio_id', 'banda', name=op.f('pk_medios_huellas'))
    )
    with op.batch_alter_table('medios_huellas', schema=None) as batch_op:
        batch_op.create_index('ix_medios_huellas_espacio_banda_valor', ['espacio_id', 'banda', 'valor'], unique=False)


def downgrade() -> None:
    op.drop_table('medios_huellas')
    with op.batch_alter_table('medios', schema=None) as batch_op:
        batch_op.drop_index('ix_medios_espacio_parecido')
        batch_op.drop_index('ix_medios_espacio_dudosa')
        batch_op.drop_constraint(op.f('fk_medios_parecido_a_id_medios'), type_='foreignkey')
        batch_op.drop_column('parecido_a_id')
        batch_op.drop_column('huella')
        batch_op.drop_column('codec')
        batch_op.drop_column('duracion')
        batch_op.drop_column('fecha_dudosa')
