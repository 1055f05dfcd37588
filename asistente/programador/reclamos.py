"""Exactamente una vez: antes de enviar, una publicación se reclama insertando su fila en
``publicaciones`` con la clave única (espacio, tipo, destino, periodo); después se marca ``enviada``
o ``fallida``. Lo de un espacio se reclama en una transacción y se marca en otra.

La unicidad la da la base de datos (``INSERT … ON CONFLICT DO NOTHING``), así que dos programadores
sobre la misma base PostgreSQL nunca envían lo mismo. Una fallida se vuelve a reclamar (con un
``UPDATE`` condicionado a su estado, que también es atómico) en la pasada siguiente, hasta
``MAX_INTENTOS``.

Si el proceso muere entre reclamar y enviar, la fila queda ``reclamada``: el reclamo es una
*concesión* que vence (``CONCESION``). Vencida, otra pasada la vuelve a tomar (``Reclamadas.retomadas``,
igual que una fallida) y, antes de reenviarla, ``enviar_una_vez`` busca en la plataforma el mensaje con su marca (``metadata``
en Slack, ``props`` en Mattermost): si ya salió solo se anota; si no, se envía. Nada se pierde y
nada sale dos veces.
"""

from __future__ import annotations

from dataclasses import dataclass
import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_, update

from asistente.datos.bd import Fabrica, insertar_si_falta, transaccion
from asistente.nucleo.plataforma import Plataforma
from asistente.nucleo.respuesta import Respuesta
from modelos import EstadoPublicacion, Publicacion

registro_log = logging.getLogger("asistente.programador")

MAX_INTENTOS = 5
# Un envío tarda segundos (15 s de espera por llamada, tres reintentos de un 429): una publicación
# ``reclamada`` desde hace más que esto quedó a medias porque el proceso murió.
CONCESION = timedelta(minutes=5)
BUSQUEDA = timedelta(days=2)  # cuánto atrás se busca en la plataforma lo que quizá ya salió (lo que mira la pasada)


@dataclass(frozen=True)
class Clave:
    espacio_id: int
    tipo: str  # agenda, resumen, recordatorio, aviso
    destino: str  # canal o id de usuario
    periodo: str  # 2026-03-02, 2026-W10, e12@2026-03-05T16:00Z

    def __post_init__(self) -> None:
        object.__setattr__(self, "destino", self.destino[:120])
        object.__setattr__(self, "periodo", self.periodo[:80])

    @property
    def marca(self) -> str:
        """Lo que identifica el mensaje en la plataforma (``metadata`` / ``props``)."""
        return f"{self.espacio_id}/{self.tipo}/{self.destino}/{self.periodo}"


@dataclass(frozen=True)
class Estado:
    estado: str
    intentos: int
    vencida: bool = False  # reclamada y con la concesión vencida (el proceso murió a medio enviar)

    @property
    def reintentable(self) -> bool:
        return (self.estado == EstadoPublicacion.FALLIDA or self.vencida) and self.intentos < MAX_INTENTOS

    @classmethod
    def de(cls, fila: Publicacion, ahora: datetime) -> Estado:
        vencida = fila.estado == EstadoPublicacion.RECLAMADA and (fila.concesion is None or fila.concesion < ahora)
        return cls(fila.estado, fila.intentos, vencida)


class Reclamadas(set[Clave]):
    """Las claves que este proceso se quedó; ``retomadas``: las que ya se habían intentado (un reclamo
    vencido o un envío fallido, quizá por un tiempo de espera agotado con el mensaje ya publicado):
    antes de enviarlas se revisa en la plataforma si ya salieron."""

    def __init__(self) -> None:
        super().__init__()
        self.retomadas: set[Clave] = set()


def _donde(clave: Clave) -> tuple[ColumnElement[bool], ...]:
    return (
        Publicacion.espacio_id == clave.espacio_id, Publicacion.tipo == clave.tipo,
        Publicacion.destino == clave.destino, Publicacion.periodo == clave.periodo,
    )


def reclamar_varios(fabrica: Fabrica, claves: list[tuple[Clave, Estado | None]], ahora: datetime) -> Reclamadas:
    """Las claves que este proceso se queda, reclamadas en una sola transacción. ``Estado`` es lo que
    la pasada ya leyó (evita una sentencia inútil); la decisión final la toma la base de datos.

    Todas las claves van siempre en el mismo orden, así dos procesos que reclaman a la vez se
    esperan uno al otro en vez de bloquearse mutuamente."""
    ganadas = Reclamadas()
    if not claves:
        return ganadas
    concesion = ahora + CONCESION
    with transaccion(fabrica) as session:
        for clave, previo in claves:
            if previo is None and insertar_si_falta(
                session, Publicacion, espacio_id=clave.espacio_id, tipo=clave.tipo, destino=clave.destino,
                periodo=clave.periodo, estado=EstadoPublicacion.RECLAMADA, intentos=1, error="", creado=ahora,
                concesion=concesion,
            ):
                ganadas.add(clave)
                continue
            conexion = session.connection()
            resultado = conexion.execute(
                update(Publicacion)
                .where(*_donde(clave), Publicacion.estado == EstadoPublicacion.FALLIDA, Publicacion.intentos < MAX_INTENTOS)
                .values(estado=EstadoPublicacion.RECLAMADA, intentos=Publicacion.intentos + 1, concesion=concesion)
            )
            if resultado.rowcount == 1:
                # También se revisa: un envío que dio error por tiempo de espera pudo haber salido.
                ganadas.add(clave)
                ganadas.retomadas.add(clave)
                continue
            resultado = conexion.execute(
                update(Publicacion)
                .where(*_donde(clave), Publicacion.estado == EstadoPublicacion.RECLAMADA,
                       or_(Publicacion.concesion.is_(None), Publicacion.concesion < ahora),
                       Publicacion.intentos < MAX_INTENTOS)
                .values(intentos=Publicacion.intentos + 1, concesion=concesion)
            )
            if resultado.rowcount == 1:
                registro_log.warning("retomo %s: su reclamo venció sin que se marcara (el proceso murió a medio enviar)",
                                     clave.marca)
                ganadas.add(clave)
                ganadas.retomadas.add(clave)
    return ganadas


def enviar_una_vez(plataforma: Plataforma, espacio: str, clave: Clave, respuesta: Respuesta, *, directo: bool,
                   reclamadas: Reclamadas, ahora: datetime) -> bool:
    """Envía lo reclamado con su marca; si era un reclamo retomado, antes busca en la plataforma (en
    los últimos dos días: ``BUSQUEDA``) el mensaje con esa marca y, si ya salió, no lo manda otra vez.
    Devuelve si lo envió. Lanza los ``ErrorDeEnvio`` de la plataforma (también si no pudo buscar:
    entonces queda fallida y se reintenta, nunca a ciegas)."""
    respuesta.marca = clave.marca
    if clave in reclamadas.retomadas and plataforma.ya_publicada(
            espacio, clave.destino, clave.marca, ahora - BUSQUEDA, directo):
        registro_log.warning("%s ya estaba publicada en la plataforma: solo se anota", clave.marca)
        return False
    if directo:
        plataforma.mensaje_directo(espacio, clave.destino, respuesta)
    else:
        plataforma.publicar(espacio, clave.destino, respuesta)
    return True


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
