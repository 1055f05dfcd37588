"""Los originales que salen del archivo (la galería del portal, su ZIP) van sin ubicación; el guardado la
conserva (``/archivo ubicacion ID`` se la muestra a un director).

Nada se recodifica: se reescriben solo los bytes que dicen dónde, en su lugar y con el mismo largo; lo
demás del archivo (la imagen, el video, los otros metadatos) sale byte por byte igual. Como el largo no
cambia, el original se sirve en flujo, con su ``Content-Length``, aplicando los parches al pasar
(``LectorParchado``). Qué se quita:

- de una foto, el directorio GPS de su EXIF (``exif``: JPEG, HEIC, WebP, PNG y TIFF), que queda vacío y
  lleno de ceros, y el lugar de su XMP (``xmp``: ``exif:GPSLatitude``…, ``photoshop:City``…), en blanco;
  en un PNG se rehace el CRC de cada trozo tocado, y un XMP comprimido que traía lugar se vacía entero
  (el trozo pasa a ser uno privado que los lectores ignoran);
- de un video o audio MP4, MOV, M4A o 3GP, ``©xyz``, ``loci``, las claves ``…location…`` del iPhone y el
  lugar de su XMP (``cajas``).

Un archivo raro, truncado o con tamaños que mienten no truena: se quita lo que se alcanzó a encontrar,
y si no se encontró nada sale tal cual: lo que no se entiende no se puede quitar sin recodificar, y
negarlo dejaría sin su archivo a quien lo pidió (un archivo así casi siempre es un video dañado, que
tampoco entienden los lectores de metadatos).
"""

from __future__ import annotations

import mmap
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from asistente.archivo.almacen import Almacen
from asistente.archivo.privacidad import cajas
from asistente.archivo.privacidad.comun import Datos, Parche, PorRangos, aplicar, dentro
from asistente.archivo.privacidad.exif import parches_exif
from asistente.archivo.privacidad.xmp import limpiar, parches_xmp

__all__ = ["LectorParchado", "Parche", "abrir_para_compartir", "abrir_sin_gps", "parches_sin_gps", "quitar_gps",
           "ubicacion_de_video"]

_CON_UBICACION = ("foto", "video", "audio")
_PNG = b"\x89PNG\r\n\x1a\n"
_MAX_TROZOS_PNG = 100_000
_MAX_XMP_COMPRIMIDO = 16 * 1024 * 1024
_XMP_PNG = b"XML:com.adobe.xmp\x00"
_TROZO_VACIO = b"vaCo"  # auxiliar, privado, se puede copiar: un lector de PNG lo ignora


def parches_sin_gps(ruta: Path) -> list[Parche]:
    """Los cambios (mismo largo) que dejan el archivo sin ubicación; ``[]`` si no trae."""
    with _mapa(ruta) as datos:
        return _parches(datos)


def quitar_gps(datos: bytes) -> bytes:
    """Los mismos bytes sin ubicación (para quien tiene el archivo en memoria)."""
    salida = bytearray(datos)
    for posicion, nuevos in _parches(datos):
        salida[posicion:posicion + len(nuevos)] = nuevos
    return bytes(salida)


def ubicacion_de_video(ruta: Path) -> tuple[float, float] | None:
    """(latitud, longitud) que grabó el teléfono o la cámara en un MP4, MOV, M4A o 3GP; ``None`` si no trae."""
    with _mapa(ruta) as datos:
        if not datos or not cajas.es_video_o_audio(datos):
            return None
        lugares = cajas.buscar(datos).lugares
    return lugares[0] if lugares else None


