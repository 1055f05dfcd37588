"""monitoreo de medios: notas, fuentes RSS/Atom de los medios y ajustes del monitoreo (SPEC §10)

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-07 03:51:10

El mismo enlace no se registra dos veces en un espacio (``uq_notas_espacio_id_url``; las notas sin
enlace llevan ``url`` nula) y la misma fuente tampoco (``uq_fuentes_medio_espacio_id_url``).
"""
import sqlalchemy as sa
from alembic import op

import modelos.base


revision = '0009'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ajustes_monitoreo',
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('canal', sa.String(length=120), nullable=False),
    sa.Column('palabras', sa.Text(), nullable=False),
    sa.Column('destinatarios', sa.Text(), nullable=False),
    sa.Column('hora_sintesis', sa.String(length=5), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_ajustes_monitoreo_espacio_id_espacios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('espacio_id', name=op.f('pk_ajustes_monitoreo'))
    )
    op.create_table('fuentes_medio',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('medio_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('etag', sa.String(length=300), nullable=False),
    sa.Column('modificado', sa.String(length=100), nullable=False),
    sa.Column('proxima', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('leida', modelos.base.FechaHora(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_fuentes_medio_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['medio_id'], ['medios_comunicacion.id'], name=op.f('fk_fuentes_medio_medio_id_medios_comunicacion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fuentes_medio')),
    sa.UniqueConstraint('espacio_id', 'url', name=op.f('uq_fuentes_medio_espacio_id_url'))
    )
    with op.batch_alter_table('fuentes_medio', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fuentes_medio_espacio_id'), ['espacio_id'], unique=False)

    op.create_table('notas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('origen', sa.String(length=10), nullable=False),
    sa.Column('tipo', sa.String(length=10), nullable=False),
    sa.Column('medio', sa.String(length=200), nullable=False),
    sa.Column('medio_id', sa.Integer(), nullable=True),
    sa.Column('fuente_id', sa.Integer(), nullable=True),
    sa.Column('titular', sa.String(length=500), nullable=False),
    sa.Column('entradilla', sa.Text(), nullable=False),
    sa.Column('texto', sa.Text(), nullable=False),
    sa.Column('pagina', sa.String(length=120), nullable=False),
    sa.Column('tono', sa.String(length=10), nullable=False),
    sa.Column('tema', sa.String(length=60), nullable=False),
    sa.Column('publicada', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('boletin_id', sa.Integer(), nullable=True),
    sa.Column('aclaracion_id', sa.Integer(), nullable=True),
    sa.Column('foto_id', sa.Integer(), nullable=True),
    sa.Column('persona_id', sa.Integer(), nullable=True),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['aclaracion_id'], ['boletines.id'], name=op.f('fk_notas_aclaracion_id_boletines'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['boletin_id'], ['boletines.id'], name=op.f('fk_notas_boletin_id_boletines'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_notas_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['foto_id'], ['medios.id'], name=op.f('fk_notas_foto_id_medios'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fuente_id'], ['fuentes_medio.id'], name=op.f('fk_notas_fuente_id_fuentes_medio'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['medio_id'], ['medios_comunicacion.id'], name=op.f('fk_notas_medio_id_medios_comunicacion'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['persona_id'], ['personas.id'], name=op.f('fk_notas_persona_id_personas'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notas')),
    sa.UniqueConstraint('espacio_id', 'url', name=op.f('uq_notas_espacio_id_url'))
    )
    with op.batch_alter_table('notas', schema=None) as batch_op:
        batch_op.create_index('ix_notas_espacio_boletin', ['espacio_id', 'boletin_id'], unique=False)
        batch_op.create_index('ix_notas_espacio_publicada', ['espacio_id', 'publicada'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('notas', schema=None) as batch_op:
        batch_op.drop_index('ix_notas_espacio_publicada')
        batch_op.drop_index('ix_notas_espacio_boletin')

    op.drop_table('notas')
    with op.batch_alter_table('fuentes_medio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fuentes_medio_espacio_id'))

    op.drop_table('fuentes_medio')
    op.drop_table('ajustes_monitoreo')
