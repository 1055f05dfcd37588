"""difusión: tipos de documento con su propia serie, las piezas por canal, el tema y la veda

Revision ID: 0003
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

import modelos.base

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Los documentos que ya existen son boletines: su serie no cambia.
    with op.batch_alter_table('boletines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tipo', sa.String(length=20), server_default='boletin', nullable=False))
        batch_op.add_column(sa.Column('tema', sa.String(length=40), server_default='', nullable=False))
        batch_op.drop_constraint('uq_boletines_espacio_id_anio_numero', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_boletines_espacio_id_tipo_anio_numero'), ['espacio_id', 'tipo', 'anio', 'numero'])

    op.create_table('difusiones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('boletin_id', sa.Integer(), nullable=False),
    sa.Column('canal', sa.String(length=20), nullable=False),
    sa.Column('estado', sa.String(length=12), nullable=False),
    sa.Column('texto', sa.Text(), nullable=False),
    sa.Column('fotos', sa.String(length=200), nullable=False),
    sa.Column('programada', modelos.base.FechaHora(timezone=True), nullable=True),
    sa.Column('publicada', modelos.base.FechaHora(timezone=True), nullable=True),
    sa.Column('permalink', sa.String(length=500), nullable=False),
    sa.Column('id_externo', sa.String(length=200), nullable=False),
    sa.Column('motivo', sa.Text(), nullable=False),
    sa.Column('intentos', sa.Integer(), nullable=False),
    sa.Column('persona_id', sa.Integer(), nullable=True),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('actualizado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['boletin_id'], ['boletines.id'], name=op.f('fk_difusiones_boletin_id_boletines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_difusiones_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['persona_id'], ['personas.id'], name=op.f('fk_difusiones_persona_id_personas'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_difusiones')),
    sa.UniqueConstraint('espacio_id', 'boletin_id', 'canal', name=op.f('uq_difusiones_espacio_id_boletin_id_canal'))
    )
    with op.batch_alter_table('difusiones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_difusiones_boletin_id'), ['boletin_id'], unique=False)


    op.create_table('vedas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('tipo', sa.String(length=10), nullable=False),
    sa.Column('inicio', sa.Date(), nullable=False),
    sa.Column('fin', sa.Date(), nullable=False),
    sa.Column('motivo', sa.String(length=300), nullable=False),
    sa.Column('persona_id', sa.Integer(), nullable=True),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_vedas_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['persona_id'], ['personas.id'], name=op.f('fk_vedas_persona_id_personas'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vedas'))
    )
    with op.batch_alter_table('vedas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vedas_espacio_id'), ['espacio_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vedas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vedas_espacio_id'))
    op.drop_table('vedas')
    with op.batch_alter_table('difusiones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_difusiones_boletin_id'))
    op.drop_table('difusiones')
    with op.batch_alter_table('boletines', schema=None) as batch_op:
        batch_op.drop_constraint('uq_boletines_espacio_id_tipo_anio_numero', type_='unique')
        batch_op.create_unique_constraint('uq_boletines_espacio_id_anio_numero', ['espacio_id', 'anio', 'numero'])
        batch_op.drop_column('tema')
        batch_op.drop_column('tipo')
