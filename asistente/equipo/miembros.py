"""Quién forma el equipo: las personas activas, los directores (siempre queda al menos uno) y la
baja de quien deja la oficina (su historial se conserva)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.nucleo.errores import ErrorDeUsuario
from modelos import Persona


def activos(session: Session, espacio_id: int) -> Sequence[Persona]:
    """El equipo de hoy: directores primero, luego por nombre."""
    return session.scalars(
        select(Persona).where(Persona.espacio_id == espacio_id, Persona.activo.is_(True))
        .order_by(Persona.es_director.desc(), Persona.nombre)
    ).all()


def otros_directores(session: Session, persona: Persona) -> int:
    return session.scalar(
        select(func.count(Persona.id)).where(
            Persona.espacio_id == persona.espacio_id, Persona.es_director.is_(True), Persona.activo.is_(True),
            Persona.id != persona.id,
        )
    ) or 0


def quitar_director(session: Session, persona: Persona) -> None:
    if not otros_directores(session, persona):
        raise ErrorDeUsuario("No puedo quitarle el rol: quedaría el equipo sin ningún director.")
    persona.es_director = False


def dar_de_baja(session: Session, persona: Persona) -> None:
    """Sale de la lista y de las sugerencias; sus coberturas las libera ``coberturas.estados.liberar``."""
    if not persona.activo:
        raise ErrorDeUsuario(f"{persona.nombre_visible} ya estaba de baja. Vuelve a darle roles con /equipo rol si regresa.")
    if persona.es_director and not otros_directores(session, persona):
        raise ErrorDeUsuario(f"No puedo dar de baja a {persona.nombre_visible}: quedaría el equipo sin ningún director. "
                             "Nombra a otra persona con /equipo director @persona.")
    persona.activo = False
    persona.es_director = False
