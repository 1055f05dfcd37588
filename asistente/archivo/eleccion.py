"""El evento de un archivo (SPEC §4): ``#N`` en el mensaje → hilo del anuncio → ventana de tiempo.

La ventana se mira con *un* instante: la hora de captura si el archivo la trae y es creíble; la de
subida solo si no la trae (o no es creíble). Una foto tomada fuera de todo evento no cae en el que
está ocurriendo cuando alguien la sube.

Si nada decide, el archivo va a ``sin-evento`` y la respuesta ofrece botones con los eventos del día
(``eventos_del_dia``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from datetime import time as hora_del_dia

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.coberturas import VIVAS
from modelos import Asignacion, EstadoEvento, Evento, Medio, Solicitud

_NUMERO = re.compile(r"(?<![\w&])#(\d{1,9})\b")
_FOLIO = re.compile(r"(?<![\w-])S-(\d{1,6})\b", re.IGNORECASE)


def elegir_solicitud(session: Session, espacio_id: int, texto: str, hilo: str) -> tuple[Solicitud | None, str]:
    """La solicitud de un área cuya versión es el archivo: ``S-031`` en el mensaje, si no el hilo de su
    anuncio (como ``#N`` y el hilo de un evento). Devuelve ``(solicitud, aviso)``."""
    aviso = ""
    m = _FOLIO.search(texto or "")
    if m:
        solicitud = session.scalar(select(Solicitud).where(Solicitud.espacio_id == espacio_id,
                                                           Solicitud.numero == int(m.group(1))))
        if solicitud is not None:
            return solicitud, ""
        aviso = f"No hay una solicitud S-{int(m.group(1)):03d}."
    if hilo:
        solicitud = session.scalar(select(Solicitud).where(Solicitud.espacio_id == espacio_id, Solicitud.hilo == hilo)
                                   .order_by(Solicitud.numero).limit(1))
        if solicitud is not None:
            return solicitud, aviso
    return None, aviso


def version_de(session: Session, solicitud: Solicitud, autor_id: int | None, subido: datetime) -> int:
    """Los archivos de un mismo mensaje (misma persona, misma hora de subida) son una sola versión; cada
    mensaje nuevo es la siguiente."""
    misma = session.scalar(select(Medio.version).where(
        Medio.solicitud_id == solicitud.id, Medio.subido == subido, Medio.autor_id == autor_id).limit(1))
    if misma is not None:
        return misma
    return int(session.scalar(select(func.max(Medio.version)).where(Medio.solicitud_id == solicitud.id)) or 0) + 1



def elegir_evento(session: Session, espacio_id: int, persona_id: int | None, texto: str, hilo: str,
                  instante: datetime) -> tuple[Evento | None, str]:
    """El evento de un archivo, en el orden de SPEC §4. ``instante`` es la captura creíble o, si no
    hay, la subida. Devuelve ``(evento, aviso)``."""
    aviso = ""
    m = _NUMERO.search(texto or "")
    if m:
        evento = session.scalar(select(Evento).where(Evento.espacio_id == espacio_id, Evento.numero == int(m.group(1))))
        if evento is not None:
            return evento, ""
        aviso = f"No hay un evento #{m.group(1)}."
    if hilo:
        evento = session.scalar(
            select(Evento).where(Evento.espacio_id == espacio_id, Evento.hilo_anuncio == hilo).order_by(Evento.numero).limit(1)
        )
        if evento is not None:
            return evento, aviso
    candidatos = session.scalars(
        select(Evento).where(
            Evento.espacio_id == espacio_id, Evento.estado != EstadoEvento.CANCELADO,
            Evento.inicio <= instante, Evento.fin >= instante,
        ).order_by(Evento.inicio)
    ).all()
    if persona_id is not None and len(candidatos) > 1:
        mios = set(session.scalars(
            select(Asignacion.evento_id).where(
                Asignacion.persona_id == persona_id, Asignacion.evento_id.in_([e.id for e in candidatos]),
                Asignacion.estado.in_(VIVAS),
            )
        ).all())
        propios = [e for e in candidatos if e.id in mios]
        if len(propios) == 1:
            return propios[0], aviso
    if len(candidatos) == 1:
        return candidatos[0], aviso
    return None, aviso


def eventos_del_dia(session: Session, espacio_id: int, dia: date, tz: object) -> list[Evento]:
    desde = datetime.combine(dia, hora_del_dia(0), tzinfo=tz)  # type: ignore[arg-type]
    return list(session.scalars(
        select(Evento).where(
            Evento.espacio_id == espacio_id, Evento.estado != EstadoEvento.CANCELADO,
            Evento.inicio < desde + timedelta(days=1), Evento.fin > desde,
        ).order_by(Evento.inicio, Evento.numero).limit(10)
    ).all())
