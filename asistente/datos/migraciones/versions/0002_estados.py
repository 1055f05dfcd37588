"""estados como tipos: un CHECK por columna ``estado``

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00

Primero revisa las filas: si alguna tiene un estado fuera de la lista, se detiene y dice cuál, en
qué tabla y cuántas filas; no corrige nada por su cuenta (solo quien conoce la oficina sabe qué
quería decir ese estado). Los valores van copiados aquí y no importados de ``modelos``: esta
migración debe hacer siempre lo mismo aunque los enums cambien después.
"""
import sqlalchemy as sa
from alembic import op

from asistente.nucleo.errores import ErrorDeConfiguracion

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# tabla → los estados que admite (el orden es el de los enums de ``modelos``).
ESTADOS = {
    'eventos': ('programado', 'cancelado', 'realizado'),
    'asignaciones': ('asignada', 'aceptada', 'rechazada', 'cumplida', 'cancelada'),
    'boletines': ('borrador', 'aprobado', 'publicado', 'cancelado'),
    'publicaciones': ('reclamada', 'enviada', 'fallida'),
}


def _restriccion(tabla: str) -> str:
    return f'ck_{tabla}_estado'


def _condicion(valores: tuple[str, ...]) -> str:
    return 'estado IN (' + ', '.join(f"'{v}'" for v in valores) + ')'


def _filas_invalidas() -> list[str]:
    """Un renglón por (tabla, estado desconocido), con cuántas filas lo tienen."""
    conexion = op.get_bind()
    renglones = []
    for tabla, valores in ESTADOS.items():
        estado = sa.column('estado', sa.String())
        consulta = (
            sa.select(estado, sa.func.count())
            .select_from(sa.table(tabla, estado))
            .where(sa.or_(estado.is_(None), estado.not_in(valores)))
            .group_by(estado)
            .order_by(estado)
        )
        for valor, cuantas in conexion.execute(consulta):
            filas = 'fila' if cuantas == 1 else 'filas'
            renglones.append(f'• tabla {tabla}: «{valor}» en {cuantas} {filas} (valen: {", ".join(valores)})')
    return renglones


def upgrade() -> None:
    invalidas = _filas_invalidas()
    if invalidas:
        raise ErrorDeConfiguracion(
            'No actualicé la base de datos: hay filas con un estado que el asistente no conoce.\n'
            + '\n'.join(invalidas)
            + '\nCorrige esas filas (no las cambio por mi cuenta) y vuelve a correr `asistente bd actualizar`.'
        )
    for tabla, valores in ESTADOS.items():
        with op.batch_alter_table(tabla, schema=None) as batch_op:
            batch_op.create_check_constraint(op.f(_restriccion(tabla)), _condicion(valores))


def downgrade() -> None:
    for tabla in reversed(ESTADOS):
        with op.batch_alter_table(tabla, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(_restriccion(tabla)), type_='check')
