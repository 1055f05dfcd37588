"""Armar la aplicación (configuración, motor, fábrica de sesiones y despacho con todos los comandos)
y el registro de log del proceso."""

from __future__ import annotations

import logging

from asistente.canales.lector import LectorHttp
from asistente.canales.registro import construir as construir_canales
from asistente.datos.bd import actualizar, crear_fabrica, crear_motor
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.despacho import Despachador
from comandos import registro


def crear_app(config: Config, *, migrar: bool = False) -> Aplicacion:
    """Arma la aplicación. ``migrar`` aplica las migraciones antes (SQLite en ``servir`` y la consola)."""
    if migrar:
        actualizar(config.bd, al_arrancar=True)
    motor = crear_motor(config.bd)
    fabrica = crear_fabrica(motor)
    lector = LectorHttp(config)
    despachador = Despachador(fabrica, registro(), construir_canales(config),
                              construir_canales=lambda propios: construir_canales(config, propios), lector=lector)
    return Aplicacion(config=config, motor=motor, fabrica=fabrica, despachador=despachador, lector=lector)


# Bibliotecas que registran en inglés lo que no le toca a quien opera («HTTP Request: POST …», «Serving
# on http://…», «A new session has been established»): solo sus avisos y errores, salvo con DEBUG.
BIBLIOTECAS_CALLADAS = ("alembic", "httpx", "httpcore", "waitress", "slack_sdk", "slack_bolt", "websockets",
                        "urllib3", "matplotlib", "PIL", "dateparser", "hachoir", "reportlab")


def configurar_log(nivel: str) -> None:
    """El registro del proceso: en español lo nuestro; de las bibliotecas, solo lo que importa."""
    logging.basicConfig(
        level=getattr(logging, nivel, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    depurar = nivel == "DEBUG"
    for nombre in BIBLIOTECAS_CALLADAS:
        logging.getLogger(nombre).setLevel(logging.DEBUG if depurar else logging.WARNING)
    # Las advertencias de Python de las bibliotecas (UserWarning, FutureWarning… en inglés) van al
    # registro y solo se ven con ASISTENTE_LOG=DEBUG: no son asunto de quien opera la oficina.
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").setLevel(logging.DEBUG if depurar else logging.CRITICAL)
