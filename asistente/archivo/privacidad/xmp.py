"""El lugar dentro de un paquete XMP: sus valores se llenan de espacios (mismo largo, el XML sigue válido).

Se borra el valor de toda propiedad cuyo nombre (sin prefijo) empieza con «GPS» (``exif:GPSLatitude``,
``exif:GPSLongitude``, ``exif:GPSAltitude``, ``exif:GPSTimeStamp``…, ``drone-dji:GpsLatitude``) o es de
lugar (``photoshop:City``, ``photoshop:State``, ``photoshop:Country``, ``Iptc4xmpCore:Location``, las
estructuras ``Iptc4xmpExt:LocationShown``/``LocationCreated`` con todo lo que llevan dentro), esté escrita
como atributo (``exif:GPSLatitude="19,25.956N"``) o como elemento (``<exif:GPSLatitude>…</…>``). Las
etiquetas, los espacios de nombres, ``xml:lang`` y ``rdf:parseType`` se quedan: el paquete se sigue
leyendo, con esos valores en blanco. Solo XMP en UTF-8 (el de toda cámara y programa de hoy).

Dónde está el paquete: en las imágenes se busca ``<x:xmpmeta``/``<?xpacket begin`` en todo el archivo
(el APP1 de un JPEG y de las imágenes que lleva dentro, el ``iTXt`` de un PNG, el trozo ``XMP `` de un
WebP, la etiqueta 700 de un TIFF, el ítem XMP de un HEIC); además, el XMP extendido de un JPEG (partido
en varios APP1) se junta en orden antes de limpiarlo. En un video, quien recorre las cajas da el lugar.
"""

from __future__ import annotations

import re
import struct

from asistente.archivo.privacidad.comun import Datos, Parche, parches_de_piezas

_LUGAR = frozenset({
    "city", "state", "country", "location", "sublocation", "provincestate", "countryname", "countrycode",
    "worldregion", "locationshown", "locationcreated", "latitude", "longitude", "altitude", "absolutealtitude",
})
_NOMBRE = rb"[A-Za-z_][\w.\-]*"
_ATRIBUTO = re.compile(rb"(?<![\w.:\-])(" + _NOMBRE + rb"):(" + _NOMBRE + rb")\s*=\s*(\"[^\"]*\"|'[^']*')")
_APERTURA = re.compile(rb"<(" + _NOMBRE + rb":(" + _NOMBRE + rb"))(?:\s[^<>]*?)?(/?)>")
_ATRIBUTO_SUELTO = re.compile(rb"(" + _NOMBRE + rb"(?::" + _NOMBRE + rb")?)\s*=\s*(\"[^\"]*\"|'[^']*')")
_SE_QUEDAN = (b"xml:lang", b"rdf:parseType")
_ESPACIOS = b" \t\r\n"

_INICIOS = (b"<x:xmpmeta", b"<x:xapmeta", b"<?xpacket begin")
_FINES = (b"</x:xmpmeta>", b"</x:xapmeta>", b"<?xpacket end")
_MAX_PAQUETE = 16 * 1024 * 1024
_MAX_PAQUETES = 1000
_JPEG_XMP_EXTENDIDO = b"http://ns.adobe.com/xmp/extension/\x00"


def es_lugar(nombre: bytes) -> bool:
    minusculas = nombre.decode("ascii", "replace").lower()
    return minusculas.startswith("gps") or minusculas in _LUGAR


def limpiar(texto: bytes) -> bytes:
    """El paquete XMP con los valores de lugar en blanco (mismo largo)."""
    salida = bytearray(texto)
    for m in _ATRIBUTO.finditer(texto):
        if m.group(1) != b"xmlns" and es_lugar(m.group(2)):
            a, b = m.span(3)
            _en_blanco(salida, a + 1, b - 1)
    for m in _APERTURA.finditer(texto):
        if m.group(3) == b"/" or not es_lugar(m.group(2)):
            continue
        cierre = texto.find(b"</" + m.group(1), m.end())
        _contenido_en_blanco(salida, texto, m.end(), cierre if cierre >= 0 else len(texto))
    return bytes(salida)


def _en_blanco(salida: bytearray, desde: int, hasta: int) -> None:
    for i in range(desde, hasta):
        if salida[i] not in _ESPACIOS:
            salida[i] = 0x20


