"""El estilo de la casa en lo que redacta el asistente: comillas inglesas “…” (nunca «…»), una entrada
con actor + verbo + qué (``La Presidenta Municipal inauguró la cancha…``), el nombre de la cabeza del
ayuntamiento como lo dice la oficina (``ASISTENTE_CABEZA``), el membrete y el crédito de las fotos."""

from __future__ import annotations

import re
import unicodedata

from asistente.nucleo.config import Config
from asistente.nucleo.texto import normalizar

_ANGULARES = re.compile(r"«\s*(.*?)\s*»", re.DOTALL)


def comillas(texto: str) -> str:
    """«texto» → “texto”; una « o » suelta también se cambia (nunca queda una angular)."""
    texto = _ANGULARES.sub(lambda m: f"“{m.group(1)}”", texto)
    return texto.replace("«", "“").replace("»", "”")


def articulo(nombre: str) -> str:
    """``El`` o ``La`` según el cargo: Presidenta, Presidencia, Alcaldesa → La."""
    primera = normalizar(nombre).split(" ")[0] if nombre.strip() else ""
    return "La" if primera.endswith(("a", "ia", "ion")) else "El"


def cabeza(config: Config) -> str:
    """Cómo se nombra a quien encabeza el ayuntamiento, con su artículo: ``La Presidenta Municipal``."""
    return f"{articulo(config.cabeza)} {config.cabeza}"


# «Presidente municipal», «presidenta Municipal», «la alcaldesa», «el edil»: el cargo de la cabeza.
# «C. Presidente Municipal» (C.: ciudadano/a, como se escribe en los oficios) también.
_CARGO = re.compile(
    r"^(?P<c>c\.\s*)?(?:(?:el|la)\s+)?(?:president[ea]\s+municipal|presidencia\s+municipal|alcaldes?a?|alcalde|edil)"
    r"\b[\s,]*", re.IGNORECASE)


def actor(preside: str, config: Config) -> str:
    """Quién hace la acción en la entrada. El cargo de la cabeza se escribe como lo dice la oficina:
    ``presidente municipal Juana Pérez`` → ``La Presidenta Municipal, Juana Pérez,``; otro nombre
    (``Director de Obras Públicas``) queda como se escribió, con su artículo si es un cargo."""
    preside = unicodedata.normalize("NFC", " ".join(preside.split()))
    if not preside:
        lugar = f"H. Ayuntamiento de {config.municipio}" if config.municipio else "H. Ayuntamiento"
        return f"El {lugar}"
    sin_acentos = normalizar(preside)
    m = _CARGO.match(sin_acentos)
    if m:
        nombre = preside[m.end():].strip(" ,")
        return f"{cabeza(config)}, {nombre}," if nombre else cabeza(config)
    primera = sin_acentos.split(" ")[0]
    if primera in ("director", "directora", "secretario", "secretaria", "regidor", "regidora", "sindico",
                   "sindica", "titular", "coordinador", "coordinadora", "presidenta", "presidente", "jefe", "jefa"):
        return f"{articulo(preside)} {preside}"
    return preside


def quien_preside(preside: str, config: Config) -> str:
    """``Preside: …`` en lo que sale a los medios: el cargo de la cabeza como lo dice la oficina
    (``presidente municipal Juana Pérez`` → ``Presidenta Municipal Juana Pérez``)."""
    preside = unicodedata.normalize("NFC", " ".join(preside.split()))
    m = _CARGO.match(normalizar(preside))
    if not m:
        return preside
    nombre = preside[m.end():].strip(" ,")
    ciudadano = "C. " if m.group("c") else ""
    return f"{ciudadano}{config.cabeza} {nombre}".strip()


