"""transparencia: campañas, contratos, facturas y el cuadro general de clasificación

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07 04:40:00

Campañas y avisos institucionales, contratos de comunicación social (número único por espacio) y sus
facturas (folio único por contrato; ``hilo`` es el mensaje donde se anunció, para el PDF), y el cuadro
de clasificación archivística propio de un espacio con sus series y reglas (sin filas vale el de
omisión).
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'campanas',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('espacio_id', sa.Integer(), nullable=False),
        sa.Column('nombre', sa.String(length=200), nullable=False),
        sa.Column('nombre_normalizado', sa.String(length=200), nullable=False),
        sa.Column('tipo', sa.String(length=30), nullable=False),
        sa.Column('tema', sa.String(length=300), nullable=False),
        sa.Column('inicio', sa.Date(), nullable=False),
        sa.Column('fin', sa.Date(), nullable=False),
        sa.Column('creado', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_campanas_espacio_id_espacios'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campanas')),
        sa.UniqueConstraint('espacio_id', 'nombre_normalizado', name=op.f('uq_campanas_espacio_id_nombre_normalizado')),
    )
    op.create_index(op.f('ix_campanas_espacio_id'), 'campanas', ['espacio_id'], unique=False)
    op.create_table(
        'contratos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('espacio_id', sa.Integer(), nullable=False),
        sa.Column('campana_id', sa.Integer(), nullable=False),
        sa.Column('proveedor', sa.String(length=200), nullable=False),
        sa.Column('rfc', sa.String(length=13), nullable=False),
        sa.Column('numero', sa.String(length=60), nullable=False),
        sa.Column('concepto', sa.String(length=500), nullable=False),
        sa.Column('monto', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('iva', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('firmado', sa.Date(), nullable=False),
        sa.Column('creado', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campana_id'], ['campanas.id'], name=op.f('fk_contratos_campana_id_campanas'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_contratos_espacio_id_espacios'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contratos')),
        sa.UniqueConstraint('espacio_id', 'numero', name=op.f('uq_contratos_espacio_id_numero')),
    )
    op.create_index(op.f('ix_contratos_campana_id'), 'contratos', ['campana_id'], unique=False)
    op.create_index(op.f('ix_contratos_espacio_id'), 'contratos', ['espacio_id'], unique=False)
    op.create_table(
        'facturas',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('espacio_id', sa.Integer(), nullable=False),
        sa.Column('contrato_id', sa.Integer(), nullable=False),
        sa.Column('folio', sa.String(length=60), nullable=False),
        sa.Column('monto', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('fecha', sa.Date(), nullable=False),
        sa.Column('hilo', sa.String(length=120), nullable=False),
        sa.Column('creado', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['contrato_id'], ['contratos.id'], name=op.f('fk_facturas_contrato_id_contratos'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_facturas_espacio_id_espacios'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_facturas')),
        sa.UniqueConstraint('contrato_id', 'folio', name=op.f('uq_facturas_contrato_id_folio')),
    )
    op.create_index(op.f('ix_facturas_contrato_id'), 'facturas', ['contrato_id'], unique=False)
    op.create_index(op.f('ix_facturas_espacio_id'), 'facturas', ['espacio_id'], unique=False)
    op.create_index(op.f('ix_facturas_hilo'), 'facturas', ['hilo'], unique=False)
    op.create_table(
        'cuadros_clasificacion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('espacio_id', sa.Integer(), nullable=False),
        sa.Column('fondo', sa.String(length=200), nullable=False),
        sa.Column('fondo_clave', sa.String(length=20), nullable=False),
        sa.Column('seccion', sa.String(length=200), nullable=False),
        sa.Column('seccion_clave', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'],
                                name=op.f('fk_cuadros_clasificacion_espacio_id_espacios'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cuadros_clasificacion')),
        sa.UniqueConstraint('espacio_id', name=op.f('uq_cuadros_clasificacion_espacio_id')),
    )
    op.create_table(
        'series_documentales',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('espacio_id', sa.Integer(), nullable=False),
        sa.Column('clave', sa.String(length=20), nullable=False),
        sa.Column('nombre', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'],
                                name=op.f('fk_series_documentales_espacio_id_espacios'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_series_documentales')),
        sa.UniqueConstraint('espacio_id', 'clave', name=op.f('uq_series_documentales_espacio_id_clave')),
    )
    op.create_index(op.f('ix_series_documentales_espacio_id'), 'series_documentales', ['espacio_id'], unique=False)
    op.create_table(
        'reglas_serie',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('espacio_id', sa.Integer(), nullable=False),
        sa.Column('tipo', sa.String(length=20), nullable=False),
        sa.Column('serie_clave', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['espacio_id'], ['espacios.id'], name=op.f('fk_reglas_serie_espacio_id_espacios'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reglas_serie')),
        sa.UniqueConstraint('espacio_id', 'tipo', name=op.f('uq_reglas_serie_espacio_id_tipo')),
    )
    op.create_index(op.f('ix_reglas_serie_espacio_id'), 'reglas_serie', ['espacio_id'], unique=False)


def downgrade() -> None:
    op.drop_table('reglas_serie')
    op.drop_table('series_documentales')
    op.drop_table('cuadros_clasificacion')
    op.drop_table('facturas')
    op.drop_table('contratos')
    op.drop_table('campanas')
