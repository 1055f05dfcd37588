"""Los originales que salen del archivo (la galería del portal, su ZIP) van sin GPS; el guardado lo
conserva (``/archivo ubicacion ID`` se lo muestra a un director).

No se recodifica la imagen: se reescribe solo el bloque EXIF, en su lugar y con el mismo largo. El
directorio GPS queda vacío (cero entradas) y sus entradas y valores se llenan de ceros; lo demás del
archivo (la imagen, los otros datos EXIF, la miniatura incrustada) sale byte por byte igual. Como el
largo no cambia, el original se sirve en flujo, con su ``Content-Length``, aplicando los parches al
pasar (``LectorParchado``).

Se encuentra el EXIF de un JPEG (APP1 ``Exif\\0\\0``), un HEIC (el ítem Exif, con o sin ese prefijo),
un WebP (trozo ``EXIF``), un PNG (trozo ``eXIf``, con su CRC recalculado) y un TIFF (el archivo mismo).
"""

from __future__ import annotations

import mmap
import struct
import zlib
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from asistente.archivo.almacen import Almacen

_GPS = 0x8825
# Bytes por valor de cada tipo TIFF (BYTE, ASCII, SHORT, LONG, RATIONAL, SBYTE, UNDEFINED, SSHORT,
# SLONG, SRATIONAL, FLOAT, DOUBLE, IFD).
_TAMANIOS = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_CABECERAS = (b"II*\x00", b"MM\x00*")
_MAX_ENTRADAS = 512

Parche = tuple[int, bytes]  # (posición en el archivo, bytes que van ahí)
Datos = bytes | mmap.mmap


