"""Hasta cuándo sale tarde una publicación del día (la agenda, la síntesis) si el programador estuvo
caído a su hora."""

from __future__ import annotations

from datetime import time

MEDIODIA = time(12, 0)


def limite_agenda(hora: time) -> time:
    """Hasta cuándo se publica tarde la agenda: el mediodía, o una hora después si es más tarde."""
    if hora < time(11, 0):
        return MEDIODIA
    return time(23, 59, 59) if hora >= time(23, 0) else time(hora.hour + 1, hora.minute)
