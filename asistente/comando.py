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

from asistente.errores import ErrorDeUsuario, NoEncontrado
from asistente.fechas.palabras import momento_en_palabras, normalizar
from asistente.peticion import Peticion
from asistente.respuesta import Respuesta
from modelos import Evento

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
            except ErrorDeUsuario as error:
                if error.uso is None:
                    error.uso = self.usos.get(palabra, self.uso)
                raise
        if self.otro is not None:
            return self.otro(peticion, session, peticion.texto.strip())
        raise ErrorDeUsuario(f"No conozco «/{self.nombre} {palabra}».", uso=self.uso)


def buscar_evento(session: Session, peticion: Peticion, numero: int, detalle: str = "") -> Evento:
    """El evento #numero del espacio de la petición; si no existe, un error que lo dice (y ``detalle``)."""
    from sqlalchemy import select

    evento = session.scalar(select(Evento).where(Evento.espacio_id == peticion.espacio_id, Evento.numero == numero))
    if evento is None:
        raise NoEncontrado(f"No hay un evento #{numero} en esta agenda{': ' + detalle if detalle else ''}.")
    return evento


def cuando_del_evento(evento: Evento, peticion: Peticion) -> str:
    """«jueves 12 de marzo, 10:00 a 11:00» (o «…, hora por confirmar») en la zona de la oficina."""
    tz = peticion.config.tz
    return momento_en_palabras(evento.inicio.astimezone(tz), evento.fin.astimezone(tz), evento.con_hora)


def exigir_que_llegue_su_dia(evento: Evento, peticion: Peticion, que: str) -> None:
    """Un evento se marca realizado o cubierto desde su día, no antes (suele ser un número equivocado)."""
    tz = peticion.config.tz
    if evento.inicio.astimezone(tz).date() > peticion.ahora.astimezone(tz).date():
        raise ErrorDeUsuario(
            f"El evento #{evento.numero} ({evento.titulo}) es el {cuando_del_evento(evento, peticion)}: "
            f"todavía no llega su día para {que}. "
            "Revisa el número en /agenda semana."
        )
