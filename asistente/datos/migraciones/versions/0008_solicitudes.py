"""solicitudes de las áreas: solicitudes, sus cambios de estado, áreas, días inhábiles y versiones

Revision ID: 0008
Revises: 0009
Create Date: 2026-12-07 03:51:08

Las solicitudes (``S-031``) de las áreas del ayuntamiento, con cada cambio de estado (quién y cuándo),
las áreas conocidas por espacio y los días inhábiles de la oficina. Un archivo del archivo puede ser
la versión vN de una solicitud (``medios.solicitud_id``, ``medios.version``).
"""
import sqlalchemy as sa
from alembic import op

import modelos.base


revision = '0008'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('areas_solicitud',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=120), nullable=False),
    sa.Column('normalizado', sa.String(length=120), nullable=False),
    sa.Column('creada', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_areas_solicitud_espacio_id_espacios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_areas_solicitud')),
    sa.UniqueConstraint('espacio_id', 'normalizado', name=op.f('uq_areas_solicitud_espacio_id_normalizado'))
    )
    op.create_table('dias_inhabiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('dia', sa.Date(), nullable=False),
    sa.Column('motivo', sa.String(length=200), nullable=False),
    sa.Column('creado', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_dias_inhabiles_espacio_id_espacios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dias_inhabiles')),
    sa.UniqueConstraint('espacio_id', 'dia', name=op.f('uq_dias_inhabiles_espacio_id_dia'))
    )
    op.create_table('solicitudes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('numero', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('tipo', sa.String(length=20), nullable=False),
    sa.Column('para', sa.Date(), nullable=False),
    sa.Column('descripcion', sa.Text(), nullable=False),
    sa.Column('impreso', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('medida', sa.String(length=60), nullable=False),
    sa.Column('piezas', sa.Integer(), nullable=True),
    sa.Column('estado', sa.Enum('recibida', 'asignada', 'entregada', 'aprobada', 'con_cambios', name='estado', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('solicitante_id', sa.Integer(), nullable=True),
    sa.Column('solicitante_nombre', sa.String(length=200), nullable=False),
    sa.Column('asignada_id', sa.Integer(), nullable=True),
    sa.Column('origen', sa.String(length=10), nullable=False),
    sa.Column('dias_habiles', sa.Integer(), nullable=False),
    sa.Column('canal', sa.String(length=120), nullable=False),
    sa.Column('hilo', sa.String(length=120), nullable=False),
    sa.Column('creada', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('actualizada', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas_solicitud.id'], name=op.f('fk_solicitudes_area_id_areas_solicitud'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['asignada_id'], ['personas.id'], name=op.f('fk_solicitudes_asignada_id_personas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_solicitudes_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solicitante_id'], ['personas.id'], name=op.f('fk_solicitudes_solicitante_id_personas'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solicitudes')),
    sa.UniqueConstraint('espacio_id', 'numero', name=op.f('uq_solicitudes_espacio_id_numero'))
    )
    with op.batch_alter_table('solicitudes', schema=None) as batch_op:
        batch_op.create_index('ix_solicitudes_espacio_creada', ['espacio_id', 'creada'], unique=False)
        batch_op.create_index('ix_solicitudes_espacio_estado', ['espacio_id', 'estado'], unique=False)
        batch_op.create_index('ix_solicitudes_espacio_hilo', ['espacio_id', 'hilo'], unique=False)

    op.create_table('cambios_solicitud',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('espacio_id', sa.Integer(), nullable=False),
    sa.Column('solicitud_id', sa.Integer(), nullable=False),
    sa.Column('estado', sa.Enum('recibida', 'asignada', 'entregada', 'aprobada', 'con_cambios', name='estado', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('persona_id', sa.Integer(), nullable=True),
    sa.Column('quien', sa.String(length=200), nullable=False),
    sa.Column('cuando', modelos.base.FechaHora(timezone=True), nullable=False),
    sa.Column('nota', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_cambios_solicitud_espacio_id_espacios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['persona_id'], ['personas.id'], name=op.f('fk_cambios_solicitud_persona_id_personas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['solicitud_id'], ['solicitudes.id'], name=op.f('fk_cambios_solicitud_solicitud_id_solicitudes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cambios_solicitud'))
    )
    with op.batch_alter_table('cambios_solicitud', schema=None) as batch_op:
        batch_op.create_index('ix_cambios_solicitud_espacio_estado_cuando', ['espacio_id', 'estado', 'cuando'], unique=False)
        batch_op.create_index(batch_op.f('ix_cambios_solicitud_solicitud_id'), ['solicitud_id'], unique=False)

    with op.batch_alter_table('medios', schema=None) as batch_op:
        batch_op.add_column(sa.Column('solicitud_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=True))
        batch_op.create_index('ix_medios_solicitud_version', ['solicitud_id', 'version'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_medios_solicitud_id_solicitudes'), 'solicitudes', ['solicitud_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('medios', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_medios_solicitud_id_solicitudes'), type_='foreignkey')
        batch_op.drop_index('ix_medios_solicitud_version')
        batch_op.drop_column('version')
        batch_op.drop_column('solicitud_id')

    with op.batch_alter_table('cambios_solicitud', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cambios_solicitud_solicitud_id'))
        batch_op.drop_index('ix_cambios_solicitud_espacio_estado_cuando')

    op.drop_table('cambios_solicitud')
    with op.batch_alter_table('solicitudes', schema=None) as batch_op:
        batch_op.drop_index('ix_solicitudes_espacio_hilo')
        batch_op.drop_index('ix_solicitudes_espacio_estado')
        batch_op.drop_index('ix_solicitudes_espacio_creada')

    op.drop_table('solicitudes')
    op.drop_table('dias_inhabiles')
    op.drop_table('areas_solicitud')
