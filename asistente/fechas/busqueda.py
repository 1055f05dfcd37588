"""Fechas dentro de un texto largo (un oficio pegado): ``dateparser.search.search_dates`` en español
encuentra los trozos que parecen fechas y nuestro intérprete (``interpretar``, SPEC §5) los confirma:
un trozo cuenta solo si nuestras reglas lo leen y dan el mismo día que dateparser. Así lo que
dateparser adivina de más (un número de oficio, «Presente») no pasa, y la hora se lee como en el
resto del asistente. Como dateparser a veces se salta la segunda fecha de una frase («… o el 20 de
marzo a las 12:00»), también se prueban los trozos «N de <mes> [de AAAA] [a las HH:MM]» del texto."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from asistente.fechas.interprete import (
    MAX_LARGO,
    FechaNoEntendida,
    Momento,
    interpretar,
)

# La fecha del propio oficio al final («Tlalchapa, Gro., a 2 de marzo de 2026.») no es la del evento.
_DATELINE = re.compile(r",\s*a\s+\d{1,2}\s+de\s+[a-záéíóú]+\s+(?:de|del)\s+\d{4}\.?\s*$", re.IGNORECASE)
_HORA_SUELTA = re.compile(r"\b(?:a\s+las?|hora:?|horario:?)\s+(\d{1,2}(?:[:.]\d{2})?\s*(?:hrs\.?|horas|h|am|pm|a\.\s?m\.|p\.\s?m\.)?)",
                          re.IGNORECASE)

_FECHA_ESCRITA = re.compile(
    r"\b(?:(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\s+)?\d{1,2}\s+de\s+[a-záéíóú]+"
    r"(?:\s+(?:de|del)\s+\d{4})?(?:,?\s+a\s+las?\s+\d{1,2}(?:[:.]\d{2})?(?:\s*(?:hrs\.?|horas|h)\b)?)?",
    re.IGNORECASE)


@dataclass(frozen=True)
class FechaEncontrada:
    trozo: str        # como está en el texto
    momento: Momento  # como lo leyó nuestro intérprete


def _leer(trozo: str, ahora: datetime) -> Momento | None:
    try:
        return interpretar(trozo[:MAX_LARGO], ahora)
    except FechaNoEntendida:
        return None


def buscar_fechas(texto: str, ahora: datetime) -> list[FechaEncontrada]:
    """Las fechas con día del texto que dateparser encuentra y nuestro intérprete confirma, sin las
    que ya pasaron ni la fecha del oficio, sin repetir, en el orden en que aparecen. Una fecha sin hora
    toma la única hora suelta del texto («Hora: 10:00 hrs»), si hay una sola."""
    # dateparser tarda en cargarse: solo lo paga quien pega un oficio.
    from dateparser.search import search_dates

    local = ahora.replace(tzinfo=None)
    renglones = [r for r in texto.splitlines() if not _DATELINE.search(r)]
    limpio = "\n".join(renglones)
    hallazgos = search_dates(limpio, languages=["es"], settings={
        "RELATIVE_BASE": local, "PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY",
    }) or []
    horas = {m.inicio.time() for h in _HORA_SUELTA.finditer(limpio)
             if (m := _leer(f"a las {h.group(1)}", ahora)) is not None and m.con_hora}
    candidatos = [(limpio.find(trozo), trozo, segun.date()) for trozo, segun in hallazgos]
    candidatos += [(m.start(), m.group(0), None) for m in _FECHA_ESCRITA.finditer(limpio)]
    encontradas: list[FechaEncontrada] = []
    for _, trozo, segun_dateparser in sorted(candidatos, key=lambda c: c[0]):
        momento = _leer(trozo, ahora)
        if momento is None or not momento.con_dia:
            continue
        if segun_dateparser is not None and momento.inicio.date() != segun_dateparser:
            continue
        if momento.inicio.date() < ahora.date():
            continue
        if not momento.con_hora and len(horas) == 1:
            hora = next(iter(horas))
            inicio = datetime.combine(momento.inicio.date(), hora, tzinfo=momento.inicio.tzinfo)
            momento = Momento(inicio=inicio, fin=None, con_hora=True)
        if all(e.momento.inicio != momento.inicio for e in encontradas):
            encontradas.append(FechaEncontrada(trozo.strip(), momento))
    # «12 de marzo» suelto y «12 de marzo a las 10» son la misma fecha: queda la que tiene hora.
    con_hora = {e.momento.inicio.date() for e in encontradas if e.momento.con_hora}
    return [e for e in encontradas if e.momento.con_hora or e.momento.inicio.date() not in con_hora]
