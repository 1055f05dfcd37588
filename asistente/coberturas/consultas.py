"""Consultas de cobertura: las de una persona, los empalmes, la carga de la semana y las sugerencias."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.agenda.eventos import empieza_entre
from asistente.agenda.vistas import rango_del_dia
from asistente.coberturas.estados import POR_CUMPLIR, VIVAS
from asistente.nucleo.texto import normalizar
from modelos import Asignacion, EstadoEvento, Evento, Persona


def mis_coberturas(session: Session, espacio_id: int, persona_id: int, desde: datetime) -> list[tuple[Asignacion, Evento]]:
    """Las asignaciones vivas de una persona en eventos que no han terminado, en orden de hora."""
    filas = session.execute(
        select(Asignacion, Evento)
        .join(Evento, Evento.id == Asignacion.evento_id)
        .where(
            Asignacion.espacio_id == espacio_id,
            Asignacion.persona_id == persona_id,
            Asignacion.estado.in_(POR_CUMPLIR),
            Evento.estado != EstadoEvento.CANCELADO,
            Evento.fin >= desde,
        )
        .order_by(Evento.inicio, Evento.numero)
    ).all()
    return [(a, e) for a, e in filas]


def empalmes(session: Session, evento: Evento, persona_id: int, margen_min: int) -> list[Evento]:
    """Otros eventos (no cancelados) que esa persona ya cubre y que se empalman con ``evento``,
    contando ``margen_min`` minutos de traslado antes y después. Los eventos con la hora por
    confirmar no cuentan: no se sabe si chocan."""
    if not evento.con_hora:
        return []
    margen = timedelta(minutes=margen_min)
    return list(
        session.scalars(
            select(Evento)
            .join(Asignacion, Asignacion.evento_id == Evento.id)
            .where(
                Asignacion.persona_id == persona_id,
                Asignacion.estado.in_(POR_CUMPLIR),
                Evento.id != evento.id,
                Evento.estado != EstadoEvento.CANCELADO,
                Evento.con_hora.is_(True),
                Evento.inicio < evento.fin + margen,
                Evento.fin > evento.inicio - margen,
            )
            .order_by(Evento.inicio)
            .distinct()
        ).all()
    )


def carga(session: Session, espacio_id: int, desde: datetime, hasta: datetime) -> dict[int, int]:
    """Cuántas coberturas vivas tiene cada persona en eventos de ``[desde, hasta)``."""
    filas = session.execute(
        select(Asignacion.persona_id, func.count(Asignacion.id))
        .join(Evento, Evento.id == Asignacion.evento_id)
        .where(
            Asignacion.espacio_id == espacio_id,
            Asignacion.estado.in_(VIVAS),
            Evento.estado != EstadoEvento.CANCELADO,
            empieza_entre(desde, hasta),
        )
        .group_by(Asignacion.persona_id)
    ).all()
    return {persona_id: total for persona_id, total in filas}


@dataclass
class Candidatos:
    """Quién podría cubrir un rol: libres (con su carga de la semana, la menor primero) y ocupadas
    (con el primer evento con el que se empalman)."""

    rol: str
    libres: list[tuple[Persona, int]] = field(default_factory=list)
    ocupadas: list[tuple[Persona, Evento]] = field(default_factory=list)


def sugerencias(session: Session, evento: Evento, huecos: list[str], ya_en_el_evento: set[tuple[str, str]],
                margen_min: int, tz: ZoneInfo) -> list[Candidatos]:
    """Por cada rol sin cubrir, quién suele hacerlo y está libre; ``ya_en_el_evento`` son
    ``(usuario_id, rol)`` que ya están en la cobertura del evento."""
    dia = evento.inicio.astimezone(tz).date()
    lunes = dia - timedelta(days=dia.weekday())
    cargas = carga(session, evento.espacio_id, *rango_del_dia(lunes, tz, dias=7))
    personas = session.scalars(
        select(Persona).where(Persona.espacio_id == evento.espacio_id, Persona.activo.is_(True)).order_by(Persona.nombre)
    ).all()
    salida = []
    for rol in huecos:
        candidatos = Candidatos(rol)
        for p in personas:
            if rol not in p.lista_roles or (p.usuario_id, rol) in ya_en_el_evento:
                continue
            choques = empalmes(session, evento, p.id, margen_min)
            if choques:
                candidatos.ocupadas.append((p, choques[0]))
            else:
                candidatos.libres.append((p, cargas.get(p.id, 0)))
        candidatos.libres.sort(key=lambda x: (x[1], normalizar(str(x[0].nombre_visible))))
        salida.append(candidatos)
    return salida
