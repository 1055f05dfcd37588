"""Las fechas dichas en español: nombres de días y meses, fechas y horas en palabras, carpetas por
mes y las tablas de palabras con que el intérprete lee una fecha."""

import re
from datetime import date, datetime

from asistente.nucleo.texto import normalizar

MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre")
DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def fecha_en_palabras(d: date, con_anio: bool = False) -> str:
    s = f"{DIAS[d.weekday()]} {d.day} de {MESES[d.month - 1]}"
    return s + (f" de {d.year}" if con_anio else "")


def hora(d: datetime) -> str:
    return d.strftime("%H:%M")


def momento_en_palabras(inicio: datetime, fin: datetime | None, con_hora: bool) -> str:
    if not con_hora:
        return f"{fecha_en_palabras(inicio)}, hora por confirmar"
    if fin is None:
        return f"{fecha_en_palabras(inicio)}, {hora(inicio)}"
    return f"{fecha_en_palabras(inicio)}, {hora(inicio)} a {hora(fin)}"


def nombre_de_mes(mes: int) -> str:
    """1 → «enero»."""
    return MESES[mes - 1]


def dia_de_semana(d: date) -> str:
    return DIAS[d.weekday()]


def carpeta_mes(d: date) -> str:
    """La carpeta del mes en el archivo: «03-marzo»."""
    return f"{d.month:02d}-{MESES[d.month - 1]}"


def fecha_de_dateline(d: date) -> str:
    """La fecha de un boletín a la mexicana, sin día de la semana: «12 de marzo de 2026»."""
    return f"{d.day} de {MESES[d.month - 1]} de {d.year}"


# --- para leer fechas (asistente.fechas.interprete): todo ya normalizado, sin acentos ----------
DIAS_NORMALIZADOS = tuple(normalizar(d) for d in DIAS)
# Días de la semana y sus abreviaturas («vie 4 dic», «sáb.») → 0 = lunes.
DIAS_LEIDOS: dict[str, int] = {d: i for i, d in enumerate(DIAS_NORMALIZADOS)}
DIAS_LEIDOS.update({"lun": 0, "mar": 1, "mie": 2, "mier": 2, "mierc": 2, "jue": 3, "vie": 4, "sab": 5, "dom": 6})

# Los días que ya pasaron dichos con una palabra → cuántos días atrás (el intérprete de la agenda mira
# hacia adelante; la síntesis, la firma de un contrato o un plazo ya vencido miran hacia atrás).
DIAS_ATRAS: dict[str, int] = {"hoy": 0, "ayer": 1, "antier": 2, "anteayer": 2}
# Una fecha que trae su año escrito: «2026» o la forma corta «12/3/26». Sin él, quien lee una fecha
# decide de qué año es (la que viene o la que pasó) y puede preguntar.
ANIO_ESCRITO = re.compile(r"\b\d{4}\b|\d{1,2}/\d{1,2}/\d{2}\b")

# Nombres y abreviaturas de mes → número de mes.
MESES_LEIDOS: dict[str, int] = {normalizar(m): i for i, m in enumerate(MESES, start=1)}
MESES_LEIDOS.update({"setiembre": 9, "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6,
                     "jul": 7, "ago": 8, "sep": 9, "sept": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12})

_UNIDADES = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
             "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete", "dieciocho",
             "diecinueve", "veinte", "veintiuno", "veintidos", "veintitres", "veinticuatro",
             "veinticinco", "veintiseis", "veintisiete", "veintiocho", "veintinueve", "treinta")
# Números escritos con letra, de «un» a «treinta».
NUMEROS: dict[str, int] = {palabra: n for n, palabra in enumerate(_UNIDADES) if n > 0}
NUMEROS.update({"un": 1, "una": 1, "veintiun": 21, "veintiuna": 21})


def leer_numero(texto: str) -> int | None:
    """«3» → 3, «tres» → 3, «veintiuno» → 21; ``None`` si no es un número (texto ya normalizado)."""
    if texto.isdecimal():
        return int(texto)
    return NUMEROS.get(texto)