def _contenido_en_blanco(salida: bytearray, texto: bytes, desde: int, hasta: int) -> None:
    """El texto de un elemento (y de lo que lleva dentro) en blanco; sus etiquetas se quedan."""
    posicion = desde
    while posicion < hasta:
        etiqueta = texto.find(b"<", posicion, hasta)
        if etiqueta < 0:
            _en_blanco(salida, posicion, hasta)
            return
        _en_blanco(salida, posicion, etiqueta)
        if texto.startswith(b"<![CDATA[", etiqueta):
            fin = texto.find(b"]]>", etiqueta, hasta)
            fin = hasta if fin < 0 else fin
            _en_blanco(salida, etiqueta + 9, fin)
            posicion = fin + 3
            continue
        cierra = b"-->" if texto.startswith(b"<!--", etiqueta) else b">"
        fin = texto.find(cierra, etiqueta, hasta)
        fin = hasta if fin < 0 else fin + len(cierra)
        if cierra == b">":
            for m in _ATRIBUTO_SUELTO.finditer(texto, etiqueta, fin):
                if m.group(1) not in _SE_QUEDAN and not m.group(1).startswith(b"xmlns"):
                    a, b = m.span(2)
                    _en_blanco(salida, a + 1, b - 1)
        posicion = fin


def parches_xmp(datos: Datos) -> list[Parche]:
    """Los parches que dejan sin lugar los paquetes XMP de una imagen."""
    parches: list[Parche] = []
    for piezas in _paquetes(datos) + _xmp_extendido_jpeg(datos):
        parches.extend(p for p in parches_de_piezas(datos, piezas, limpiar) if p not in parches)
    return parches


def _paquetes(datos: Datos) -> list[list[tuple[int, int]]]:
    """Cada paquete XMP del archivo, del ``<x:xmpmeta`` (o ``<?xpacket begin``) a su cierre. Nunca pasa
    de un byte 0xFF (no existe en UTF-8: es lo que sigue, p. ej. el siguiente segmento de un JPEG). Uno
    sin cierre cuenta en un JPEG hasta ese 0xFF (el fin de su segmento: un trozo del XMP extendido) o si
    el archivo termina ahí (truncado); si no, no se toca: no se sabe dónde termina el texto."""
    paquetes: list[list[tuple[int, int]]] = []
    jpeg = datos[:2] == b"\xff\xd8"
    for inicio in _INICIOS:
        posicion = datos.find(inicio)
        while posicion >= 0 and len(paquetes) < _MAX_PAQUETES:
            limite = min(len(datos), posicion + _MAX_PAQUETE)
            binario = datos.find(b"\xff", posicion, limite)
            limite = limite if binario < 0 else binario
            fines = [f for f in (datos.find(fin, posicion, limite) for fin in _FINES) if f >= 0]
            if fines:
                paquetes.append([(posicion, min(fines))])
            elif (jpeg and binario >= 0) or limite == len(datos):
                paquetes.append([(posicion, limite)])
            posicion = datos.find(inicio, posicion + 1)
    return paquetes


def _xmp_extendido_jpeg(datos: Datos) -> list[list[tuple[int, int]]]:
    """El XMP extendido de un JPEG: trozos de APP1 con el mismo GUID, que se leen juntos por su desfase."""
    if datos[:2] != b"\xff\xd8":
        return []
    trozos: dict[bytes, list[tuple[int, int, int]]] = {}
    posicion = 2
    while posicion + 4 <= len(datos):
        if datos[posicion] != 0xFF:
            break
        marca = datos[posicion + 1]
        if marca == 0xFF:  # relleno
            posicion += 1
            continue
        if marca in (0x01, 0xD8) or 0xD0 <= marca <= 0xD7:
            posicion += 2
            continue
        if marca in (0xDA, 0xD9):  # empieza la imagen: ya no hay metadatos
            break
        largo = struct.unpack(">H", datos[posicion + 2:posicion + 4])[0]
        if largo < 2:
            break
        contenido, fin = posicion + 4, min(len(datos), posicion + 2 + largo)
        cabecera = len(_JPEG_XMP_EXTENDIDO)
        if marca == 0xE1 and datos[contenido:contenido + cabecera] == _JPEG_XMP_EXTENDIDO and fin >= contenido + cabecera + 40:
            guid = bytes(datos[contenido + cabecera:contenido + cabecera + 32])
            desfase = struct.unpack(">I", datos[contenido + cabecera + 36:contenido + cabecera + 40])[0]
            trozos.setdefault(guid, []).append((desfase, contenido + cabecera + 40, fin))
        posicion += 2 + largo
    return [[(a, b) for _, a, b in sorted(lista)] for lista in trozos.values()]
