"""Eventos que se repiten (SPEC §13). Una serie se propone (se guarda la regla y los datos, ningún
evento) y se lee de vuelta; solo al confirmarla cada fecha se vuelve un ``Evento`` con su número y su
``serie_id``: así la cobertura se asigna por fecha y todo lo que lista eventos sigue igual.

Mover o cancelar la serie toca «las fechas que faltan»: las de la serie que siguen programadas y aún
no terminan. Nada aquí hace commit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.agenda.registro import (
    MAX_MOTIVO,
    cancelar_evento,
    el_mismo_dia,
    exigir_titulo,
    mover_evento,
    registrar_evento,
)
from asistente.fechas import Momento
from asistente.fechas.repeticion import Repeticion
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado, SinPermiso
from asistente.nucleo.identidad import persona_actual
from asistente.nucleo.peticion import Peticion
from modelos import EstadoEvento, Evento, Serie


def proponer_serie(session: Session, peticion: Peticion, repeticion: Repeticion, *, titulo: str, lugar: str = "",
                   dependencia: str = "", preside: str = "", prioridad: str = "media", roles: list[str] | None = None,
                   invitar_medios: bool = False, notas: str = "", fin: datetime | None = None) -> Serie:
    """Guarda la propuesta (sin eventos). ``fin``: cuándo termina la primera fecha, si se dijo aparte."""
    titulo = exigir_titulo(titulo)
    duracion = repeticion.duracion
    if fin is not None:
        duracion = fin - repeticion.fechas[0]
        if duracion <= timedelta(0):
            raise ErrorDeUsuario("El evento debe terminar después de empezar.")
    datos: dict[str, Any] = {
        "titulo": titulo, "lugar": lugar, "dependencia": dependencia, "preside": preside, "prioridad": prioridad,
        "roles": roles, "invitar_medios": invitar_medios, "notas": notas, "con_hora": repeticion.con_hora,
        "duracion": duracion.total_seconds() if duracion else None,
        "fechas": [f.isoformat() for f in repeticion.fechas],
    }
    serie = Serie(espacio_id=peticion.espacio_id, regla=repeticion.regla, descripcion=repeticion.en_palabras()[:400],
                  datos=json.dumps(datos, ensure_ascii=False), confirmada=False, creado_por_id=peticion.persona_id,
                  creado=peticion.ahora)
    session.add(serie)
    session.flush()
    return serie


def _serie_propuesta(session: Session, peticion: Peticion, serie_id: int) -> Serie:
    serie = session.get(Serie, serie_id)
    if serie is None or serie.espacio_id != peticion.espacio_id:
        raise NoEncontrado("Esa propuesta de serie ya no existe; escríbela otra vez con /agenda nueva.")
    persona = persona_actual(session, peticion)
    if serie.creado_por_id != persona.id:
        raise SinPermiso("Solo quien propuso la serie puede registrarla o descartarla.")
    if serie.confirmada:
        raise ErrorDeUsuario("Esa serie ya estaba registrada.")
    return serie


def confirmar_serie(session: Session, peticion: Peticion, serie_id: int) -> tuple[Serie, list[Evento]]:
    """Crea un evento por cada fecha propuesta que aún no empieza (si se confirma tarde, las pasadas no)."""
    serie = _serie_propuesta(session, peticion, serie_id)
    datos = json.loads(serie.datos)
    duracion = timedelta(seconds=datos["duracion"]) if datos["duracion"] else None
    eventos: list[Evento] = []
    for texto in datos["fechas"]:
        inicio = datetime.fromisoformat(texto)
        if inicio < peticion.ahora and (datos["con_hora"] or inicio.date() < peticion.ahora.astimezone(inicio.tzinfo).date()):
            continue
        momento = Momento(inicio=inicio, fin=inicio + duracion if duracion else None, con_hora=datos["con_hora"])
        evento = registrar_evento(
            session, peticion, titulo=datos["titulo"], momento=momento, lugar=datos["lugar"],
            dependencia=datos["dependencia"], preside=datos["preside"], prioridad=datos["prioridad"],
            roles=datos["roles"], invitar_medios=datos["invitar_medios"], notas=datos["notas"],
        )
        evento.serie_id = serie.id
        eventos.append(evento)
    if not eventos:
        raise ErrorDeUsuario("Todas las fechas de esa serie ya pasaron; escríbela otra vez con /agenda nueva.")
    serie.confirmada = True
    session.flush()
    return serie, eventos


def descartar_serie(session: Session, peticion: Peticion, serie_id: int) -> None:
    session.delete(_serie_propuesta(session, peticion, serie_id))


def fechas_que_faltan(session: Session, evento: Evento, ahora: datetime) -> Sequence[Evento]:
    """Las fechas de la serie de ``evento`` que siguen programadas y aún no terminan, en orden."""
    if evento.serie_id is None:
        raise ErrorDeUsuario(f"El evento #{evento.numero} no se repite: es un evento suelto.")
    return session.scalars(
        select(Evento).where(
            Evento.espacio_id == evento.espacio_id, Evento.serie_id == evento.serie_id,
            Evento.estado == EstadoEvento.PROGRAMADO, Evento.fin > ahora,
        ).order_by(Evento.inicio, Evento.numero)
    ).all()


def _exigir_que_falten(fechas: Sequence[Evento], evento: Evento) -> None:
    if not fechas:
        raise ErrorDeUsuario(f"A la serie del evento #{evento.numero} ya no le quedan fechas programadas.")


def mover_serie(session: Session, evento: Evento, momento: Momento, peticion: Peticion) -> Sequence[Evento]:
    """Mueve las fechas que faltan como se mueve ``evento``, en la hora de la oficina: «a las 11» deja
    cada una en su día a las 11; «martes 10:00» desde un lunes las pasa a todas un día después, a las
    10:00; una fecha sin hora («miércoles») cambia el día y deja a cada una su hora."""
    tz = peticion.config.tz
    fechas = fechas_que_faltan(session, evento, peticion.ahora)
    _exigir_que_falten(fechas, evento)
    momento = el_mismo_dia(momento, evento.inicio, tz)
    nuevo = momento.inicio.astimezone(tz)
    dias = nuevo.date() - evento.inicio.astimezone(tz).date()
    duracion = momento.fin - momento.inicio if momento.fin else None
    for fecha in fechas:
        dia = fecha.inicio.astimezone(tz).date() + dias
        inicio = datetime.combine(dia, nuevo.time() if momento.con_hora else fecha.inicio.astimezone(tz).time(), tzinfo=tz)
        con_hora = momento.con_hora or fecha.con_hora
        mover_evento(fecha, replace(momento, inicio=inicio, fin=inicio + duracion if duracion else None,
                                    con_hora=con_hora, con_dia=True), peticion)
    return fechas


def cancelar_serie(session: Session, evento: Evento, motivo: str, ahora: datetime) -> Sequence[Evento]:
    """Cancela las fechas que faltan (se conservan, con su motivo)."""
    if len(motivo) > MAX_MOTIVO:
        raise ErrorDeUsuario(f"El motivo es muy largo (máximo {MAX_MOTIVO} caracteres).")
    fechas = fechas_que_faltan(session, evento, ahora)
    _exigir_que_falten(fechas, evento)
    for fecha in fechas:
        cancelar_evento(fecha, motivo, ahora)
    return fechas


def serie_de(session: Session, evento: Evento) -> Serie | None:
    return session.get(Serie, evento.serie_id) if evento.serie_id is not None else None
