"""Formularios: una sola definición que cada plataforma dibuja (modal de Slack, diálogo
interactivo de Mattermost, preguntas en la consola), con la misma validación y los mismos
errores en español junto a cada campo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar

TipoCampo = Literal["texto", "parrafo", "opcion", "multiple", "si_no"]


@dataclass(frozen=True)
class Opcion:
    valor: str
    etiqueta: str


@dataclass(frozen=True)
class Campo:
    nombre: str
    etiqueta: str
    tipo: TipoCampo = "texto"
    requerido: bool = False
    opciones: tuple[Opcion, ...] = ()
    inicial: str | tuple[str, ...] | None = None
    ayuda: str = ""
    max_largo: int = 200


@dataclass(frozen=True)
class Formulario:
    """``id`` nombra el manejador (``agenda.nueva``); ``contexto`` viaja firmado ida y vuelta."""

    id: str
    titulo: str
    campos: tuple[Campo, ...]
    boton: str = "Guardar"
    contexto: dict[str, str] = field(default_factory=dict)

    def campo(self, nombre: str) -> Campo:
        for c in self.campos:
            if c.nombre == nombre:
                return c
        raise KeyError(nombre)


Valores = dict[str, "str | list[str]"]


class ErroresDeFormulario(ErrorDeUsuario):
    """Errores por campo: ``{nombre_del_campo: "mensaje en español"}``."""

    def __init__(self, errores: dict[str, str]) -> None:
        self.errores = dict(errores)
        super().__init__(" ".join(f"{k}: {v}" for k, v in self.errores.items()))


def _opcion(campo: Campo, escrito: str) -> str:
    """La opción que se escribió, sin importar mayúsculas ni acentos, por su valor o su etiqueta
    («Alta», «diseno», «Redacción»); si no es ninguna, lo escrito tal cual (y la validación lo rechaza)."""
    buscado = normalizar(escrito)
    for opcion in campo.opciones:
        if buscado in (normalizar(opcion.valor), normalizar(opcion.etiqueta)):
            return opcion.valor
    return escrito


def validar(formulario: Formulario, valores: Valores) -> Valores:
    """Normaliza y valida lo común a todo formulario (obligatorios, largo, opciones válidas).

    Devuelve los valores limpios (cadenas sin espacios sobrantes, listas para ``multiple``) o
    lanza ``ErroresDeFormulario``.
    """
    limpios: Valores = {}
    errores: dict[str, str] = {}
    for campo in formulario.campos:
        limpio, error = _validar_campo(campo, valores.get(campo.nombre))
        limpios[campo.nombre] = limpio
        if error is not None:
            errores[campo.nombre] = error
    if errores:
        raise ErroresDeFormulario(errores)
    return limpios


def _validar_campo(campo: Campo, bruto: str | list[str] | None) -> tuple[str | list[str], str | None]:
    """El valor limpio de un campo y su error (None si no tiene)."""
    if campo.tipo == "multiple":
        lista = [_opcion(campo, p) for p in _como_lista(bruto)]
        return lista, _error_de_multiple(campo, lista)
    texto = _normalizar_texto(campo, _como_texto(bruto))
    return texto, _error_de_texto(campo, texto)


def _como_lista(bruto: str | list[str] | None) -> list[str]:
    """Lo elegido en un ``multiple``: una lista, o un texto separado por comas (la consola)."""
    if bruto is None or bruto == "":
        return []
    if isinstance(bruto, str):
        return [p.strip() for p in bruto.split(",") if p.strip()]
    return [str(p).strip() for p in bruto if str(p).strip()]


def _como_texto(bruto: str | list[str] | None) -> str:
    if bruto is None:
        return ""
    return (bruto if isinstance(bruto, str) else ",".join(bruto)).strip()


def _si_no(campo: Campo, escrito: str) -> str:
    return "si" if escrito.lower() in {"si", "sí", "true", "1", "s", "yes"} else "no"


_NORMALIZADORES = {"opcion": _opcion, "si_no": _si_no}


def _normalizar_texto(campo: Campo, texto: str) -> str:
    """Lo escrito en una ``opcion`` pasa a su valor y un ``si_no`` a «si» o «no»; vacío queda vacío."""
    normalizador = _NORMALIZADORES.get(campo.tipo)
    return normalizador(campo, texto) if normalizador and texto else texto


def _error_de_multiple(campo: Campo, lista: list[str]) -> str | None:
    validos = {o.valor for o in campo.opciones}
    malos = [p for p in lista if p not in validos]
    if malos:
        return f"«{malos[0]}» no es una opción válida."
    if campo.requerido and not lista:
        return "Elige al menos una opción."
    return None


def _error_de_texto(campo: Campo, texto: str) -> str | None:
    """La primera regla que no se cumple: obligatorio, largo máximo, opción válida."""
    if campo.requerido and not texto:
        return "Este campo es obligatorio."
    if len(texto) > campo.max_largo:
        return f"Máximo {campo.max_largo} caracteres (tiene {len(texto)})."
    if campo.tipo == "opcion" and texto and texto not in {o.valor for o in campo.opciones}:
        return f"«{texto}» no es una opción válida."
    return None
