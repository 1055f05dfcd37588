"""La memoria de ``asistente servir`` bajo carga de escritura.

Lo que crecía (issue 23: la memoria residente subía con cada evento nuevo mientras la de solo
lectura se quedaba plana) no son objetos de Python: ``tracemalloc`` (``bench/memoria.py`` con
``ASISTENTE_BENCH_TRAZA=1``) ve unos 250 bytes por evento, nada que se acumule. Es memoria nativa:
glibc da a cada hilo que pide memoria a la vez que otro una *arena* propia (hasta 8 por núcleo), y
con los hilos de waitress, de Bolt y de los trabajos escribiendo a la vez cada arena se queda con sus
huecos; además cada conexión de SQLite guarda su caché de páginas (hasta 2 MB), que se llena a medida
que la base crece. Con dos arenas el crecimiento por escritura baja a menos de la mitad (en el banco,
de unos 7 KB a unos 3 KB por evento nuevo, y la caché de SQLite tiene tope) sin cambiar la velocidad:
el GIL ya serializa casi todo. ``MALLOC_ARENA_MAX`` en el entorno manda.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys

registro_log = logging.getLogger("asistente.servidor")

ARENAS = 2
_M_ARENA_MAX = -8  # de <malloc.h>


def acotar_arenas(arenas: int = ARENAS) -> bool:
    """Limita las arenas de malloc de glibc; ``True`` si lo hizo (no en otro sistema, ni si quien
    instala ya fijó ``MALLOC_ARENA_MAX``). Se llama antes de arrancar los hilos del servidor."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    nombre = ctypes.util.find_library("c")
    if not nombre:
        return False
    try:
        libc = ctypes.CDLL(nombre)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl (Alpine) no tiene mallopt: nada que acotar
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    hecho = bool(mallopt(_M_ARENA_MAX, arenas))
    if hecho:
        registro_log.debug("malloc acotado a %s arenas", arenas)
    return hecho
