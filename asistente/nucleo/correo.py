"""El puerto del correo: lo que el dominio entrega para enviar (``Carta``) y quién lo envía
(``Cartero``). El dominio no conoce SMTP; el adaptador (``asistente.canales.correo``) sí, y lo conecta
``asistente.procesos``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Anexo:
    nombre: str
    tipo_mime: str
    datos: bytes


@dataclass(frozen=True)
class Carta:
    para: str
    asunto: str
    texto: str
    anexos: tuple[Anexo, ...] = field(default=())


class ErrorDeEnvio(Exception):
    """El envío no se pudo hacer. ``permanente``: el servidor lo rechazó (5xx: buzón inexistente,
    remitente no permitido) y reintentar no sirve; si no, es pasajero (red, 4xx) y se reintenta."""

    def __init__(self, detalle: str, *, permanente: bool) -> None:
        super().__init__(detalle)
        self.detalle = detalle
        self.permanente = permanente


class Cartero(Protocol):
    def enviar(self, carta: Carta) -> None:
        """Entrega la carta al servidor de correo o lanza ``ErrorDeEnvio``."""
        ...
