"""Los pasos de una solicitud (SPEC §9): recibida → asignada → entregada → aprobada, o con cambios →
entregada otra vez. Cada paso queda con quién y cuándo, y avisa por mensaje directo al solicitante y a
quien la hace (menos a quien dio el paso)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from asistente.nucleo.errores import ErrorDeUsuario, NoProcede, SinPermiso
from asistente.nucleo.respuesta import Respuesta
from asistente.solicitudes.consultas import ETIQUETAS_ESTADO, entregadas
from modelos import CambioDeSolicitud, EstadoSolicitud, Persona, Solicitud

E = EstadoSolicitud


def _paso(session: Session, solicitud: Solicitud, estado: EstadoSolicitud, quien: Persona, ahora: datetime,
          nota: str = "") -> CambioDeSolicitud:
    solicitud.estado = estado
    solicitud.actualizada = ahora
    cambio = CambioDeSolicitud(espacio_id=solicitud.espacio_id, solicitud_id=solicitud.id, estado=estado,
                               persona_id=quien.id, quien=quien.nombre_visible[:200], cuando=ahora, nota=nota)
    session.add(cambio)
    return cambio


def avisar(session: Session, solicitud: Solicitud, quien: Persona, texto: str, respuesta: Respuesta) -> None:
    """Pasa ``texto`` por mensaje directo al solicitante y a quien la hace, si no son quien dio el paso."""
    avisados: set[int] = {quien.id}
    for persona_id in (solicitud.solicitante_id, solicitud.asignada_id):
        if persona_id is None or persona_id in avisados:
            continue
        avisados.add(persona_id)
        persona = session.get(Persona, persona_id)
        if persona is not None:
            respuesta.avisar_a(persona.usuario_id, Respuesta.texto(texto))


def _exigir_abierta(solicitud: Solicitud) -> None:
    if solicitud.estado == E.APROBADA:
        raise NoProcede(f"{solicitud.folio} ya está aprobada: no cambia más. Si se necesita otra cosa, es una "
                        "solicitud nueva.")


def asignar(session: Session, solicitud: Solicitud, persona: Persona, quien: Persona, ahora: datetime) -> bool:
    """Devuelve si cambió algo (asignarla a quien ya la tiene no hace nada)."""
    _exigir_abierta(solicitud)
    if solicitud.asignada_id == persona.id:
        return False
    solicitud.asignada_id = persona.id
    nuevo = E.ASIGNADA if solicitud.estado == E.RECIBIDA else solicitud.estado
    _paso(session, solicitud, nuevo, quien, ahora, nota=f"a {persona.nombre_visible}")
    return True


def entregar(session: Session, solicitud: Solicitud, quien: Persona, ahora: datetime) -> None:
    _exigir_abierta(solicitud)
    if not quien.es_director and solicitud.asignada_id not in (None, quien.id):
        raise SinPermiso(f"{solicitud.folio} la tiene otra persona: la entrega ella o un director.")
    if solicitud.estado == E.ENTREGADA:
        raise NoProcede(f"{solicitud.folio} ya está entregada; falta que un director la apruebe o pida cambios.")
    if solicitud.asignada_id is None:
        solicitud.asignada_id = quien.id
    _paso(session, solicitud, E.ENTREGADA, quien, ahora, nota=_ultima_version(session, solicitud))


def _ultima_version(session: Session, solicitud: Solicitud) -> str:
    lista = entregadas(session, solicitud)
    return f"v{lista[-1].numero}" if lista else ""


def aprobar(session: Session, solicitud: Solicitud, quien: Persona, ahora: datetime) -> None:
    if not quien.es_director:
        raise SinPermiso("Solo un director puede aprobar una solicitud. Pídeselo a quien dirige la oficina (ver `/equipo`).")
    _exigir_abierta(solicitud)
    if solicitud.estado != E.ENTREGADA:
        raise NoProcede(f"{solicitud.folio} está {ETIQUETAS_ESTADO[solicitud.estado]}: se aprueba cuando ya se "
                        f"entregó (/solicitud entregar {solicitud.folio}).")
    _paso(session, solicitud, E.APROBADA, quien, ahora, nota=_ultima_version(session, solicitud))


def pedir_cambios(session: Session, solicitud: Solicitud, quien: Persona, que: str, ahora: datetime) -> None:
    que = " ".join(que.split())
    if not que:
        raise ErrorDeUsuario("Falta decir qué hay que cambiar.")
    if not quien.es_director and quien.id != solicitud.solicitante_id:
        raise SinPermiso("Los cambios los pide quien hizo la solicitud o un director.")
    _exigir_abierta(solicitud)
    if solicitud.estado != E.ENTREGADA:
        raise NoProcede(f"{solicitud.folio} está {ETIQUETAS_ESTADO[solicitud.estado]}: los cambios se piden sobre "
                        "una versión entregada.")
    _paso(session, solicitud, E.CON_CAMBIOS, quien, ahora, nota=que[:1000])
