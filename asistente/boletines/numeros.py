"""Los números de boletín: uno por año y por espacio, sin repetirse (``045/2026``)."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.datos.numeracion import fijar_siguiente, numero_actual
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.peticion import Peticion
from modelos import Boletin

MAX_NUMERO = 9999

_FOLIO = re.compile(r"^(?:no\.?\s*)?#?(\d{1,4})(?:\s*/\s*(\d{4}))?$", re.IGNORECASE)


def clave_contador(anio: int) -> str:
    return f"boletin:{anio}"


def folio(numero: int, anio: int) -> str:
    """``045/2026``: tres cifras, cuatro cuando hacen falta."""
    return f"{numero:03d}/{anio}"


def anio_de(peticion: Peticion) -> int:
    return peticion.ahora.astimezone(peticion.config.tz).year


def leer_folio(texto: str, anio_actual: int, uso: str) -> tuple[int, int]:
    """``45``, ``#45``, ``045/2026`` o ``No. 045/2026`` → ``(45, 2026)``; sin año es el año en curso."""
    limpio = texto.strip()
    if not limpio:
        raise ErrorDeUsuario("Falta el número del boletín (por ejemplo 45 o 045/2026).", uso=uso)
    m = _FOLIO.match(limpio)
    if not m or int(m.group(1)) == 0:
        raise ErrorDeUsuario(f"«{limpio}» no es un número de boletín (escribe por ejemplo 45 o 045/2026).", uso=uso)
    anio = int(m.group(2) or anio_actual)
    if not 1900 <= anio <= 2999:
        raise ErrorDeUsuario(f"El año {anio} está fuera de rango.", uso=uso)
    return int(m.group(1)), anio


def parece_folio(texto: str) -> bool:
    return bool(_FOLIO.match(texto.strip()))


def buscar(session: Session, espacio_id: int, numero: int, anio: int) -> Boletin:
    boletin = session.scalar(
        select(Boletin).where(Boletin.espacio_id == espacio_id, Boletin.anio == anio, Boletin.numero == numero)
    )
    if boletin is None:
        raise NoEncontrado(f"No hay un boletín {folio(numero, anio)} en este espacio. Mira los que hay con /boletin lista.")
    return boletin


def siguiente_de(session: Session, espacio_id: int, anio: int) -> int:
    """El número que recibirá el próximo borrador de ese año (sin tomarlo)."""
    return numero_actual(session, espacio_id, clave_contador(anio)) + 1


def fijar_siguiente_numero(session: Session, espacio_id: int, anio: int, siguiente: int) -> None:
    """Para oficinas que adoptan el asistente a mitad de año: el próximo borrador tendrá ``siguiente``.
    Nunca por debajo de un boletín que ya existe (los números no se repiten)."""
    if not 1 <= siguiente <= MAX_NUMERO:
        raise ErrorDeUsuario(f"El número debe estar entre 1 y {MAX_NUMERO}.")
    mayor = session.scalar(
        select(func.max(Boletin.numero)).where(Boletin.espacio_id == espacio_id, Boletin.anio == anio)
    )
    if mayor is not None and siguiente <= mayor:
        raise ErrorDeUsuario(
            f"Ya existe el boletín {folio(mayor, anio)}: el siguiente tiene que ser {mayor + 1} o mayor."
        )
    fijar_siguiente(session, espacio_id, clave_contador(anio), siguiente)
