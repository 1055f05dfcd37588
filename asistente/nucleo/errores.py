"""Los errores del asistente.

Árbol de excepciones::

    Exception
    └── ErrorDeUsuario          el texto llega tal cual a la persona (en español)
        ├── FechaNoEntendida    (asistente.fechas) una fecha u hora que no se pudo leer
        ├── SinPermiso          la tarea es de un director
        └── NoEncontrado        un evento, boletín, archivo o persona que no existe

Cualquier otra excepción es un defecto: se registra con su traza y la persona recibe
``MENSAJE_GENERICO``.
"""

from __future__ import annotations

MENSAJE_GENERICO = (
    "Lo siento, algo salió mal de nuestro lado. Ya quedó registrado; intenta de nuevo en un momento."
)


class ErrorDeUsuario(Exception):
    """Un error esperado: su mensaje (en español) se muestra a la persona sin cambios.

    ``uso`` es la línea de uso del comando, que se añade a la respuesta cuando existe.
    """

    def __init__(self, mensaje: str, *, uso: str | None = None) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.uso = uso

    def __str__(self) -> str:
        return self.mensaje


class SinPermiso(ErrorDeUsuario):
    """La persona no tiene el rol necesario (normalmente: director)."""


class NoEncontrado(ErrorDeUsuario):
    """Lo que se pidió no existe en este espacio de trabajo."""
