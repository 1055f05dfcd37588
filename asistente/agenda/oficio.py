"""El oficio pegado (SPEC §13): de una invitación escrita como carta se sacan la fecha y la hora
(``asistente.fechas.busqueda``: dateparser la encuentra, nuestro intérprete la confirma), el lugar y
el título, para llenar el formulario de evento nuevo. Aquí no se guarda nada: la persona confirma en
el formulario."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from asistente.fechas.busqueda import FechaEncontrada, buscar_fechas

MAX_TITULO = 200
MAX_LUGAR = 200
_ASUNTO = re.compile(r"^\s*asunto\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_LUGAR = re.compile(r"^\s*(?:lugar|sede|domicilio)\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_EVENTO = re.compile(r"^\s*(?:evento|actividad|acto)\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_INVITACION = re.compile(
    r"invit\w*\s+(?:\w+\s+){0,3}?(?:a|al)\s+(?:la\s+|el\s+|los\s+|las\s+)?"
    r"((?:ceremonia|inauguraci[oó]n|reuni[oó]n|sesi[oó]n|entrega|arranque|foro|evento|acto|informe|presentaci[oó]n|"
    r"firma|clausura|festival|feria|conferencia|rueda|mesa|taller|asamblea|desfile|homenaje|colocaci[oó]n|"
    r"banderazo|develaci[oó]n|toma|jornada|campa[nñ]a|celebraci[oó]n)\b[^.;\n]*?)"
    r"(?=,|\.|;|\n|\s+(?:(?:del?|el)\s+\d|que\s+se|a\s+celebrarse|a\s+realizarse|el\s+pr[oó]ximo|el\s+d[ií]a|a\s+las|en\s+punto|en\s+(?:el|la|las|los)\s)|$)",
    re.IGNORECASE)
_EN_LUGAR = re.compile(
    r"\ben\s+((?:el|la|las|los)\s+)?((?:auditorio|sal[oó]n|sala|plaza|explanada|palacio|casa|cancha|unidad|escuela|"
    r"parque|jard[ií]n|centro|teatro|calle|avenida|colonia|col\.|comunidad|localidad|instalaciones|domicilio|"
    r"oficinas|campo|estadio|gimnasio|biblioteca|mercado|iglesia|templo|kiosco|museo|hospital|clínica)\b[^.;\n]*?)"
    r"(?=,\s*(?:a\s+las|el\s+pr[oó]ximo|el\s+d[ií]a)|\.\s|\.$|;|\n|$)",
    re.IGNORECASE)
_INICIO_DE_ASUNTO = re.compile(r"^(?:invitaci[oó]n|se\s+invita)\s*(?:a\s+la|al|a\s+el|a)?\s*[:,-]?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Oficio:
    titulo: str
    lugar: str
    fechas: list[FechaEncontrada]


def _corto(texto: str, largo: int) -> str:
    texto = re.sub(r"\s+", " ", texto).strip(" ,.-:")
    return texto if len(texto) <= largo else texto[:largo].rsplit(" ", 1)[0]


def _titulo(texto: str) -> str:
    m = _EVENTO.search(texto)
    if m:
        return _corto(m.group(1), MAX_TITULO)
    m = _INVITACION.search(texto)
    if m:
        titulo = _corto(m.group(1), MAX_TITULO)
        return titulo[:1].upper() + titulo[1:]
    m = _ASUNTO.search(texto)
    if m:
        asunto = _corto(_INICIO_DE_ASUNTO.sub("", m.group(1)), MAX_TITULO)
        if asunto:
            return asunto[:1].upper() + asunto[1:]
    primera = next((r for r in texto.splitlines() if r.strip()), "")
    return _corto(primera, MAX_TITULO)


def _lugar(texto: str) -> str:
    m = _LUGAR.search(texto)
    if m:
        return _corto(m.group(1), MAX_LUGAR)
    m = _EN_LUGAR.search(texto)
    if m:
        lugar = _corto(m.group(2), MAX_LUGAR)
        return lugar[:1].upper() + lugar[1:]
    return ""


def leer_oficio(texto: str, ahora: datetime) -> Oficio:
    """Lo que se pudo sacar del oficio; ``fechas`` puede venir vacía o con varias (la persona decide)."""
    return Oficio(titulo=_titulo(texto), lugar=_lugar(texto), fechas=buscar_fechas(texto, ahora))


def parece_oficio(texto: str) -> bool:
    """Un texto pegado de varios renglones sin «|»: no es la línea de ``/agenda nueva``."""
    return "\n" in texto.strip() and "|" not in texto
