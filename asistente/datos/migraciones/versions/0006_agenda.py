"""agenda: eventos que se repiten (tabla ``series`` y ``eventos.serie_id``)

Revision ID: 0006
Revises: 0007
Create Date: 2026-12-07 02:00:00
"""
import sqlalchemy as sa
from alembic import op

import modelos.base

revision = '0006'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('regla', sa.Text(), nullable=False),
    sa.Column('descripcion', sa.String(length=400), nullable=False),
    sa.Column('datos', sa.Text(), nullable=False),
    sa.Column('confirmada', sa.Boolean(), nullable=False),
    sa.Column('creado_por_id', sa.Integer(), nullable=True),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['creado_por_id'], ['personas.id'], name=op.f('fk_series_creado_por_id_personas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_series_espacio_id_espacios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series'))
    )
    op.create_index(op.f('ix_series_espacio_id'), 'series', ['espacio_id'], unique=False)
    with op.batch_alter_table('eventos') as tabla:
        tabla.add_column(sa.Column('serie_id', sa.Integer(), nullable=True))
        tabla.create_index(tabla.f('ix_eventos_serie_id'), ['serie_id'], unique=False)
        tabla.create_foreign_key(tabla.f('fk_eventos_serie_id_series'), 'series', ['serie_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('eventos') as tabla:
        tabla.drop_constraint(tabla.f('fk_eventos_serie_id_series'), type_='foreignkey')
        tabla.drop_index(tabla.f('ix_eventos_serie_id'))
        tabla.drop_column('serie_id')
    op.drop_index(op.f('ix_series_espacio_id'), table_name='series')
    op.drop_table('series')
