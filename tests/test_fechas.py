"""Fechas en español (SPEC §5): una tabla amplia de frases, leídas desde varios momentos de referencia.

Cada fila es (ahora, texto, esperado). ``esperado`` es «AAAA-MM-DD» (día sin hora),
«AAAA-MM-DD HH:MM» (con hora) o «AAAA-MM-DD HH:MM-HH:MM» (rango).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asistente.fechas import FechaNoEntendida, Momento, interpretar
from asistente.nucleo.errores import ErrorDeUsuario
from tests.conftest import AHORA, ZONA

LUNES = AHORA                                              # lunes 2 de marzo de 2026, 09:00
DOMINGO_NOCHE = datetime(2026, 3, 8, 23, 30, tzinfo=ZONA)  # domingo 8 de marzo, 23:30
FIN_DE_ANIO = datetime(2026, 12, 31, 22, 0, tzinfo=ZONA)   # jueves 31 de diciembre, 22:00
FEB_28 = datetime(2027, 2, 28, 12, 0, tzinfo=ZONA)         # domingo; 2027 no es bisiesto
FEB_29 = datetime(2028, 2, 29, 10, 0, tzinfo=ZONA)         # martes; 2028 sí es bisiesto
TARDE = datetime(2026, 3, 4, 18, 45, tzinfo=ZONA)          # miércoles 18:45: casi todo el día ya pasó

TABLA_LUNES = [
    # días
    ("hoy", "2026-03-02"),
    ("mañana", "2026-03-03"),
    ("manana", "2026-03-03"),
    ("Mañana", "2026-03-03"),
    ("pasado mañana", "2026-03-04"),
    ("pasado manana", "2026-03-04"),
    ("en 3 días", "2026-03-05"),
    ("en tres días", "2026-03-05"),
    ("dentro de 3 dias", "2026-03-05"),
    ("dentro de tres días", "2026-03-05"),
    ("en 1 día", "2026-03-03"),
    ("en un día", "2026-03-03"),
    ("en 15 días", "2026-03-17"),
    ("en quince días", "2026-03-17"),
    ("en veintiún días", "2026-03-23"),
    ("en treinta días", "2026-04-01"),
    ("en una semana", "2026-03-09"),
    ("en 1 semana", "2026-03-09"),
    ("en 2 semanas", "2026-03-16"),
    ("en dos semanas", "2026-03-16"),
    ("dentro de dos semanas", "2026-03-16"),
    ("dentro de 4 semanas", "2026-03-30"),
    # días de la semana: el más cercano, hoy incluido
    ("lunes", "2026-03-02"),
    ("el lunes", "2026-03-02"),
    ("este lunes", "2026-03-02"),
    ("martes", "2026-03-03"),
    ("el miércoles", "2026-03-04"),
    ("miercoles", "2026-03-04"),
    ("este jueves", "2026-03-05"),
    ("viernes", "2026-03-06"),
    ("este sábado", "2026-03-07"),
    ("sabado", "2026-03-07"),
    ("el domingo", "2026-03-08"),
    # «próximo»: el primero después de hoy
    ("próximo lunes", "2026-03-09"),
    ("el próximo lunes", "2026-03-09"),
    ("el proximo lunes", "2026-03-09"),
    ("el lunes próximo", "2026-03-09"),
    ("el lunes que viene", "2026-03-09"),
    ("el lunes siguiente", "2026-03-09"),
    ("el próximo martes", "2026-03-03"),
    ("el viernes que viene", "2026-03-06"),
    # la semana próxima: su lunes, sin hora
    ("la próxima semana", "2026-03-09"),
    ("la semana que viene", "2026-03-09"),
    ("próxima semana", "2026-03-09"),
    ("semana que viene", "2026-03-09"),
    ("la semana próxima", "2026-03-09"),
    ("el miércoles de la próxima semana", "2026-03-11"),
    ("el viernes de la semana que viene", "2026-03-13"),
    # fechas
    ("15 de marzo", "2026-03-15"),
    ("15 marzo", "2026-03-15"),
    ("el 15 de marzo", "2026-03-15"),
    ("el día 15 de marzo", "2026-03-15"),
    ("el día 15/03", "2026-03-15"),
    ("15 de marzo 2027", "2027-03-15"),
    ("15 de marzo, 2027", "2027-03-15"),
    ("jueves 12 de marzo de 2026", "2026-03-12"),
    ("15 de mar", "2026-03-15"),
    ("domingo 15 de marzo", "2026-03-15"),
    ("domingo, 15 de marzo", "2026-03-15"),
    ("15/03", "2026-03-15"),
    ("15/3", "2026-03-15"),
    ("15-03-2026", "2026-03-15"),
    ("2026-03-15", "2026-03-15"),
    ("15/03/26", "2026-03-15"),
    ("2 de marzo", "2026-03-02"),
    ("1 de marzo", "2027-03-01"),
    ("1/03", "2027-03-01"),
    ("3 de febrero de 2027", "2027-02-03"),
    ("miércoles 3 de febrero de 2027", "2027-02-03"),
    ("3 de febrero", "2027-02-03"),
    ("miércoles 3 de febrero", "2027-02-03"),
    ("3 de febrero del 2027", "2027-02-03"),
    ("15/03/2027", "2027-03-15"),
    ("15-03-2027", "2027-03-15"),
    ("2027-03-15", "2027-03-15"),
    ("15/03/27", "2027-03-15"),
    ("25 de diciembre", "2026-12-25"),
    ("1 de enero", "2027-01-01"),
    ("primero de mayo", "2026-05-01"),
    ("1o de mayo", "2026-05-01"),
    ("16 de septiembre", "2026-09-16"),
    ("16 de setiembre", "2026-09-16"),
    ("16 sept", "2026-09-16"),
    ("12 de octubre de 2025", "2025-10-12"),
    # horas solas: hoy si todavía no pasa (son las 09:00), si no mañana
    ("10", "2026-03-02 10:00"),
    ("a las 10", "2026-03-02 10:00"),
    ("las 10", "2026-03-02 10:00"),
    ("10:30", "2026-03-02 10:30"),
    ("10.30", "2026-03-02 10:30"),
    ("10 am", "2026-03-02 10:00"),
    ("10am", "2026-03-02 10:00"),
    ("10:30 a.m.", "2026-03-02 10:30"),
    ("10:30 a. m.", "2026-03-02 10:30"),
    ("10:30 am", "2026-03-02 10:30"),
    ("5 pm", "2026-03-02 17:00"),
    ("5 p.m.", "2026-03-02 17:00"),
    ("5pm", "2026-03-02 17:00"),
    ("17 hrs", "2026-03-02 17:00"),
    ("17 hrs.", "2026-03-02 17:00"),
    ("17hrs", "2026-03-02 17:00"),
    ("17:00 h", "2026-03-02 17:00"),
    ("17:00 horas", "2026-03-02 17:00"),
    ("17h30", "2026-03-02 17:30"),
    ("a mediodía", "2026-03-02 12:00"),
    ("al mediodía", "2026-03-02 12:00"),
    ("mediodia", "2026-03-02 12:00"),
    ("a medio día", "2026-03-02 12:00"),
    ("5 de la tarde", "2026-03-02 17:00"),
    ("a las 5 de la tarde", "2026-03-02 17:00"),
    ("8 de la noche", "2026-03-02 20:00"),
    ("a las 8 de la noche", "2026-03-02 20:00"),
    ("11 de la noche", "2026-03-02 23:00"),
    ("9 de la mañana", "2026-03-03 09:00"),  # las 09:00 en punto ya no están por delante
    ("10 de la mañana", "2026-03-02 10:00"),
    ("12 de la tarde", "2026-03-02 12:00"),
    ("a las 10 y media", "2026-03-02 10:30"),
    ("a las 10 en punto", "2026-03-02 10:00"),
    ("hoy 5:30 pm", "2026-03-02 17:30"),
    ("A LAS 4 DE LA TARDE", "2026-03-02 16:00"),
    ("10 hrs", "2026-03-02 10:00"),
    ("10 y media", "2026-03-02 10:30"),
    ("a las 10 y cuarto", "2026-03-02 10:15"),
    ("a las 11 menos cuarto", "2026-03-02 10:45"),
    ("a las 5 y media de la tarde", "2026-03-02 17:30"),
    ("a la 1 menos cuarto", "2026-03-02 12:45"),
    ("a las 3", "2026-03-02 15:00"),
    ("a la 1", "2026-03-02 13:00"),
    ("a la una", "2026-03-02 13:00"),
    ("a las dos", "2026-03-02 14:00"),
    ("a las diez", "2026-03-02 10:00"),
    ("a las 6", "2026-03-02 18:00"),
    ("a las 7", "2026-03-03 07:00"),
    ("a las 12", "2026-03-02 12:00"),
    ("8", "2026-03-03 08:00"),
    ("a las 8", "2026-03-03 08:00"),
    ("07:00", "2026-03-03 07:00"),
    ("06:30", "2026-03-03 06:30"),  # con cero delante se toma como está
    ("3 am", "2026-03-03 03:00"),
    ("12 am", "2026-03-03 00:00"),
    ("12 pm", "2026-03-02 12:00"),
    ("00:30", "2026-03-03 00:30"),
    ("13:15", "2026-03-02 13:15"),
    ("18", "2026-03-02 18:00"),
    ("23:59", "2026-03-02 23:59"),
    ("5 de la madrugada", "2026-03-03 05:00"),
    # día y hora juntos
    ("mañana a las 10", "2026-03-03 10:00"),
    ("Mañana a las 10", "2026-03-03 10:00"),
    ("manana 10", "2026-03-03 10:00"),
    ("mañana 10:00 hrs", "2026-03-03 10:00"),
    ("mañana a las 9 de la mañana", "2026-03-03 09:00"),
    ("mañana 9 de la mañana", "2026-03-03 09:00"),
    ("mañana a las 5 de la tarde", "2026-03-03 17:00"),
    ("mañana por la tarde a las 4", "2026-03-03 16:00"),
    ("mañana a las 8 por la noche", "2026-03-03 20:00"),
    ("mañana al mediodía", "2026-03-03 12:00"),
    ("pasado mañana 9 de la mañana", "2026-03-04 09:00"),
    ("pasado mañana a las 4", "2026-03-04 16:00"),
    ("hoy a las 18", "2026-03-02 18:00"),
    ("hoy a las 8", "2026-03-02 08:00"),  # el día lo dijo la persona: no se mueve
    ("lunes a las 8", "2026-03-02 08:00"),
    ("el lunes a las 10", "2026-03-02 10:00"),
    ("el próximo lunes a las 10", "2026-03-09 10:00"),
    ("el lunes que viene a las 10:30", "2026-03-09 10:30"),
    ("viernes 10", "2026-03-06 10:00"),
    ("el miércoles a las 10", "2026-03-04 10:00"),
    ("miércoles 9 de la mañana", "2026-03-04 09:00"),
    ("el jueves a las 5 de la tarde", "2026-03-05 17:00"),
    ("este sábado a mediodía", "2026-03-07 12:00"),
    ("15 de marzo a las 10", "2026-03-15 10:00"),
    ("15/03 17:00", "2026-03-15 17:00"),
    ("9 de marzo a las 10", "2026-03-09 10:00"),
    ("lunes 16 de marzo 17:00", "2026-03-16 17:00"),
    ("3 de febrero de 2027 a las 10", "2027-02-03 10:00"),
    ("2027-03-15 10:00", "2027-03-15 10:00"),
    ("en 3 días a las 10", "2026-03-05 10:00"),
    ("en una semana a las 9 de la mañana", "2026-03-09 09:00"),
    ("la próxima semana a las 10", "2026-03-09 10:00"),
    ("mañana martes a las 10", "2026-03-03 10:00"),
    # rangos, el mismo día
    ("de 10 a 12", "2026-03-02 10:00-12:00"),
    ("10:00-12:00", "2026-03-02 10:00-12:00"),
    ("10:00 - 12:00", "2026-03-02 10:00-12:00"),
    ("10-12", "2026-03-02 10:00-12:00"),
    ("de 10 a 12:30", "2026-03-02 10:00-12:30"),
    ("de 10 a 12 hrs", "2026-03-02 10:00-12:00"),
    ("de 10:00 a 12:00 hrs", "2026-03-02 10:00-12:00"),
    ("de las 10 a las 12", "2026-03-02 10:00-12:00"),
    ("desde las 10 hasta las 12", "2026-03-02 10:00-12:00"),
    ("entre las 10 y las 12", "2026-03-02 10:00-12:00"),
    ("10 a 12", "2026-03-02 10:00-12:00"),
    ("mañana de 10 a 12", "2026-03-03 10:00-12:00"),
    ("mañana de 10 a 12:30", "2026-03-03 10:00-12:30"),
    ("jueves 5 de marzo de 10 a 12", "2026-03-05 10:00-12:00"),
    ("15/03 de 10 a 12", "2026-03-15 10:00-12:00"),
    ("de 4 a 6", "2026-03-02 16:00-18:00"),
    ("de 4 a 6 de la tarde", "2026-03-02 16:00-18:00"),
    ("de 4 a 6 pm", "2026-03-02 16:00-18:00"),
    ("de 8 a 10 de la noche", "2026-03-02 20:00-22:00"),
    ("de 6 a 8", "2026-03-02 18:00-20:00"),
    ("de 11 a 1", "2026-03-02 11:00-13:00"),
    ("de 10 a 2", "2026-03-02 10:00-14:00"),
    ("de 10 a 2 de la tarde", "2026-03-02 10:00-14:00"),
    ("de 10 am a 1 pm", "2026-03-02 10:00-13:00"),
    ("de mediodía a 2", "2026-03-02 12:00-14:00"),
    ("de 10 y media a 12", "2026-03-02 10:30-12:00"),
    ("de 8 a 10", "2026-03-03 08:00-10:00"),  # las 08:00 ya pasaron: mañana
    ("mañana de 9 a 11 de la mañana", "2026-03-03 09:00-11:00"),
    ("13:00-15:30", "2026-03-02 13:00-15:30"),
    ("10:00–12:00", "2026-03-02 10:00-12:00"),
    ("de 10 de la mañana a 2 de la tarde", "2026-03-02 10:00-14:00"),
    ("de 9:30 a 11", "2026-03-02 09:30-11:00"),
    ("hoy de 4 a 6 de la tarde", "2026-03-02 16:00-18:00"),
    ("el 15 de marzo de 9 a 14 hrs", "2026-03-15 09:00-14:00"),
    ("mañana 10:00 a 11:30", "2026-03-03 10:00-11:30"),
    ("de 7 a 9 pm", "2026-03-02 19:00-21:00"),
    ("de 11 am a 2 pm", "2026-03-02 11:00-14:00"),
    # el número del día sin el mes: con «día», o tras «el» o el día de la semana cuando sigue la hora
    ("el día 15", "2026-03-15"),
    ("día 15 a las 10", "2026-03-15 10:00"),
    ("el día 2", "2026-03-02"),
    ("el día 1", "2026-04-01"),  # el 1 de marzo ya pasó: el de abril
    ("el día 31", "2026-03-31"),
    ("a las 10 del día 15", "2026-03-15 10:00"),
    ("el 12 a las 5 pm", "2026-03-12 17:00"),  # no «de 12 a 5»
    ("el 10 a las 12", "2026-03-10 12:00"),
    ("el 12 de 10 a 12", "2026-03-12 10:00-12:00"),
    ("el martes 10 a las 9", "2026-03-10 09:00"),
    ("martes 10 al mediodía", "2026-03-10 12:00"),
    ("mañana a las 12 del día", "2026-03-03 12:00"),
    # tras el día de la semana, el número es el día del mes si ese día cae en ese número esta semana o
    # la siguiente; si no, es la hora
    ("el viernes 6", "2026-03-06"),
    ("viernes 13 a las 10", "2026-03-13 10:00"),
    ("lunes 9 10am", "2026-03-09 10:00"),
    ("el próximo lunes 9", "2026-03-09"),
    ("lunes 2", "2026-03-02"),
    ("viernes 6 de la tarde", "2026-03-06 18:00"),
    ("viernes 6:30", "2026-03-06 18:30"),
    ("el jueves a las 11 del día", "2026-03-05 11:00"),
    ("mañana a las doce del día", "2026-03-03 12:00"),
    # días de la semana abreviados, como en un calendario
    ("vie 6 mar 10:00", "2026-03-06 10:00"),
    ("sáb. 10 hrs", "2026-03-07 10:00"),
    ("mié 4 a las 9", "2026-03-04 09:00"),
    ("dom a mediodía", "2026-03-08 12:00"),
    ("jue", "2026-03-05"),
    # primero la hora y luego el día
    ("a las 10 del 15 de marzo", "2026-03-15 10:00"),
    ("a las 10:00 hrs del lunes", "2026-03-02 10:00"),
    ("10 de la mañana del jueves", "2026-03-05 10:00"),
    ("9 de la mañana mañana", "2026-03-03 09:00"),
    # lo que el asistente mismo escribe se puede leer de vuelta
    ("martes 3 de marzo, 10:00 a 11:00", "2026-03-03 10:00-11:00"),
    ("el martes por la mañana a las 10", "2026-03-03 10:00"),
    ("lunes 9 de marzo de 10:00 a 12:00 hrs", "2026-03-09 10:00-12:00"),
]

TABLA_DOMINGO_NOCHE = [
    ("hoy", "2026-03-08"),
    ("mañana", "2026-03-09"),
    ("pasado mañana", "2026-03-10"),
    ("domingo", "2026-03-08"),
    ("el próximo domingo", "2026-03-15"),
    ("el domingo que viene", "2026-03-15"),
    ("lunes", "2026-03-09"),
    ("el próximo lunes", "2026-03-09"),
    ("sábado", "2026-03-14"),
    ("la próxima semana", "2026-03-09"),
    ("la semana que viene", "2026-03-09"),
    ("el martes de la próxima semana", "2026-03-10"),
    ("en una semana", "2026-03-15"),
    ("en 1 día", "2026-03-09"),
    ("8 de marzo", "2026-03-08"),
    ("7 de marzo", "2027-03-07"),
    ("9/3", "2026-03-09"),
    ("a las 10", "2026-03-09 10:00"),
    ("10", "2026-03-09 10:00"),
    ("a las 23:45", "2026-03-08 23:45"),
    ("23:30", "2026-03-09 23:30"),
    ("11 de la noche", "2026-03-09 23:00"),
    ("de 10 a 12", "2026-03-09 10:00-12:00"),
    ("a mediodía", "2026-03-09 12:00"),
    ("hoy a las 10", "2026-03-08 10:00"),
    ("mañana a las 9 de la mañana", "2026-03-09 09:00"),
    ("el lunes a las 10", "2026-03-09 10:00"),
    ("domingo a las 8 de la noche", "2026-03-08 20:00"),
]

TABLA_FIN_DE_ANIO = [
    ("mañana", "2027-01-01"),
    ("pasado mañana", "2027-01-02"),
    ("1 de enero", "2027-01-01"),
    ("el día 2", "2027-01-02"),
    ("el día 31", "2026-12-31"),
    ("el 5 a las 10", "2027-01-05 10:00"),
    ("2 de enero a las 10", "2027-01-02 10:00"),
    ("31 de diciembre", "2026-12-31"),
    ("30 de diciembre", "2027-12-30"),
    ("15/01", "2027-01-15"),
    ("31/12/2026", "2026-12-31"),
    ("1/1/27", "2027-01-01"),
    ("2027-01-06", "2027-01-06"),
    ("6 de enero de 2027", "2027-01-06"),
    ("viernes", "2027-01-01"),
    ("jueves", "2026-12-31"),
    ("el próximo jueves", "2027-01-07"),
    ("la próxima semana", "2027-01-04"),
    ("en 3 días", "2027-01-03"),
    ("en dos semanas", "2027-01-14"),
    ("a las 10", "2027-01-01 10:00"),
    ("a las 11 de la noche", "2026-12-31 23:00"),
    ("23:30", "2026-12-31 23:30"),
    ("22:00", "2027-01-01 22:00"),
    ("de 10 a 12", "2027-01-01 10:00-12:00"),
    ("mañana a mediodía", "2027-01-01 12:00"),
    ("el lunes que viene a las 9 de la mañana", "2027-01-04 09:00"),
]

TABLA_FEB_28 = [
    ("mañana", "2027-03-01"),
    ("hoy", "2027-02-28"),
    ("28 de febrero", "2027-02-28"),
    ("1 de marzo", "2027-03-01"),
    ("27 de febrero", "2028-02-27"),
    ("29 de febrero", "2028-02-29"),  # el siguiente 29 de febrero que existe
    ("29/02/2028", "2028-02-29"),
    ("29 de febrero de 2028", "2028-02-29"),
    ("en 1 día", "2027-03-01"),
    ("en 2 días", "2027-03-02"),
    ("lunes", "2027-03-01"),
    ("domingo", "2027-02-28"),
    ("el próximo domingo", "2027-03-07"),
    ("la semana que viene", "2027-03-01"),
    ("a las 10", "2027-03-01 10:00"),
    ("a las 3", "2027-02-28 15:00"),
    ("mañana de 10 a 12", "2027-03-01 10:00-12:00"),
]

TABLA_FEB_29 = [
    ("hoy", "2028-02-29"),
    ("mañana", "2028-03-01"),
    ("29 de febrero", "2028-02-29"),
    ("29/02", "2028-02-29"),
    ("28 de febrero", "2029-02-28"),
    ("1 de marzo", "2028-03-01"),
    ("en una semana", "2028-03-07"),
    ("en 1 día", "2028-03-01"),
    ("martes", "2028-02-29"),
    ("el próximo martes", "2028-03-07"),
    ("lunes", "2028-03-06"),
    ("la próxima semana", "2028-03-06"),
    ("a las 9", "2028-03-01 09:00"),
    ("a las 11", "2028-02-29 11:00"),
    ("hoy a las 5 de la tarde", "2028-02-29 17:00"),
]

TABLA_TARDE = [
    ("a las 10", "2026-03-05 10:00"),
    ("a las 6", "2026-03-05 18:00"),
    ("a las 7 de la noche", "2026-03-04 19:00"),
    ("18:45", "2026-03-05 18:45"),
    ("18:46", "2026-03-04 18:46"),
    ("de 4 a 6", "2026-03-05 16:00-18:00"),
    ("de 7 a 9 de la noche", "2026-03-04 19:00-21:00"),
    ("hoy a las 10", "2026-03-04 10:00"),
    ("miércoles a las 10", "2026-03-04 10:00"),
    ("miércoles", "2026-03-04"),
    ("el próximo miércoles", "2026-03-11"),
    ("jueves", "2026-03-05"),
    ("a mediodía", "2026-03-05 12:00"),
    ("8 de la noche", "2026-03-04 20:00"),
    ("a las 9", "2026-03-05 09:00"),
]

CASOS = (
    [(LUNES, t, e) for t, e in TABLA_LUNES]
    + [(DOMINGO_NOCHE, t, e) for t, e in TABLA_DOMINGO_NOCHE]
    + [(FIN_DE_ANIO, t, e) for t, e in TABLA_FIN_DE_ANIO]
    + [(FEB_28, t, e) for t, e in TABLA_FEB_28]
    + [(FEB_29, t, e) for t, e in TABLA_FEB_29]
    + [(TARDE, t, e) for t, e in TABLA_TARDE]
)


def _como_texto(m: Momento) -> str:
    if not m.con_hora:
        return f"{m.inicio:%Y-%m-%d}"
    texto = f"{m.inicio:%Y-%m-%d %H:%M}"
    return texto + (f"-{m.fin:%H:%M}" if m.fin is not None else "")


def _sin_acentos(texto: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))


@pytest.mark.parametrize(("ahora", "texto", "esperado"), CASOS, ids=[f"{a:%Y%m%d%H%M}-{t}" for a, t, _ in CASOS])
def test_tabla(ahora: datetime, texto: str, esperado: str) -> None:
    momento = interpretar(texto, ahora)
    assert _como_texto(momento) == esperado
    assert momento.inicio.tzinfo is ahora.tzinfo
    if not momento.con_hora:
        assert (momento.inicio.hour, momento.inicio.minute) == (0, 0) and momento.fin is None
    if momento.fin is not None:
        assert momento.fin > momento.inicio and momento.fin.date() == momento.inicio.date()


@pytest.mark.parametrize(("texto", "esperado"), TABLA_LUNES)
def test_mayusculas_acentos_y_espacios_no_importan(texto: str, esperado: str) -> None:
    for variante in (texto.upper(), _sin_acentos(texto), f"  {texto.title()}  "):
        assert _como_texto(interpretar(variante, LUNES)) == esperado, variante


EQUIVALENTES = [
    ("Mañana a las 10", "manana 10", "mañana 10:00 hrs", "mañana a las 10:00", "MAÑANA 10 AM", "mañana 10 h",
     "mañana, a las 10", "mañana a las 10 de la mañana", "mañana 10.00", "mañana a las diez"),
    ("el lunes próximo", "el próximo lunes", "el lunes que viene", "próximo lunes", "lunes siguiente",
     "la semana que viene", "la próxima semana", "en una semana", "en 7 días", "9 de marzo", "9/3", "09/03/2026"),
    ("a las 5 de la tarde", "5 pm", "17 hrs", "17:00 h", "a las 5", "5 p.m.", "17:00", "las cinco de la tarde"),
    ("de 10 a 12", "10:00-12:00", "de 10 a 12 hrs", "entre las 10 y las 12", "10 a 12", "de 10:00 a 12:00"),
]


@pytest.mark.parametrize("grupo", EQUIVALENTES, ids=[g[0] for g in EQUIVALENTES])
def test_frases_equivalentes_dan_lo_mismo(grupo: tuple[str, ...]) -> None:
    lecturas = {texto: interpretar(texto, LUNES) for texto in grupo}
    assert len(set(lecturas.values())) == 1, lecturas


ERRORES = [
    "31 de febrero", "30 de febrero", "31 de abril", "31/06", "32 de marzo", "0 de marzo", "15/13", "15/00",
    "29 de febrero de 2027", "29/02/2027", "29-02-2027", "2027-02-29", "2026-13-01",
    "25:00", "24:00", "10:60", "a las 25", "13 de la mañana", "13 am", "0 pm", "3 de la noche",
    "de 12 a 10", "de 10 a 10", "de 11 a 9", "10:00-09:00", "de 12 a 8",
    "borrar 1", "", "   ", "la", "el", "a las", "hrs", "y cuarto", "10 y", "pasado", "mañanita",
    "hoy mañana", "mañana pasado mañana", "lunes martes", "15 de marzo 16 de marzo", "hoy 15 de marzo",
    "mañana lunes", "lunes 3 de febrero", "lunes 3 de febrero de 2027", "viernes 15 de marzo",
    "a las 10 y a las 11", "10 pm de la mañana", "a las 10 de la mañana por la tarde", "10 11", "de 10 a 12 a las 3",
    "en la tarde", "hoy en la tarde", "mañana por la mañana", "en días", "en -3 días", "dos",
    "ayer", "la semana pasada", "cuando se pueda", "próximamente", "el mes que viene", "marzo",
    "15", "15 de", "del", "el día 45", "el día 30 de febrero", "el martes 11 a las 9", "15-03", "de marzo", "lunes 3", "10 de la tarde de la noche", "10 am pm",
    "2026", "15/03/2027/1", "15.03.2027", "1/1/1", "10:30:00", "medianoche", "12 de la noche",
]
# «15» y «lunes 3» se leen como horas (15:00, lunes a las 15:00), no como días del mes:
ERRORES = [e for e in ERRORES if e not in ("15", "lunes 3")]


@pytest.mark.parametrize("texto", ERRORES)
def test_lo_que_no_se_entiende_se_explica_repitiendo_el_texto(texto: str) -> None:
    with pytest.raises(FechaNoEntendida) as error:
        interpretar(texto, LUNES)
    assert f"«{texto.strip()}»" in error.value.mensaje
    assert isinstance(error.value, ErrorDeUsuario)


def test_29_de_febrero_sin_anio_fuera_de_un_anio_bisiesto_pide_el_anio() -> None:
    with pytest.raises(FechaNoEntendida, match="escribe el año"):
        interpretar("29 de febrero", LUNES)
    with pytest.raises(FechaNoEntendida):
        interpretar("29 de febrero", FIN_DE_ANIO)


def test_dia_de_la_semana_que_no_coincide_lo_dice() -> None:
    with pytest.raises(FechaNoEntendida, match="miércoles 3 de febrero de 2027 no es lunes"):
        interpretar("lunes 3 de febrero de 2027", LUNES)


def test_fecha_imposible_dice_que_no_existe() -> None:
    with pytest.raises(FechaNoEntendida, match="no existe"):
        interpretar("31 de febrero", LUNES)
    with pytest.raises(FechaNoEntendida, match="no existe"):
        interpretar("25:00", LUNES)


def test_texto_larguisimo_no_se_lee() -> None:
    with pytest.raises(FechaNoEntendida, match="demasiado largo"):
        interpretar("mañana " * 200, LUNES)


def test_sin_hora_es_la_medianoche_del_dia_y_sin_fin() -> None:
    m = interpretar("15 de marzo", LUNES)
    assert m == Momento(datetime(2026, 3, 15, tzinfo=ZONA), None, False)


def test_hora_sin_rango_no_tiene_fin() -> None:
    m = interpretar("mañana a las 10", LUNES)
    assert m == Momento(datetime(2026, 3, 3, 10, tzinfo=ZONA), None, True)


def test_se_sabe_si_el_texto_dio_el_dia_o_solo_la_hora() -> None:
    assert interpretar("mañana a las 10", LUNES).con_dia
    assert interpretar("15 de marzo", LUNES).con_dia
    assert not interpretar("a las 10", LUNES).con_dia
    assert not interpretar("de 5 a 7", LUNES).con_dia


# --- zonas y cambio de horario -----------------------------------------------------------------
TIJUANA = ZoneInfo("America/Tijuana")
SABADO_TIJUANA = datetime(2026, 3, 7, 12, 0, tzinfo=TIJUANA)  # el domingo 8 se adelanta el reloj


def test_la_zona_es_la_de_ahora() -> None:
    m = interpretar("hoy a las 10", SABADO_TIJUANA)
    assert m.inicio.tzinfo is TIJUANA and m.inicio.utcoffset() == timedelta(hours=-8)
    m = interpretar("mañana a las 10", SABADO_TIJUANA)
    assert m.inicio.hour == 10 and m.inicio.utcoffset() == timedelta(hours=-7)
    assert interpretar("mañana a las 10", LUNES).inicio.utcoffset() == timedelta(hours=-6)


def test_hora_que_no_existe_por_el_cambio_de_horario_avanza() -> None:
    m = interpretar("mañana a las 02:30", SABADO_TIJUANA)
    assert (m.inicio.date().isoformat(), m.inicio.hour, m.inicio.minute) == ("2026-03-08", 3, 30)
    assert m.inicio.utcoffset() == timedelta(hours=-7)


def test_rango_que_cruza_el_cambio_de_horario() -> None:
    m = interpretar("mañana de 01:00 a 04:00", SABADO_TIJUANA)
    assert m.fin is not None and (m.inicio.hour, m.fin.hour) == (1, 4)
    # Del reloj son tres horas; de tiempo real, dos: una se la come el cambio.
    assert m.fin.astimezone(timezone.utc) - m.inicio.astimezone(timezone.utc) == timedelta(hours=2)


def test_hora_repetida_al_atrasar_el_reloj_es_la_primera() -> None:
    m = interpretar("1/11/2026 a las 01:30", SABADO_TIJUANA)
    assert m.inicio.utcoffset() == timedelta(hours=-7)


def test_un_dia_es_de_calendario_aunque_cambie_el_horario() -> None:
    m = interpretar("en 2 días", SABADO_TIJUANA)
    assert m.inicio == datetime(2026, 3, 9, tzinfo=TIJUANA) and m.inicio.hour == 0


# --- nada que se escriba rompe el intérprete -----------------------------------------------------
ALFABETO = st.sampled_from(
    ["mañana", "hoy", "de", "la", "a", "las", "10", "12:30", "5", "pm", "y media", "lunes", "próximo",
     "semana", "que viene", "15", "marzo", "/", "-", "03", "2027", "en", "días", "tarde", "noche", "hrs",
     ".", ":", "entre", "y", "ñ", "💥", "0", "99", "febrero", "29", "mediodía", "menos cuarto"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALFABETO, max_size=8).map(" ".join) | st.text(max_size=40))
def test_cualquier_texto_da_un_momento_o_un_error_de_usuario(texto: str) -> None:
    try:
        m = interpretar(texto, LUNES)
    except FechaNoEntendida as error:
        assert "«" in error.mensaje
        return
    assert m.inicio.tzinfo is ZONA
    assert m.fin is None or m.fin > m.inicio
    assert m.inicio.year in (2025, 2026, 2027, 2028) or any(ch.isdigit() for ch in texto)
