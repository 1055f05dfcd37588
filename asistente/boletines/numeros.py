"""Los números de los documentos: una serie por tipo, por año y por espacio, sin repetirse
(``Boletín No. 045/2026``, ``Comunicado No. 003/2026``).

En un comando, un documento se nombra con su número (``45``, ``045/2026``: un boletín) o con su tipo
delante (``comunicado 3``, ``aviso 002/2026``)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.datos.numeracion import fijar_siguiente, numero_actual
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.texto import normalizar
from modelos import TIPOS_DOCUMENTO, Boletin

MAX_NUMERO = 9999

_FOLIO = re.compile(r"^(?:no\.?\s*)?#?(\d{1,4})(?:\s*/\s*(\d{4}))?$", re.IGNORECASE)


# El tipo escrito como se quiera («Comunicado», «felicitación», «avisos»).
_TIPOS = {clave: clave for clave in TIPOS_DOCUMENTO} | {clave + "s": clave for clave in TIPOS_DOCUMENTO} | {
    "boletines": "boletin", "felicitaciones": "felicitacion", "convocatorias": "convocatoria"}


def clave_contador(anio: int, tipo: str = "boletin", periodo: str = "") -> str:
    """La fila del contador de una serie: ``boletin:2026`` (la de siempre), ``comunicado:2026``; con
    numeración por administración (``periodo``), ``boletin:adm2024-2027`` sigue de un año al otro."""
    return f"{tipo}:adm{periodo}" if periodo else f"{tipo}:{anio}"


def leer_tipo(palabra: str) -> str | None:
    """``Comunicado``, ``felicitación``, ``avisos`` → su clave; ``None`` si no es un tipo."""
    return _TIPOS.get(normalizar(palabra))


FEMENINOS = ("convocatoria", "felicitacion", "esquela")


def nombre_de_tipo(tipo: str) -> str:
    return TIPOS_DOCUMENTO[tipo]


def separar_documento(texto: str) -> tuple[str, str, str]:
    """``comunicado 3 resto`` → ``("comunicado", "3", "resto")``; ``45 resto`` → ``("boletin", "45", "resto")``."""
    partes = texto.strip().split(None, 1)
    tipo = leer_tipo(partes[0]) if partes else None
    if tipo is not None:
        partes = partes[1].split(None, 1) if len(partes) > 1 else []
    numero = partes[0] if partes else ""
    return tipo or "boletin", numero, (partes[1].strip() if len(partes) > 1 else "")


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
    tipo, numero, resto = separar_documento(texto)
    return bool(_FOLIO.match(numero)) and not resto


def buscar(session: Session, espacio_id: int, numero: int, anio: int, tipo: str = "boletin") -> Boletin:
    boletin = session.scalar(
        select(Boletin).where(Boletin.espacio_id == espacio_id, Boletin.tipo == tipo, Boletin.anio == anio,
                              Boletin.numero == numero)
    )
    if boletin is None:
        nombre = TIPOS_DOCUMENTO[tipo].lower()
        articulo = "una" if tipo in FEMENINOS else "un"
        raise NoEncontrado(f"No hay {articulo} {nombre} {folio(numero, anio)} en este espacio. "
                           "Mira los que hay con /boletin lista.")
    return boletin


def localizar(session: Session, peticion: Peticion, numero_texto: str, tipo: str, uso: str) -> Boletin:
    """El documento ``numero_texto`` (``45``, ``045/2026``). Sin año es el del año en curso; con la
    numeración por administración, el número basta: es el último documento con ese número."""
    numero, anio = leer_folio(numero_texto, anio_de(peticion), uso)
    if peticion.config.periodo_numeracion and "/" not in numero_texto:
        ultimo = session.scalar(
            select(Boletin).where(Boletin.espacio_id == peticion.espacio_id, Boletin.tipo == tipo,
                                  Boletin.numero == numero).order_by(Boletin.anio.desc()).limit(1))
        if ultimo is not None:
            return ultimo
    return buscar(session, peticion.espacio_id, numero, anio, tipo)


def buscar_documento(session: Session, peticion: Peticion, texto: str, uso: str) -> tuple[Boletin, str]:
    """El documento nombrado al principio de ``texto`` (``45``, ``comunicado 3``) y lo que sigue."""
    tipo, numero_texto, resto = separar_documento(texto)
    return localizar(session, peticion, numero_texto, tipo, uso), resto


def _primer_anio(periodo: str) -> int:
    return int(m.group(0)) if (m := re.search(r"\d{4}", periodo)) else 0


def siguiente_de(session: Session, espacio_id: int, anio: int, tipo: str = "boletin", periodo: str = "") -> int:
    """El número que recibirá el próximo documento de ese tipo y año (o de la administración) sin tomarlo."""
    return numero_actual(session, espacio_id, clave_contador(anio, tipo, periodo)) + 1


def fijar_siguiente_numero(session: Session, espacio_id: int, anio: int, siguiente: int, periodo: str = "") -> None:
    """Para oficinas que adoptan el asistente a mitad de año: el próximo borrador tendrá ``siguiente``.
    Nunca por debajo de un boletín que ya existe (los números no se repiten)."""
    if not 1 <= siguiente <= MAX_NUMERO:
        raise ErrorDeUsuario(f"El número debe estar entre 1 y {MAX_NUMERO}.")
    de_la_serie = Boletin.anio >= _primer_anio(periodo) if periodo else Boletin.anio == anio
    mayor = session.execute(
        select(Boletin.numero, Boletin.anio).where(Boletin.espacio_id == espacio_id, Boletin.tipo == "boletin",
                                                   de_la_serie).order_by(Boletin.numero.desc()).limit(1)
    ).first()
    if mayor is not None and siguiente <= mayor.numero:
        raise ErrorDeUsuario(
            f"Ya existe el boletín {folio(mayor.numero, mayor.anio)}: el siguiente tiene que ser {mayor.numero + 1} o mayor."
        )
    fijar_siguiente(session, espacio_id, clave_contador(anio, periodo=periodo), siguiente)
