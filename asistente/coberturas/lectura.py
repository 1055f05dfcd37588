"""Quién y con qué rol, leído del texto de un comando: ``@ana foto @beto video,redes``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from asistente.errores import ErrorDeUsuario
from asistente.fechas.palabras import normalizar
from asistente.identidad import es_rol, leer_rol
from modelos import ROLES

# Una mención de Slack puede traer espacios en el nombre (``<@U1|Ana López>``): es una sola pieza.
_PIEZA = re.compile(r"<@[^>]*>|[^\s,;]+")
_CONECTORES = ("y", "e", "como", "de", "en")


@dataclass
class _Grupo:
    piezas: list[str]
    roles: list[str]

    @property
    def es_mencion(self) -> bool:
        return self.piezas[0].startswith("<@")


def leer_parejas(texto: str) -> list[tuple[str, list[str]]]:
    """``@ana foto @beto video,redes`` → ``[("@ana", ["foto"]), ("@beto", ["video", "redes"])]``.

    Una persona puede ser una mención o un nombre de varias palabras (``Ana López foto``); lo que no
    es rol después de una mención se toma como un rol mal escrito."""
    grupos: list[_Grupo] = []
    for pieza in _PIEZA.findall(texto):
        if normalizar(pieza) in _CONECTORES:
            continue
        if not pieza.startswith("<@") and es_rol(pieza):
            if not grupos:
                raise ErrorDeUsuario(f"¿A quién le toca {leer_rol(pieza)}? Menciona a la persona antes del rol.")
            rol = leer_rol(pieza)
            if rol not in grupos[-1].roles:
                grupos[-1].roles.append(rol)
            continue
        if pieza.startswith("<@") or not grupos or grupos[-1].roles:
            grupos.append(_Grupo([pieza], []))
        elif grupos[-1].es_mencion:
            leer_rol(pieza)  # lanza el error con la lista de roles válidos
        else:
            grupos[-1].piezas.append(pieza)
    return [(" ".join(g.piezas), g.roles) for g in grupos] if all(g.roles for g in grupos) else _sin_rol(grupos)


def _sin_rol(grupos: list[_Grupo]) -> list[tuple[str, list[str]]]:
    grupo = next(g for g in grupos if not g.roles)
    if len(grupo.piezas) > 1:
        # «ana fotografia»: lo último parece un rol mal escrito.
        leer_rol(grupo.piezas[-1])
    raise ErrorDeUsuario(f"Falta el rol de {' '.join(grupo.piezas)}. Los roles son: {', '.join(ROLES)}.")


def persona_y_roles(texto: str, uso: str) -> tuple[str, list[str]]:
    """``@ana foto video`` → ``("@ana", ["foto", "video"])``; los roles al final son opcionales."""
    piezas = _PIEZA.findall(texto)
    if not piezas:
        raise ErrorDeUsuario("Falta la persona.", uso=uso)
    roles: list[str] = []
    while len(piezas) > 1 and es_rol(piezas[-1]):
        roles.insert(0, leer_rol(piezas.pop()))
    return " ".join(piezas), roles