# Lo que dice el título al principio → el verbo en pretérito (y qué se queda del título).
_VERBOS: tuple[tuple[str, str], ...] = (
    ("inauguracion de", "inauguró"), ("inauguracion del", "inauguró el"), ("inauguracion", "inauguró"),
    ("entrega de", "entregó"), ("entrega del", "entregó el"),
    ("arranque de", "dio el arranque de"), ("arranque del", "dio el arranque del"),
    ("banderazo de", "dio el banderazo de"), ("banderazo del", "dio el banderazo del"),
    ("clausura de", "clausuró"), ("clausura del", "clausuró el"),
    ("reunion con", "se reunió con"), ("reunion de", "encabezó la reunión de"),
    ("visita a", "visitó"), ("visita al", "visitó el"), ("recorrido por", "recorrió"),
    ("supervision de", "supervisó"), ("supervision del", "supervisó el"),
    ("firma de", "firmó"), ("firma del", "firmó el"),
    ("presentacion de", "presentó"), ("presentacion del", "presentó el"),
    ("instalacion de", "instaló"), ("instalacion del", "instaló el"),
    ("toma de protesta", "tomó protesta"), ("rehabilitacion de", "puso en marcha la rehabilitación de"),
)


def accion(titulo: str) -> str:
    """El verbo y lo que se hizo, a partir del título del evento: ``Inauguración de la cancha`` →
    ``inauguró la cancha``; si el título no empieza con una acción conocida, ``encabezó el evento “…”``."""
    titulo = comillas(" ".join(titulo.split())).rstrip(".")
    palabras = titulo.split(" ")
    mejor: tuple[int, str] | None = None
    for inicio, verbo in _VERBOS:
        n = len(inicio.split(" "))
        if normalizar(" ".join(palabras[:n])) == inicio and len(palabras) > n and (mejor is None or n > mejor[0]):
            mejor = (n, verbo)
    if mejor is None:
        return f"encabezó el evento “{titulo}”"
    n, verbo = mejor
    resto = " ".join(palabras[n:])
    # «Visita a la colonia» → «visitó la colonia»; «Visita a productores» → «visitó a productores».
    if verbo == "visitó" and normalizar(resto).split(" ")[0] not in ("la", "las", "los", "el"):
        verbo = "visitó a"
    return f"{verbo} {resto}"


def entrada(preside: str, titulo: str, config: Config) -> str:
    """La entrada del boletín: actor + verbo + qué (``La Presidenta Municipal inauguró la cancha``)."""
    return f"{actor(preside, config)} {accion(titulo)}"


def hechos(notas: str) -> list[str]:
    """Las líneas de las notas escritas como viñetas (``- 120 familias beneficiadas``): datos para el
    resumen, que así suma hechos en vez de repetir el titular."""
    lineas = [re.sub(r"^\s*[-•*·]\s*", "", linea).strip() for linea in notas.splitlines()
              if re.match(r"^\s*[-•*·]\s+\S", linea)]
    return [linea if linea[-1:] in ".!?" else linea + "." for linea in lineas if linea]


def credito(config: Config, nombre: str) -> str:
    """``Foto: Ana López Ruiz`` o el crédito fijo de la oficina (``ASISTENTE_CREDITO_FOTO``)."""
    fijo = config.credito_foto.strip()
    if fijo and normalizar(fijo) != "nombre":
        return f"Foto: {fijo}"
    return f"Foto: {nombre.strip() or 'Comunicación Social'}"


def membrete(config: Config) -> dict[str, str]:
    """Los datos del membrete para la plantilla: administración, lema y contacto."""
    return {
        "administracion": config.administracion.replace("-", "–"), "lema": config.lema, "domicilio": config.domicilio,
        "telefono": config.telefono, "correo": config.correo_prensa, "web": config.web, "redes": config.redes,
        "cabeza": cabeza(config),
    }


def pie_de_pagina(config: Config) -> list[str]:
    """El pie de cada hoja: domicilio; teléfono · correo · web · redes (lo que esté configurado)."""
    contacto = " · ".join(p for p in (f"Tel. {config.telefono}" if config.telefono else "", config.correo_prensa,
                                      config.web, config.redes) if p)
    return [linea for linea in (config.domicilio, contacto) if linea]
