"""Leer solicitudes: por folio, listas por área, estado o persona, sus versiones e historial, y los
conteos que usan los informes y el POA (por área, tipo y mes)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.solicitudes.tipos import ETIQUETAS
from modelos import AreaSolicitante, CambioDeSolicitud, EstadoSolicitud, Medio, Persona, Solicitud

_FOLIO = re.compile(r"^(?:s-?)?0*(\d{1,6})$", re.IGNORECASE)
ETIQUETAS_ESTADO = {
    EstadoSolicitud.RECIBIDA: "recibida", EstadoSolicitud.ASIGNADA: "asignada", EstadoSolicitud.ENTREGADA: "entregada",
    EstadoSolicitud.APROBADA: "aprobada", EstadoSolicitud.CON_CAMBIOS: "con cambios",
}
ABIERTAS = (EstadoSolicitud.RECIBIDA, EstadoSolicitud.ASIGNADA, EstadoSolicitud.ENTREGADA, EstadoSolicitud.CON_CAMBIOS)
MAX_LISTA = 50


def leer_folio(texto: str) -> int:
    """``S-031``, ``s31``, ``#31`` o ``31``."""
    limpio = texto.strip().lstrip("#")
    m = _FOLIO.match(limpio)
    if not m:
        if not limpio:
            raise ErrorDeUsuario("Falta la solicitud (por ejemplo S-031).")
        raise ErrorDeUsuario(f"«{texto.strip()}» no es una solicitud (escribe por ejemplo S-031).")
    return int(m.group(1))


def buscar(session: Session, espacio_id: int, texto: str) -> Solicitud:
    numero = leer_folio(texto)
    solicitud = session.scalar(select(Solicitud).where(Solicitud.espacio_id == espacio_id, Solicitud.numero == numero))
    if solicitud is None:
        raise NoEncontrado(f"No hay una solicitud S-{numero:03d}. Las abiertas: /solicitud lista")
    return solicitud


def lista(session: Session, espacio_id: int, *condiciones: ColumnElement[bool]) -> list[Solicitud]:
    return list(session.scalars(
        select(Solicitud).where(Solicitud.espacio_id == espacio_id, *condiciones)
        .order_by(Solicitud.para, Solicitud.numero).limit(MAX_LISTA)
    ))


@dataclass
class Version:
    numero: int
    archivos: list[Medio]
    subida: datetime
    autor: str


def versiones(session: Session, solicitud: Solicitud) -> list[Version]:
    medios = session.scalars(select(Medio).where(Medio.solicitud_id == solicitud.id).order_by(Medio.version, Medio.id))
    salida: dict[int, Version] = {}
    autores: dict[int, str] = {}
    for m in medios:
        v = m.version or 0
        if v not in salida:
            if m.autor_id and m.autor_id not in autores:
                persona = session.get(Persona, m.autor_id)
                autores[m.autor_id] = persona.nombre_visible if persona else ""
            salida[v] = Version(v, [], m.subido, autores.get(m.autor_id or 0, ""))
        salida[v].archivos.append(m)
    return list(salida.values())


def entregadas(session: Session, solicitud: Solicitud) -> list[Version]:
    """Las versiones que entregó la oficina (sin el material que mandó el área, la versión 0)."""
    return [v for v in versiones(session, solicitud) if v.numero]


def historial(session: Session, solicitud: Solicitud) -> list[CambioDeSolicitud]:
    return list(session.scalars(select(CambioDeSolicitud).where(CambioDeSolicitud.solicitud_id == solicitud.id)
                                .order_by(CambioDeSolicitud.cuando, CambioDeSolicitud.id)))


def nombre_de_area(session: Session, solicitud: Solicitud) -> str:
    area = session.get(AreaSolicitante, solicitud.area_id)
    return area.nombre if area else "?"


def vista(session: Session, s: Solicitud) -> dict[str, Any]:
    """Lo que muestran las plantillas de una solicitud (el chat y el anuncio del portal)."""
    asignada = session.get(Persona, s.asignada_id) if s.asignada_id else None
    return {"folio": s.folio, "area": nombre_de_area(session, s), "tipo": ETIQUETAS.get(s.tipo, s.tipo),
            "para": fecha_en_palabras(s.para), "estado": ETIQUETAS_ESTADO[s.estado], "descripcion": s.descripcion,
            "asignada": asignada.nombre_visible if asignada else "", "solicitante": s.solicitante_nombre,
            "impreso": s.impreso, "medida": s.medida, "piezas": s.piezas, "origen": s.origen}


