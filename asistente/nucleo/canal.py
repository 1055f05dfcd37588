"""El puerto de los canales de difusión (SPEC §7): lo que cumple cada salida de la oficina hacia el
público (la página de Facebook, el sitio web, el kit de WhatsApp) para que el dominio publique una
pieza sin conocer ningún servicio.

Un canal recibe una ``Pieza`` (texto, HTML, fotos) y devuelve lo ``Publicado`` (su enlace
permanente), o lanza ``RechazoDelCanal`` con una frase en español para el director: ``reintentable``
cuando vale la pena intentar más tarde (límite de publicaciones, servicio caído), definitivo cuando
alguien tiene que arreglar algo (token vencido, permiso faltante, foto demasiado grande).

Los canales concretos viven en ``asistente.canales``; ``asistente.procesos`` los arma desde la
configuración y el despacho los pone en cada ``Peticion`` (``peticion.canales``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class FotoDePieza:
    ruta: Path  # un archivo local legible (la copia de 1600 px)
    nombre: str  # con qué nombre se sube (IMG_0001.jpg)
    leyenda: str  # pie y crédito: «Entrega de la cancha. Foto: Ana Torres»
    mime: str = "image/jpeg"


@dataclass(frozen=True)
class Pieza:
    """Lo que se publica en un canal. ``clave`` la identifica (``tlalchapa-boletin-045-2026``)."""

    clave: str
    titulo: str
    texto: str  # texto plano con el formato del canal (Facebook, WhatsApp)
    html: str = ""  # el cuerpo en HTML (sitio web), sin las fotos: el canal arma la galería
    fotos: tuple[FotoDePieza, ...] = ()


@dataclass(frozen=True)
class Publicado:
    permalink: str  # la dirección pública de lo publicado ("" si el canal no tiene una)
    id_externo: str = ""  # el id en el servicio (post de Facebook, entrada de WordPress)
    archivo: Path | None = None  # lo que se entrega en la conversación (el ZIP del kit de WhatsApp)


class RechazoDelCanal(Exception):
    """El canal no publicó la pieza. ``mensaje`` es una frase en español para el director."""

    def __init__(self, mensaje: str, *, reintentable: bool = False) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.reintentable = reintentable

    def __str__(self) -> str:
        return self.mensaje


class Canal(Protocol):
    """Una salida hacia el público."""

    nombre: str  # la clave del canal en los comandos: facebook, web, whatsapp
    titulo: str  # cómo se nombra en una frase: «Facebook», «el sitio web», «WhatsApp»
    variables: tuple[str, ...]  # las variables de entorno que lo configuran
    configurado: bool  # False: ``publicar`` lanza un rechazo que dice qué variables faltan

    def publicar(self, pieza: Pieza) -> Publicado:
        """Publica la pieza y devuelve su enlace. Lanza ``RechazoDelCanal``."""
        ...

    def buscar(self, pieza: Pieza) -> Publicado | None:
        """La pieza si ya está publicada en el canal (un proceso que murió a la mitad pudo publicarla sin
        anotarlo), o ``None``. Se pregunta antes de volver a intentar una pieza que quedó a medias.
        Lanza ``RechazoDelCanal``."""
        ...


Canales = Mapping[str, Canal]
# Arma los canales de un espacio con sus ajustes propios (``facebook_pagina``, ``wordpress_url``…)
# sobre los del despliegue; lo da ``asistente.procesos`` (solo ahí se conocen los canales concretos).
ConstructorDeCanales = Callable[[Mapping[str, str]], Canales]
# Los ajustes que un espacio puede tener propios (los mismos nombres que en ``Config``).
AJUSTES_DE_CANALES = ("facebook_pagina", "facebook_token", "wordpress_url", "wordpress_usuario", "wordpress_clave",
                      "hashtags")


def leer_ajustes_de_canales(texto: str) -> dict[str, str]:
    """Los ajustes propios guardados en ``Espacio.difusion`` (JSON); lo que no es un ajuste conocido
    se ignora. Cada petición los pide dos veces (canales y configuración del espacio) con el mismo
    texto: el JSON se lee una vez por versión de los ajustes y cada llamada recibe su propio dict."""
    if not texto:
        return {}
    return dict(_ajustes_de_canales(texto))


@lru_cache(maxsize=1024)
def _ajustes_de_canales(texto: str) -> tuple[tuple[str, str], ...]:
    try:
        datos = json.loads(texto)
    except ValueError:
        return ()
    if not isinstance(datos, dict):
        return ()
    return tuple((k, str(v)) for k, v in datos.items() if k in AJUSTES_DE_CANALES and v)
