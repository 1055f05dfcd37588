"""Los eventos de la agenda: buscarlos por número, los de un intervalo y cómo se dice cuándo son."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, select
from sqlalchemy.orm import Session

from asistente.datos.bd import leer
from asistente.fechas.palabras import momento_en_palabras
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.peticion import Peticion
from modelos import EstadoEvento, Evento


def empieza_entre(desde: datetime, hasta: datetime) -> ColumnElement[bool]:
    """La condición «el evento empieza en ``[desde, hasta)``», para consultas que la combinan con otras."""
    return and_(Evento.inicio >= desde, Evento.inicio < hasta)


def eventos_entre(session: Session, espacio_id: int, desde: datetime, hasta: datetime,
                  *condiciones: ColumnElement[bool]) -> Sequence[Evento]:
    """Los eventos del espacio que empiezan en ``[desde, hasta)``, en orden de hora y número;
    ``condiciones`` filtra además (solo los programados, los que no han terminado…)."""
    return session.scalars(
        select(Evento)
        .where(Evento.espacio_id == espacio_id, empieza_entre(desde, hasta), *condiciones)
        .order_by(Evento.inicio, Evento.numero)
    ).all()


# Lo que un listado lee de cada evento (``vistas.vistas``): columnas sueltas, sin objetos del ORM.
COLUMNAS_DE_LISTADO = (Evento.id, Evento.numero, Evento.titulo, Evento.inicio, Evento.fin, Evento.con_hora, Evento.lugar,
                       Evento.dependencia, Evento.preside, Evento.prioridad, Evento.estado, Evento.motivo_cancelacion,
                       Evento.notas, Evento.roles_necesarios)


def filas_entre(session: Session, espacio_id: int, desde: datetime, hasta: datetime) -> Sequence[Any]:
    """Como ``eventos_entre`` pero de solo lectura: filas con ``COLUMNAS_DE_LISTADO`` (un listado de la
    semana no necesita objetos del ORM, que cuestan el doble de armar)."""
    filas: Sequence[Any] = leer(session, _FILAS_ENTRE, {"espacio_id": espacio_id, "desde": desde, "hasta": hasta})
    return filas


# Armada una vez (con parámetros): construir la expresión en cada petición cuesta más que correrla.
_FILAS_ENTRE = (
    select(*COLUMNAS_DE_LISTADO)
    .where(Evento.espacio_id == bindparam("espacio_id"), Evento.inicio >= bindparam("desde", type_=Evento.inicio.type),
           Evento.inicio < bindparam("hasta", type_=Evento.inicio.type))
    .order_by(Evento.inicio, Evento.numero)
)


def proximos(session: Session, espacio_id: int, ahora: datetime, dias: int, limite: int = 100) -> Sequence[Evento]:
    """Los eventos programados que aún no terminan y empiezan en los próximos ``dias`` días."""
    return session.scalars(
        select(Evento).where(
            Evento.espacio_id == espacio_id, Evento.estado == EstadoEvento.PROGRAMADO, Evento.fin > ahora,
            Evento.inicio < ahora + timedelta(days=dias),
        ).order_by(Evento.inicio, Evento.numero).limit(limite)
    ).all()


def buscar_evento(session: Session, peticion: Peticion, numero: int, detalle: str = "") -> Evento:
    """El evento #numero del espacio de la petición; si no existe, un error que lo dice (y ``detalle``)."""
    evento = session.scalar(select(Evento).where(Evento.espacio_id == peticion.espacio_id, Evento.numero == numero))
    if evento is None:
        raise NoEncontrado(f"No hay un evento #{numero} en esta agenda{': ' + detalle if detalle else ''}.")
    return evento


def cuando_del_evento(evento: Evento, peticion: Peticion) -> str:
    """«jueves 12 de marzo, 10:00 a 11:00» (o «…, hora por confirmar») en la zona de la oficina."""
    tz = peticion.config.tz
    return momento_en_palabras(evento.inicio.astimezone(tz), evento.fin.astimezone(tz), evento.con_hora)


def exigir_que_llegue_su_dia(evento: Evento, peticion: Peticion, que: str) -> None:
    """Un evento se marca realizado o cubierto desde su día, no antes (suele ser un número equivocado)."""
    tz = peticion.config.tz
    if evento.inicio.astimezone(tz).date() > peticion.ahora.astimezone(tz).date():
        raise ErrorDeUsuario(
            f"El evento #{evento.numero} ({evento.titulo}) es el {cuando_del_evento(evento, peticion)}: "
            f"todavía no llega su día para {que}. "
            "Revisa el número en /agenda semana."
        )
