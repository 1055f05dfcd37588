"""Consultas del archivo que usan otros módulos (el boletín pide las fotos de un evento)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from asistente.archivo.almacenes import almacen_de
from asistente.nucleo.config import Config
from modelos import Medio, Persona

_NOMBRES = {"foto": ("foto", "fotos"), "video": ("video", "videos"), "audio": ("audio", "audios"), "pdf": ("PDF", "PDF"),
           "documento": ("documento", "documentos"), "diseno": ("diseño", "diseños")}


def describir_tipos(por_tipo: Mapping[str, int]) -> str:
    """``{"foto": 5, "video": 1}`` → «5 fotos, 1 video», en el orden foto, video, audio, PDF."""
    return ", ".join(f"{por_tipo[t]} {_NOMBRES[t][por_tipo[t] != 1]}" for t in _NOMBRES if por_tipo.get(t))


def tipos_de_evento(session: Session, evento_id: int) -> dict[str, int]:
    """Cuántos archivos de cada tipo tiene un evento."""
    filas = session.execute(
        select(Medio.tipo, func.count(Medio.id)).where(Medio.evento_id == evento_id).group_by(Medio.tipo)
    ).all()
    return {tipo: cuantos for tipo, cuantos in filas}


@dataclass(frozen=True)
class FotoDeEvento:
    ruta: Path  # archivo local legible con la copia de 1600 px (o el original si no hay copia)
    pie: str
    credito: str  # nombre de quien la tomó


def fotos_de_evento(session: Session, config: Config, evento_id: int, limite: int = 4) -> list[FotoDeEvento]:
    """Las mejores fotos de un evento para un boletín: primero las que tienen pie, luego en orden de
    captura. Solo las que de verdad están en el almacén."""
    almacen = almacen_de(config)
    filas = session.execute(
        select(Medio, Persona.nombre, Persona.usuario)
        .outerjoin(Persona, Persona.id == Medio.autor_id)
        .where(Medio.evento_id == evento_id, Medio.tipo == "foto")
        .order_by((Medio.pie == "").asc(), Medio.fecha.asc(), Medio.id.asc())
        .limit(limite * 2)
    ).all()
    fotos: list[FotoDeEvento] = []
    for medio, nombre, usuario in filas:
        clave = medio.clave_copia if medio.clave_copia and almacen.existe(medio.clave_copia) else medio.clave
        if not almacen.existe(clave):
            continue
        fotos.append(FotoDeEvento(ruta=almacen.ruta_local(clave), pie=medio.pie, credito=nombre or usuario or ""))
        if len(fotos) == limite:
            break
    return fotos


def archivos_de_evento(session: Session, espacio_id: int, evento_id: int) -> list[Medio]:
    """Todos los archivos de un evento, en orden de captura: lo que muestra su galería del portal."""
    return list(session.scalars(
        select(Medio).where(Medio.espacio_id == espacio_id, Medio.evento_id == evento_id)
        .order_by(Medio.fecha, Medio.id)
    ))


def creditos(session: Session, medios: list[Medio]) -> dict[int, str]:
    """``{medio_id: nombre de quien lo tomó}`` para el crédito de cada foto."""
    autores = {m.autor_id for m in medios if m.autor_id}
    if not autores:
        return {}
    nombres = {p.id: p.nombre or p.usuario for p in session.scalars(select(Persona).where(Persona.id.in_(autores)))}
    return {m.id: nombres.get(m.autor_id, "") for m in medios if m.autor_id}


def con_fecha_dudosa(session: Session, espacio_id: int, limite: int) -> tuple[list[Medio], int]:
    """Los archivos cuya fecha de captura no se creyó (los más recientes primero) y cuántos son."""
    condicion = (Medio.espacio_id == espacio_id, Medio.fecha_dudosa.is_(True))
    total = session.scalar(select(func.count(Medio.id)).where(*condicion)) or 0
    medios = session.scalars(select(Medio).where(*condicion).order_by(Medio.subido.desc(), Medio.id.desc())
                             .limit(limite)).all()
    return list(medios), total


def copias_parecidas(session: Session, espacio_id: int, limite: int) -> tuple[list[tuple[Medio, Medio]], int]:
    """Las fotos que parecen copia de otra, con su original (las más recientes primero), y cuántas son."""
    original = aliased(Medio)
    condicion = (Medio.espacio_id == espacio_id, Medio.parecido_a_id.is_not(None))
    total = session.scalar(select(func.count(Medio.id)).where(*condicion)) or 0
    filas = session.execute(
        select(Medio, original).join(original, original.id == Medio.parecido_a_id).where(*condicion)
        .order_by(Medio.id.desc()).limit(limite)
    ).all()
    return [(copia, orig) for copia, orig in filas], total
