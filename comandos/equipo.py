"""El equipo de la oficina y sus roles habituales.

• `/equipo` — quiénes son, sus roles habituales y quién dirige
• `/equipo rol @persona foto,video` — fija los roles habituales de alguien (directores); `ninguno` los quita
• `/equipo director @persona` — le da permisos de director (asignar, aprobar, configurar)
• `/equipo director @persona quitar` — se los quita
• `/equipo baja @persona` — quien deja la oficina: sale de la lista y de las sugerencias, sus coberturas
  próximas quedan libres para reasignar y su historial se conserva (vuelve con `/equipo rol`)

Roles: foto, video, audio, redes, diseño, redacción, transmisión (en vivo), locución (perifoneo).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.agenda.eventos import cuando_del_evento
from asistente.coberturas.estados import liberar
from asistente.equipo.miembros import activos, dar_de_baja, quitar_director
from asistente.equipo.personas import leer_roles, persona_por_mencion, resolver_persona
from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import normalizar
from modelos import ROLES

NOMBRE = "equipo"
USO = "/equipo · /equipo rol @persona rol1,rol2 · /equipo director @persona [quitar] · /equipo baja @persona"
USO_BAJA = "/equipo baja @persona"
RESUMEN = "el equipo y sus roles; quién es director"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


@enrutador.sub("lista", "ver", "todos")
def lista(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return Respuesta.plantilla("equipo.j2", personas=activos(session, peticion.espacio_id), roles=ROLES)


enrutador.vacio = lista


@enrutador.sub("rol", "roles")
def rol(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    uso = "/equipo rol @persona rol1,rol2"
    exigir_director(session, peticion, "cambiar los roles del equipo")
    partes = resto.split(None, 1)
    quien = partes[0] if partes else ""
    texto_roles = partes[1] if len(partes) > 1 else ""
    if not quien:
        raise ErrorDeUsuario("Falta la persona.", uso=uso)
    if not texto_roles:
        raise ErrorDeUsuario("Faltan los roles (por ejemplo foto,video; «ninguno» los quita).", uso=uso)
    ninguno = normalizar(texto_roles) in ("ninguno", "ninguna", "nada")
    roles = [] if ninguno else leer_roles(texto_roles)
    if not roles and not ninguno:
        raise ErrorDeUsuario("Faltan los roles (por ejemplo foto,video; «ninguno» los quita).", uso=uso)
    persona = persona_por_mencion(session, peticion.espacio_id, quien, peticion.ahora)
    persona.roles = ",".join(roles)
    persona.activo = True
    return Respuesta.texto(f"{persona.nombre_visible}: {', '.join(roles) or 'sin roles habituales'}.", publica=True)


@enrutador.sub("director", "directora")
def director(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    uso = "/equipo director @persona [quitar]"
    exigir_director(session, peticion, "nombrar directores")
    partes = resto.split()
    if not partes:
        raise ErrorDeUsuario("Falta la persona.", uso=uso)
    persona = persona_por_mencion(session, peticion.espacio_id, partes[0], peticion.ahora)
    quitar = len(partes) > 1 and normalizar(partes[1]) in ("quitar", "no", "fuera")
    if len(partes) > 1 and not quitar:
        raise ErrorDeUsuario(f"No entiendo «{' '.join(partes[1:])}».", uso=uso)
    if quitar:
        quitar_director(session, persona)
        return Respuesta.texto(f"{persona.nombre_visible} ya no es director(a).", publica=True)
    persona.es_director = True
    return Respuesta.texto(f"{persona.nombre_visible} ahora es director(a).", publica=True)


@enrutador.sub("baja", uso=USO_BAJA)
def baja(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    exigir_director(session, peticion, "dar de baja a alguien del equipo")
    if not resto.strip():
        raise ErrorDeUsuario("Falta la persona.", uso=USO_BAJA)
    persona = resolver_persona(session, peticion.espacio_id, resto)
    dar_de_baja(session, persona)
    libres = liberar(session, persona.id, peticion.ahora)
    lineas = [f"{persona.nombre_visible} quedó de baja: ya no aparece en /equipo ni en las sugerencias de cobertura. "
              "Sus coberturas, archivos y boletines pasados se conservan."]
    if libres:
        lineas.append("Quedaron libres para reasignar:")
        for asignacion, evento in libres:
            lineas.append(f"• #{evento.numero} «{evento.titulo}» ({cuando_del_evento(evento, peticion)}): {asignacion.rol}")
        lineas.append("Busca quién con /cobertura sugerir N.")
    return Respuesta.texto("\n".join(lineas), publica=True)


manejar = enrutador
