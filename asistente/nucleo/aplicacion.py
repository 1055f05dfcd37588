"""La aplicación armada, tal como la reciben los adaptadores, el archivo y el programador: la
configuración, el motor, la fábrica de sesiones y el despacho. Quién la arma es
``asistente.procesos.app.crear_app``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from asistente.datos.bd import Fabrica
from asistente.nucleo.config import Config
from asistente.nucleo.despacho import Despachador
from asistente.nucleo.lector import Lector


@dataclass
class Aplicacion:
    config: Config
    motor: Engine
    fabrica: Fabrica
    despachador: Despachador
    lector: Lector | None = None  # el del monitoreo: lo usan los comandos y la pasada de las fuentes
