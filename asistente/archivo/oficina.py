"""Archivos de oficina y de diseño (SPEC §9): docx, xlsx, pptx, odt, ods, odp, svg, psd y ai, reconocidos
por lo que tienen dentro, nunca por su nombre.

- Office Open XML (docx, xlsx, pptx) es un ZIP con ``[Content_Types].xml`` y la carpeta de su programa
  (``word/``, ``xl/``, ``ppt/``); OpenDocument (odt, ods, odp) es un ZIP cuyo ``mimetype`` lo dice.
  Solo se lee el directorio del ZIP y ese ``mimetype`` (unos bytes): nada se descomprime.
- Photoshop empieza con ``8BPS``; Illustrator es un PDF (o un PostScript) que dice que lo hizo
  Illustrator en su cabecera o sus metadatos.
- SVG es XML cuya raíz es ``<svg``. Puede llevar scripts: se guarda, pero el portal solo lo sirve como
  descarga, nunca para verse en el navegador.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from asistente.archivo.medios import Tipo

# Hasta dónde se buscan las marcas de Illustrator (van en la cabecera o en el XMP del principio).
LECTURA_AI = 256 * 1024
LECTURA_SVG = 8 * 1024
MAX_ENTRADAS_ZIP = 20_000
_ODF = {
    "application/vnd.oasis.opendocument.text": Tipo("documento", "application/vnd.oasis.opendocument.text", "odt"),
    "application/vnd.oasis.opendocument.spreadsheet": Tipo(
        "documento", "application/vnd.oasis.opendocument.spreadsheet", "ods"),
    "application/vnd.oasis.opendocument.presentation": Tipo(
        "documento", "application/vnd.oasis.opendocument.presentation", "odp"),
}
_OOXML = (
    ("word/", Tipo("documento", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")),
    ("xl/", Tipo("documento", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")),
    ("ppt/", Tipo("documento", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")),
)
PSD = Tipo("diseno", "image/vnd.adobe.photoshop", "psd")
AI = Tipo("diseno", "application/illustrator", "ai")
SVG = Tipo("diseno", "image/svg+xml", "svg")
EXTENSIONES = {t.mime: {t.extension} for t in (*_ODF.values(), *(t for _, t in _OOXML), PSD, AI, SVG)}
_MARCAS_AI = (b"Adobe Illustrator", b"AIPrivateData", b"%AI5_", b"%%AI8_")
_SVG = re.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]{0,400}>\s*)*<svg[\s>/:]", re.DOTALL)


def detectar_oficina(ruta: Path, cabecera: bytes) -> Tipo | None:
    """El tipo de oficina o de diseño de un archivo ya bajado, o ``None``."""
    if cabecera.startswith(b"8BPS"):
        return PSD
    if cabecera.startswith(b"PK\x03\x04"):
        return _zip(ruta)
    if cabecera.startswith((b"%PDF-", b"%!PS-Adobe")):
        return AI if _es_illustrator(ruta) else None
    if cabecera.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _svg(ruta)
    return None


def _zip(ruta: Path) -> Tipo | None:
    try:
        with zipfile.ZipFile(ruta) as z:
            entradas = z.infolist()
            if len(entradas) > MAX_ENTRADAS_ZIP:
                return None
            nombres = {e.filename for e in entradas}
            if "mimetype" in nombres:
                info = z.getinfo("mimetype")
                if info.file_size > 200:
                    return None
                return _ODF.get(z.read(info).decode("ascii", "replace").strip())
            if "[Content_Types].xml" in nombres:
                for carpeta, tipo in _OOXML:
                    if any(n.startswith(carpeta) for n in nombres):
                        return tipo
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return None
    return None


def _es_illustrator(ruta: Path) -> bool:
    with open(ruta, "rb") as f:
        inicio = f.read(LECTURA_AI)
    return any(marca in inicio for marca in _MARCAS_AI)


def _svg(ruta: Path) -> Tipo | None:
    with open(ruta, "rb") as f:
        inicio = f.read(LECTURA_SVG)
    try:
        texto = inicio.decode("utf-8")
    except UnicodeDecodeError:
        # Cortado a la mitad de una letra: basta con lo que se pudo leer.
        texto = inicio.decode("utf-8", "ignore")
    return SVG if _SVG.match(texto) else None
