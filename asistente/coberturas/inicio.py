"""La pestaña Inicio (App Home) de cada persona: sus próximas coberturas y la agenda de hoy."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from asistente.agenda.eventos import eventos_entre
from asistente.agenda.vistas import ETIQUETAS_ESTADO, rango_del_dia, vistas
from asistente.coberturas import mis_coberturas
from asistente.fechas.palabras import fecha_en_palabras, momento_en_palabras
from asistente.nucleo.identidad import persona_actual
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta


@dataclass(frozen=True)
class MiCobertura:
    numero: int
    titulo: str
    momento: str
    rol: str
    estado: str
    lugar: str


def vista_inicio(peticion: Peticion, session: Session) -> Respuesta:
    tz = peticion.config.tz
    ahora = peticion.ahora.astimezone(tz)
    persona = persona_actual(session, peticion)
    coberturas = [
        MiCobertura(e.numero, e.titulo, momento_en_palabras(e.inicio.astimezone(tz), e.fin.astimezone(tz), e.con_hora),
                    a.rol, ETIQUETAS_ESTADO.get(a.estado, a.estado), e.lugar)
        for a, e in mis_coberturas(session, peticion.espacio_id, peticion.persona_id, ahora)[:20]
    ]
    desde, hasta = rango_del_dia(ahora.date(), tz)
    eventos = eventos_entre(session, peticion.espacio_id, desde, hasta)
    return Respuesta.plantilla(
        "inicio.j2", persona=persona.nombre_visible, coberturas=coberturas,
        eventos=vistas(session, eventos, tz), hoy=fecha_en_palabras(ahora.date()),
    )
