"""Registrar y cambiar eventos, con las reglas de la oficina: la duración cuando no se dice, los
límites de cada campo, quién puede cambiar un evento, un evento cancelado que ya no cambia, la misma
actividad que llega por dos personas, y mover solo la hora sin cambiar de día.

Nada aquí hace commit ni arma respuestas: lo llama ``comandos.agenda`` dentro de la transacción de
la petición."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.agenda.eventos import empieza_entre, exigir_que_llegue_su_dia
from asistente.agenda.vistas import ROLES_POR_PRIORIDAD, rango_del_dia
from asistente.datos.numeracion import siguiente_numero
from asistente.fechas import Momento, interpretar
from asistente.nucleo.errores import ErrorDeUsuario, NoProcede, SinPermiso
from asistente.nucleo.identidad import persona_actual
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.texto import normalizar
from modelos import Asignacion, EstadoAsignacion, EstadoEvento, Evento, Persona

MAX_TITULO = 200
MAX_CAMPO = 200
MAX_MOTIVO = 300
# Un evento con hora y sin «hasta» dura una hora; uno sin hora ocupa su día.
DURACION = timedelta(hours=1)
PRIORIDADES = ("alta", "media", "baja")
# Como se dice en la oficina: «normal» es la de siempre, «urgente» la que no espera.
_SINONIMOS_PRIORIDAD = {"normal": "media", "urgente": "alta"}


def leer_prioridad(texto: str) -> str:
    valor = normalizar(texto)
    valor = _SINONIMOS_PRIORIDAD.get(valor, valor)
    if valor not in PRIORIDADES:
        raise ErrorDeUsuario(f"La prioridad «{texto}» no existe: usa alta, media o baja.")
    return valor


def momento_de(texto: str, peticion: Peticion) -> Momento:
    """La fecha que escribió la persona, leída en la zona de la oficina."""
    return interpretar(texto, peticion.ahora.astimezone(peticion.config.tz))


def fin_por_omision(momento: Momento) -> datetime:
    if momento.fin is not None:
        return momento.fin
    if not momento.con_hora:
        return momento.inicio + timedelta(days=1)
    return momento.inicio + DURACION


def el_mismo_dia(momento: Momento, de: datetime, tz: ZoneInfo) -> Momento:
    """Solo la hora («a las 12», «de 5 a 7»): el mismo día que ``de`` (el del evento), no hoy ni mañana."""
    if momento.con_dia:
        return momento
    dia = de.astimezone(tz).date()

    def en_el_dia(instante: datetime) -> datetime:
        return datetime.combine(dia, instante.astimezone(tz).time(), tzinfo=tz)

    return replace(momento, inicio=en_el_dia(momento.inicio), fin=momento.fin and en_el_dia(momento.fin), con_dia=True)


def exigir_titulo(titulo: str) -> str:
    titulo = titulo.strip()
    if not titulo:
        raise ErrorDeUsuario("Falta el título del evento.")
    if len(titulo) > MAX_TITULO:
        raise ErrorDeUsuario(f"El título es muy largo ({len(titulo)} caracteres; máximo {MAX_TITULO}).")
    return titulo


def registrar_evento(
    session: Session,
    peticion: Peticion,
    *,
    titulo: str,
    momento: Momento,
    fin: datetime | None = None,
    lugar: str = "",
    dependencia: str = "",
    preside: str = "",
    prioridad: str = "media",
    roles: list[str] | None = None,
    invitar_medios: bool = False,
    notas: str = "",
) -> Evento:
    """Crea el evento con el siguiente número del espacio (ver ``asistente.datos.numeracion``)."""
    titulo = exigir_titulo(titulo)
    for etiqueta, valor in (("lugar", lugar), ("dependencia", dependencia), ("quién preside", preside)):
        if len(valor) > MAX_CAMPO:
            raise ErrorDeUsuario(f"El campo {etiqueta} es muy largo (máximo {MAX_CAMPO} caracteres).")
    fin = fin or fin_por_omision(momento)
    if fin <= momento.inicio:
        raise ErrorDeUsuario("El evento debe terminar después de empezar.")
    evento = Evento(
        espacio_id=peticion.espacio_id,
        numero=siguiente_numero(session, peticion.espacio_id, "evento"),
        titulo=titulo,
        inicio=momento.inicio,
        fin=fin,
        con_hora=momento.con_hora,
        lugar=lugar.strip(),
        dependencia=dependencia.strip(),
        preside=preside.strip(),
        prioridad=prioridad,
        roles_necesarios=",".join(roles if roles is not None else ROLES_POR_PRIORIDAD[prioridad]),
        invitar_medios=invitar_medios,
        notas=notas.strip(),
        creado_por_id=peticion.persona_id,
        canal=peticion.canal,
        creado=peticion.ahora,
        actualizado=peticion.ahora,
    )
    session.add(evento)
    session.flush()
    return evento


def mismo_evento(session: Session, evento: Evento, tz: ZoneInfo) -> Evento | None:
    """Otro evento vigente con el mismo título el mismo día: lo mismo que llegó por dos personas."""
    desde, hasta = rango_del_dia(evento.inicio.astimezone(tz).date(), tz)
    otros = session.scalars(
        select(Evento).where(
            Evento.espacio_id == evento.espacio_id, Evento.id != evento.id, Evento.estado != EstadoEvento.CANCELADO,
            empieza_entre(desde, hasta),
        ).order_by(Evento.numero)
    )
    titulo = normalizar(evento.titulo)
    return next((otro for otro in otros if normalizar(otro.titulo) == titulo), None)


def exigir_que_pueda_editar(session: Session, peticion: Peticion, evento: Evento, tarea: str) -> Persona:
    persona = persona_actual(session, peticion)
    if not (persona.es_director or evento.creado_por_id == persona.id):
        raise SinPermiso(f"Solo un director o quien registró el evento #{evento.numero} puede {tarea}.")
    return persona


def exigir_vigente(evento: Evento, tarea: str) -> None:
    if evento.estado == EstadoEvento.CANCELADO:
        raise ErrorDeUsuario(f"El evento #{evento.numero} está cancelado; no se puede {tarea}.")


def asignados(session: Session, evento: Evento) -> list[str]:
    """Los ids de usuario de quienes cubren el evento (asignados o que aceptaron): a quienes se avisa."""
    return list(session.execute(
        select(Persona.usuario_id)
        .join(Asignacion, Asignacion.persona_id == Persona.id)
        .where(Asignacion.evento_id == evento.id, Asignacion.estado.in_((EstadoAsignacion.ASIGNADA, EstadoAsignacion.ACEPTADA)))
        .distinct()
    ).scalars().all())


def mover_evento(evento: Evento, momento: Momento, peticion: Peticion) -> None:
    """Reprograma: solo la hora lo deja en su día; sin «hasta» conserva su duración (una hora si no tenía hora)."""
    momento = el_mismo_dia(momento, evento.inicio, peticion.config.tz)
    duracion = evento.fin - evento.inicio if evento.con_hora else DURACION
    if momento.fin is None and momento.con_hora and not evento.con_hora:
        duracion = DURACION
    evento.inicio = momento.inicio
    evento.fin = momento.fin or (momento.inicio + duracion if momento.con_hora else momento.inicio + timedelta(days=1))
    evento.con_hora = momento.con_hora
    evento.actualizado = peticion.ahora


def cancelar_evento(evento: Evento, motivo: str, ahora: datetime) -> None:
    """Lo marca cancelado (se conserva, con su motivo)."""
    if evento.estado == EstadoEvento.CANCELADO:
        raise NoProcede(f"El evento #{evento.numero} ya estaba cancelado.")
    if len(motivo) > MAX_MOTIVO:
        raise ErrorDeUsuario(f"El motivo es muy largo (máximo {MAX_MOTIVO} caracteres).")
    evento.estado = EstadoEvento.CANCELADO
    evento.motivo_cancelacion = motivo
    evento.actualizado = ahora


def marcar_realizado(evento: Evento, peticion: Peticion) -> None:
    exigir_vigente(evento, "marcar como realizado")
    exigir_que_llegue_su_dia(evento, peticion, "marcarlo como realizado")
    evento.estado = EstadoEvento.REALIZADO
    evento.actualizado = peticion.ahora


def cambiar_prioridad(evento: Evento, prioridad: str, ahora: datetime) -> list[str]:
    """Fija la prioridad; si la nueva pide roles que el evento no tenía (subir a «alta» pide video y
    redes), se agregan. Nunca se quitan: bajarla no deshace lo que alguien eligió. Devuelve los agregados."""
    evento.prioridad = prioridad
    evento.actualizado = ahora
    actuales = evento.lista_roles
    nuevos = [r for r in ROLES_POR_PRIORIDAD.get(prioridad, ()) if r not in actuales]
    if nuevos:
        evento.roles_necesarios = ",".join([*actuales, *nuevos])
    return nuevos
