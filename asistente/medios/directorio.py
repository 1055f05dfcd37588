"""El directorio de medios: registrar un medio con su contacto, quitarlo (con sus contactos) y
mostrarlo. Los correos y teléfonos de reporteros son datos personales: solo un director los ve
completos; los demás los ven enmascarados."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.datos.bd import agregar_sin_repetir
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.texto import normalizar
from modelos import TIPOS_DE_MEDIO, ContactoDeMedio, MedioDeComunicacion

MAX_NOMBRE = 200
# Lo que de verdad acepta un servidor de correo de un medio: algo@dominio.tld, sin espacios ni comas.
_CORREO = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                     r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_TELEFONO = re.compile(r"^\+?[\d\s().-]{7,25}$")
_SINONIMOS = {
    "impreso": "impreso", "periodico": "impreso", "diario": "impreso", "revista": "impreso", "prensa": "impreso",
    "radio": "radio", "tv": "tv", "television": "tv", "tele": "tv", "portal": "portal", "web": "portal",
    "internet": "portal", "digital": "portal", "redes": "redes", "red": "redes", "facebook": "redes",
}


def leer_tipo(texto: str) -> str:
    tipo = _SINONIMOS.get(normalizar(texto))
    if tipo is None:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un tipo de medio. Los tipos son: {', '.join(TIPOS_DE_MEDIO)}.")
    return tipo


def leer_correo(texto: str) -> str:
    correo = texto.strip()
    if not correo:
        return ""
    if len(correo) > 254 or not _CORREO.match(correo) or ".." in correo:
        raise ErrorDeUsuario(f"«{correo}» no es un correo electrónico válido (ejemplo: redaccion@diario.mx).")
    # En la práctica ningún servidor distingue mayúsculas: así un contacto no se registra dos veces.
    return correo.lower()


def leer_telefono(texto: str) -> str:
    telefono = " ".join(texto.split())
    if telefono and (not _TELEFONO.match(telefono) or sum(c.isdecimal() for c in telefono) < 7):
        raise ErrorDeUsuario(f"«{telefono}» no es un teléfono (ejemplo: 733 123 4567).")
    return telefono


def enmascarar_correo(correo: str) -> str:
    """``maria.lopez@diario.mx`` → ``m•••@diario.mx``: se reconoce el medio, no a la persona."""
    if "@" not in correo:
        return ""
    local, dominio = correo.rsplit("@", 1)
    return f"{local[:1]}•••@{dominio}"


def enmascarar_telefono(telefono: str) -> str:
    """``733 123 4567`` → ``••• ••• 45••``: no se puede marcar."""
    digitos = [c for c in telefono if c.isdecimal()]
    if not digitos:
        return ""
    return "••• ••• " + "".join(digitos[-4:-2]) + "••"


@dataclass(frozen=True)
class Alta:
    medio: MedioDeComunicacion
    contacto: ContactoDeMedio | None
    nuevo: bool


def agregar(session: Session, peticion: Peticion, nombre: str, tipo: str, contacto: str = "", correo: str = "",
            telefono: str = "") -> Alta:
    """Registra un medio (o, si ya está, le suma un contacto). Valida todo antes de escribir nada."""
    nombre = " ".join(nombre.split())
    if not nombre:
        raise ErrorDeUsuario("Falta el nombre del medio.")
    if len(nombre) > MAX_NOMBRE:
        raise ErrorDeUsuario(f"El nombre del medio es muy largo (máximo {MAX_NOMBRE} caracteres).")
    if not tipo.strip():
        raise ErrorDeUsuario(f"Falta el tipo de medio: {', '.join(TIPOS_DE_MEDIO)}.")
    tipo_leido = leer_tipo(tipo)
    contacto = " ".join(contacto.split())[:200]
    correo_leido = leer_correo(correo)
    telefono_leido = leer_telefono(telefono)
    clave = normalizar(nombre)
    medio = session.scalar(select(MedioDeComunicacion).where(
        MedioDeComunicacion.espacio_id == peticion.espacio_id, MedioDeComunicacion.nombre_normalizado == clave))
    nuevo = medio is None
    if medio is None:
        medio = MedioDeComunicacion(espacio_id=peticion.espacio_id, nombre=nombre, nombre_normalizado=clave,
                                    tipo=tipo_leido, creado=peticion.ahora)
        agregar_sin_repetir(session, medio, f"«{nombre}» se acaba de registrar; revisa /medios.")
    elif medio.tipo != tipo_leido:
        raise ErrorDeUsuario(f"«{medio.nombre}» ya está en el directorio como {medio.tipo} (ID {medio.id}). "
                             "Para sumarle un contacto usa el mismo tipo.")
    nuevo_contacto: ContactoDeMedio | None = None
    if contacto or correo_leido or telefono_leido:
        repetido = correo_leido and session.scalar(select(ContactoDeMedio.id).where(
            ContactoDeMedio.medio_id == medio.id, ContactoDeMedio.correo == correo_leido))
        if repetido:
            raise ErrorDeUsuario(f"{medio.nombre} ya tiene un contacto con ese correo.")
        nuevo_contacto = ContactoDeMedio(espacio_id=peticion.espacio_id, medio_id=medio.id, nombre=contacto,
                                         correo=correo_leido, telefono=telefono_leido, creado=peticion.ahora)
        session.add(nuevo_contacto)
    elif not nuevo:
        raise ErrorDeUsuario(f"«{medio.nombre}» ya está en el directorio (ID {medio.id}).")
    session.flush()
    return Alta(medio, nuevo_contacto, nuevo)


def buscar(session: Session, peticion: Peticion, texto: str) -> MedioDeComunicacion:
    limpio = texto.strip().lstrip("#")
    if not limpio:
        raise ErrorDeUsuario("Falta el ID del medio (sale en /medios).")
    if not limpio.isdecimal() or len(limpio) > 9:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un ID de medio (sale en /medios).")
    medio = session.scalar(select(MedioDeComunicacion).where(
        MedioDeComunicacion.espacio_id == peticion.espacio_id, MedioDeComunicacion.id == int(limpio)))
    if medio is None:
        raise NoEncontrado(f"No hay un medio con ID {limpio} en el directorio.")
    return medio


def quitar(session: Session, medio: MedioDeComunicacion) -> int:
    """Borra el medio y sus contactos (datos personales: no quedan copias). Devuelve cuántos contactos."""
    contactos = list(session.scalars(select(ContactoDeMedio).where(ContactoDeMedio.medio_id == medio.id)))
    for contacto in contactos:
        session.delete(contacto)
    session.delete(medio)
    session.flush()
    return len(contactos)


@dataclass(frozen=True)
class ContactoVisible:
    nombre: str
    correo: str
    telefono: str


@dataclass(frozen=True)
class MedioVisible:
    id: int
    nombre: str
    tipo: str
    contactos: list[ContactoVisible]


def directorio(session: Session, espacio_id: int, completo: bool) -> list[MedioVisible]:
    """Los medios en orden de tipo y nombre; con ``completo`` (un director) correos y teléfonos enteros."""
    medios = session.scalars(select(MedioDeComunicacion).where(MedioDeComunicacion.espacio_id == espacio_id)
                             .order_by(MedioDeComunicacion.tipo, MedioDeComunicacion.nombre_normalizado)).all()
    contactos: dict[int, list[ContactoVisible]] = {}
    for c in session.scalars(select(ContactoDeMedio).where(ContactoDeMedio.espacio_id == espacio_id)
                             .order_by(ContactoDeMedio.id)):
        contactos.setdefault(c.medio_id, []).append(ContactoVisible(
            nombre=c.nombre,
            correo=c.correo if completo else enmascarar_correo(c.correo),
            telefono=c.telefono if completo else enmascarar_telefono(c.telefono),
        ))
    return [MedioVisible(m.id, m.nombre, m.tipo, contactos.get(m.id, [])) for m in medios]
