"""resultados: las metas del POA y sus avances registrados a mano (SPEC §11)

Revision ID: 0010
Revises: 0011
Create Date: 2026-12-07 04:00:00

Las cifras de las metas que se cuentan solas (boletines, eventos cubiertos, fotos…) no se guardan:
se cuentan de sus tablas al pedir el avance o el informe.
"""
import sqlalchemy as sa
from alembic import op

from modelos.base import FechaHora

revision = '0010'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('metas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('anio', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=200), nullable=False),
    sa.Column('nombre_normalizado', sa.String(length=200), nullable=False),
    sa.Column('unidad', sa.String(length=80), nullable=False),
    sa.Column('meta_anual', sa.Integer(), nullable=False),
    sa.Column('regla', sa.String(length=40), nullable=False),
    sa.Column('creado_por_id', sa.Integer(), nullable=True),
    sa.Column('creado', FechaHora(), nullable=False),
    sa.ForeignKeyConstraint(['creado_por_id'], ['personas.id'], name=op.f('fk_metas_creado_por_id_personas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_metas_espacio_id_espacios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metas')),
    sa.UniqueConstraint('espacio_id', 'anio', 'nombre_normalizado', name=op.f('uq_metas_espacio_id_anio_nombre_normalizado'))
    )
    op.create_index(op.f('ix_metas_espacio_id'), 'metas', ['espacio_id'], unique=False)
    op.create_table('avances_manuales',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('meta_id', sa.Integer(), nullable=False),
    sa.Column('cantidad', sa.Integer(), nullable=False),
    sa.Column('nota', sa.Text(), nullable=False),
    sa.Column('fecha', FechaHora(), nullable=False),
    sa.Column('persona_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_avances_manuales_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meta_id'], ['metas.id'], name=op.f('fk_avances_manuales_meta_id_metas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['persona_id'], ['personas.id'], name=op.f('fk_avances_manuales_persona_id_personas'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_avances_manuales'))
    )
    op.create_index(op.f('ix_avances_manuales_espacio_id'), 'avances_manuales', ['espacio_id'], unique=False)
    op.create_index('ix_avances_manuales_meta_fecha', 'avances_manuales', ['meta_id', 'fecha'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_avances_manuales_meta_fecha', table_name='avances_manuales')
    op.drop_index(op.f('ix_avances_manuales_espacio_id'), table_name='avances_manuales')
    op.drop_table('avances_manuales')
    op.drop_index(op.f('ix_metas_espacio_id'), table_name='metas')
    op.drop_table('metas')
