"""La tarjeta informativa (SPEC §13): la víspera de cada evento, desde las 18:00 (hora de la oficina)
y hasta la medianoche, quien lo preside recibe por mensaje directo una tarjeta con lugar, hora, quién
asiste y cubre, los datos clave y las notas. «Quien preside» es el texto del evento: si nombra a
alguien del equipo (``@usuario``, su usuario o su nombre) la tarjeta le llega a esa persona; si no
(«Presidente municipal», o nadie), a los directores del espacio.

Exactamente una vez, como todo lo programado: cada tarjeta se reclama en ``publicaciones`` con la
clave (espacio, ``tarjeta``, persona, evento@inicio) antes de enviarse; un evento que se mueve tiene
una tarjeta nueva. La pasada la llama con una sola línea (``enviar_tarjetas``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.agenda.vistas import rango_del_dia, vista
from asistente.boletines.estilo import quien_preside
from asistente.datos.bd import transaccion
from asistente.fechas.palabras import momento_en_palabras
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible, Plataforma
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import normalizar
from asistente.programador.reclamos import Clave, Estado, enviar_una_vez, marcar_varios, reclamar_varios
from modelos import Espacio, EstadoEvento, Evento, Persona

registro_log = logging.getLogger(__name__)
HORA_TARJETA = time(18, 0)
MAX_NOTAS = 1500


def _quien_preside(preside: str, personas: Sequence[Persona]) -> list[Persona]:
    """La persona del equipo que nombra el texto «preside», o nadie."""
    texto = normalizar(preside).lstrip("@").strip()
    if not texto:
        return []
    for persona in personas:
        if texto in {normalizar(persona.usuario).lstrip("@"), normalizar(persona.nombre), normalizar(persona.usuario_id)} - {""}:
            return [persona]
    return []


def tarjeta(session: Session, evento: Evento, tz: ZoneInfo, config: Config | None = None) -> Respuesta:
    v = vista(session, evento, tz)
    if config is not None and v.preside:  # el cargo de la cabeza como lo dice la oficina (ASISTENTE_CABEZA)
        v = replace(v, preside=quien_preside(v.preside, config))
    notas = v.notas if len(v.notas) <= MAX_NOTAS else v.notas[:MAX_NOTAS].rsplit(" ", 1)[0] + "…"
    return Respuesta.plantilla(
        "tarjeta.j2", e=v, cuando=momento_en_palabras(v.inicio, v.fin, v.con_hora), notas=notas,
        medios=evento.invitar_medios,
    )


def tarjetas_de_manana(session: Session, espacio_id: int, local: datetime, tz: ZoneInfo) -> list[tuple[str, Evento]]:
    """(usuario a quien va, evento) de los eventos programados de mañana, si ya son las 18:00."""
    if local.time() < HORA_TARJETA:
        return []
    desde, hasta = rango_del_dia(local.date() + timedelta(days=1), tz)
    eventos = session.scalars(
        select(Evento).where(Evento.espacio_id == espacio_id, Evento.estado == EstadoEvento.PROGRAMADO,
                             Evento.inicio >= desde, Evento.inicio < hasta).order_by(Evento.inicio, Evento.numero)
    ).all()
    if not eventos:
        return []
    personas = session.scalars(select(Persona).where(Persona.espacio_id == espacio_id, Persona.activo.is_(True))).all()
    directores = [p for p in personas if p.es_director]
    destinos: list[tuple[str, Evento]] = []
    for evento in eventos:
        for persona in _quien_preside(evento.preside, personas) or directores:
            destinos.append((persona.usuario_id, evento))
    return destinos


def _periodo(evento: Evento) -> str:
    return f"e{evento.id}@{evento.inicio.astimezone(ZoneInfo('UTC')):%Y-%m-%dT%H:%MZ}"


def enviar_tarjetas(app: Aplicacion, ahora: datetime, espacios: Sequence[tuple[Espacio, Plataforma]],
                    previos: Mapping[Clave, Estado]) -> list[tuple[str, str, str | None]]:
    """Reclama y envía las tarjetas que tocan en cada espacio; devuelve (espacio, usuario, error)."""
    tz = app.config.tz
    local = ahora.astimezone(tz)
    if local.time() < HORA_TARJETA:
        return []
    hechas: list[tuple[str, str, str | None]] = []
    for espacio, plataforma in espacios:
        try:
            hechas += _enviar_del_espacio(app, espacio, plataforma, ahora, local, previos)
        except EspacioInaccesible as error:
            registro_log.error("espacio %s inaccesible para las tarjetas (%s)", espacio.clave, error)
        except Exception:
            registro_log.exception("fallaron las tarjetas de %s; sigo con los demás", espacio.clave)
    return hechas


def _enviar_del_espacio(app: Aplicacion, espacio: Espacio, plataforma: Plataforma, ahora: datetime, local: datetime,
                        previos: Mapping[Clave, Estado]) -> list[tuple[str, str, str | None]]:
    tz = app.config.tz
    with transaccion(app.fabrica) as session:
        pendientes = []
        for usuario, evento in tarjetas_de_manana(session, espacio.id, local, tz):
            clave = Clave(espacio.id, "tarjeta", usuario, _periodo(evento))
            previo = previos.get(clave)
            if previo is None or previo.reintentable:
                pendientes.append((clave, previo, tarjeta(session, evento, tz, app.config)))
    if not pendientes:
        return []
    reclamadas = reclamar_varios(app.fabrica, [(c, p) for c, p, _ in pendientes], ahora)
    resultados: list[tuple[Clave, str | None]] = []
    try:
        for clave, _, respuesta in pendientes:
            if clave not in reclamadas:
                continue
            try:
                enviar_una_vez(plataforma, espacio.clave, clave, respuesta, directo=True, reclamadas=reclamadas,
                               ahora=ahora)
                resultados.append((clave, None))
            except ErrorDeEnvio as error:
                registro_log.warning("no se envió la tarjeta a %s en %s: %s", clave.destino, espacio.clave, error)
                resultados.append((clave, str(error) or "error de envío"))
    finally:
        marcar_varios(app.fabrica, resultados, ahora)
    return [(espacio.clave, c.destino, e) for c, e in resultados]