def parches_sin_gps(ruta: Path) -> list[Parche]:
    """Los cambios (mismo largo) que dejan el archivo sin GPS; ``[]`` si no trae."""
    if ruta.stat().st_size == 0:
        return []
    with open(ruta, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as datos:
        return _parches(datos)


def quitar_gps(datos: bytes) -> bytes:
    """Los mismos bytes sin GPS (para quien tiene el archivo en memoria)."""
    salida = bytearray(datos)
    for posicion, nuevos in _parches(datos):
        salida[posicion:posicion + len(nuevos)] = nuevos
    return bytes(salida)


def _parches(datos: Datos) -> list[Parche]:
    parches: list[Parche] = []
    for inicio, trozo_png in _bloques_exif(datos):
        propios = _vaciar_gps(datos, inicio)
        if propios and trozo_png is not None:  # PNG: el CRC del trozo, con los datos ya cambiados
            propios.append(_crc_nuevo(datos, trozo_png, propios))
        parches.extend(p for p in propios if p not in parches)
    return sorted(parches)


def abrir_para_compartir(almacen: Almacen, clave: str, tipo: str) -> BinaryIO:
    """Un original tal como sale del archivo hacia afuera: una foto, sin GPS; lo demás, tal cual."""
    if tipo != "foto":
        return almacen.abrir(clave)
    return abrir_sin_gps(almacen.ruta_local(clave))


def abrir_sin_gps(ruta: Path) -> BinaryIO:
    """El archivo para servirlo: tal cual si no trae GPS; si trae, con el GPS borrado al pasar."""
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


# --- dónde está el EXIF ----------------------------------------------------------------------------------
def _bloques_exif(datos: Datos) -> list[tuple[int, tuple[int, int] | None]]:
    """(inicio de la cabecera TIFF, y en un PNG el trozo ``(inicio de sus datos, largo)`` cuyo CRC hay
    que rehacer) de cada bloque EXIF del archivo."""
    if datos[:4] in _CABECERAS:  # un TIFF: su propia cabecera
        return [(0, None)]
    if datos[:8] == b"\x89PNG\r\n\x1a\n":
        return _exif_de_png(datos)
    bloques: list[tuple[int, tuple[int, int] | None]] = []
    if datos[:4] == b"RIFF" and datos[8:12] == b"WEBP":
        posicion = 12
        while posicion + 8 <= len(datos):
            tipo, largo = datos[posicion:posicion + 4], struct.unpack("<I", datos[posicion + 4:posicion + 8])[0]
            if tipo == b"EXIF":
                inicio = posicion + 8 + (6 if datos[posicion + 8:posicion + 14] == b"Exif\x00\x00" else 0)
                bloques.append((inicio, None))
            posicion += 8 + largo + (largo & 1)
        return bloques
    # JPEG (APP1) y HEIC: «Exif\0\0» seguido de la cabecera TIFF; un HEIC también puede no llevarlo.
    for marca in (b"Exif\x00\x00II*\x00", b"Exif\x00\x00MM\x00*"):
        posicion = datos.find(marca)
        while posicion >= 0:
            bloques.append((posicion + 6, None))
            posicion = datos.find(marca, posicion + 1)
    if not bloques and datos[4:8] == b"ftyp":
        bloques.extend((i, None) for i in _exif_de_heif_sin_prefijo(datos))
    return bloques


def _exif_de_png(datos: Datos) -> list[tuple[int, tuple[int, int] | None]]:
    posicion = 8
    bloques: list[tuple[int, tuple[int, int] | None]] = []
    while posicion + 12 <= len(datos):
        largo = struct.unpack(">I", datos[posicion:posicion + 4])[0]
        tipo = datos[posicion + 4:posicion + 8]
        if tipo == b"eXIf":
            inicio = posicion + 8 + (6 if datos[posicion + 8:posicion + 14] == b"Exif\x00\x00" else 0)
            bloques.append((inicio, (posicion + 4, largo)))
        if tipo == b"IDAT":  # el EXIF de un PNG va antes de la imagen
            break
        posicion += 12 + largo
    return bloques


def _exif_de_heif_sin_prefijo(datos: Datos) -> list[int]:
    """Cabeceras TIFF sueltas de un HEIC (su ítem Exif empieza con 4 bytes de desfase y la cabecera)."""
    encontrados = []
    for cabecera in _CABECERAS:
        posicion = datos.find(cabecera)
        while posicion >= 0:
            if _ifd0(datos, posicion) is not None:
                encontrados.append(posicion)
            posicion = datos.find(cabecera, posicion + 1)
    return encontrados


# --- el directorio GPS --------------------------------------------------------------------------------------
def _ifd0(datos: Datos, inicio: int) -> tuple[str, int] | None:
    """(orden de bytes, posición absoluta del IFD0) si en ``inicio`` hay una cabecera TIFF sensata."""
    cabecera = datos[inicio:inicio + 8]
    if len(cabecera) < 8 or cabecera[:4] not in _CABECERAS:
        return None
    orden = "<" if cabecera[:2] == b"II" else ">"
    desfase = struct.unpack(orden + "I", cabecera[4:8])[0]
    if not 8 <= desfase < len(datos) - inicio - 2:
        return None
    return orden, inicio + desfase


def _vaciar_gps(datos: Datos, inicio: int) -> list[Parche]:
    """Los parches que dejan vacío el directorio GPS del bloque TIFF que empieza en ``inicio``."""
    ifd0 = _ifd0(datos, inicio)
    if ifd0 is None:
        return []
    orden, posicion = ifd0
    cuantas = struct.unpack(orden + "H", datos[posicion:posicion + 2])[0]
    if cuantas > _MAX_ENTRADAS:
        return []
    gps = None
    for i in range(cuantas):
        entrada = posicion + 2 + 12 * i
        etiqueta = struct.unpack(orden + "H", datos[entrada:entrada + 2])[0]
        if etiqueta == _GPS:
            gps = inicio + struct.unpack(orden + "I", datos[entrada + 8:entrada + 12])[0]
    if gps is None or gps + 2 > len(datos):
        return []
    cuantas = struct.unpack(orden + "H", datos[gps:gps + 2])[0]
    if cuantas == 0 or cuantas > _MAX_ENTRADAS or gps + 2 + 12 * cuantas > len(datos):
        return []
    parches: list[Parche] = [(gps, b"\x00\x00"), (gps + 2, bytes(12 * cuantas))]
    for i in range(cuantas):
        entrada = gps + 2 + 12 * i
        tipo, numero = struct.unpack(orden + "HI", datos[entrada + 2:entrada + 8])
        largo = _TAMANIOS.get(tipo, 1) * numero
        if largo > 4:  # el valor vive fuera de la entrada: también se borra
            valor = inicio + struct.unpack(orden + "I", datos[entrada + 8:entrada + 12])[0]
            if valor + largo <= len(datos) and largo <= 65536:
                parches.append((valor, bytes(largo)))
    return parches


def _crc_nuevo(datos: Datos, trozo: tuple[int, int], parches: list[Parche]) -> Parche:
    """El CRC de un trozo PNG (tipo + datos) con los parches ya aplicados."""
    desde, largo = trozo
    contenido = bytearray(datos[desde:desde + 4 + largo])
    for posicion, nuevos in parches:
        if desde <= posicion < desde + 4 + largo:
            contenido[posicion - desde:posicion - desde + len(nuevos)] = nuevos
    return desde + 4 + largo, struct.pack(">I", zlib.crc32(bytes(contenido)) & 0xFFFFFFFF)
