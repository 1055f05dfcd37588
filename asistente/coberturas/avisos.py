"""Asignar avisando: los mensajes directos de una asignación, a quien la recibe (con **Acepto** /
**No puedo**) y a quien la hizo cuando le contestan."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from asistente.agenda.eventos import cuando_del_evento
from asistente.agenda.vistas import ETIQUETAS_ESTADO, vista
from asistente.coberturas import estados
from asistente.coberturas.consultas import empalmes
from asistente.equipo.ajustes import efectivos
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Boton, Respuesta
from modelos import Asignacion, Espacio, EstadoAsignacion, Evento, Persona


def botones(asignacion: Asignacion) -> list[Boton]:
    return [
        Boton("Acepto", accion="cobertura.aceptar", valor=str(asignacion.id), estilo="primario"),
        Boton("No puedo", accion="cobertura.rechazar", valor=str(asignacion.id), estilo="peligro"),
    ]


def aviso(session: Session, peticion: Peticion, asignacion: Asignacion, evento: Evento, nota: str = "") -> Respuesta:
    """El mensaje directo de una asignación: el evento, el rol y cómo va."""
    quien = session.get(Persona, asignacion.asignada_por_id) if asignacion.asignada_por_id else None
    return Respuesta.plantilla(
        "cobertura_aviso.j2", e=vista(session, evento, peticion.config.tz), rol=asignacion.rol,
        estado=asignacion.estado, motivo=asignacion.motivo, id=asignacion.id,
        quien=quien.nombre_visible if quien else "", nota=nota,
    )


def avisar_director(session: Session, asignacion: Asignacion, respuesta: Respuesta, texto: str) -> None:
    """Le pasa ``texto`` a quien hizo la asignación (si no es la misma persona)."""
    director = session.get(Persona, asignacion.asignada_por_id) if asignacion.asignada_por_id else None
    if director is not None and director.id != asignacion.persona_id:
        respuesta.avisar_a(director.usuario_id, Respuesta.texto(texto))


@dataclass
class Resultado:
    """Lo que pasó con una pareja persona-rol al asignar (para la plantilla)."""

    persona: str
    rol: str
    nueva: bool
    estado: EstadoAsignacion
    empalmes: list[dict[str, str]]

    @property
    def etiqueta(self) -> str:
        return ETIQUETAS_ESTADO.get(self.estado, self.estado)


def asignar_a(
    session: Session, peticion: Peticion, evento: Evento, parejas: list[tuple[Persona, list[str]]], respuesta: Respuesta
) -> list[Resultado]:
    """Asigna cada persona con sus roles; manda el mensaje directo de cada asignación nueva."""
    margen = efectivos(session.get(Espacio, peticion.espacio_id), peticion.config).margen_traslado
    resultados: list[Resultado] = []
    for persona, roles in parejas:
        choques = [
            {"numero": str(o.numero), "titulo": o.titulo, "cuando": cuando_del_evento(o, peticion)}
            for o in empalmes(session, evento, persona.id, margen)
        ]
        for rol in roles:
            asignacion, nueva = estados.asignar(session, evento, persona.id, rol, peticion.persona_id, peticion.ahora)
            if not nueva:
                resultados.append(Resultado(persona.nombre_visible, rol, False, asignacion.estado, []))
                continue
            mensaje = aviso(session, peticion, asignacion, evento)
            mensaje.con_botones(*botones(asignacion))
            respuesta.avisar_a(persona.usuario_id, mensaje)
            resultados.append(Resultado(persona.nombre_visible, rol, True, EstadoAsignacion.ASIGNADA, choques))
            choques = []  # el aviso de empalme, una vez por persona
    return resultados
