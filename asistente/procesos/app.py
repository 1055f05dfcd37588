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
        actualizar(config.bd)
    motor = crear_motor(config.bd)
    fabrica = crear_fabrica(motor)
    lector = LectorHttp(config)
    despachador = Despachador(fabrica, registro(), construir_canales(config),
                              construir_canales=lambda propios: construir_canales(config, propios), lector=lector)
    return Aplicacion(config=config, motor=motor, fabrica=fabrica, despachador=despachador, lector=lector)


def configurar_log(nivel: str) -> None:
    logging.basicConfig(
        level=getattr(logging, nivel, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
