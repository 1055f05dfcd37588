"""Empatar una nota con uno de nuestros documentos: si la nota reporta un boletín (titular o texto
parecidos, sin importar acentos ni mayúsculas), queda ligada a él y ese medio cuenta como «publicado»
en ``/boletin acuses``.

Se compara con los documentos aprobados o publicados de los 30 días anteriores a la nota: el titular
con ``SequenceMatcher`` (los medios reescriben un poco el titular) y el texto por las palabras de
contenido que comparten (los medios copian párrafos enteros del boletín).
"""

from __future__ import annotations

from datetime import timedelta
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.nucleo.texto import normalizar
from modelos import Boletin, Nota

DIAS = 30
UMBRAL_TITULAR = 0.72
UMBRAL_TEXTO = 0.5
MIN_PALABRA = 4


def _palabras(texto: str) -> set[str]:
    limpio = "".join(c if c.isalnum() else " " for c in normalizar(texto))
    return {p for p in limpio.split() if len(p) >= MIN_PALABRA}


def parecido(nota: Nota, boletin: Boletin) -> float:
    """De 0 a 1: qué tanto la nota reporta el documento."""
    titular = SequenceMatcher(None, normalizar(nota.titular), normalizar(boletin.titular)).ratio()
    propias = _palabras(f"{boletin.titular} {boletin.resumen} {boletin.cuerpo}")
    ajenas = _palabras(f"{nota.titular} {nota.entradilla} {nota.texto}")
    texto = len(propias & ajenas) / len(propias) if propias and len(ajenas) >= 8 else 0.0
    return max(titular if titular >= UMBRAL_TITULAR else 0.0, texto if texto >= UMBRAL_TEXTO else 0.0)


def empatar(session: Session, nota: Nota) -> Boletin | None:
    """Liga la nota con el documento más parecido, si alguno pasa el umbral."""
    candidatos = session.scalars(select(Boletin).where(
        Boletin.espacio_id == nota.espacio_id, Boletin.estado.in_(("aprobado", "publicado")),
        Boletin.fecha >= nota.publicada - timedelta(days=DIAS), Boletin.fecha <= nota.publicada + timedelta(days=1),
    )).all()
    mejor = max(((parecido(nota, b), b) for b in candidatos), key=lambda par: par[0], default=(0.0, None))
    if mejor[1] is None or mejor[0] <= 0:
        return None
    nota.boletin_id = mejor[1].id
    return mejor[1]


def notas_del_documento(session: Session, espacio_id: int, boletin_id: int) -> list[Nota]:
    return list(session.scalars(select(Nota).where(Nota.espacio_id == espacio_id, Nota.boletin_id == boletin_id)
                                .order_by(Nota.publicada, Nota.id)))
