"""Exactamente una vez: antes de enviar, una publicación se reclama insertando su fila en
``publicaciones`` con la clave única (espacio, tipo, destino, periodo); después se marca ``enviada``
o ``fallida``. Lo de un espacio se reclama en una transacción; las marcas de la pasada van en lotes de varios espacios (``Marcador``).

La unicidad la da la base de datos (``INSERT … ON CONFLICT DO NOTHING``, en lotes), así que dos programadores
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

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from typing import Any

from sqlalchemy import or_, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from asistente.datos.bd import Fabrica, transaccion
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


def reclamar_varios(fabrica: Fabrica, claves: list[tuple[Clave, Estado | None]], ahora: datetime) -> Reclamadas:
    """Las claves que este proceso se queda, reclamadas en una sola transacción y con tres sentencias
    por lote: un ``INSERT … ON CONFLICT DO NOTHING RETURNING`` para las nuevas, un ``UPDATE …
    RETURNING`` para las fallidas que se reintentan y otro para las reclamadas cuya concesión venció (el
    proceso murió a medio enviar). ``Estado`` es lo que la pasada ya leyó (una clave sin fila se intenta
    insertar; una con fila, reclamar de nuevo); la decisión final la toma la base. Cada reclamo lleva su
    concesión (``CONCESION``); las fallidas y las vencidas quedan en ``retomadas``.

    Todas las claves van siempre en el mismo orden, así dos procesos que reclaman a la vez se
    esperan uno al otro en vez de bloquearse mutuamente."""
    ganadas = Reclamadas()
    if not claves:
        return ganadas
    ordenadas = sorted(dict(claves).items(), key=lambda par: _valores(par[0]))  # sin repetidas
    nuevas = [c for c, previo in ordenadas if previo is None]
    concesion = ahora + CONCESION
    columnas = (Publicacion.espacio_id, Publicacion.tipo, Publicacion.destino, Publicacion.periodo)
    with transaccion(fabrica) as session:
        conexion = session.connection()
        modulo = postgresql if conexion.dialect.name == "postgresql" else sqlite
        # Una sola sentencia con todas las filas (el «insertmanyvalues» de SQLAlchemy) que se compila
        # una vez y queda en caché, tenga el lote 1 o 400 claves.
        insertar = modulo.insert(Publicacion).on_conflict_do_nothing().returning(*columnas)
        for lote in _en_lotes(nuevas):
            filas = [{"espacio_id": c.espacio_id, "tipo": c.tipo, "destino": c.destino, "periodo": c.periodo,
                      "estado": EstadoPublicacion.RECLAMADA, "intentos": 1, "error": "", "creado": ahora,
                      "concesion": concesion} for c in lote]
            ganadas.update(_de_fila(f) for f in conexion.execute(insertar, filas))
        # Las que otro ya insertó (o que ya tenían fila): se reclaman si quedaron fallidas (un envío que
        # dio error por tiempo de espera pudo haber salido: también se revisa antes de reenviar)...
        for lote in _en_lotes([c for c, _previo in ordenadas if c not in ganadas]):
            sentencia = (
                update(Publicacion)
                .where(_llave().in_([_valores(c) for c in lote]), Publicacion.estado == EstadoPublicacion.FALLIDA,
                       Publicacion.intentos < MAX_INTENTOS)
                .values(estado=EstadoPublicacion.RECLAMADA, intentos=Publicacion.intentos + 1, concesion=concesion)
                .returning(*columnas)
            )
            retomadas = {_de_fila(f) for f in conexion.execute(sentencia)}
            ganadas.update(retomadas)
            ganadas.retomadas.update(retomadas)
        # ... o si su reclamo venció sin que se marcara.
        for lote in _en_lotes([c for c, _previo in ordenadas if c not in ganadas]):
            sentencia = (
                update(Publicacion)
                .where(_llave().in_([_valores(c) for c in lote]), Publicacion.estado == EstadoPublicacion.RECLAMADA,
                       or_(Publicacion.concesion.is_(None), Publicacion.concesion < ahora),
                       Publicacion.intentos < MAX_INTENTOS)
                .values(intentos=Publicacion.intentos + 1, concesion=concesion)
                .returning(*columnas)
            )
            vencidas = {_de_fila(f) for f in conexion.execute(sentencia)}
            for clave in sorted(vencidas, key=_valores):
                registro_log.warning("retomo %s: su reclamo venció sin que se marcara (el proceso murió a medio "
                                     "enviar)", clave.marca)
            ganadas.update(vencidas)
            ganadas.retomadas.update(vencidas)
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


class Marcador:
    """Junta las marcas de varios espacios de una pasada y las escribe de ``lote`` en ``lote`` (una
    transacción por lote, no una por espacio): con mil espacios son unas decenas de escrituras y no
    mil. Lo que queda se escribe con ``vaciar`` al terminar la pasada (también si falló). Si el proceso
    muere antes, lo enviado queda ``reclamado``: al vencer su concesión la pasada siguiente busca su
    marca en la plataforma antes de reenviarlo (``enviar_una_vez``), así que nada sale dos veces."""

    def __init__(self, fabrica: Fabrica, ahora: datetime, lote: int = 200) -> None:
        self.fabrica, self.ahora, self.lote = fabrica, ahora, lote
        self._pendientes: list[tuple[Clave, str | None]] = []
        self._candado = threading.Lock()

    def agregar(self, resultados: list[tuple[Clave, str | None]]) -> None:
        with self._candado:
            self._pendientes.extend(resultados)
            if len(self._pendientes) < self.lote:
                return
            listos, self._pendientes = self._pendientes, []
        marcar_varios(self.fabrica, listos, self.ahora)

    def vaciar(self) -> None:
        with self._candado:
            listos, self._pendientes = self._pendientes, []
        if listos:
            marcar_varios(self.fabrica, listos, self.ahora)