# --- conteos para los informes y el POA ------------------------------------------------------------------
def _filas(session: Session, espacio_id: int, desde_: Momento, hasta_: Momento,
           estado: EstadoSolicitud | str | None, tz: ZoneInfo | None = None) -> list[Solicitud]:
    desde, hasta = periodo(desde_, hasta_, tz)
    if estado is None:
        return list(session.scalars(select(Solicitud).where(
            Solicitud.espacio_id == espacio_id, Solicitud.creada >= desde, Solicitud.creada < hasta)))
    ids = select(CambioDeSolicitud.solicitud_id).where(
        CambioDeSolicitud.espacio_id == espacio_id, CambioDeSolicitud.estado == EstadoSolicitud(estado),
        CambioDeSolicitud.cuando >= desde, CambioDeSolicitud.cuando < hasta)
    return list(session.scalars(select(Solicitud).where(Solicitud.id.in_(ids))))


Momento = date | datetime


def periodo(desde: Momento, hasta: Momento, tz: ZoneInfo | None = None) -> tuple[datetime, datetime]:
    """Instantes con zona: ``[desde, hasta)``; con fechas, de ``desde`` a ``hasta`` inclusive, en la zona
    de la oficina (``tz``; UTC si no se da)."""
    zona = tz or timezone.utc
    inicio = desde if isinstance(desde, datetime) else datetime.combine(desde, time(0), tzinfo=zona)
    fin = hasta if isinstance(hasta, datetime) else datetime.combine(hasta + timedelta(days=1), time(0), tzinfo=zona)
    return inicio, fin


def contar_solicitudes(session: Session, espacio_id: int, desde: Momento, hasta: Momento,
                       estado: EstadoSolicitud | str | None = None, *, tz: ZoneInfo | None = None) -> int:
    """Cuántas solicitudes en ``[desde, hasta)`` (instantes con zona) o del día ``desde`` al día ``hasta``
    (fechas, en la zona ``tz``): sin ``estado``, las que llegaron; con él, las que pasaron a ese estado en
    el periodo (``"entregada"``, ``"aprobada"``), cada una una vez aunque haya pasado varias veces."""
    desde, hasta = periodo(desde, hasta, tz)
    if estado is None:
        return int(session.scalar(select(func.count(Solicitud.id)).where(
            Solicitud.espacio_id == espacio_id, Solicitud.creada >= desde, Solicitud.creada < hasta)) or 0)
    return int(session.scalar(select(func.count(func.distinct(CambioDeSolicitud.solicitud_id))).where(
        CambioDeSolicitud.espacio_id == espacio_id, CambioDeSolicitud.estado == EstadoSolicitud(estado),
        CambioDeSolicitud.cuando >= desde, CambioDeSolicitud.cuando < hasta)) or 0)


def conteo_por_area(session: Session, espacio_id: int, desde: Momento, hasta: Momento,
                    estado: EstadoSolicitud | str | None = None, *, tz: ZoneInfo | None = None) -> dict[str, int]:
    filas = _filas(session, espacio_id, desde, hasta, estado, tz)
    areas = {a.id: a.nombre for a in session.scalars(select(AreaSolicitante).where(
        AreaSolicitante.id.in_({s.area_id for s in filas})))}
    return dict(Counter(areas.get(s.area_id, "?") for s in filas).most_common())


def conteo_por_tipo(session: Session, espacio_id: int, desde: Momento, hasta: Momento,
                    estado: EstadoSolicitud | str | None = None, *, tz: ZoneInfo | None = None) -> dict[str, int]:
    return dict(Counter(s.tipo for s in _filas(session, espacio_id, desde, hasta, estado, tz)).most_common())


def conteo_por_mes(session: Session, espacio_id: int, desde: Momento, hasta: Momento, tz: ZoneInfo,
                   estado: EstadoSolicitud | str | None = None) -> dict[str, int]:
    """``{"2026-03": 12, …}`` por el mes (en la zona de la oficina) en que llegaron (o, con ``estado``,
    de las que pasaron a ese estado en el periodo)."""
    filas = _filas(session, espacio_id, desde, hasta, estado, tz)
    cuenta = Counter(s.creada.astimezone(tz).strftime("%Y-%m") for s in filas)
    return dict(sorted(cuenta.items()))
