"""Conectar el correo: el cartero SMTP de la configuración y quién vacía la bandeja de salida.

El proceso web la vacía en un hilo aparte (``iniciar_buzon``) y ``asistente programador`` en cada
pasada (``vaciar_buzon``): con uno solo de los dos corriendo, los correos salen igual.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from asistente.canales.correo import CarteroSMTP, leer_url
from asistente.medios.buzon import Vaciado, vaciar
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.correo import Cartero

registro_log = logging.getLogger("asistente.correo")

INTERVALO = 15.0


def cartero_de(config: Config) -> Cartero | None:
    if not config.smtp_url:
        return None
    return CarteroSMTP(leer_url(config.smtp_url), config.correo_remitente)


def vaciar_buzon(app: Aplicacion, cartero: Cartero | None, ahora: datetime) -> Vaciado | None:
    if cartero is None:
        return None
    return vaciar(app.fabrica, app.config, cartero, ahora)


def iniciar_buzon(app: Aplicacion, cartero: Cartero | None, intervalo: float = INTERVALO,
                  parar: threading.Event | None = None) -> threading.Event:
    """Un hilo que vacía la bandeja cada ``intervalo`` segundos (nunca en el hilo de una petición).
    Devuelve el evento que lo detiene."""
    parar = parar or threading.Event()
    if cartero is None:
        registro_log.info("correo no configurado (falta ASISTENTE_SMTP_URL): la bandeja de salida espera")
        return parar

    def bucle() -> None:
        while not parar.is_set():
            try:
                vaciar_buzon(app, cartero, datetime.now(app.config.tz))
            except Exception:
                registro_log.exception("vaciar la bandeja de salida falló; reintento en %.0f s", intervalo)
            parar.wait(intervalo)

    threading.Thread(target=bucle, name="bandeja-de-salida", daemon=True).start()
    return parar
