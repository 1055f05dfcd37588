"""Las palabras de búsqueda de cada archivo (tabla ``palabras_de_medio``)."""

from __future__ import annotations

import re

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from asistente.nucleo.texto import normalizar
from modelos import Evento, Medio, PalabraDeMedio, Persona

_PALABRA = re.compile(r"[a-z0-9]+")


def palabras_de(texto: str) -> set[str]:
    """Las palabras de búsqueda de un texto: normalizadas, de 2 a 40 letras o cifras."""
    return {p[:40] for p in _PALABRA.findall(normalizar(texto)) if len(p) >= 2}


def indexar(session: Session, medio: Medio) -> None:
    """Rehace las palabras de búsqueda del archivo a partir de ``medio.buscable``."""
    session.execute(delete(PalabraDeMedio).where(PalabraDeMedio.medio_id == medio.id))
    palabras = palabras_de(medio.buscable)
    if palabras:
        session.execute(insert(PalabraDeMedio), [
            {"medio_id": medio.id, "espacio_id": medio.espacio_id, "palabra": p} for p in sorted(palabras)
        ])


def texto_buscable(medio: Medio, evento: Evento | None, persona: Persona | None) -> str:
    partes = [medio.nombre, medio.nombre_original, medio.pie, medio.camara]
    if evento is not None:
        partes += [evento.titulo, f"#{evento.numero}", evento.lugar, evento.dependencia]
    if persona is not None:
        partes += [persona.nombre, persona.usuario]
    return normalizar(" ".join(p for p in partes if p))
