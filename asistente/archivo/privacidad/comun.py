"""Lo que comparten las partes de la privacidad: qué es un parche y cómo sale de unos bytes limpiados."""

from __future__ import annotations

import mmap
from collections.abc import Callable

Parche = tuple[int, bytes]  # (posición en el archivo, bytes que van ahí)
Datos = bytes | mmap.mmap


class PorRangos:
    """Un archivo que se lee a pedazos con ``leer(desde, largo)`` (un GET con ``Range`` en S3), en
    bloques que se guardan ya leídos: para recorrer las cajas de un video sin bajarlo entero. Solo
    rebanadas (``datos[a:b]``), como las usa el recorrido de las cajas."""

    BLOQUE = 64 * 1024
    MAX_BLOQUES = 256  # 16 MB: más que todas las cajas de metadatos de un video de horas

    def __init__(self, leer: Callable[[int, int], bytes], tamanio: int) -> None:
        self._leer = leer
        self._tamanio = tamanio
        self._bloques: dict[int, bytes] = {}

    def __len__(self) -> int:
        return self._tamanio

    def __getitem__(self, rebanada: slice) -> bytes:
        inicio, fin, _ = rebanada.indices(self._tamanio)
        if inicio >= fin:
            return b""
        primero, ultimo = inicio // self.BLOQUE, (fin - 1) // self.BLOQUE
        pedazos = b"".join(self._bloque(n) for n in range(primero, ultimo + 1))
        return pedazos[inicio - primero * self.BLOQUE:fin - primero * self.BLOQUE]

    def _bloque(self, numero: int) -> bytes:
        if numero not in self._bloques:
            if len(self._bloques) >= self.MAX_BLOQUES:
                self._bloques.clear()
            self._bloques[numero] = self._leer(numero * self.BLOQUE, self.BLOQUE)
        return self._bloques[numero]


Legible = Datos | PorRangos  # lo que sabe leer el recorrido de las cajas


def dentro(parches: list[Parche], tamanio: int) -> list[Parche]:
    """Los parches recortados al archivo, en orden y sin repetir: el largo no cambia nunca."""
    return sorted({(p, b[:tamanio - p]) for p, b in parches if 0 <= p < tamanio and b})


def aplicar(datos: Datos, desde: int, hasta: int, parches: list[Parche]) -> bytes:
    """Los bytes ``[desde, hasta)`` del archivo con los parches ya puestos."""
    trozo = bytearray(datos[desde:hasta])
    for posicion, nuevos in parches:
        a, b = max(posicion, desde), min(posicion + len(nuevos), hasta)
        if a < b:
            trozo[a - desde:b - desde] = nuevos[a - posicion:b - posicion]
    return bytes(trozo)


def parches_de_piezas(datos: Legible, piezas: list[tuple[int, int]], limpiar: Callable[[bytes], bytes]) -> list[Parche]:
    """Los parches que dejan las piezas ``(inicio, fin)`` (un texto partido en varios lugares del
    archivo, leído en orden) como las deja ``limpiar``, que no cambia el largo. Solo lo que cambió."""
    texto = b"".join(bytes(datos[a:b]) for a, b in piezas)
    limpio = limpiar(texto)
    if limpio == texto or len(limpio) != len(texto):
        return []
    parches: list[Parche] = []
    desfase = 0
    for a, b in piezas:
        i, fin = 0, b - a
        while i < fin:
            if texto[desfase + i] == limpio[desfase + i]:
                i += 1
                continue
            j = i
            while j < fin and texto[desfase + j] != limpio[desfase + j]:
                j += 1
            parches.append((a + i, limpio[desfase + i:desfase + j]))
            i = j
        desfase += fin
    return parches
