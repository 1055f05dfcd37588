"""Exactamente una vez: antes de enviar, una publicación se reclama insertando su fila en
``publicaciones`` con la clave única (espacio, tipo, destino, periodo); después se marca ``enviada``
o ``fallida``. Lo de un espacio se reclama en una transacción y se marca en otra.

La unicidad la da la base de datos (``INSERT … ON CONFLICT DO NOTHING``), así que dos programadores
sobre la misma base PostgreSQL nunca envían lo mismo. Una fallida se vuelve a reclamar (con un
``UPDATE`` condicionado a su estado, que también es atómico) en la pasada siguiente, hasta
``MAX_INTENTOS``. Si el proceso muere entre reclamar y enviar, la fila queda ``reclamada`` y no se
reintenta: preferimos perder un mensaje a mandarlo dos veces (queda a la vista en la tabla).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, update

from asistente.datos.bd import Fabrica, insertar_si_falta, transaccion
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


def _donde(clave: Clave) -> tuple[ColumnElement[bool], ...]:
    return (
        Publicacion.espacio_id == clave.espacio_id, Publicacion.tipo == clave.tipo,
        Publicacion.destino == clave.destino, Publicacion.periodo == clave.periodo,
    )


def reclamar_varios(fabrica: Fabrica, claves: list[tuple[Clave, Estado | None]], ahora: datetime) -> set[Clave]:
    """Las claves que este proceso se queda, reclamadas en una sola transacción. ``Estado`` es lo que
    la pasada ya leyó (evita una sentencia inútil); la decisión final la toma la base de datos.

    Todas las claves van siempre en el mismo orden, así dos procesos que reclaman a la vez se
    esperan uno al otro en vez de bloquearse mutuamente."""
    if not claves:
        return set()
    ganadas: set[Clave] = set()
    with transaccion(fabrica) as session:
        for clave, previo in claves:
            if previo is None and insertar_si_falta(
                session, Publicacion, espacio_id=clave.espacio_id, tipo=clave.tipo, destino=clave.destino,
                periodo=clave.periodo, estado=EstadoPublicacion.RECLAMADA, intentos=1, error="", creado=ahora,
            ):
                ganadas.add(clave)
                continue
            resultado = session.connection().execute(
                update(Publicacion)
                .where(*_donde(clave), Publicacion.estado == EstadoPublicacion.FALLIDA, Publicacion.intentos < MAX_INTENTOS)
                .values(estado=EstadoPublicacion.RECLAMADA, intentos=Publicacion.intentos + 1)
            )
            if resultado.rowcount == 1:
                ganadas.add(clave)
    return ganadas


def marcar_varios(fabrica: Fabrica, resultados: list[tuple[Clave, str | None]], ahora: datetime) -> None:
    """Cada clave ``enviada`` (error None) o ``fallida`` con el texto del error, en una transacción."""
    if not resultados:
        return
    with transaccion(fabrica) as session:
        conexion = session.connection()
        for clave, error in resultados:
            valores: dict[str, object] = {"estado": EstadoPublicacion.ENVIADA, "enviado": ahora, "error": ""}
            if error is not None:
                valores = {"estado": EstadoPublicacion.FALLIDA, "error": error[:2000]}
            conexion.execute(update(Publicacion).where(*_donde(clave)).values(**valores))
