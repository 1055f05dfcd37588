"""Exactamente una vez: antes de enviar, una publicación se reclama insertando su fila en
``publicaciones`` con la clave única (espacio, tipo, destino, periodo); después se marca ``enviada``
o ``fallida``. Lo de un espacio se reclama en una transacción y se marca en otra.

La unicidad la da la base de datos (``INSERT … ON CONFLICT DO NOTHING``, en lotes), así que dos programadores
sobre la misma base PostgreSQL nunca envían lo mismo. Una fallida se vuelve a reclamar (con un
``UPDATE`` condicionado a su estado, que también es atómico) en la pasada siguiente, hasta
``MAX_INTENTOS``. Si el proceso muere entre reclamar y enviar, la fila queda ``reclamada`` y no se
reintenta: preferimos perder un mensaje a mandarlo dos veces (queda a la vista en la tabla).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from typing import Any

from sqlalchemy import tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from asistente.datos.bd import Fabrica, transaccion
from modelos import EstadoPublicacion, Publicacion

MAX_INTENTOS = 5


@dataclass(frozen=True)
class Clave:
    espacio_id: int
    tipo: str  # agenda, resumen, recordatorio, aviso
    destino: str  # canal o id de usuario
    periodo: str  # 2026-03-02, 2026-W10, e12@2026-03-05T16:00Z

    def __post_init__(self) -> None:
        object.__setattr__(self, "destino", self.destino[:120])
        object.__setattr__(self, "periodo", self.periodo[:80])


@dataclass(frozen=True)
class Estado:
    estado: str
    intentos: int

    @property
    def reintentable(self) -> bool:
        return self.estado == EstadoPublicacion.FALLIDA and self.intentos < MAX_INTENTOS


def _llave() -> Any:
    return tuple_(Publicacion.espacio_id, Publicacion.tipo, Publicacion.destino, Publicacion.periodo)


def _valores(clave: Clave) -> tuple[int, str, str, str]:
    return (clave.espacio_id, clave.tipo, clave.destino, clave.periodo)


def _de_fila(fila: Any) -> Clave:
    return Clave(fila[0], fila[1], fila[2], fila[3])


# Cuántas claves van en una sola sentencia (lejos del tope de parámetros de SQLite, 32 766).
LOTE = 500


def _en_lotes(claves: list[Clave]) -> list[list[Clave]]:
    return [claves[i:i + LOTE] for i in range(0, len(claves), LOTE)]


def reclamar_varios(fabrica: Fabrica, claves: list[tuple[Clave, Estado | None]], ahora: datetime) -> set[Clave]:
    """Las claves que este proceso se queda, reclamadas en una sola transacción y con dos sentencias
    por lote: un ``INSERT … ON CONFLICT DO NOTHING RETURNING`` para las nuevas y un ``UPDATE …
    RETURNING`` para las fallidas que se reintentan. ``Estado`` es lo que la pasada ya leyó (una clave
    sin fila se intenta insertar; una con fila, reclamar de nuevo); la decisión final la toma la base.

    Todas las claves van siempre en el mismo orden, así dos procesos que reclaman a la vez se
    esperan uno al otro en vez de bloquearse mutuamente."""
    if not claves:
        return set()
    ordenadas = sorted(dict(claves).items(), key=lambda par: _valores(par[0]))  # sin repetidas
    nuevas = [c for c, previo in ordenadas if previo is None]
    ganadas: set[Clave] = set()
    with transaccion(fabrica) as session:
        conexion = session.connection()
        modulo = postgresql if conexion.dialect.name == "postgresql" else sqlite
        # Una sola sentencia con todas las filas (el «insertmanyvalues» de SQLAlchemy) que se compila
        # una vez y queda en caché, tenga el lote 1 o 400 claves.
        insertar = (modulo.insert(Publicacion).on_conflict_do_nothing()
                    .returning(Publicacion.espacio_id, Publicacion.tipo, Publicacion.destino, Publicacion.periodo))
        for lote in _en_lotes(nuevas):
            filas = [{"espacio_id": c.espacio_id, "tipo": c.tipo, "destino": c.destino, "periodo": c.periodo,
                      "estado": EstadoPublicacion.RECLAMADA, "intentos": 1, "error": "", "creado": ahora} for c in lote]
            ganadas.update(_de_fila(f) for f in conexion.execute(insertar, filas))
        # Las que otro ya insertó (o que ya tenían fila): se reclaman solo si quedaron fallidas.
        for lote in _en_lotes([c for c, _previo in ordenadas if c not in ganadas]):
            sentencia = (
                update(Publicacion)
                .where(_llave().in_([_valores(c) for c in lote]), Publicacion.estado == EstadoPublicacion.FALLIDA,
                       Publicacion.intentos < MAX_INTENTOS)
                .values(estado=EstadoPublicacion.RECLAMADA, intentos=Publicacion.intentos + 1)
                .returning(Publicacion.espacio_id, Publicacion.tipo, Publicacion.destino, Publicacion.periodo)
            )
            ganadas.update(_de_fila(f) for f in conexion.execute(sentencia))
    return ganadas


def marcar_varios(fabrica: Fabrica, resultados: list[tuple[Clave, str | None]], ahora: datetime) -> None:
    """Cada clave ``enviada`` (error None) o ``fallida`` con el texto del error, en una transacción:
    un ``UPDATE`` por lote para las enviadas y uno por cada fallida (cada una lleva su error)."""
    if not resultados:
        return
    enviadas = sorted((c for c, error in resultados if error is None), key=_valores)
    with transaccion(fabrica) as session:
        conexion = session.connection()
        for lote in _en_lotes(enviadas):
            conexion.execute(update(Publicacion).where(_llave().in_([_valores(c) for c in lote]))
                             .values(estado=EstadoPublicacion.ENVIADA, enviado=ahora, error=""))
        for clave, error in sorted(((c, e) for c, e in resultados if e is not None), key=lambda par: _valores(par[0])):
            conexion.execute(update(Publicacion).where(_llave() == _valores(clave))
                             .values(estado=EstadoPublicacion.FALLIDA, error=error[:2000]))
