"""El directorio GPS del EXIF: se vacía (cero entradas) y sus entradas y valores se llenan de ceros.

Se encuentra el EXIF de un JPEG (APP1 ``Exif\\0\\0``, también el de las imágenes que lleva dentro, como
las de MPF), un HEIC (el ítem Exif, con o sin ese prefijo), un WebP (trozo ``EXIF``), un PNG (trozo
``eXIf``; su CRC lo rehace quien junta los parches) y un TIFF (el archivo mismo).
"""

from __future__ import annotations

import struct

from asistente.archivo.privacidad.comun import Datos, Parche

_GPS = 0x8825
# Bytes por valor de cada tipo TIFF (BYTE, ASCII, SHORT, LONG, RATIONAL, SBYTE, UNDEFINED, SSHORT,
# SLONG, SRATIONAL, FLOAT, DOUBLE, IFD).
_TAMANIOS = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
CABECERAS_TIFF = (b"II*\x00", b"MM\x00*")
_MAX_ENTRADAS = 512
_MAX_TROZOS = 100_000


def parches_exif(datos: Datos) -> list[Parche]:
    """Los parches que dejan sin GPS cada bloque EXIF del archivo."""
    parches: list[Parche] = []
    for inicio in _bloques_exif(datos):
        parches.extend(p for p in _vaciar_gps(datos, inicio) if p not in parches)
    return parches


def _bloques_exif(datos: Datos) -> list[int]:
    """El inicio de la cabecera TIFF de cada bloque EXIF del archivo."""
    if datos[:4] in CABECERAS_TIFF:  # un TIFF: su propia cabecera
        return [0]
    if datos[:8] == b"\x89PNG\r\n\x1a\n":
        return _exif_de_png(datos)
    bloques: list[int] = []
    if datos[:4] == b"RIFF" and datos[8:12] == b"WEBP":
        posicion = 12
        while posicion + 8 <= len(datos) and len(bloques) < _MAX_TROZOS:
            tipo, largo = datos[posicion:posicion + 4], struct.unpack("<I", datos[posicion + 4:posicion + 8])[0]
            if tipo == b"EXIF":
                bloques.append(posicion + 8 + (6 if datos[posicion + 8:posicion + 14] == b"Exif\x00\x00" else 0))
            posicion += 8 + largo + (largo & 1)
        return bloques
    # JPEG (APP1) y HEIC: «Exif\0\0» seguido de la cabecera TIFF; un HEIC también puede no llevarlo.
    for marca in (b"Exif\x00\x00II*\x00", b"Exif\x00\x00MM\x00*"):
        posicion = datos.find(marca)
        while posicion >= 0:
            bloques.append(posicion + 6)
            posicion = datos.find(marca, posicion + 1)
    if not bloques and datos[4:8] == b"ftyp":
        bloques.extend(_exif_de_heif_sin_prefijo(datos))
    return bloques


def _exif_de_png(datos: Datos) -> list[int]:
    posicion = 8
    bloques: list[int] = []
    while posicion + 12 <= len(datos):
        largo = struct.unpack(">I", datos[posicion:posicion + 4])[0]
        tipo = datos[posicion + 4:posicion + 8]
        if tipo == b"eXIf":
            bloques.append(posicion + 8 + (6 if datos[posicion + 8:posicion + 14] == b"Exif\x00\x00" else 0))
        if tipo == b"IDAT":  # el EXIF de un PNG va antes de la imagen
            break
        posicion += 12 + largo
    return bloques


def _exif_de_heif_sin_prefijo(datos: Datos) -> list[int]:
    """Cabeceras TIFF sueltas de un HEIC (su ítem Exif empieza con 4 bytes de desfase y la cabecera)."""
    encontrados = []
    for cabecera in CABECERAS_TIFF:
        posicion = datos.find(cabecera)
        while posicion >= 0:
            if _ifd0(datos, posicion) is not None:
                encontrados.append(posicion)
            posicion = datos.find(cabecera, posicion + 1)
    return encontrados


def _ifd0(datos: Datos, inicio: int) -> tuple[str, int] | None:
    """(orden de bytes, posición absoluta del IFD0) si en ``inicio`` hay una cabecera TIFF sensata."""
    cabecera = datos[inicio:inicio + 8]
    if len(cabecera) < 8 or cabecera[:4] not in CABECERAS_TIFF:
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
    cuantas = min(cuantas, (len(datos) - posicion - 2) // 12)  # un archivo truncado: las que caben
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
