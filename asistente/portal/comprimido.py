"""Un ZIP que se arma mientras se envía: nunca entero en memoria ni en disco, por grande que sea.

``zipfile`` sabe escribir en un flujo sin ``seek`` (usa descriptores de datos); aquí el flujo es un
búfer que se vacía hacia la respuesta HTTP cada vez que se llena.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

TROZO = 256 * 1024


class _Buzon:
    """El «archivo» donde escribe ``zipfile``: junta bytes hasta que alguien se los lleva."""

    def __init__(self) -> None:
        self.partes: list[bytes] = []
        self.escritos = 0

    def write(self, datos: bytes) -> int:
        if datos:
            self.partes.append(bytes(datos))
            self.escritos += len(datos)
        return len(datos)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def vaciar(self) -> bytes:
        datos = b"".join(self.partes)
        self.partes.clear()
        self.escritos = 0
        return datos


def zip_en_flujo(entradas: Iterable[tuple[str, Callable[[], BinaryIO]]]) -> Iterator[bytes]:
    """``entradas``: (nombre dentro del ZIP, cómo abrir el archivo). Produce el ZIP en trozos."""
    buzon = _Buzon()
    with zipfile.ZipFile(buzon, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for nombre, abrir in entradas:
            with abrir() as origen, zf.open(nombre, mode="w", force_zip64=True) as destino:
                while trozo := origen.read(TROZO):
                    destino.write(trozo)
                    if buzon.escritos >= TROZO:
                        yield buzon.vaciar()
            if buzon.partes:
                yield buzon.vaciar()
    if buzon.partes:
        yield buzon.vaciar()


def nombres_unicos(nombres: Iterable[str]) -> list[str]:
    """El mismo nombre en dos carpetas no se pisa dentro del ZIP: ``foto.jpg``, ``foto-2.jpg``."""
    vistos: set[str] = set()
    salida: list[str] = []
    for nombre in nombres:
        base, punto, ext = nombre.rpartition(".")
        if not punto:
            base, ext = nombre, ""
        candidato, n = nombre, 2
        while candidato.lower() in vistos:
            candidato = f"{base}-{n}.{ext}" if ext else f"{base}-{n}"
            n += 1
        vistos.add(candidato.lower())
        salida.append(candidato)
    return salida