@contextmanager
def _mapa(ruta: Path) -> Iterator[Datos]:
    """El archivo en memoria compartida (``b""`` si está vacío: mmap no mapea cero bytes)."""
    if ruta.stat().st_size == 0:
        yield b""
        return
    with open(ruta, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as datos:
        yield datos


def _parches(datos: Datos) -> list[Parche]:
    if not datos:
        return []
    if cajas.es_video_o_audio(datos):
        parches = cajas.buscar(datos).parches
    else:
        parches = parches_exif(datos)
        parches.extend(p for p in parches_xmp(datos) if p not in parches)
        if datos[:8] == _PNG:
            parches.extend(_png(datos, parches))
    return dentro(parches, len(datos))


def abrir_para_compartir(almacen: Almacen, clave: str, tipo: str) -> BinaryIO:
    """Un original tal como sale del archivo hacia afuera: una foto, un video o un audio, sin ubicación;
    lo demás (un PDF, un documento), tal cual.

    De un video o audio se leen solo sus cajas de metadatos (``Almacen.leer``: en S3, unos cuantos GET
    con ``Range``) y se sirve en flujo como siempre; uno que no es MP4/MOV/M4A/3GP (MP3, WAV, OGG) sale
    tal cual. Una foto se lee de su ruta local (en S3, la copia en caché)."""
    if tipo not in _CON_UBICACION:
        return almacen.abrir(clave)
    if tipo != "foto":
        datos = PorRangos(lambda desde, largo: almacen.leer(clave, desde, largo), almacen.tamanio(clave))
        parches = dentro(cajas.buscar(datos).parches, len(datos)) if cajas.es_video_o_audio(datos) else []
        archivo = almacen.abrir(clave)
        return LectorParchado(archivo, parches) if parches else archivo  # type: ignore[return-value]
    return abrir_sin_gps(almacen.ruta_local(clave))


def abrir_sin_gps(ruta: Path) -> BinaryIO:
    """El archivo para servirlo: tal cual si no trae ubicación; si trae, con ella borrada al pasar."""
    parches = parches_sin_gps(ruta)
    archivo = open(ruta, "rb")
    return LectorParchado(archivo, parches) if parches else archivo  # type: ignore[return-value]


class LectorParchado:
    """Un archivo que se lee con ciertos bytes reemplazados (mismo largo)."""

    def __init__(self, archivo: BinaryIO, parches: list[Parche]) -> None:
        self._archivo = archivo
        self._parches = parches
        self._posicion = 0

    def read(self, n: int = -1) -> bytes:
        inicio = self._posicion
        trozo = bytearray(self._archivo.read(n))
        fin = inicio + len(trozo)
        for posicion, nuevos in self._parches:
            desde, hasta = max(posicion, inicio), min(posicion + len(nuevos), fin)
            if desde < hasta:
                trozo[desde - inicio:hasta - inicio] = nuevos[desde - posicion:hasta - posicion]
        self._posicion = fin
        return bytes(trozo)

    def close(self) -> None:
        self._archivo.close()

    def __enter__(self) -> LectorParchado:
        return self

    def __exit__(self, tipo: type[BaseException] | None, error: BaseException | None,
                 traza: TracebackType | None) -> None:
        self.close()


# --- PNG: el XMP comprimido y los CRC -------------------------------------------------------------------
def _png(datos: Datos, parches: list[Parche]) -> list[Parche]:
    """Un ``iTXt`` XMP comprimido que trae lugar se vacía (y pasa a ser un trozo privado); después, el CRC
    de cada trozo tocado se rehace con los datos ya cambiados."""
    trozos: list[tuple[int, int]] = []  # (inicio, largo de sus datos)
    extra: list[Parche] = []
    posicion = 8
    while posicion + 12 <= len(datos) and len(trozos) < _MAX_TROZOS_PNG:
        largo, tipo = struct.unpack(">I4s", datos[posicion:posicion + 8])
        if posicion + 12 + largo > len(datos):
            break
        if tipo == b"iTXt" and datos[posicion + 8:posicion + 26] == _XMP_PNG and datos[posicion + 26] == 1:
            extra.extend(_xmp_comprimido(datos, posicion, largo))
        trozos.append((posicion, largo))
        if tipo == b"IEND":
            break
        posicion += 12 + largo
    todos = parches + extra
    for inicio, largo in trozos:
        desde, hasta = inicio + 4, inicio + 8 + largo  # el CRC cubre el tipo y los datos
        if any(p < hasta and p + len(b) > desde for p, b in todos):
            crc = zlib.crc32(aplicar(datos, desde, hasta, todos)) & 0xFFFFFFFF
            extra.append((hasta, struct.pack(">I", crc)))
    return extra


def _xmp_comprimido(datos: Datos, inicio: int, largo: int) -> list[Parche]:
    """iTXt: palabra clave\\0, comprimido (1), método (1), idioma\\0, palabra traducida\\0 y el texto."""
    contenido = bytes(datos[inicio + 8:inicio + 8 + largo])
    idioma_fin = contenido.find(b"\x00", len(_XMP_PNG) + 2)
    traducida_fin = contenido.find(b"\x00", idioma_fin + 1) if idioma_fin >= 0 else -1
    if traducida_fin < 0:
        return []
    try:
        texto = zlib.decompressobj().decompress(contenido[traducida_fin + 1:], _MAX_XMP_COMPRIMIDO)
    except zlib.error:
        return []
    if limpiar(texto) == texto:
        return []
    return [(inicio + 4, _TROZO_VACIO), (inicio + 8, bytes(largo))]
