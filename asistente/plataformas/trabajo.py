"""El trabajo que el proceso ya aceptó y todavía no termina: comandos y clics a los que se les dio
``ack``, archivos por bajar, envíos en segundo plano. Al detenerse (SIGTERM en un despliegue), el
servidor deja de aceptar y espera a que esto termine, con un límite, en lugar de perderlo."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, wait
from typing import Any


class TrabajoAceptado:
    def __init__(self) -> None:
        self._futuros: set[Future[Any]] = set()
        self._hilos: set[threading.Thread] = set()
        self._candado = threading.Lock()

    def encargar(self, ejecutor: Executor, funcion: Callable[..., Any], *args: Any) -> Future[Any]:
        futuro = ejecutor.submit(funcion, *args)
        with self._candado:
            self._futuros.add(futuro)
        futuro.add_done_callback(self._quitar_futuro)
        return futuro

    def en_hilo(self, funcion: Callable[[], None], nombre: str) -> threading.Thread:
        """Corre ``funcion`` en un hilo propio, contado hasta que termine."""
        def correr() -> None:
            try:
                funcion()
            finally:
                with self._candado:
                    self._hilos.discard(threading.current_thread())

        hilo = threading.Thread(target=correr, name=nombre, daemon=True)
        with self._candado:
            self._hilos.add(hilo)
        hilo.start()
        return hilo

    def _quitar_futuro(self, futuro: Future[Any]) -> None:
        with self._candado:
            self._futuros.discard(futuro)

    def pendientes(self) -> int:
        with self._candado:
            return len(self._futuros) + len(self._hilos)

    def esperar(self, limite: float = 30.0) -> bool:
        """Espera a que termine lo aceptado (también lo que se encargue mientras); ``True`` si terminó
        todo antes de ``limite`` segundos."""
        fin = time.monotonic() + limite
        while True:
            with self._candado:
                futuros, hilos = list(self._futuros), list(self._hilos)
            if not futuros and not hilos:
                return True
            restante = fin - time.monotonic()
            if restante <= 0:
                return False
            if futuros:
                wait(futuros, timeout=restante)
            for hilo in hilos:
                hilo.join(timeout=max(0.0, fin - time.monotonic()))


class EjecutorContado(Executor):
    """Un ejecutor cuyo trabajo cuenta como aceptado: los oyentes perezosos (``lazy``) de Bolt, que
    atienden los eventos de Slack después del ``ack``, también se esperan al detenerse (y en las
    pruebas, «no pasó nada» es la cola vacía, no una espera fija)."""

    def __init__(self, trabajo: TrabajoAceptado, ejecutor: Executor) -> None:
        self.trabajo = trabajo
        self.ejecutor = ejecutor

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if kwargs:
            return self.trabajo.encargar(self.ejecutor, lambda: fn(*args, **kwargs))
        return self.trabajo.encargar(self.ejecutor, fn, *args)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.ejecutor.shutdown(wait=wait, cancel_futures=cancel_futures)


# El de este proceso: lo comparten los adaptadores y ``asistente servir`` lo espera al detenerse.
TRABAJO = TrabajoAceptado()
