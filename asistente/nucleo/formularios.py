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
        bruto = valores.get(campo.nombre)
        if campo.tipo == "multiple":
            if bruto is None or bruto == "":
                lista: list[str] = []
            elif isinstance(bruto, str):
                lista = [p.strip() for p in bruto.split(",") if p.strip()]
            else:
                lista = [str(p).strip() for p in bruto if str(p).strip()]
            lista = [_opcion(campo, p) for p in lista]
            validos = {o.valor for o in campo.opciones}
            malos = [p for p in lista if p not in validos]
            if malos:
                errores[campo.nombre] = f"«{malos[0]}» no es una opción válida."
            elif campo.requerido and not lista:
                errores[campo.nombre] = "Elige al menos una opción."
            limpios[campo.nombre] = lista
            continue
        texto = ("" if bruto is None else (bruto if isinstance(bruto, str) else ",".join(bruto))).strip()
        if campo.tipo == "opcion" and texto:
            texto = _opcion(campo, texto)
        if campo.tipo == "si_no" and texto:
            texto = "si" if texto.lower() in {"si", "sí", "true", "1", "s", "yes"} else "no"
        if campo.requerido and not texto:
            errores[campo.nombre] = "Este campo es obligatorio."
        elif len(texto) > campo.max_largo:
            errores[campo.nombre] = f"Máximo {campo.max_largo} caracteres (tiene {len(texto)})."
        elif campo.tipo == "opcion" and texto and texto not in {o.valor for o in campo.opciones}:
            errores[campo.nombre] = f"«{texto}» no es una opción válida."
        limpios[campo.nombre] = texto
    if errores:
        raise ErroresDeFormulario(errores)
    return limpios
