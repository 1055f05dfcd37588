"""La aplicación armada: configuración, motor, fábrica de sesiones y despacho."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from asistente.bd import Fabrica, actualizar, crear_fabrica, crear_motor
from asistente.config import Config
from asistente.despacho import Despachador


@dataclass
class Aplicacion:
    config: Config
    motor: Engine
    fabrica: Fabrica
    despachador: Despachador


def crear_app(config: Config, *, migrar: bool = False) -> Aplicacion:
    """Arma la aplicación. ``migrar`` aplica las migraciones antes (SQLite en ``servir`` y la consola)."""
    if migrar:
        actualizar(config.bd)
    motor = crear_motor(config.bd)
    fabrica = crear_fabrica(motor)
    return Aplicacion(config=config, motor=motor, fabrica=fabrica, despachador=Despachador(fabrica))


def configurar_log(nivel: str) -> None:
    logging.basicConfig(
        level=getattr(logging, nivel, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
