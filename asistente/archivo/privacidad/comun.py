"""Lo que comparten las partes de la privacidad: qué es un parche y cómo sale de unos bytes limpiados."""

from __future__ import annotations

import mmap
from collections.abc import Callable

Parche = tuple[int, bytes]  # (posición en el archivo, bytes que van ahí)
Datos = bytes | mmap.mmap


def aplicar(datos: Datos, desde: int, hasta: int, parches: list[Parche]) -> bytes:
    """Los bytes ``[desde, hasta)`` del archivo con los parches ya puestos."""
    trozo = bytearray(datos[desde:hasta])
    for posicion, nuevos in parches:
        a, b = max(posicion, desde), min(posicion + len(nuevos), hasta)
        if a < b:
            trozo[a - desde:b - desde] = nuevos[a - posicion:b - posicion]
    return bytes(trozo)


def parches_de_piezas(datos: Datos, piezas: list[tuple[int, int]], limpiar: Callable[[bytes], bytes]) -> list[Parche]:
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
