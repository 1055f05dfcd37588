"""Todos los comandos del asistente, una línea cada uno.

• `/ayuda` — esta lista
• `/ayuda agenda` — la ayuda completa de un comando
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.nucleo.comando import separar
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from comandos import registro

NOMBRE = "ayuda"
USO = "/ayuda [comando]"
RESUMEN = "todos los comandos, una línea cada uno"


def manejar(peticion: Peticion, session: Session) -> Respuesta:
    comandos = registro()
    palabra, _ = separar(peticion.texto)
    palabra = palabra.lstrip("/")
    if palabra and palabra != "ayuda":
        modulo = comandos.get(palabra)
        if modulo is None:
            raise ErrorDeUsuario(f"No conozco el comando «/{palabra}».", uso=USO)
        return Respuesta.texto((modulo.__doc__ or "").strip() + f"\n\nUso: {modulo.USO}")
    return Respuesta.plantilla(
        "ayuda.j2", comandos=[(n, m.RESUMEN, m.USO) for n, m in sorted(comandos.items())]
    )
