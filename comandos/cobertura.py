"""La cobertura de cada evento: quién toma foto, video, audio, redes, diseño y redacción.

• `/cobertura asignar N @persona rol [@persona rol …]` — asigna (directores); también `asignar N foto @ana`; sin nada más abre un formulario
• `/cobertura quitar N @persona [rol]` — quita una asignación (se le avisa a la persona)
• `/cobertura pendientes` — próximos 7 días: roles sin nadie, asignaciones sin aceptar y rechazadas
• `/cobertura mía` — mis próximas coberturas
• `/cobertura sugerir N` — por cada rol que falta, quién suele hacerlo y está libre, la persona menos cargada primero
• `/cobertura cumplida N [@persona]` — marca cumplida una cobertura (también se marca sola al llegar los archivos)
• `/cobertura motivo ID texto` — por qué no puedes cubrir una asignación que rechazaste

Roles: foto, video, audio, redes, diseño, redacción, transmisión (en vivo), locución (perifoneo). Quien recibe una asignación la acepta o la
rechaza con los botones **Acepto** / **No puedo** del mensaje directo; quien asignó recibe la respuesta.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.agenda.eventos import (
    buscar_evento,
    cuando_del_evento,
    eventos_entre,
    exigir_que_llegue_su_dia,
    proximos,
)
from asistente.agenda.vistas import rango_del_dia, vista, vistas
from asistente.coberturas import (
    ACCION_REGISTRAR_CUBIERTA,
    avisos,
    estados,
    marcar_cumplida,
    mis_coberturas,
    registrar_cubierta,
    sugerencias,
)
from asistente.coberturas.lectura import leer_parejas, persona_y_roles
from asistente.equipo.ajustes import efectivos
from asistente.equipo.personas import persona_por_mencion
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.comando import Enrutador, numero_de_evento, separar
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado, NoProcede, SinPermiso
from asistente.nucleo.formularios import Campo, Formulario, Opcion
from asistente.nucleo.identidad import exigir_director, persona_actual
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Boton, Respuesta
from modelos import ROLES, Espacio, EstadoAsignacion, EstadoEvento, Evento, Persona

NOMBRE = "cobertura"
USO = ("/cobertura asignar N @persona rol [@persona rol …] · /cobertura quitar N @persona [rol] · "
       "/cobertura pendientes · /cobertura mía · /cobertura sugerir N · /cobertura cumplida N [@persona] · "
       "/cobertura motivo ID texto")
RESUMEN = "quién cubre cada evento: asignar, quitar, pendientes, mis coberturas, sugerencias"
USO_ASIGNAR = "/cobertura asignar N @persona rol [@persona rol …]"
USO_QUITAR = "/cobertura quitar N @persona [rol]"
USO_SUGERIR = "/cobertura sugerir N"
USO_CUMPLIDA = "/cobertura cumplida N [@persona]"
USO_MOTIVO = "/cobertura motivo ID texto"
MAX_MOTIVO = 300
DIAS_FORMULARIO = 30

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")

# --- lectura de argumentos ----------------------------------------------------------------------
def _evento(session: Session, peticion: Peticion, texto: str, uso: str) -> Evento:
    return buscar_evento(session, peticion, numero_de_evento(texto, uso))


def _persona(session: Session, peticion: Peticion, texto: str) -> Persona:
    persona = persona_por_mencion(session, peticion.espacio_id, texto, peticion.ahora)
    if not persona.activo:
        raise ErrorDeUsuario(f"{persona.nombre_visible} ya no está activo(a) en el equipo.")
    return persona


# --- asignar ------------------------------------------------------------------------------------
@enrutador.sub("asignar", "asigna", uso=USO_ASIGNAR)
def asignar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    exigir_director(session, peticion, "asignar coberturas")
    if not resto:
        return Respuesta.formulario(formulario_asignar(peticion, session))
    numero_texto, texto = separar(resto)
    evento = _evento(session, peticion, numero_texto, USO_ASIGNAR)
    estados.cubrible(evento, peticion.ahora)
    if not texto:
        raise ErrorDeUsuario(f"Falta a quién y con qué rol (por ejemplo @ana foto). Ideas: /cobertura sugerir {evento.numero}")
    parejas = [(_persona(session, peticion, quien), roles) for quien, roles in leer_parejas(texto)]
    if not parejas:
        raise ErrorDeUsuario("Falta a quién y con qué rol (por ejemplo @ana foto).")
    return _asignadas(session, peticion, evento, parejas)


def _asignadas(session: Session, peticion: Peticion, evento: Evento, parejas: list[tuple[Persona, list[str]]]) -> Respuesta:
    respuesta = Respuesta.plantilla("cobertura_asignada.j2", publica=False)
    resultados = avisos.asignar_a(session, peticion, evento, parejas, respuesta)
    respuesta.datos.update(
        e=vista(session, evento, peticion.config.tz), resultados=resultados,
        margen=efectivos(session.get(Espacio, peticion.espacio_id), peticion.config).margen_traslado,
    )
    return respuesta


def formulario_asignar(peticion: Peticion, session: Session) -> Formulario:
    eventos = proximos(session, peticion.espacio_id, peticion.ahora, DIAS_FORMULARIO)
    if not eventos:
        raise ErrorDeUsuario(
            f"No hay eventos en los próximos {DIAS_FORMULARIO} días. Registra uno con /agenda nueva.", uso=USO_ASIGNAR
        )
    personas = session.scalars(
        select(Persona).where(Persona.espacio_id == peticion.espacio_id, Persona.activo.is_(True)).order_by(Persona.nombre)
    ).all()
    tz = peticion.config.tz
    return Formulario(
        id="cobertura.asignar",
        titulo="Asignar cobertura",
        boton="Asignar",
        campos=(
            Campo("evento", "Evento", tipo="opcion", requerido=True, opciones=tuple(
                Opcion(str(e.numero), f"#{e.numero} {e.titulo} — {fecha_en_palabras(e.inicio.astimezone(tz))}"[:75])
                for e in eventos
            )),
            Campo("persona", "Persona", tipo="opcion", requerido=True, opciones=tuple(
                Opcion(str(p.id), (p.nombre_visible + (f" ({', '.join(p.lista_roles)})" if p.lista_roles else ""))[:75])
                for p in personas[:100]
            )),
            Campo("roles", "Roles", tipo="multiple", requerido=True, opciones=tuple(Opcion(r, r.capitalize()) for r in ROLES)),
        ),
    )


def al_enviar_asignar(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    exigir_director(session, peticion, "asignar coberturas")
    evento = _evento(session, peticion, str(valores["evento"]), USO_ASIGNAR)
    estados.cubrible(evento, peticion.ahora)
    persona = session.get(Persona, int(valores["persona"]))
    if persona is None or persona.espacio_id != peticion.espacio_id:
        raise NoEncontrado("Esa persona ya no está en el equipo.")
    return _asignadas(session, peticion, evento, [(persona, list(valores["roles"]))])


# --- responder (botones) ------------------------------------------------------------------------
def aceptar(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    asignacion, evento = estados.asignacion_de(session, peticion.espacio_id, peticion.persona_id, valor)
    if evento.estado == EstadoEvento.CANCELADO:
        raise ErrorDeUsuario(f"El evento #{evento.numero} se canceló: ya no hay que cubrirlo. Nada cambió.")
    if asignacion.estado in (EstadoAsignacion.ACEPTADA, EstadoAsignacion.CUMPLIDA):
        respuesta = avisos.aviso(session, peticion, asignacion, evento, nota="Ya la habías aceptado.")
    else:
        estados.aceptar(asignacion, peticion.ahora)
        respuesta = avisos.aviso(session, peticion, asignacion, evento)
        yo = persona_actual(session, peticion)
        avisos.avisar_director(session, asignacion, respuesta,
                               f"✅ {yo.nombre_visible} aceptó cubrir {asignacion.rol} en el evento #{evento.numero} "
                               f"«{evento.titulo}» ({cuando_del_evento(evento, peticion)}).")
    respuesta.reemplaza_original = True
    return respuesta


def rechazar(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    asignacion, evento = estados.asignacion_de(session, peticion.espacio_id, peticion.persona_id, valor)
    if asignacion.estado == EstadoAsignacion.CUMPLIDA:
        raise ErrorDeUsuario("Esa cobertura ya quedó cumplida. Nada cambió.")
    if asignacion.estado == EstadoAsignacion.RECHAZADA:
        respuesta = avisos.aviso(session, peticion, asignacion, evento, nota="Ya habías dicho que no puedes.")
    else:
        estados.rechazar(asignacion, peticion.ahora)
        respuesta = avisos.aviso(session, peticion, asignacion, evento)
        yo = persona_actual(session, peticion)
        avisos.avisar_director(session, asignacion, respuesta,
                               f"❌ {yo.nombre_visible} no puede cubrir {asignacion.rol} en el evento #{evento.numero} "
                               f"«{evento.titulo}» ({cuando_del_evento(evento, peticion)}). El rol {asignacion.rol} queda sin cubrir: "
                               f"/cobertura sugerir {evento.numero}")
    respuesta.reemplaza_original = True
    if not asignacion.motivo:
        respuesta.con_botones(Boton("Decir por qué", accion="cobertura.por_que", valor=str(asignacion.id)))
    return respuesta


def por_que(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    asignacion, _ = estados.asignacion_de(session, peticion.espacio_id, peticion.persona_id, valor)
    return Respuesta.formulario(formulario_motivo(asignacion.id))


def formulario_motivo(asignacion_id: int) -> Formulario:
    return Formulario(
        id="cobertura.motivo", titulo="¿Por qué no puedes?", boton="Enviar",
        campos=(Campo("motivo", "Motivo", tipo="parrafo", requerido=True, max_largo=MAX_MOTIVO,
                      ayuda="estoy en otro evento, estoy enfermo(a), no tengo equipo…"),),
        contexto={"asignacion": str(asignacion_id)},
    )


def _guardar_motivo(session: Session, peticion: Peticion, valor: str, motivo: str) -> Respuesta:
    asignacion, evento = estados.asignacion_de(session, peticion.espacio_id, peticion.persona_id, valor)
    motivo = motivo.strip()
    if not motivo:
        raise ErrorDeUsuario("Falta el motivo.", uso=USO_MOTIVO)
    if len(motivo) > MAX_MOTIVO:
        raise ErrorDeUsuario(f"El motivo es muy largo (máximo {MAX_MOTIVO} caracteres).", uso=USO_MOTIVO)
    if asignacion.estado != EstadoAsignacion.RECHAZADA:
        raise ErrorDeUsuario(f"La asignación {asignacion.id} no está rechazada: el motivo es para cuando no puedes cubrir. "
                             "Nada cambió.", uso=USO_MOTIVO)
    asignacion.motivo = motivo
    respuesta = Respuesta.texto(f"Listo, le pasé tu motivo a quien te asignó {asignacion.rol} en el evento #{evento.numero}.")
    yo = persona_actual(session, peticion)
    avisos.avisar_director(session, asignacion, respuesta,
                           f"{yo.nombre_visible} no puede cubrir {asignacion.rol} en el evento #{evento.numero} «{evento.titulo}». "
                           f"Motivo: {motivo}")
    return respuesta


def al_enviar_motivo(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    return _guardar_motivo(session, peticion, contexto.get("asignacion", ""), str(valores["motivo"]))


@enrutador.sub("motivo", "porque", uso=USO_MOTIVO)
def motivo(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    ident, texto = separar(resto)
    if not ident.lstrip("#").isdecimal():
        raise ErrorDeUsuario("Falta el número de la asignación (viene en el mensaje que recibiste).", uso=USO_MOTIVO)
    return _guardar_motivo(session, peticion, ident.lstrip("#"), texto)


# --- quitar, cumplida ----------------------------------------------------------------------------
@enrutador.sub("quitar", "quita", "retirar", uso=USO_QUITAR)
def quitar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    exigir_director(session, peticion, "quitar coberturas")
    numero_texto, texto = separar(resto)
    evento = _evento(session, peticion, numero_texto, USO_QUITAR)
    quien, roles = persona_y_roles(texto, USO_QUITAR)
    persona = _persona(session, peticion, quien)
    quitadas, avisar = estados.quitar(session, evento.id, persona.id, roles)
    if not quitadas:
        de_rol = f" como {', '.join(roles)}" if roles else ""
        raise ErrorDeUsuario(f"{persona.nombre_visible} no tiene asignación{de_rol} en el evento #{evento.numero}. Nada cambió.")
    lista = ", ".join(a.rol for a in quitadas)
    respuesta = Respuesta.texto(f"Quité a {persona.nombre_visible} de {lista} en el evento #{evento.numero} «{evento.titulo}».")
    if avisar:
        yo = persona_actual(session, peticion)
        respuesta.avisar_a(persona.usuario_id, Respuesta.texto(
            f"{yo.nombre_visible} te quitó de {lista} en el evento #{evento.numero} «{evento.titulo}» "
            f"({cuando_del_evento(evento, peticion)}). Ya no tienes que cubrirlo."
        ))
        respuesta.cuerpo += " Le avisé."
    return respuesta


@enrutador.sub("cumplida", "cumplido", "hecha", uso=USO_CUMPLIDA)
def cumplida(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero_texto, quien = separar(resto)
    evento = _evento(session, peticion, numero_texto, USO_CUMPLIDA)
    yo = persona_actual(session, peticion)
    persona = _persona(session, peticion, quien) if quien else yo
    if persona.id != yo.id and not yo.es_director:
        raise SinPermiso("Solo un director puede marcar cumplida la cobertura de otra persona.")
    if evento.estado == EstadoEvento.CANCELADO:
        raise ErrorDeUsuario(f"El evento #{evento.numero} está cancelado. Nada cambió.")
    exigir_que_llegue_su_dia(evento, peticion, "marcar cumplida la cobertura")
    cambiadas = marcar_cumplida(session, evento.id, persona.id, peticion.ahora)
    if not cambiadas:
        raise ErrorDeUsuario(f"{persona.nombre_visible} no tiene cobertura por cumplir en el evento #{evento.numero}.")
    roles = ", ".join(a.rol for a in cambiadas)
    return Respuesta.texto(f"Cobertura cumplida: {persona.nombre_visible} ({roles}) en el evento #{evento.numero} «{evento.titulo}».")


# --- consultas -----------------------------------------------------------------------------------
@enrutador.sub("pendientes", "pendiente", "huecos", "faltan")
def pendientes(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    tz = peticion.config.tz
    hoy = peticion.ahora.astimezone(tz).date()
    desde, hasta = rango_del_dia(hoy, tz, dias=7)
    eventos = eventos_entre(session, peticion.espacio_id, desde, hasta,
                            Evento.estado == EstadoEvento.PROGRAMADO, Evento.fin > peticion.ahora)
    filas = []
    for v in vistas(session, eventos, tz):
        sin_aceptar = [(c.rol, p) for c in v.cobertura for p in c.personas if p.estado == "asignada"]
        rechazos = [(c.rol, p) for c in v.cobertura for p in c.personas if p.estado == "rechazada"]
        if v.huecos or sin_aceptar or rechazos:
            filas.append({"e": v, "faltan": v.huecos, "sin_aceptar": sin_aceptar, "rechazos": rechazos})
    return Respuesta.plantilla("cobertura_pendientes.j2", filas=filas,
                               hasta=fecha_en_palabras(hoy + timedelta(days=6)))


@enrutador.sub("mia", "mias", "mio", "mis")
def mia(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    tz = peticion.config.tz
    filas = mis_coberturas(session, peticion.espacio_id, peticion.persona_id, peticion.ahora)
    lista = [{"a": a, "e": v} for (a, _), v in zip(filas, vistas(session, [e for _, e in filas], tz))]
    respuesta = Respuesta.plantilla("cobertura_mia.j2", lista=lista)
    for a, e in filas:
        if a.estado == EstadoAsignacion.ASIGNADA and len(respuesta.botones) < 10:
            respuesta.con_botones(
                Boton(f"Acepto #{e.numero} {a.rol}", accion="cobertura.aceptar", valor=str(a.id), estilo="primario"),
                Boton(f"No puedo #{e.numero} {a.rol}", accion="cobertura.rechazar", valor=str(a.id)),
            )
    return respuesta


@enrutador.sub("sugerir", "sugerencia", "sugiere", uso=USO_SUGERIR)
def sugerir(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    evento = _evento(session, peticion, resto, USO_SUGERIR)
    estados.cubrible(evento, peticion.ahora)
    tz = peticion.config.tz
    v = vista(session, evento, tz)
    margen = efectivos(session.get(Espacio, peticion.espacio_id), peticion.config).margen_traslado
    en_el_evento = {(p.usuario_id, c.rol) for c in v.cobertura for p in c.personas}
    # Quien tiene el rol pero dijo «no puedo» a este evento no es lo mismo que nadie con el rol.
    declinaron = {c.rol: [{"nombre": p.nombre, "motivo": p.motivo} for p in c.personas if p.estado == "rechazada"]
                  for c in v.cobertura}
    roles = [
        {
            "rol": c.rol,
            "libres": [{"nombre": p.nombre_visible, "mencion": p.usuario or p.usuario_id, "carga": n} for p, n in c.libres],
            "ocupadas": [{"nombre": p.nombre_visible, "evento": o.numero, "hora": cuando_del_evento(o, peticion)} for p, o in c.ocupadas],
            "declinaron": declinaron.get(c.rol, []),
        }
        for c in sugerencias(session, evento, v.huecos, en_el_evento, margen, tz)
    ]
    return Respuesta.plantilla("cobertura_sugerir.j2", e=v, roles=roles)


def registrar_cubierta_(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    """El botón «Sí, cubrí foto en #N» de quien soltó archivos sin estar asignado: se registra quien lo pulsa."""
    numero, _, rol = valor.partition(":")
    if not numero.isdecimal() or rol not in ROLES:
        raise ErrorDeUsuario("Ese botón ya no sirve.")
    evento = buscar_evento(session, peticion, int(numero))
    if evento.estado == EstadoEvento.CANCELADO:
        raise NoProcede(f"El evento #{evento.numero} está cancelado.")
    persona = persona_actual(session, peticion)
    if not registrar_cubierta(session, evento, persona.id, rol, peticion.ahora):
        return Respuesta.texto(f"Ya estaba registrado: {persona.nombre_visible} cubrió {rol} en el evento #{evento.numero}.")
    respuesta = Respuesta.texto(f"✅ Registré que {persona.nombre_visible} cubrió {rol} en el evento #{evento.numero} "
                                f"«{evento.titulo}».", publica=True)
    return respuesta


manejar = enrutador
ACCIONES = {"cobertura.aceptar": aceptar, "cobertura.rechazar": rechazar, "cobertura.por_que": por_que,
            ACCION_REGISTRAR_CUBIERTA: registrar_cubierta_}
FORMULARIOS = {"cobertura.asignar": al_enviar_asignar, "cobertura.motivo": al_enviar_motivo}
DEFINICIONES = {
    "cobertura.asignar": lambda p, s, _c: formulario_asignar(p, s),
    "cobertura.motivo": lambda _p, _s, c: formulario_motivo(int(c["asignacion"]) if c.get("asignacion", "").isdecimal() else 0),
}
