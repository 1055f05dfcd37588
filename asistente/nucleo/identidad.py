"""Quién pide: el espacio de trabajo y la persona de cada petición (creados la primera vez) y si es
director. Las menciones y los roles que se escriben en un comando están en ``asistente.equipo.personas``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import Session

from asistente.datos.bd import insertar_si_falta, leer
from asistente.nucleo.errores import SinPermiso
from asistente.nucleo.peticion import Peticion
from modelos import Espacio, Persona


# Las dos lecturas de cada petición, armadas una vez (con parámetros): construir la expresión en cada
# petición costaba más que correrla.
_ESPACIO = select(Espacio).where(Espacio.clave == bindparam("clave"))
_PERSONA = select(Persona).where(Persona.espacio_id == bindparam("espacio_id"), Persona.usuario_id == bindparam("usuario_id"))


@dataclass(frozen=True, slots=True)
class Identidad:
    """Quién pide y dónde, con lo que el despacho usa del espacio (sus ajustes de canales, municipio y
    estado): ``id`` es el del espacio, como en ``Espacio``."""

    id: int
    persona_id: int
    difusion: str
    municipio: str
    estado: str
    nueva_directora: bool = False


# El espacio y la persona de una petición en una sola lectura de Core (cada petición la hace): sin
# objetos del ORM, que costaban más que la consulta. Si falta algo o la persona cambió de nombre, la
# identidad se arma por el camino que crea y actualiza (``asegurar_espacio`` y ``asegurar_persona``).
_IDENTIDAD = (
    select(Espacio.id, Espacio.difusion, Espacio.municipio, Espacio.estado, Persona.id, Persona.nombre, Persona.usuario)
    .outerjoin(Persona, and_(Persona.espacio_id == Espacio.id, Persona.usuario_id == bindparam("usuario_id")))
    .where(Espacio.clave == bindparam("clave"))
)


def identidad(session: Session, peticion: Peticion) -> Identidad:
    """El espacio y la persona de la petición; los crea la primera vez y anota el nombre nuevo de la
    persona si cambió (lo mismo que ``asegurar_espacio`` + ``asegurar_persona``)."""
    filas = leer(session, _IDENTIDAD, {"clave": peticion.espacio, "usuario_id": peticion.usuario})
    if filas:
        espacio_id, difusion, municipio, estado, persona_id, nombre, usuario = filas[0]
        if persona_id is not None and not _nombres_nuevos(peticion, nombre, usuario):
            return Identidad(espacio_id, persona_id, difusion, municipio, estado)
    espacio = asegurar_espacio(session, peticion)
    persona, nueva_directora = asegurar_persona(session, espacio, peticion)
    return Identidad(espacio.id, persona.id, espacio.difusion, espacio.municipio, espacio.estado, nueva_directora)


def asegurar_espacio(session: Session, peticion: Peticion) -> Espacio:
    espacio = session.scalar(_ESPACIO, {"clave": peticion.espacio})
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
    persona = session.scalar(_PERSONA, {"espacio_id": espacio.id, "usuario_id": peticion.usuario})
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
        for campo, valor in _nombres_nuevos(peticion, persona.nombre, persona.usuario).items():
            setattr(persona, campo, valor)
    return persona, nueva_directora


def _nombres_nuevos(peticion: Peticion, nombre: str, usuario: str) -> dict[str, str]:
    """El nombre o el @usuario que la plataforma da distintos de los guardados (uno vacío no borra el
    que había)."""
    nuevos = {}
    if peticion.nombre_usuario and nombre != peticion.nombre_usuario:
        nuevos["nombre"] = peticion.nombre_usuario
    if peticion.usuario_handle and usuario != peticion.usuario_handle:
        nuevos["usuario"] = peticion.usuario_handle
    return nuevos


def persona_actual(session: Session, peticion: Peticion) -> Persona:
    persona = session.get(Persona, peticion.persona_id)
    assert persona is not None, "el despacho registra a la persona antes de llamar al comando"
    return persona


def exigir_director(session: Session, peticion: Peticion, tarea: str = "hacer esto") -> Persona:
    persona = persona_actual(session, peticion)
    if not persona.es_director:
        raise SinPermiso(f"Solo un director puede {tarea}. Pídeselo a quien dirige la oficina (ver `/equipo`).")
    return persona
