"""Eventos que se repiten, dichos en español (SPEC §13): «cada lunes a las 10», «cada 15 días»,
«de lunes a viernes a las 9», «el primer viernes de cada mes», con «desde <fecha>», «hasta <fecha>» o
«N veces». Las fechas las calcula ``dateutil.rrule``; aquí solo se lee la frase.

``es_repeticion`` dice si un texto pide repetir; ``interpretar_repeticion`` lo lee y devuelve una
``Repeticion``: la regla (``rrule`` en la hora local, sin zona), sus fechas ya con zona, la hora y la
duración, y la frase en palabras para leerla de vuelta antes de guardar. Lo que no se entiende, una
regla sin fechas o con más de ``MAX_FECHAS`` lanza ``FechaNoEntendida``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import (
    DAILY,
    FR,
    MO,
    MONTHLY,
    SA,
    SU,
    TH,
    TU,
    WE,
    WEEKLY,
    rrule,
    rrulestr,
    weekday,
)

from asistente.fechas.interprete import FechaNoEntendida, interpretar
from asistente.fechas.palabras import DIAS, DIAS_LEIDOS, fecha_en_palabras, leer_numero
from asistente.nucleo.texto import normalizar

MAX_FECHAS = 500
# Sin «hasta» ni «N veces» se agenda el próximo año (las siguientes, al registrar la serie otra vez).
HORIZONTE = timedelta(days=365)
_SEMANA = (MO, TU, WE, TH, FR, SA, SU)
_ORDINALES = {"primer": 1, "primero": 1, "1er": 1, "1ro": 1, "segundo": 2, "2do": 2, "tercer": 3, "tercero": 3,
              "3er": 3, "3ro": 3, "cuarto": 4, "4to": 4, "quinto": 5, "ultimo": -1, "penultimo": -2}
_ORDINALES_ESCRITOS = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto", 5: "quinto", -1: "último", -2: "penúltimo"}
_DIA = r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)s?"
_NUM = r"(\d{1,3}|[a-z]+)"
_PISTAS = re.compile(r"\b(cada|diario|diariamente|todos los|todas las|entre semana|de cada mes|veces)\b|"
                     rf"\bde {_DIA} a {_DIA}\b|\blos {_DIA}\b")
EJEMPLOS = "«cada lunes a las 10», «cada 15 días», «de lunes a viernes a las 9», «el primer viernes de cada mes»"


@dataclass(frozen=True)
class Repeticion:
    regla: str                     # la rrule con su DTSTART (hora local, sin zona), para guardarla
    fechas: tuple[datetime, ...]   # cada inicio, con la zona de ``ahora``
    con_hora: bool
    duracion: timedelta | None     # «de 10 a 12»: dos horas; None: la de siempre
    descripcion: str               # «cada lunes, a las 10:00»
    limite: str                    # «hasta el 15 de diciembre», «10 veces» o «sin fecha de fin…»

    def en_palabras(self) -> str:
        """La serie leída de vuelta: la regla, cuántas fechas y la primera y la última."""
        primera, ultima = self.fechas[0], self.fechas[-1]
        cuantas = "1 fecha" if len(self.fechas) == 1 else f"{len(self.fechas)} fechas"
        return (f"{self.descripcion}, {self.limite}: {cuantas}, del {fecha_en_palabras(primera.date(), con_anio=True)} "
                f"al {fecha_en_palabras(ultima.date(), con_anio=True)}")


def es_repeticion(texto: str) -> bool:
    return _PISTAS.search(normalizar(texto)) is not None


def _dia(palabra: str) -> int:
    return DIAS_LEIDOS[palabra.rstrip("s") if palabra not in DIAS_LEIDOS else palabra]


def _numero(palabra: str, texto: str) -> int:
    n = leer_numero(palabra)
    if n is None or n < 1:
        raise FechaNoEntendida(f"No entendí la repetición «{texto}»: «{palabra}» no es un número.")
    return n


def _lista_de_dias(dias: list[int]) -> str:
    nombres = [DIAS[d] for d in dias]
    return nombres[0] if len(nombres) == 1 else ", ".join(nombres[:-1]) + " y " + nombres[-1]


def _fecha_de(trozo: str, ahora: datetime, texto: str) -> date:
    momento = interpretar(trozo, ahora)
    if not momento.con_dia or momento.con_hora:
        raise FechaNoEntendida(f"No entendí la repetición «{texto}»: «{trozo}» debe ser una fecha sin hora.")
    return momento.inicio.date()


def interpretar_repeticion(texto: str, ahora: datetime) -> Repeticion:
    """Lee la repetición; las fechas empiezan en ``ahora`` (o en «desde») y llevan su zona."""
    t = normalizar(texto)
    original = texto.strip()
    cuenta: int | None = None
    hasta: date | None = None
    desde: date | None = None

    m = re.search(rf"\b(?:por\s+)?{_NUM}\s+veces\b", t)
    if m:
        cuenta = _numero(m.group(1), original)
        t = t[:m.start()] + " " + t[m.end():]
    m = re.search(r"\bdesde\s+(?:el\s+)?(.+?)(?=\bhasta\b|$)", t)
    if m:
        desde = _fecha_de(m.group(1), ahora, original)
        t = t[:m.start()] + " " + t[m.end():]
    m = re.search(r"\bhasta\s+(?:el\s+)?(.+?)$", t)
    if m:
        hasta = _fecha_de(m.group(1), ahora, original)
        t = t[:m.start()] + " " + t[m.end():]
    if cuenta is not None and hasta is not None:
        raise FechaNoEntendida(f"No entendí la repetición «{original}»: di «hasta» una fecha o «N veces», no las dos.")

    frecuencia: Any = WEEKLY  # DAILY, WEEKLY o MONTHLY
    intervalo = 1
    dias: list[weekday] | None = None
    dia_del_mes: int | None = None
    descripcion = ""
    patrones = (
        rf"\b(?:el|los|cada)?\s*(primer|primero|1er|1ro|segundo|2do|tercer|tercero|3er|3ro|cuarto|4to|quinto|ultimo|penultimo)"
        rf"\s+({_DIA})\s+de\s+cada\s+mes\b",
        r"\b(?:el|los)?\s*(?:dia\s+)?(\d{1,2})\s+de\s+cada\s+mes\b",
        rf"\b(?:de\s+)?({_DIA})\s+a\s+({_DIA})\b",
        rf"\bcada\s+{_NUM}\s+(dias|semanas|meses)\b",
        r"\b(?:cada\s+(dia|semana|mes)|(diario|diariamente)|todos\s+los\s+(dias|meses)|entre\s+semana)\b",
        rf"\b(?:cada|todos\s+los|todas\s+las|los)\s+({_DIA}(?:\s*(?:,|y)\s*{_DIA})*)\b",
    )
    for indice, patron in enumerate(patrones):
        m = re.search(patron, t)
        if m is None:
            continue
        if indice == 0:
            n, d = _ORDINALES[m.group(1)], _dia(m.group(2))
            frecuencia, dias = MONTHLY, [_SEMANA[d](n)]
            descripcion = f"el {_ORDINALES_ESCRITOS[n]} {DIAS[d]} de cada mes"
        elif indice == 1:
            dia_del_mes = int(m.group(1))
            if not 1 <= dia_del_mes <= 31:
                raise FechaNoEntendida(f"No entendí la repetición «{original}»: no hay día {dia_del_mes} en ningún mes.")
            frecuencia, descripcion = MONTHLY, f"el día {dia_del_mes} de cada mes"
        elif indice == 2:
            a, b = _dia(m.group(1)), _dia(m.group(2))
            if b <= a:
                raise FechaNoEntendida(f"No entendí la repetición «{original}»: «de {DIAS[a]} a {DIAS[b]}» va al revés.")
            dias = [_SEMANA[i] for i in range(a, b + 1)]
            descripcion = f"de {DIAS[a]} a {DIAS[b]}"
        elif indice == 3:
            intervalo = _numero(m.group(1), original)
            unidad = m.group(2)
            frecuencia = {"dias": DAILY, "semanas": WEEKLY, "meses": MONTHLY}[unidad]
            descripcion = f"cada {intervalo} {unidad.replace('dias', 'días')}" if intervalo > 1 else \
                f"cada {unidad[:-1].replace('dia', 'día').replace('mese', 'mes')}"
        elif indice == 4:
            if m.group(0).startswith("entre"):
                dias, descripcion = [_SEMANA[i] for i in range(5)], "de lunes a viernes"
            elif (m.group(1) or m.group(3) or "") in ("mes", "meses"):
                frecuencia, descripcion = MONTHLY, "cada mes"
            elif (m.group(1) or "") == "semana":
                descripcion = "cada semana"
            else:
                frecuencia, descripcion = DAILY, "cada día"
        else:
            numeros = sorted({_dia(p) for p in re.findall(_DIA, m.group(1))})
            dias = [_SEMANA[i] for i in numeros]
            descripcion = f"cada {_lista_de_dias(numeros)}"
        t = t[:m.start()] + " " + t[m.end():]
        break
    else:
        raise FechaNoEntendida(f"No entendí la repetición «{original}». Ejemplos: {EJEMPLOS}, "
                               "con «hasta el 15 de diciembre» o «10 veces».")

    resto = re.sub(r"\s+", " ", t).strip(" ,")
    con_hora, hora, duracion = False, time(0, 0), None
    if resto:
        momento = interpretar(resto, ahora)
        if momento.con_dia:
            raise FechaNoEntendida(f"No entendí la repetición «{original}»: «{resto}» no es una hora "
                                   "(el día lo da la repetición; para empezar otro día usa «desde»).")
        con_hora, hora = True, momento.inicio.time()
        duracion = momento.fin - momento.inicio if momento.fin is not None else None
    try:
        return _calcular(original, ahora, frecuencia, intervalo, dias, dia_del_mes, cuenta, hasta, desde, con_hora, hora,
                         duracion, descripcion)
    except (OverflowError, ValueError):  # fechas más allá del año 9999
        raise FechaNoEntendida(f"La repetición «{original}» se sale del calendario.") from None


def _calcular(original: str, ahora: datetime, frecuencia: Any, intervalo: int, dias: list[weekday] | None,
              dia_del_mes: int | None, cuenta: int | None, hasta: date | None, desde: date | None, con_hora: bool,
              hora: time, duracion: timedelta | None, descripcion: str) -> Repeticion:
    zona = ahora.tzinfo
    ahora_local = ahora.replace(tzinfo=None)
    inicio = datetime.combine(desde or ahora_local.date(), hora)
    if con_hora and inicio < ahora_local:
        inicio += timedelta(days=1)
    if frecuencia == MONTHLY and dias is None and dia_del_mes is None:
        dia_del_mes = inicio.day
    fin_de_hasta = datetime.combine(hasta, time(23, 59, 59)) if hasta else None
    if hasta is not None and hasta < inicio.date():
        raise FechaNoEntendida(f"La repetición «{original}» termina antes de empezar.")
    regla = rrule(frecuencia, dtstart=inicio, interval=intervalo, byweekday=dias,
                  bymonthday=dia_del_mes, count=cuenta, until=fin_de_hasta)
    tope = None if cuenta or hasta else inicio + HORIZONTE
    fechas: list[datetime] = []
    for fecha in regla:
        if tope is not None and fecha >= tope:
            break
        fechas.append(fecha)
        if len(fechas) > MAX_FECHAS:
            raise FechaNoEntendida(f"La repetición «{original}» da más de {MAX_FECHAS} fechas: "
                                   "ponle un «hasta» más cercano o menos veces.")
    if not fechas:
        raise FechaNoEntendida(f"La repetición «{original}» no da ninguna fecha.")
    if con_hora:
        if duracion:
            termina = (datetime.combine(date.min, hora) + duracion).strftime('%H:%M')
            descripcion += f", de {hora.strftime('%H:%M')} a {termina}"
        else:
            descripcion += f", a las {hora.strftime('%H:%M')}"
    if cuenta:
        limite = f"{cuenta} {'vez' if cuenta == 1 else 'veces'}"
    elif hasta:
        limite = f"hasta el {fecha_en_palabras(hasta, con_anio=True)}"
    else:
        limite = "sin fecha de fin (se agenda un año)"
    texto_regla = str(regla)
    return Repeticion(regla=texto_regla, fechas=tuple(f.replace(tzinfo=zona) for f in fechas), con_hora=con_hora,
                      duracion=duracion, descripcion=descripcion, limite=limite)


def regla_legible(regla: str) -> rrule:
    """La regla guardada, de vuelta como ``rrule`` (para comprobarla o seguirla)."""
    leida = rrulestr(regla)
    assert isinstance(leida, rrule)
    return leida
