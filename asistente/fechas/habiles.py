"""Días hábiles de una oficina municipal mexicana.

Los días de descanso obligatorio de la Ley Federal del Trabajo (art. 74) se conocen sin que nadie los
configure: 1 de enero, el primer lunes de febrero (Constitución), el tercer lunes de marzo (Juárez),
1 de mayo, 16 de septiembre, el tercer lunes de noviembre (Revolución), 25 de diciembre y el 1 de
octubre de cada seis años en que cambia el Poder Ejecutivo Federal (2024, 2030…). Los que agrega la
oficina (Jueves y Viernes Santo, 2 de noviembre, la feria del pueblo) llegan como ``extra``.

Funciones puras: no leen el reloj ni la base de datos.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import MO, relativedelta

__all__ = ["dias_habiles_entre", "es_habil", "feriados_oficiales", "primer_dia_habil", "sumar_dias_habiles"]


@lru_cache(maxsize=64)
def feriados_oficiales(anio: int) -> frozenset[date]:
    """Los días de descanso obligatorio de la LFT (art. 74) en ``anio``."""
    dias = {
        date(anio, 1, 1),
        date(anio, 2, 1) + relativedelta(weekday=MO(+1)),
        date(anio, 3, 1) + relativedelta(weekday=MO(+3)),
        date(anio, 5, 1),
        date(anio, 9, 16),
        date(anio, 11, 1) + relativedelta(weekday=MO(+3)),
        date(anio, 12, 25),
    }
    if anio >= 2024 and (anio - 2024) % 6 == 0:
        dias.add(date(anio, 10, 1))
    return frozenset(dias)


def es_habil(dia: date, extra: Iterable[date] = ()) -> bool:
    """Lunes a viernes que no es feriado oficial ni día inhábil de la oficina (``extra``)."""
    if dia.weekday() >= 5 or dia in feriados_oficiales(dia.year):
        return False
    return dia not in set(extra)


def dias_habiles_entre(desde: date, hasta: date, extra: Iterable[date] = ()) -> int:
    """Cuántos días hábiles hay después de ``desde`` y hasta ``hasta`` inclusive (0 si ``hasta`` ≤ ``desde``).

    Una solicitud que llega el lunes para el jueves tiene 3 días hábiles (martes, miércoles, jueves).
    """
    inhabiles = frozenset(extra)
    cuenta = 0
    dia = desde + timedelta(days=1)
    while dia <= hasta:
        if es_habil(dia, inhabiles):
            cuenta += 1
        dia += timedelta(days=1)
    return cuenta


def sumar_dias_habiles(desde: date, n: int, extra: Iterable[date] = ()) -> date:
    """El día hábil que queda ``n`` días hábiles después de ``desde`` (``n`` ≥ 0; 0 da ``desde``)."""
    inhabiles = frozenset(extra)
    dia = desde
    while n > 0:
        dia += timedelta(days=1)
        if es_habil(dia, inhabiles):
            n -= 1
    return dia


def primer_dia_habil(anio: int, mes: int, extra: Iterable[date] = ()) -> date:
    """El primer día hábil del mes (el informe mensual sale ese día)."""
    inhabiles = frozenset(extra)
    dia = date(anio, mes, 1)
    while not es_habil(dia, inhabiles):
        dia += timedelta(days=1)
    return dia
