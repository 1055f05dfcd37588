"""La ubicación de un video o audio ISO BMFF (MP4, MOV, M4A, 3GP): dónde la graban y cómo se quita.

- ``©xyz`` (texto ISO 6709, «+19.4326-099.1332/»), el de los teléfonos Android y muchas cámaras, en
  ``moov/udta`` (o en ``trak/udta``): la caja pasa a ser ``free`` y su contenido, ceros. Si va como
  ítem de una lista ``ilst`` (estilo iTunes), su valor se llena de espacios.
- ``loci`` (3GPP: longitud, latitud y altitud en binario, lo que escribe ffmpeg en un MP4): igual, ``free``.
- la clave ``com.apple.quicktime.location.ISO6709`` del iPhone en ``moov/meta`` (``keys`` + ``ilst``;
  el valor está en el ítem de ``ilst`` cuyo número es el de la clave) y sus parientes
  ``…location.accuracy.horizontal``, ``…location.name``…: el valor se llena de espacios (texto) o de
  ceros (números) y el nombre de la clave se cambia por uno sin sentido del mismo largo; las cajas quedan
  como estaban, así que cualquier lector las sigue entendiendo.
- el XMP: caja ``uuid`` BE7ACFCB-97A9-42E8-9C71-999491E3AFAC (MP4) o ``XMP_`` en ``udta`` (QuickTime).

Se recorren solo las cajas que pueden llevar eso (``moov``, ``trak``, ``udta``, ``meta``, ``ilst``), nunca
``mdat``: un video de horas se revisa leyendo unos cuantos KB. Tamaños de 64 bits (``size`` 1), ``size``
0 (hasta el final de la caja que la contiene), ``meta`` con o sin el encabezado de 4 bytes (MP4 lo lleva,
QuickTime no). Un archivo truncado o con tamaños que mienten no truena ni cuelga: una caja que dice
medir menos que su encabezado o más que lo que la contiene termina el recorrido de ese nivel, y hay
tope de profundidad y de cajas. Lo que se haya encontrado hasta ahí se quita igual.

No se quita (no está en cajas de metadatos sino cuadro a cuadro, dentro de ``mdat``) la ubicación que
algunas cámaras graban como pista de datos: la telemetría GPMF de una GoPro o los subtítulos de un dron.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from asistente.archivo.privacidad.comun import Legible, Parche, parches_de_piezas
from asistente.archivo.privacidad.xmp import limpiar

_XYZ = b"\xa9xyz"
_XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")
_CONTENEDORES = frozenset({b"moov", b"trak", b"udta"})
_MAX_CAJAS = 100_000
_MAX_PROFUNDIDAD = 16
_MAX_CLAVES = 10_000
_MAX_XMP = 16 * 1024 * 1024
_MAX_VALOR = 1024 * 1024  # una ubicación mide decenas de bytes: no se arma un parche del tamaño del archivo
_MARCAS_DE_IMAGEN = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"mif2", b"msf1",
                               b"avif", b"avis", b"avci", b"jpeg"})
_ISO6709 = re.compile(rb"\s*([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)")


def es_video_o_audio(datos: Legible) -> bool:
    """Un MP4, MOV, M4A o 3GP (cajas ISO BMFF que no son una imagen HEIC/AVIF)."""
    return datos[4:8] == b"ftyp" and bytes(datos[8:12]) not in _MARCAS_DE_IMAGEN


class _Caja(NamedTuple):
    inicio: int
    contenido: int  # donde empieza lo de adentro (después de tamaño y tipo)
    fin: int  # nunca más allá de la caja que la contiene ni del archivo
    tipo: bytes


@dataclass
class Hallazgos:
    parches: list[Parche] = field(default_factory=list)
    lugares: list[tuple[float, float]] = field(default_factory=list)  # (latitud, longitud)


class _Demasiado(Exception):
    """Más cajas de las que tiene un archivo de verdad: se deja de buscar."""


def buscar(datos: Legible) -> Hallazgos:
    """Los parches que quitan la ubicación del video y las ubicaciones que traía."""
    recorrido = _Recorrido(datos)
    try:
        recorrido.recorrer(0, len(datos), 0)
    except _Demasiado:
        pass
    return recorrido.hallazgos


def lugar_iso6709(texto: bytes) -> tuple[float, float] | None:
    """(latitud, longitud) de «+19.4326-099.1332+2240/» (grados, o grados y minutos, o grados, minutos
    y segundos, como permite ISO 6709); ``None`` si no se entiende, está fuera de rango o es 0,0."""
    m = _ISO6709.match(texto)
    if m is None:
        return None
    latitud, longitud = _grados(m.group(1), 2), _grados(m.group(2), 3)
    if latitud is None or longitud is None or abs(latitud) > 90 or abs(longitud) > 180:
        return None
    return None if latitud == 0 and longitud == 0 else (latitud, longitud)


def _grados(texto: bytes, digitos: int) -> float | None:
    signo = -1.0 if texto[:1] == b"-" else 1.0
    cuerpo = texto[1:].decode("ascii")
    entero = cuerpo.partition(".")[0]
    if len(entero) == digitos:
        return signo * float(cuerpo)
    if len(entero) == digitos + 2:
        return signo * (int(entero[:digitos]) + float(cuerpo[digitos:]) / 60)
    if len(entero) == digitos + 4:
        return signo * (int(entero[:digitos]) + int(entero[digitos:digitos + 2]) / 60 + float(cuerpo[digitos + 2:]) / 3600)
    return None


class _Recorrido:
    def __init__(self, datos: Legible) -> None:
        self.datos = datos
        self.hallazgos = Hallazgos()
        self.cajas = 0

    def _u32(self, posicion: int) -> int:
        return int(struct.unpack(">I", self.datos[posicion:posicion + 4])[0])

    def cajas_en(self, desde: int, hasta: int) -> Iterator[_Caja]:
        """Las cajas de ``[desde, hasta)``; se detiene en la primera que no tiene sentido."""
        posicion = desde
        while posicion + 8 <= hasta:
            self.cajas += 1
            if self.cajas > _MAX_CAJAS:
                raise _Demasiado()
            tamanio, tipo, encabezado = self._u32(posicion), bytes(self.datos[posicion + 4:posicion + 8]), 8
            if tamanio == 1:  # 64 bits, después del tipo
                if posicion + 16 > hasta:
                    return
                tamanio, encabezado = int(struct.unpack(">Q", self.datos[posicion + 8:posicion + 16])[0]), 16
            elif tamanio == 0:  # hasta el final de lo que la contiene
                tamanio = hasta - posicion
            if tamanio < encabezado:
                return
            yield _Caja(posicion, posicion + encabezado, min(posicion + tamanio, hasta), tipo)
            posicion += tamanio

    def recorrer(self, desde: int, hasta: int, profundidad: int) -> None:
        if profundidad > _MAX_PROFUNDIDAD:
            return
        for caja in self.cajas_en(desde, hasta):
            if caja.tipo in (_XYZ, b"loci"):
                self._anotar_lugar(caja)
                self._parche((caja.inicio + 4, b"free"))
                self._parche((caja.contenido, bytes(min(caja.fin - caja.contenido, _MAX_VALOR))))
            elif caja.tipo == b"XMP_":
                self._limpiar_xmp(caja.contenido, caja.fin)
            elif caja.tipo == b"uuid" and self.datos[caja.contenido:caja.contenido + 16] == _XMP_UUID:
                self._limpiar_xmp(caja.contenido + 16, caja.fin)
            elif caja.tipo == b"meta":
                self._meta(caja, profundidad + 1)
            elif caja.tipo in _CONTENEDORES:
                self.recorrer(caja.contenido, caja.fin, profundidad + 1)

    def _parche(self, parche: Parche) -> None:
        if parche[1]:
            self.hallazgos.parches.append(parche)

    def _limpiar_xmp(self, desde: int, hasta: int) -> None:
        hasta = min(hasta, desde + _MAX_XMP)
        if desde < hasta:
            self.hallazgos.parches.extend(parches_de_piezas(self.datos, [(desde, hasta)], limpiar))

    def _anotar_lugar(self, caja: _Caja) -> None:
        contenido = bytes(self.datos[caja.contenido:min(caja.fin, caja.contenido + 256)])
        if caja.tipo == _XYZ:  # texto QuickTime: largo (2 bytes), idioma (2 bytes) y el texto
            lugar = lugar_iso6709(contenido[4:])
        else:  # loci: versión (4), idioma (2), nombre terminado en cero, papel (1), longitud, latitud, altitud
            nombre_fin = contenido.find(b"\x00", 6)
            numeros = contenido[nombre_fin + 2:nombre_fin + 10] if nombre_fin >= 0 else b""
            lugar = None
            if len(numeros) == 8:
                longitud, latitud = (n / 65536 for n in struct.unpack(">ii", numeros))
                if abs(latitud) <= 90 and abs(longitud) <= 180 and (latitud, longitud) != (0, 0):
                    lugar = (latitud, longitud)
        if lugar is not None:
            self.hallazgos.lugares.append(lugar)

    def _meta(self, caja: _Caja, profundidad: int) -> None:
        """``meta``: con el encabezado de 4 bytes (versión y banderas) en MP4, sin él en QuickTime."""
        desde = caja.contenido
        if not _parece_tipo(bytes(self.datos[desde + 4:desde + 8])):
            desde += 4
        hijas = list(self.cajas_en(desde, caja.fin))
        claves: dict[int, tuple[int, int]] = {}  # número de la clave de lugar → (posición y largo de su nombre)
        for hija in hijas:
            if hija.tipo == b"keys":
                claves = self._claves_de_lugar(hija)
                for numero, (posicion, largo) in claves.items():
                    self._parche((posicion, _nombre_inocuo(numero, largo)))
        for hija in hijas:
            if hija.tipo == b"ilst":
                self._ilst(hija, claves)
            elif hija.tipo in (b"uuid", b"XMP_", b"meta") or hija.tipo in _CONTENEDORES:
                self.recorrer(hija.inicio, hija.fin, profundidad)

    def _claves_de_lugar(self, caja: _Caja) -> dict[int, tuple[int, int]]:
        """Las claves de ``keys`` (versión y banderas, cuántas, y cada una: tamaño, espacio «mdta», nombre)
        que dicen dónde: su número (desde 1) y dónde está su nombre."""
        claves: dict[int, tuple[int, int]] = {}
        posicion, fin = caja.contenido + 8, caja.fin
        cuantas = self._u32(caja.contenido + 4) if caja.contenido + 8 <= fin else 0
        for numero in range(1, min(cuantas, _MAX_CLAVES) + 1):
            if posicion + 8 > fin:
                break
            tamanio = self._u32(posicion)
            if tamanio < 8 or posicion + tamanio > fin:
                break
            nombre = bytes(self.datos[posicion + 8:posicion + tamanio]).lower()
            if b"location" in nombre or b"gps" in nombre or b"iso6709" in nombre:
                claves[numero] = (posicion + 8, tamanio - 8)
            posicion += tamanio
        return claves

    def _ilst(self, caja: _Caja, claves: dict[int, tuple[int, int]]) -> None:
        """Los ítems de ``ilst``: se llama como su clave (``©xyz``) o lleva su número (el de ``keys``)."""
        for item in self.cajas_en(caja.contenido, caja.fin):
            if item.tipo != _XYZ and int.from_bytes(item.tipo, "big") not in claves:
                continue
            for dato in self.cajas_en(item.contenido, item.fin):
                if dato.tipo != b"data" or dato.contenido + 8 > dato.fin:
                    continue
                valor = dato.contenido + 8  # tipo del valor (4 bytes) y país/idioma (4 bytes)
                texto = self._u32(dato.contenido) & 0xFFFFFF == 1  # UTF-8
                lugar = lugar_iso6709(bytes(self.datos[valor:min(dato.fin, valor + 256)])) if texto else None
                if lugar is not None:
                    self.hallazgos.lugares.append(lugar)
                self._parche((valor, (b" " if texto else b"\x00") * min(dato.fin - valor, _MAX_VALOR)))


def _parece_tipo(tipo: bytes) -> bool:
    return len(tipo) == 4 and all(0x20 <= c <= 0x7E or c == 0xA9 for c in tipo)


def _nombre_inocuo(numero: int, largo: int) -> bytes:
    """Un nombre de clave que no dice nada, del mismo largo (y distinto para cada clave)."""
    return f"borrado.{numero}.".encode().ljust(largo, b"x")[:largo]
