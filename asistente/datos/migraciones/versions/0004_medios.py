"""medios: el directorio de medios de comunicación, sus contactos y los enlaces del portal

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 01:30:00
"""
import sqlalchemy as sa
from alembic import op

import modelos.base

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('medios_comunicacion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=200), nullable=False),
    sa.Column('nombre_normalizado', sa.String(length=200), nullable=False),
    sa.Column('tipo', sa.String(length=10), nullable=False),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_medios_comunicacion_espacio_id_espacios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medios_comunicacion')),
    sa.UniqueConstraint('espacio_id', 'nombre_normalizado', name=op.f('uq_medios_comunicacion_espacio_id_nombre_normalizado'))
    )
    with op.batch_alter_table('medios_comunicacion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medios_comunicacion_espacio_id'), ['espacio_id'], unique=False)

    op.create_table('contactos_medio',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('medio_id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=200), nullable=False),
    sa.Column('correo', sa.String(length=254), nullable=False),
    sa.Column('telefono', sa.String(length=40), nullable=False),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_contactos_medio_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['medio_id'], ['medios_comunicacion.id'], name=op.f('fk_contactos_medio_medio_id_medios_comunicacion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contactos_medio')),
    sa.UniqueConstraint('medio_id', 'correo', name=op.f('uq_contactos_medio_medio_id_correo'))
    )
    with op.batch_alter_table('contactos_medio', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contactos_medio_espacio_id'), ['espacio_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contactos_medio_medio_id'), ['medio_id'], unique=False)

    op.create_table('enlaces_portal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('tipo', sa.String(length=20), nullable=False),
    sa.Column('objeto_id', sa.Integer(), nullable=False),
    sa.Column('destinatario', sa.String(length=60), nullable=False),
    sa.Column('medio_id', sa.Integer(), nullable=True),
    sa.Column('creado_por_id', sa.Integer(), nullable=True),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('vence', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('revocado', modelos.base.FechaHora(timezone=True), nullable=True),
    sa.Column('abierto', modelos.base.FechaHora(timezone=True), nullable=True),
    sa.Column('descargado', modelos.base.FechaHora(timezone=True), nullable=True),
    sa.Column('respuesta', sa.String(length=12), nullable=False),
    sa.Column('respondido', modelos.base.FechaHora(timezone=True), nullable=True),
    sa.Column('asistentes', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['creado_por_id'], ['personas.id'], name=op.f('fk_enlaces_portal_creado_por_id_personas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_enlaces_portal_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['medio_id'], ['medios_comunicacion.id'], name=op.f('fk_enlaces_portal_medio_id_medios_comunicacion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enlaces_portal'))
    )
    with op.batch_alter_table('enlaces_portal', schema=None) as batch_op:
        batch_op.create_index('ix_enlaces_portal_espacio_tipo_objeto', ['espacio_id', 'tipo', 'objeto_id'], unique=False)

    op.create_table('correos_salientes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('tipo', sa.String(length=20), nullable=False),
    sa.Column('objeto_id', sa.Integer(), nullable=False),
    sa.Column('medio_id', sa.Integer(), nullable=True),
    sa.Column('enlace_id', sa.Integer(), nullable=True),
    sa.Column('correo', sa.String(length=254), nullable=False),
    sa.Column('asunto', sa.String(length=300), nullable=False),
    sa.Column('cuerpo', sa.Text(), nullable=False),
    sa.Column('adjunto', sa.String(length=500), nullable=False),
    sa.Column('adjunto_nombre', sa.String(length=200), nullable=False),
    sa.Column('estado', sa.String(length=12), nullable=False),
    sa.Column('intentos', sa.Integer(), nullable=False),
    sa.Column('proximo', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('enviado', modelos.base.FechaHora(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['enlace_id'], ['enlaces_portal.id'], name=op.f('fk_correos_salientes_enlace_id_enlaces_portal'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_correos_salientes_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['medio_id'], ['medios_comunicacion.id'], name=op.f('fk_correos_salientes_medio_id_medios_comunicacion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correos_salientes')),
    sa.UniqueConstraint('espacio_id', 'tipo', 'objeto_id', 'correo', name=op.f('uq_correos_salientes_espacio_id_tipo_objeto_id_correo'))
    )
    with op.batch_alter_table('correos_salientes', schema=None) as batch_op:
        batch_op.create_index('ix_correos_salientes_estado_proximo', ['estado', 'proximo'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('correos_salientes', schema=None) as batch_op:
        batch_op.drop_index('ix_correos_salientes_estado_proximo')
    op.drop_table('correos_salientes')
    with op.batch_alter_table('enlaces_portal', schema=None) as batch_op:
        batch_op.drop_index('ix_enlaces_portal_espacio_tipo_objeto')
    op.drop_table('enlaces_portal')
    with op.batch_alter_table('contactos_medio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contactos_medio_medio_id'))
        batch_op.drop_index(batch_op.f('ix_contactos_medio_espacio_id'))
    op.drop_table('contactos_medio')
    with op.batch_alter_table('medios_comunicacion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medios_comunicacion_espacio_id'))
    op.drop_table('medios_comunicacion')
