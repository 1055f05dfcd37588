"""Lo común a los comandos: el enrutado de subcomandos y la lectura de argumentos.

Un comando es un módulo de ``comandos/`` con ``NOMBRE``, ``USO`` (línea de uso), ``RESUMEN`` (una
línea para ``/ayuda``), su docstring como ayuda y ``manejar(peticion, session) -> Respuesta``.
Opcionales: ``ACCIONES`` (botones) y ``FORMULARIOS`` (envíos de formularios).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado, NoProcede, SinPermiso
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import normalizar

Manejador = Callable[[Peticion, Session, str], Respuesta]

_NUMERO = re.compile(r"^#?(\d{1,9})$")


def separar(texto: str) -> tuple[str, str]:
    """La primera palabra (normalizada: minúsculas, sin acentos) y el resto del texto."""
    partes = texto.strip().split(None, 1)
    if not partes:
        return "", ""
    return normalizar(partes[0]), (partes[1].strip() if len(partes) > 1 else "")


def numero_de_evento(texto: str, uso: str) -> int:
    """``#12`` o ``12``."""
    m = _NUMERO.match(texto.strip())
    if not m:
        if not texto.strip():
            raise ErrorDeUsuario("Falta el número del evento.", uso=uso)
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un número de evento (escribe por ejemplo #12).", uso=uso)
    return int(m.group(1))


@dataclass
class Enrutador:
    """Reparte el texto de un comando entre sus subcomandos por la primera palabra.

    ``ayuda`` siempre muestra la ayuda; el texto vacío llama a ``vacio`` si existe, si no muestra
    la ayuda; una palabra desconocida llama a ``otro`` si existe, si no es un error con el uso.
    """

    nombre: str
    uso: str
    ayuda: str
    subcomandos: dict[str, Manejador] = field(default_factory=dict)
    usos: dict[str, str] = field(default_factory=dict)
    vacio: Manejador | None = None
    otro: Manejador | None = None

    def sub(self, *nombres: str, uso: str | None = None) -> Callable[[Manejador], Manejador]:
        """Registra un subcomando; ``uso`` es su propia línea de uso para los errores."""

        def registrar(funcion: Manejador) -> Manejador:
            for n in nombres:
                self.subcomandos[normalizar(n)] = funcion
                if uso:
                    self.usos[normalizar(n)] = uso
            return funcion

        return registrar

    def texto_de_ayuda(self) -> Respuesta:
        return Respuesta.texto(self.ayuda.strip() + f"\n\nUso: {self.uso}")

    def __call__(self, peticion: Peticion, session: Session) -> Respuesta:
        palabra, resto = separar(peticion.texto)
        if palabra in ("ayuda", "help", "?"):
            return self.texto_de_ayuda()
        if not palabra:
            return self.vacio(peticion, session, "") if self.vacio else self.texto_de_ayuda()
        funcion = self.subcomandos.get(palabra)
        if funcion is not None:
            try:
                return funcion(peticion, session, resto)
            except (SinPermiso, NoEncontrado, NoProcede):
                raise  # no son de cómo se escribió: sin la línea de uso
            except ErrorDeUsuario as error:
                if error.uso is None:
                    error.uso = self.usos.get(palabra, self.uso)
                raise
        if self.otro is not None:
            return self.otro(peticion, session, peticion.texto.strip())
        raise ErrorDeUsuario(f"No conozco «/{self.nombre} {palabra}».", uso=self.uso)
