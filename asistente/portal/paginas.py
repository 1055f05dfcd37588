"""Las páginas HTML del portal: Jinja2 con escape de HTML, plantillas en ``plantillas/portal/``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from asistente.fechas import palabras


@lru_cache(maxsize=1)
def entorno() -> Environment:
    env = Environment(
        loader=PackageLoader("plantillas", "portal"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(fecha=palabras.fecha_en_palabras, hora=palabras.hora, megas=megas)
    return env


def megas(tamanio: int) -> str:
    if tamanio < 1024 * 1024:
        return f"{max(1, round(tamanio / 1024))} KB"
    return f"{tamanio / (1024 * 1024):.1f} MB".replace(".", ",")


def pagina(nombre: str, **datos: Any) -> bytes:
    return entorno().get_template(nombre).render(**datos).encode("utf-8")
