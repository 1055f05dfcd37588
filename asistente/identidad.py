"""Quién es quién: el espacio de trabajo y la persona de cada petición, directores y menciones."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.bd import insertar_si_falta
from asistente.errores import ErrorDeUsuario, NoEncontrado, SinPermiso
from asistente.fechas.palabras import normalizar
from asistente.peticion import Peticion
from modelos import Espacio, Persona

_MENCION_ID = re.compile(r"^<@([A-Za-z0-9._-]+)(?:\|([^>]*))?>$")


def asegurar_espacio(session: Session, peticion: Peticion) -> Espacio:
    espacio = session.scalar(select(Espacio).where(Espacio.clave == peticion.espacio))
    if espacio is None:
        # Dos primeras peticiones simultáneas del mismo espacio: una crea, la otra espera y lee.
        insertar_si_falta(
            session, Espacio, clave=peticion.espacio, plataforma=peticion.espacio.split(":", 1)[0],
            nombre=peticion.nombre_espacio, canal="", hora_agenda="", resumen="", creado=peticion.ahora,
        )
        espacio = session.scalars(select(Espacio).where(Espacio.clave == peticion.espacio)).one()
    return espacio


def asegurar_persona(session: Session, espacio: Espacio, peticion: Peticion) -> tuple[Persona, bool]:
    """La persona que pide; la crea si es nueva. Devuelve ``(persona, recien_nombrada_directora)``.

    Los directores iniciales vienen de ``ASISTENTE_DIRECTORES``; si no hay ninguno configurado, la
    primera persona que usa el asistente en el espacio queda como director.
    """
    persona = session.scalar(
        select(Persona).where(Persona.espacio_id == espacio.id, Persona.usuario_id == peticion.usuario)
    )
    nueva_directora = False
    if persona is None:
        directores = peticion.config.directores
        if directores:
            es_director = peticion.usuario in directores
        else:
            hay_alguien = session.scalar(select(func.count(Persona.id)).where(Persona.espacio_id == espacio.id))
            es_director = not hay_alguien
        insertar_si_falta(
            session, Persona, espacio_id=espacio.id, usuario_id=peticion.usuario, usuario=peticion.usuario_handle,
            nombre=peticion.nombre_usuario, roles="", es_director=es_director, activo=True, creado=peticion.ahora,
        )
        persona = session.scalars(
            select(Persona).where(Persona.espacio_id == espacio.id, Persona.usuario_id == peticion.usuario)
        ).one()
        nueva_directora = persona.es_director and es_director and not directores
    else:
        if peticion.nombre_usuario and persona.nombre != peticion.nombre_usuario:
            persona.nombre = peticion.nombre_usuario
        if peticion.usuario_handle and persona.usuario != peticion.usuario_handle:
            persona.usuario = peticion.usuario_handle
    return persona, nueva_directora


def persona_actual(session: Session, peticion: Peticion) -> Persona:
    persona = session.get(Persona, peticion.persona_id)
    assert persona is not None, "el despacho registra a la persona antes de llamar al comando"
    return persona


def exigir_director(session: Session, peticion: Peticion, tarea: str = "hacer esto") -> Persona:
    persona = persona_actual(session, peticion)
    if not persona.es_director:
        raise SinPermiso(f"Solo un director puede {tarea}. Pídeselo a quien dirige la oficina (ver `/equipo`).")
    return persona


def mencion_legible(texto: str) -> str:
    """``<@U123|ana>`` → ``@ana``, ``<@U123>`` → ``@U123``, para repetirla en un mensaje (el texto de las
    respuestas se escapa, así que la forma ``<@…>`` saldría tal cual)."""
    m = _MENCION_ID.match(texto.strip())
    return f"@{m.group(2) or m.group(1)}" if m else texto


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
_SINONIMOS_ROL = {"fotografia": "foto", "fotos": "foto", "videos": "video"}


def leer_rol(texto: str) -> str:
    """Un rol de cobertura, con acentos y mayúsculas opcionales (``diseno`` → ``diseño``)."""
    from modelos import ROLES

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
