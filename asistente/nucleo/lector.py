"""El puerto del lector de páginas y fuentes (SPEC §10): el monitoreo pide una dirección y recibe sus
bytes, sin conocer HTTP. El adaptador (``asistente.canales.lector``) es un cliente acotado y cortés
(tiempo, tamaño y redirecciones limitados, nada de direcciones locales o privadas salvo
``ASISTENTE_PERMITIR_RED_LOCAL=1``); lo conecta ``asistente.procesos``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Pagina:
    """Lo que contestó una dirección. ``sin_cambios``: un GET condicional que contestó 304."""

    url: str  # la dirección final, después de las redirecciones
    tipo: str  # el tipo MIME sin parámetros («text/html»)
    contenido: bytes
    codificacion: str = ""  # el charset del encabezado, si lo dijo
    etag: str = ""
    modificado: str = ""  # Last-Modified tal cual
    sin_cambios: bool = False


class ErrorDeLectura(Exception):
    """No se pudo leer la dirección; ``mensaje`` es una frase en español para quien la pidió."""

    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje

    def __str__(self) -> str:
        return self.mensaje


class Lector(Protocol):
    def leer(self, url: str, *, etag: str = "", modificado: str = "") -> Pagina:
        """Lee ``url`` (con ``etag``/``modificado``, un GET condicional). Lanza ``ErrorDeLectura``."""
        ...
