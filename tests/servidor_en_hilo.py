"""Servir la app WSGI de ``asistente servir`` en un hilo de la prueba (o del benchmark) y detenerla
limpio. Mete la mano en lo interno de waitress (su bucle y su mapa de canales), por eso vive aquí y
no en el producto: ``asistente servir`` usa ``servidor.run()``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from waitress import wasyncore


def correr_en_hilo(servidor: Any) -> Callable[[], None]:
    """Sirve en un hilo aparte (pruebas y benchmarks); devuelve la función que lo detiene limpio:
    el mismo hilo del bucle termina las peticiones en curso y cierra los sockets."""
    parar = threading.Event()

    def bucle() -> None:
        while not parar.is_set():
            wasyncore.loop(timeout=0.05, map=servidor._map, count=1)
        servidor.task_dispatcher.shutdown()
        for canal in list(servidor._map.values()):
            canal.close()

    hilo = threading.Thread(target=bucle, name="waitress", daemon=True)
    hilo.start()

    def detener() -> None:
        parar.set()
        hilo.join(timeout=10)

    return detener
