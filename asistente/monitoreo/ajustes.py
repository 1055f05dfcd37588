"""Los ajustes del monitoreo de un espacio: el canal de monitoreo, las palabras clave y quiénes reciben
la síntesis por mensaje directo. Sin fila, valen los del entorno (ningún canal, el municipio como
palabra clave, nadie por mensaje directo)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.nucleo.config import Config
from asistente.nucleo.texto import normalizar
from modelos import AjustesDeMonitoreo

MAX_PALABRAS = 50


def leer(session: Session, espacio_id: int) -> AjustesDeMonitoreo | None:
    return session.get(AjustesDeMonitoreo, espacio_id)


def propios(session: Session, espacio_id: int) -> AjustesDeMonitoreo:
    """La fila del espacio, creada si falta (para escribir en ella)."""
    fila = session.get(AjustesDeMonitoreo, espacio_id)
    if fila is None:
        fila = AjustesDeMonitoreo(espacio_id=espacio_id, canal="", palabras="", destinatarios="", hora_sintesis="")
        session.add(fila)
    return fila


def palabras_clave(ajustes: AjustesDeMonitoreo | None, config: Config) -> list[str]:
    """Las palabras que hacen que una nota de una fuente nos importe, normalizadas: el municipio y las
    del espacio."""
    palabras = [config.municipio] if config.municipio else []
    if ajustes is not None:
        palabras += ajustes.palabras.splitlines()
    return sorted({normalizar(p) for p in palabras if normalizar(p)})


def menciona(texto: str, palabras: list[str]) -> bool:
    """Si ``texto`` nombra alguna palabra clave, como palabra completa y sin importar acentos."""
    t = f" {' '.join(''.join(c if c.isalnum() else ' ' for c in normalizar(texto)).split())} "
    return any(f" {p} " in t for p in palabras)


def destinatarios(session: Session, espacio_ids: list[int]) -> dict[int, list[str]]:
    if not espacio_ids:
        return {}
    filas = session.scalars(select(AjustesDeMonitoreo).where(AjustesDeMonitoreo.espacio_id.in_(espacio_ids)))
    return {f.espacio_id: [u for u in f.destinatarios.splitlines() if u] for f in filas}
