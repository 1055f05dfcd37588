"""La invitación a medios de un evento, en el formato de la oficina, por correo y con confirmación.

• `/invitacion N` — el texto de la invitación del evento #N: fecha en palabras, «10:00 horas», lugar, quién
  preside, «se sugiere llegar 15 minutos antes» y el contacto de prensa
• `/invitacion enviar N [todos|<tipo>|ID,ID]` — la envía por correo a los medios del directorio (todos, los de
  un tipo: impreso, radio, tv, portal, redes, o los IDs dados); cada medio recibe su propio enlace para
  confirmar o declinar en el portal (directores)
• `/invitacion estado N` — por medio: enviada (o en cola, o rechazada y por qué), confirmó, declinó o sin respuesta
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.agenda.eventos import buscar_evento
from asistente.medios import invitaciones
from asistente.nucleo.comando import Enrutador, numero_de_evento, separar
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta

NOMBRE = "invitacion"
USO = "/invitacion N · /invitacion enviar N [todos|<tipo>|ID,ID] · /invitacion estado N"
USO_VER = "/invitacion N"
USO_ENVIAR = "/invitacion enviar N [todos|<tipo>|ID,ID]"
USO_ESTADO = "/invitacion estado N"
RESUMEN = "invitación a medios de un evento: verla, enviarla por correo con confirmación, ver quién confirmó"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


@enrutador.sub("ver", "mostrar", uso=USO_VER)
def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    evento = buscar_evento(session, peticion, numero_de_evento(resto, USO_VER))
    return invitaciones.vista(evento, peticion.config)


def _otro(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    """``/invitacion 12`` es ``/invitacion ver 12``."""
    return ver(peticion, session, texto)


@enrutador.sub("enviar", "mandar", uso=USO_ENVIAR)
def enviar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero_texto, a_quien = separar(resto)
    evento = buscar_evento(session, peticion, numero_de_evento(numero_texto, USO_ENVIAR))
    exigir_director(session, peticion, "enviar invitaciones a los medios")
    informe = invitaciones.enviar(session, peticion, evento, a_quien)
    lineas = [f"Invitación al evento #{evento.numero} «{evento.titulo}»:", *informe.lineas("La invitación va")]
    if informe.encolados:
        lineas.append(f"Quién confirma: /invitacion estado {evento.numero}")
    return Respuesta.texto("\n".join(lineas), publica=True)


@enrutador.sub("estado", "confirmaciones", "quien", uso=USO_ESTADO)
def estado(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    evento = buscar_evento(session, peticion, numero_de_evento(resto, USO_ESTADO))
    return Respuesta.plantilla("invitacion_estado.j2", numero=evento.numero, titulo=evento.titulo,
                               medios=invitaciones.estado(session, peticion.espacio_id, evento))


enrutador.otro = _otro
manejar = enrutador
