"""Quién y con qué rol, leído del texto de un comando: ``@ana foto @beto video,redes``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from asistente.equipo.personas import es_rol, leer_rol, mencion_legible
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar
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


def _es_rol(pieza: str) -> bool:
    return not pieza.startswith("<@") and es_rol(pieza)


def leer_parejas(texto: str) -> list[tuple[str, list[str]]]:
    """``@ana foto @beto video,redes`` → ``[("@ana", ["foto"]), ("@beto", ["video", "redes"])]``.

    Una persona puede ser una mención o un nombre de varias palabras (``Ana López foto``); lo que no
    es rol después de una mención se toma como un rol mal escrito. También se entiende el orden
    al revés cuando el texto empieza con un rol (``foto @ana video y redes @beto``), y varias
    menciones seguidas comparten los roles (``@ana y @beto foto``, ``foto @ana y @beto``)."""
    piezas = [p for p in _PIEZA.findall(texto) if normalizar(p) not in _CONECTORES]
    if piezas and _es_rol(piezas[0]):
        return _roles_primero(piezas)
    grupos: list[_Grupo] = []
    for pieza in piezas:
        if _es_rol(pieza):
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
    # «@ana y @beto foto»: las menciones seguidas sin rol toman los del siguiente grupo.
    siguientes: list[str] = []
    for grupo in reversed(grupos):
        if grupo.roles:
            siguientes = grupo.roles
        elif grupo.es_mencion and len(grupo.piezas) == 1:
            grupo.roles = list(siguientes)
    return [(" ".join(g.piezas), g.roles) for g in grupos] if all(g.roles for g in grupos) else _sin_rol(grupos)


def _roles_primero(piezas: list[str]) -> list[tuple[str, list[str]]]:
    """``foto @ana video redes @beto``: cada persona se lleva los roles que la preceden."""
    parejas: list[tuple[str, list[str]]] = []
    roles: list[str] = []
    persona: list[str] = []
    for pieza in piezas:
        if _es_rol(pieza):
            if persona:
                parejas.append((" ".join(persona), roles))
                roles, persona = [], []
            if leer_rol(pieza) not in roles:
                roles.append(leer_rol(pieza))
        elif persona and (pieza.startswith("<@") or persona[0].startswith("<@")):
            # «foto @ana y @beto»: otra persona con los mismos roles.
            parejas.append((" ".join(persona), list(roles)))
            persona = [pieza]
        else:
            persona.append(pieza)
    if not persona:
        raise ErrorDeUsuario(f"¿A quién le toca {', '.join(roles)}? Menciona a la persona.")
    parejas.append((" ".join(persona), roles))
    return parejas


def _sin_rol(grupos: list[_Grupo]) -> list[tuple[str, list[str]]]:
    grupo = next(g for g in grupos if not g.roles)
    if len(grupo.piezas) > 1:
        # «ana fotografia»: lo último parece un rol mal escrito.
        leer_rol(grupo.piezas[-1])
    raise ErrorDeUsuario(f"Falta el rol de {mencion_legible(' '.join(grupo.piezas))}. Los roles son: {', '.join(ROLES)}.")


def persona_y_roles(texto: str, uso: str) -> tuple[str, list[str]]:
    """``@ana foto video`` (o ``foto video @ana``) → ``("@ana", ["foto", "video"])``; los roles son opcionales."""
    piezas = _PIEZA.findall(texto)
    if not piezas:
        raise ErrorDeUsuario("Falta la persona.", uso=uso)
    roles: list[str] = []
    while len(piezas) > 1 and es_rol(piezas[-1]):
        roles.insert(0, leer_rol(piezas.pop()))
    while len(piezas) > 1 and _es_rol(piezas[0]):  # también antes: «foto @ana»
        roles.append(leer_rol(piezas.pop(0)))
    return " ".join(piezas), roles
