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
from modelos import Asignacion, EstadoAsignacion, EstadoEvento, Evento

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


def calendario(eventos: list[Evento], config: Config, nombre: str, ahora: datetime) -> bytes:
    """El archivo ``.ics``. Un evento con hora va en la hora exacta (UTC); uno sin hora, como día
    completo en la zona de la oficina; uno cancelado, marcado ``CANCELLED`` (el teléfono lo quita)."""
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
            ical.add("dtstart", evento.inicio)
            ical.add("dtend", evento.fin)
        else:
            dia = evento.inicio.astimezone(config.tz).date()
            ical.add("dtstart", dia)
            ical.add("dtend", dia + timedelta(days=1))
        if evento.lugar:
            ical.add("location", evento.lugar)
        detalle = [f"{etiqueta}: {valor}" for etiqueta, valor in (
            ("Dependencia", evento.dependencia), ("Preside", evento.preside), ("Prioridad", evento.prioridad),
            ("Notas", evento.notas)) if valor]
        if detalle:
            ical.add("description", "\n".join(detalle))
        ical.add("status", "CANCELLED" if evento.estado == EstadoEvento.CANCELADO else "CONFIRMED")
        ical.add("last-modified", evento.actualizado)
        cal.add_component(ical)
    return bytes(cal.to_ical())
