"""La agenda como calendario de suscripción (iCalendar, RFC 5545) para los teléfonos: la de la
oficina, o solo los eventos que cubre una persona. La sirve el portal en un enlace personal, firmado y
revocable (``/agenda calendario``); el teléfono la vuelve a pedir solo cada cierto tiempo."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar
from icalendar import Event as EventoIcal
from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.agenda.eventos import empieza_entre
from asistente.nucleo.config import Config
from modelos import Asignacion, EstadoAsignacion, EstadoEvento, Evento, Persona

# Lo que lleva el calendario: un mes hacia atrás (lo reciente sigue a la vista) y medio año adelante.
ATRAS = timedelta(days=30)
ADELANTE = timedelta(days=183)
_VIVAS = (EstadoAsignacion.ASIGNADA, EstadoAsignacion.ACEPTADA, EstadoAsignacion.CUMPLIDA)


def eventos_del_calendario(session: Session, espacio_id: int, ahora: datetime, persona_id: int | None = None) -> list[Evento]:
    """Los eventos que lleva: todos los del espacio, o los que cubre ``persona_id`` (con su cobertura viva)."""
    consulta = select(Evento).where(Evento.espacio_id == espacio_id, empieza_entre(ahora - ATRAS, ahora + ADELANTE))
    if persona_id is not None:
        cubiertos = select(Asignacion.evento_id).where(Asignacion.persona_id == persona_id, Asignacion.estado.in_(_VIVAS))
        consulta = consulta.where(Evento.id.in_(cubiertos))
    return list(session.scalars(consulta.order_by(Evento.inicio, Evento.numero)))


def cobertura_de(session: Session, eventos: list[Evento]) -> dict[int, list[str]]:
    """``{evento_id: ["foto: Ana López (aceptó)", …]}``, para la descripción de cada evento."""
    if not eventos:
        return {}
    filas = session.execute(
        select(Asignacion.evento_id, Asignacion.rol, Asignacion.estado, Persona.nombre, Persona.usuario)
        .join(Persona, Persona.id == Asignacion.persona_id)
        .where(Asignacion.evento_id.in_([e.id for e in eventos]), Asignacion.estado.in_(_VIVAS))
        .order_by(Asignacion.evento_id, Asignacion.rol, Asignacion.id)
    )
    cobertura: dict[int, list[str]] = {}
    for evento_id, rol, estado, nombre, usuario in filas:
        cobertura.setdefault(evento_id, []).append(f"{rol}: {nombre or usuario} ({_ESTADOS.get(estado, estado)})")
    return cobertura


_ESTADOS = {EstadoAsignacion.ASIGNADA: "sin confirmar", EstadoAsignacion.ACEPTADA: "aceptó",
            EstadoAsignacion.CUMPLIDA: "cubierto"}


def calendario(eventos: list[Evento], config: Config, nombre: str, ahora: datetime,
               cobertura: dict[int, list[str]] | None = None) -> bytes:
    """El archivo ``.ics``. Un evento con hora va en la hora de la oficina (con su zona, VTIMEZONE
    incluido); uno sin hora, como día completo; uno cancelado, marcado ``CANCELLED`` (el teléfono lo
    quita). El ``UID`` es el del evento: si se mueve, el teléfono lo cambia de lugar."""
    cobertura = cobertura or {}
    cal = Calendar()
    cal.add("prodid", "-//Asistente de Comunicación Social//es-MX")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", nombre)
    cal.add("x-wr-timezone", config.zona)
    # Que el teléfono pregunte cada hora, no cada minuto.
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for evento in eventos:
        ical = EventoIcal()
        ical.add("uid", f"evento-{evento.id}@asistente")
        ical.add("dtstamp", ahora)
        ical.add("summary", f"#{evento.numero} {evento.titulo}")
        if evento.con_hora:
            ical.add("dtstart", evento.inicio.astimezone(config.tz))
            ical.add("dtend", evento.fin.astimezone(config.tz))
        else:
            dia = evento.inicio.astimezone(config.tz).date()
            ical.add("dtstart", dia)
            ical.add("dtend", dia + timedelta(days=1))
        if evento.lugar:
            ical.add("location", evento.lugar)
        detalle = [f"{etiqueta}: {valor}" for etiqueta, valor in (
            ("Dependencia", evento.dependencia), ("Preside", evento.preside), ("Prioridad", evento.prioridad),
            ("Notas", evento.notas)) if valor]
        detalle += ["Cobertura:", *cobertura[evento.id]] if evento.id in cobertura else []
        if detalle:
            ical.add("description", "\n".join(detalle))
        ical.add("status", "CANCELLED" if evento.estado == EstadoEvento.CANCELADO else "CONFIRMED")
        ical.add("last-modified", evento.actualizado)
        cal.add_component(ical)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
