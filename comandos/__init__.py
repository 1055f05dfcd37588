"""Los comandos slash: un módulo por comando, descubierto aquí por su nombre."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=1)
def registro() -> dict[str, ModuleType]:
    """``{"agenda": comandos.agenda, …}``: todo módulo de este paquete que no empiece con ``_``."""
    modulos: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        modulo = importlib.import_module(f"{__name__}.{info.name}")
        modulos[modulo.NOMBRE] = modulo
    return modulos
