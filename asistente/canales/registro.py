"""Los canales del despliegue, armados desde la configuración. Un canal sin sus variables queda como
``CanalSinConfigurar``: existe (el dominio lo nombra) y al publicar dice qué variables faltan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from asistente.canales.facebook import CanalFacebook
from asistente.canales.whatsapp import CanalWhatsApp
from asistente.canales.wordpress import CanalWordPress
from asistente.nucleo.canal import (
    AJUSTES_DE_CANALES,
    Canal,
    Pieza,
    Publicado,
    RechazoDelCanal,
)
from asistente.nucleo.config import Config


class CanalSinConfigurar:
    configurado = False

    def __init__(self, nombre: str, titulo: str, variables: tuple[str, ...]) -> None:
        self.nombre = nombre
        self.titulo = titulo
        self.variables = variables

    def buscar(self, pieza: Pieza) -> Publicado | None:
        return None

    def publicar(self, pieza: Pieza) -> Publicado:
        raise RechazoDelCanal(f"{self.titulo[:1].upper()}{self.titulo[1:]} no está configurado: "
                              f"define {explicar_variables(self.variables)} y reinicia el asistente.")


def explicar_variables(variables: tuple[str, ...]) -> str:
    if len(variables) == 1:
        return variables[0]
    return ", ".join(variables[:-1]) + " y " + variables[-1]


def construir(config: Config, propios: Mapping[str, str] | None = None) -> dict[str, Canal]:
    """``{"web": …, "facebook": …, "whatsapp": …}``: en ese orden se publica con ``todo`` (la nota
    del sitio primero, así la publicación de Facebook puede enlazarla). ``propios``: los ajustes que un
    espacio fijó desde el chat (``facebook_pagina``, ``wordpress_url``…), que mandan sobre el entorno."""
    if propios:
        cambios: dict[str, Any] = {k: v for k, v in propios.items() if k in AJUSTES_DE_CANALES}
        config = replace(config, **cambios)
    web: Canal
    if config.wordpress_url and config.wordpress_usuario and config.wordpress_clave:
        web = CanalWordPress(config.wordpress_url, config.wordpress_usuario, config.wordpress_clave)
    else:
        web = CanalSinConfigurar("web", "el sitio web", CanalWordPress.variables)
    facebook: Canal
    if config.facebook_pagina and config.facebook_token:
        facebook = CanalFacebook(config.facebook_pagina, config.facebook_token, config.facebook_api_url)
    else:
        facebook = CanalSinConfigurar("facebook", "Facebook", CanalFacebook.variables)
    return {"web": web, "facebook": facebook, "whatsapp": CanalWhatsApp(config)}
