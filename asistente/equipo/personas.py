"""Las personas del equipo dichas en un comando: menciones (``<@U123|ana>``, ``@ana``), nombres y
roles de cobertura (``foto``, ``video``…)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.texto import normalizar
from modelos import ROLES, Persona

_MENCION_ID = re.compile(r"^<@([A-Za-z0-9._-]+)(?:\|([^>]*))?>$")


def mencion_legible(texto: str) -> str:
    """``<@U123|ana>`` → ``@ana``, ``<@U123>`` → ``@U123``, para repetirla en un mensaje (el texto de las
    respuestas se escapa, así que la forma ``<@…>`` saldría tal cual)."""
    m = _MENCION_ID.match(texto.strip())
    return f"@{m.group(2) or m.group(1)}" if m else texto


_MENCION_EN_TEXTO = re.compile(r"<@([A-Za-z0-9._-]+)(?:\|([^>]*))?>")


def menciones_legibles(texto: str) -> str:
    """Todas las menciones de un texto libre (un título, un lugar) como ``@ana``: así se guardan y
    se leen, y su «|» no parte los campos de ``/agenda nueva título | cuándo | …``."""
    return _MENCION_EN_TEXTO.sub(lambda m: f"@{m.group(2) or m.group(1)}", texto)


def resolver_persona(session: Session, espacio_id: int, texto: str) -> Persona:
    """Una persona por mención (``<@U123>``, ``<@U123|ana>``, ``@ana``) o por nombre conocido."""
    texto = texto.strip()
    m = _MENCION_ID.match(texto)
    if m:
        persona = session.scalar(
            select(Persona).where(Persona.espacio_id == espacio_id, Persona.usuario_id == m.group(1))
        )
        if persona is None and m.group(2):
            persona = _por_nombre(session, espacio_id, m.group(2))
        if persona is None:
            raise NoEncontrado(
                f"No conozco a {m.group(2) or m.group(1)} en este equipo: primero tiene que usar el asistente "
                "o un director debe registrarle con `/equipo rol @persona rol`."
            )
        return persona
    persona = _por_nombre(session, espacio_id, texto.lstrip("@"))
    if persona is None:
        raise NoEncontrado(f"No conozco a «{texto}» en este equipo. Revisa el nombre en `/equipo`.")
    return persona


def _por_nombre(session: Session, espacio_id: int, nombre: str) -> Persona | None:
    buscado = normalizar(nombre)
    if not buscado:
        return None
    personas = session.scalars(select(Persona).where(Persona.espacio_id == espacio_id)).all()
    for campo in ("usuario", "usuario_id", "nombre"):
        for p in personas:
            if normalizar(getattr(p, campo)) == buscado:
                return p
    primeros = [p for p in personas if normalizar(p.nombre).split(" ")[:1] == [buscado]]
    return primeros[0] if len(primeros) == 1 else None


# Cómo se nombran los roles en la oficina además de su nombre corto.
_SINONIMOS_ROL = {"fotografia": "foto", "fotos": "foto", "videos": "video", "envivo": "transmision",
                  "streaming": "transmision", "perifoneo": "locucion", "locutor": "locucion", "locutora": "locucion"}


def leer_rol(texto: str) -> str:
    """Un rol de cobertura, con acentos y mayúsculas opcionales (``diseno`` → ``diseño``)."""
    buscado = normalizar(texto)
    buscado = _SINONIMOS_ROL.get(buscado, buscado)
    for rol in ROLES:
        if normalizar(rol) == buscado:
            return rol
    raise ErrorDeUsuario(f"El rol «{texto}» no existe. Los roles son: {', '.join(ROLES)}.")


def es_rol(texto: str) -> bool:
    try:
        leer_rol(texto)
    except ErrorDeUsuario:
        return False
    return True


def leer_roles(texto: str) -> list[str]:
    """Varios roles separados por comas, espacios o «y» (``foto, video y redes``), sin repetir.

    La única lectura de roles: la usan ``/equipo rol``, ``/agenda roles`` y ``/cobertura``."""
    roles: list[str] = []
    for parte in texto.replace(",", " ").replace(";", " ").split():
        if normalizar(parte) in ("y", "e"):
            continue
        rol = leer_rol(parte)
        if rol not in roles:
            roles.append(rol)
    return roles


def persona_por_mencion(session: Session, espacio_id: int, texto: str, ahora: datetime) -> Persona:
    """Como ``resolver_persona``, pero da de alta a quien llega mencionado con su id (``<@U123|ana>``)."""
    m = _MENCION_ID.match(texto.strip())
    try:
        return resolver_persona(session, espacio_id, texto)
    except NoEncontrado:
        if not m:
            raise
    persona = Persona(espacio_id=espacio_id, usuario_id=m.group(1), usuario=m.group(2) or "",
                      nombre=m.group(2) or "", creado=ahora)
    session.add(persona)
    session.flush()
    return persona
