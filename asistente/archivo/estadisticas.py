"""Las estadísticas del planificador al día después de una ingesta grande.

Con tablas que nunca se analizaron, PostgreSQL y SQLite eligen planes malos para ``/archivo buscar``
(en PostgreSQL se midió hasta 118 ms una búsqueda que con estadísticas toma menos de 10). El
autovacuum de PostgreSQL analiza tarde una tabla cargada de golpe y SQLite no lo hace nunca: cada
proceso cuenta lo que archiva y, cada ``UMBRAL`` archivos, corre ``ANALYZE`` de las tablas de la
búsqueda (aproximado y barato; en PostgreSQL, ``VACUUM (ANALYZE)``: ver ``asistente.datos.bd.analizar``). ``asistente bd actualizar``
también analiza.
"""

from __future__ import annotations

import logging
import threading

from asistente.datos.bd import TABLAS_DE_BUSQUEDA, analizar
from asistente.nucleo.aplicacion import Aplicacion

registro_log = logging.getLogger("asistente.archivo")

UMBRAL = 500

_candado = threading.Lock()
_desde_el_ultimo = 0


def anotar_archivados(app: Aplicacion, cuantos: int) -> bool:
    """Suma ``cuantos`` archivos nuevos; al pasar de ``UMBRAL`` analiza. ``True`` si analizó."""
    global _desde_el_ultimo
    if cuantos <= 0:
        return False
    with _candado:
        _desde_el_ultimo += cuantos
        if _desde_el_ultimo < UMBRAL:
            return False
        _desde_el_ultimo = 0
    try:
        analizar(app.motor, TABLAS_DE_BUSQUEDA)
    except Exception:  # unas estadísticas viejas no son motivo para fallar una ingesta
        registro_log.exception("ANALYZE después de la ingesta falló")
        return False
    registro_log.info("estadísticas del archivo al día (ANALYZE tras %s archivos o más)", UMBRAL)
    return True
