"""Lee fechas y horas escritas en español, como las escribe una oficina de prensa (SPEC §5).

Son reglas propias, sin dateparser: dateparser tira la hora de «mañana a las 10», no lee «pasado
mañana», «el próximo lunes» ni «a mediodía», y adivina años; aquí cada frase que se acepta tiene una
regla, y lo demás se rechaza con un mensaje que repite el texto.

Cómo lee: normaliza el texto (minúsculas, sin acentos, sin puntuación suelta, «a.m.» → «am») y lo
recorre de izquierda a derecha. En cada posición prueba, en orden, las piezas que conoce: la semana
próxima, un día relativo («hoy», «pasado mañana», «en 3 días»), un día de la semana, una fecha, un
rango de horas, una hora, una parte del día («por la tarde») y, al último, palabras de relleno («el»,
«a las», «hrs»). Cada pieza anota lo que leyó en una ``_Lectura``; si un trozo no es ninguna pieza, o
dos piezas se contradicen, la fecha no se entendió. Al final ``_combinar`` decide el día y la hora.

«mañana» como día y «de la mañana» como parte del día no se confunden: «de la mañana» solo se lee
pegado a una hora («9 de la mañana») o como pieza propia que empieza con «de/en/por la».
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone, tzinfo

from asistente.fechas.palabras import (
    DIAS,
    DIAS_LEIDOS,
    MESES_LEIDOS,
    NUMEROS,
    fecha_en_palabras,
    leer_numero,
)
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar

MAX_LARGO = 120
EJEMPLOS = "«mañana a las 10», «lunes 3 de febrero 17:00», «15/03 de 10 a 12»"


class FechaNoEntendida(ErrorDeUsuario):
    """Una fecha u hora que no se pudo leer; el mensaje repite el texto."""


@dataclass(frozen=True)
class Momento:
    """Lo que se leyó: ``inicio`` con la zona de ``ahora``; sin hora (``con_hora=False``) es a las 00:00."""

    inicio: datetime
    fin: datetime | None
    con_hora: bool
    con_dia: bool = True  # False si el texto solo dio la hora («a las 10»): el día lo puso la regla de hoy/mañana


class _Falla(Exception):
    """Por qué no se entendió (en español, opcional); ``interpretar`` la vuelve ``FechaNoEntendida``."""


@dataclass(frozen=True)
class _Hora:
    """Una hora tal como se escribió, antes de decidir si es de mañana o de tarde."""

    hora: int
    minuto: int = 0
    literal: bool = False            # «05:00», «00:30», «mediodía»: se toma como está
    fraccion: str | None = None      # «y media», «y cuarto», «menos cuarto»
    meridiano: str | None = None     # am, pm, manana, tarde, noche, madrugada


@dataclass
class _Lectura:
    dia: date | None = None          # hoy, mañana, en N días, una fecha escrita
    semana_proxima: bool = False
    dia_semana: int | None = None
    estricto: bool = False           # «próximo lunes»: el primero después de hoy
    hora: _Hora | None = None
    hora_fin: _Hora | None = None
    parte: str | None = None         # «por la tarde» suelto, para la hora que no dice am/pm


# --- las piezas -----------------------------------------------------------------------------------
_HORA_PALABRA = "una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce"
_NUMERO_PALABRA = "|".join(sorted(NUMEROS, key=len, reverse=True))
_MES = "|".join(sorted(MESES_LEIDOS, key=len, reverse=True))
_DIA_SEMANA = "|".join(sorted(DIAS_LEIDOS, key=len, reverse=True))
_TRAS_DIA_SEMANA = "|".join(rf"(?<=\b{d} )" for d in DIAS_LEIDOS)  # justo después de «martes »
_PARTE = "manana|tarde|noche|madrugada"
# Lo que anuncia que viene una hora después de un número: «el 12 a las 5», «martes 8 de 10 a 12».
_HORA_DESPUES = r" (?:a las? |a la |al? medio ?dia(?:\s|$)|de (?:las? )?\d|desde )"


def _t(p: str) -> str:
    """Una hora escrita; ``p`` distingue los grupos del inicio y del fin de un rango."""
    return (
        rf"(?:(?P<{p}mediodia>medio ?dia)"
        rf"|(?P<{p}h>\d{{1,2}}|{_HORA_PALABRA})(?:[:.](?P<{p}m>\d{{2}}))?"
        rf"(?: (?P<{p}frac>y media|y cuarto|menos cuarto))?"
        rf"(?: (?P<{p}suf>am|pm|hrs|hr|hs|h|horas))?"
        rf"(?: (?:de|en|por) la (?P<{p}parte>{_PARTE}))?)"
    )


def _re(patron: str) -> re.Pattern[str]:
    # Cada pieza termina donde termina una palabra.
    return re.compile(rf"(?:{patron})(?=\s|$)")


def _poner_dia(lectura: _Lectura, dia: date) -> None:
    if lectura.dia is not None or lectura.semana_proxima:
        raise _Falla("dice dos días distintos")
    lectura.dia = dia


def _hoy(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    _poner_dia(lectura, hoy)


def _manana(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    _poner_dia(lectura, hoy + timedelta(days=1))


def _pasado_manana(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    _poner_dia(lectura, hoy + timedelta(days=2))


def _en_n(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    n = leer_numero(m["n"])
    assert n is not None  # el patrón solo acepta números
    dias = n * 7 if m["u"].startswith("semana") else n
    _poner_dia(lectura, hoy + timedelta(days=dias))


def _semana_proxima(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    if lectura.dia is not None or lectura.semana_proxima:
        raise _Falla("dice dos días distintos")
    lectura.semana_proxima = True


def _dia_semana(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    if lectura.dia_semana is not None:
        raise _Falla("dice dos días de la semana")
    lectura.dia_semana = DIAS_LEIDOS[m["wd"]]
    lectura.estricto = bool(m["prox"] or m["prox2"])


def _fecha(dia: int, mes: int, anio: int | None, hoy: date) -> date:
    """La fecha escrita; sin año, la próxima que sea hoy o después (nunca más allá de un año)."""
    try:
        date(2000, mes, dia)  # 2000 es bisiesto: si aquí no existe, no existe nunca
    except ValueError:
        raise _Falla("esa fecha no existe") from None
    if anio is not None:
        if not 1900 <= anio <= 2199:
            raise _Falla(f"el año {anio} está fuera de rango")
        try:
            return date(anio, mes, dia)
        except ValueError:
            raise _Falla(f"{anio} no es bisiesto") from None
    for candidato in (hoy.year, hoy.year + 1):
        try:
            fecha = date(candidato, mes, dia)
        except ValueError:
            continue
        if fecha >= hoy:
            return fecha
    raise _Falla("no hay un 29 de febrero en los próximos doce meses; escribe el año")


def _dia_del_mes(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    """«el día 15», «el 12 a las 5», «martes 8 a las 10»: el próximo día N del mes, hoy incluido."""
    dia = int(m["d"])
    if not 1 <= dia <= 31:
        raise _Falla(f"no hay día {dia} en ningún mes")
    anio, mes = hoy.year, hoy.month
    while True:  # a lo más tres meses: el 31 se salta los meses de 30 días
        try:
            fecha = date(anio, mes, dia)
        except ValueError:
            fecha = None
        if fecha is not None and fecha >= hoy:
            break
        anio, mes = (anio + 1, 1) if mes == 12 else (anio, mes + 1)
    _poner_dia(lectura, fecha)


_SIGUE_HORA = re.compile(_HORA_DESPUES)


def _numero_tras_dia_semana(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    """El número que sigue al día de la semana es el día del mes si ese día de la semana cae en ese
    número esta semana o la que sigue («el viernes 11», dicho el jueves 3: el viernes 11 de diciembre).
    Si no, es la hora («lunes 3» → lunes a las 15:00), salvo que luego venga la hora: entonces es un
    día que no concuerda."""
    n, dia_semana = int(m["d"]), lectura.dia_semana
    assert dia_semana is not None  # el día de la semana se leyó justo antes
    desde = hoy + timedelta(days=1 if lectura.estricto else 0)
    for k in range(14):
        candidato = desde + timedelta(days=k)
        if candidato.weekday() == dia_semana and candidato.day == n:
            _poner_dia(lectura, candidato)
            return
    if _SIGUE_HORA.match(m.string, m.end()) or n > 23:
        raise _Falla(f"no hay un {DIAS[dia_semana]} {n} ni esta semana ni la que sigue")
    _poner_hora(lectura, _Hora(n), None)


def _anio(texto: str | None) -> int | None:
    if texto is None:
        return None
    return 2000 + int(texto) if len(texto) == 2 else int(texto)


def _fecha_escrita(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    dia = 1 if m["d"] in ("primero", "1o", "1ro") else int(m["d"])
    _poner_dia(lectura, _fecha(dia, MESES_LEIDOS[m["mes"]], _anio(m["y"]), hoy))


def _fecha_numerica(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    mes = int(m["m"])
    if not 1 <= mes <= 12:
        raise _Falla("el mes no existe")
    _poner_dia(lectura, _fecha(int(m["d"]), mes, _anio(m["y"]), hoy))


def _hora_de(m: re.Match[str], p: str) -> _Hora:
    if m[p + "mediodia"]:
        return _Hora(12, literal=True)
    escrita = m[p + "h"]
    hora = leer_numero(escrita)
    assert hora is not None
    if m[p + "m"] and m[p + "frac"]:
        raise _Falla("la hora trae minutos dos veces")
    meridiano = m[p + "suf"] if m[p + "suf"] in ("am", "pm") else None
    if m[p + "parte"]:
        if meridiano:
            raise _Falla("la hora dice am/pm y parte del día")
        meridiano = m[p + "parte"]
    literal = escrita.isdecimal() and (escrita.startswith("0"))
    return _Hora(hora, int(m[p + "m"] or 0), literal, m[p + "frac"], meridiano)


def _poner_hora(lectura: _Lectura, inicio: _Hora, fin: _Hora | None) -> None:
    if lectura.hora is not None:
        raise _Falla("dice dos horas")
    lectura.hora, lectura.hora_fin = inicio, fin


def _rango(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    _poner_hora(lectura, _hora_de(m, "a"), _hora_de(m, "b"))


def _hora_sola(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    hora = _hora_de(m, "a")
    # «dos» suelto no es una hora; «a las dos» o «dos de la tarde» sí.
    if m["ah"] and not m["ah"].isdecimal() and not (m["pre"] or hora.meridiano or hora.fraccion):
        raise _Falla(None)
    _poner_hora(lectura, hora, None)


def _parte(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    if lectura.parte is not None:
        raise _Falla("dice dos partes del día")
    lectura.parte = m["parte"]


def _relleno(m: re.Match[str], lectura: _Lectura, hoy: date) -> None:
    pass


_Accion = Callable[[re.Match[str], _Lectura, date], None]
_PIEZAS: tuple[tuple[re.Pattern[str], _Accion], ...] = (
    (_re(r"(?:de )?(?:la )?(?:(?:proxima|siguiente) semana|semana (?:que viene|proxima|siguiente|entrante))"),
     _semana_proxima),
    (_re(r"hoy"), _hoy),
    (_re(r"pasado manana"), _pasado_manana),
    (_re(r"manana"), _manana),
    (_re(rf"(?:en|dentro de) (?P<n>\d{{1,3}}|{_NUMERO_PALABRA}) (?P<u>dias?|semanas?)"), _en_n),
    (_re(rf"(?:(?P<prox>proximo|proxima|siguiente) )?(?P<wd>{_DIA_SEMANA})"
         r"(?: (?P<prox2>proximo|proxima|que viene|siguiente|entrante))?"), _dia_semana),
    # «el día 15 de marzo»: «día» solo delante de una fecha; «el día 15» suelto no se adivina.
    (_re(r"(?:dia )?(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), _fecha_numerica),
    (_re(r"(?:dia )?(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?"), _fecha_numerica),
    (_re(r"(?:dia )?(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4}|\d{2})"), _fecha_numerica),
    (_re(rf"(?:dia )?(?P<d>\d{{1,2}}|primero|1o|1ro)(?: de)? (?P<mes>{_MES})(?: (?:de |del )?(?P<y>\d{{4}}))?"),
     _fecha_escrita),
    # El número del día del mes sin el mes: con «día» delante, o tras «el» o un día de la semana cuando
    # luego viene la hora («el 12 a las 5 pm» es el día 12, no de 12 a 5).
    (_re(rf"(?:el )?dia (?P<d>\d{{1,2}})(?! (?:de )?(?:{_MES})(?:\s|$))"), _dia_del_mes),
    (_re(rf"(?<=\bel )(?P<d>\d{{1,2}})(?={_HORA_DESPUES})"), _dia_del_mes),
    # «el viernes 4», «martes 8 a las 10»: tras el día de la semana, un número sin nada de hora pegado.
    (_re(rf"(?:{_TRAS_DIA_SEMANA})(?P<d>\d{{1,2}})(?![:.]\d)"
         rf"(?! (?:am|pm|hrs|hr|hs|h|horas|y media|y cuarto|menos cuarto|(?:de|en|por) la (?:{_PARTE}))(?:\s|$))"),
     _numero_tras_dia_semana),
    (_re(rf"(?:(?:de|desde) )?(?:a )?(?:las? )?{_t('a')}(?: ?- ?| a (?:las? )?| hasta (?:las? )?){_t('b')}"), _rango),
    (_re(rf"entre (?:las? )?{_t('a')} y (?:las? )?{_t('b')}"), _rango),
    (_re(rf"(?:a )?(?P<pre>las? )?{_t('a')}"), _hora_sola),
    (_re(rf"(?:en|por|de) la (?P<parte>{_PARTE})"), _parte),
    (_re(r"el|la|las|los|este|esta|a|al|para|hrs|hr|hs|h|horas|en punto|del"), _relleno),
)


# --- de lo escrito a la hora del reloj -------------------------------------------------------------
_FRACCIONES = {None: 0, "y media": 30, "y cuarto": 15, "menos cuarto": -15}


def _reloj(escrita: _Hora, parte: str | None) -> int:
    """Minutos desde la medianoche. De 1 a 6 sin am/pm ni parte del día es por la tarde."""
    hora, meridiano = escrita.hora, escrita.meridiano or parte
    if hora > 23 or escrita.minuto > 59:
        raise _Falla("esa hora no existe")
    if meridiano is None:
        if not escrita.literal and 1 <= hora <= 6:
            hora += 12
    elif meridiano in ("am", "manana"):
        if escrita.meridiano == "am" and not 1 <= hora <= 12:
            raise _Falla(f"«{hora} am» no existe: las horas am van de 1 a 12")
        if not 1 <= hora <= 12:
            raise _Falla("esa hora no es de la mañana")
        if meridiano == "am" and hora == 12:
            hora = 0
    elif meridiano == "madrugada":
        if not 0 <= hora <= 6:
            raise _Falla("esa hora no es de la madrugada")
    elif meridiano in ("pm", "tarde"):
        if escrita.meridiano == "pm" and hora > 12:
            raise _Falla(f"«{hora} pm» no existe: escribe {hora}:00 o {hora - 12} pm")
        if hora == 0:
            raise _Falla("esa hora no es de la tarde")
        if hora < 12:
            hora += 12
    elif meridiano == "noche":
        if 6 <= hora <= 11:
            hora += 12
        elif not 18 <= hora <= 23:
            raise _Falla("esa hora no es de la noche")
    minutos = hora * 60 + escrita.minuto + _FRACCIONES[escrita.fraccion]
    if not 0 <= minutos < 24 * 60:
        raise _Falla("esa hora no existe")
    return minutos


def _reloj_rango(inicio: _Hora, fin: _Hora, parte: str | None) -> tuple[int, int]:
    fin_min = _reloj(fin, parte)
    ini_min: int | None = None
    # «de 8 a 10 de la noche»: el am/pm del fin vale para el inicio si así queda antes del fin.
    if inicio.meridiano is None and parte is None and fin.meridiano is not None and not inicio.literal:
        try:
            candidato = _reloj(replace(inicio, meridiano=fin.meridiano), None)
            ini_min = candidato if candidato < fin_min else None
        except _Falla:
            ini_min = None
    if ini_min is None:
        ini_min = _reloj(inicio, parte)
    # «de 6 a 8»: empieza a las 18:00, así que termina a las 20:00, no a las 08:00.
    if (fin.meridiano is None and parte is None and not fin.literal and 7 <= fin.hora <= 11
            and ini_min >= 13 * 60 and fin_min <= ini_min):
        fin_min += 12 * 60
    if fin_min <= ini_min:
        raise _Falla("la hora de fin debe ser después de la de inicio")
    return ini_min, fin_min


def _concuerdan(meridiano: str, parte: str) -> bool:
    """«10 pm por la noche» concuerda; «10 de la tarde por la mañana» no."""
    return meridiano == parte or {meridiano, parte} in _PAREJAS


_PAREJAS = ({"pm", "tarde"}, {"pm", "noche"}, {"am", "manana"}, {"am", "madrugada"})


def _en_zona(dia: date, minutos: int, zona: tzinfo | None) -> datetime:
    """La hora de reloj de ese día en la zona; una hora que no existe por el cambio de horario avanza."""
    local = datetime(dia.year, dia.month, dia.day, minutos // 60, minutos % 60, tzinfo=zona)
    if zona is None:
        return local
    return local.astimezone(timezone.utc).astimezone(zona)


def _combinar(lectura: _Lectura, ahora: datetime) -> Momento:
    hoy, zona = ahora.date(), ahora.tzinfo
    dia: date | None
    if lectura.semana_proxima:
        lunes = hoy + timedelta(days=7 - hoy.weekday())
        dia = lunes + timedelta(days=lectura.dia_semana or 0)
    elif lectura.dia is not None:
        dia = lectura.dia
        if lectura.dia_semana is not None and dia.weekday() != lectura.dia_semana:
            raise _Falla(f"el {fecha_en_palabras(dia, con_anio=True)} no es {DIAS[lectura.dia_semana]}")
    elif lectura.dia_semana is not None:
        adelante = (lectura.dia_semana - hoy.weekday()) % 7
        dia = hoy + timedelta(days=adelante or (7 if lectura.estricto else 0))
    else:
        dia = None

    if lectura.hora is None:
        if lectura.parte is not None:
            raise _Falla("falta la hora")
        if dia is None:
            raise _Falla(None)
        return Momento(_en_zona(dia, 0, zona), None, False)

    for escrita in (lectura.hora, lectura.hora_fin):
        if (escrita is not None and escrita.meridiano and lectura.parte
                and not _concuerdan(escrita.meridiano, lectura.parte)):
            raise _Falla("dice dos partes del día distintas")
    if lectura.hora_fin is not None:
        ini_min, fin_min = _reloj_rango(lectura.hora, lectura.hora_fin, lectura.parte)
    else:
        ini_min, fin_min = _reloj(lectura.hora, lectura.parte), None
    con_dia = dia is not None
    if dia is None:
        # Una hora sola: hoy si todavía no pasa; si ya pasó, mañana.
        dia = hoy if _en_zona(hoy, ini_min, zona) > ahora else hoy + timedelta(days=1)
    inicio = _en_zona(dia, ini_min, zona)
    fin = _en_zona(dia, fin_min, zona) if fin_min is not None else None
    if fin is not None and fin <= inicio:
        raise _Falla("la hora de fin debe ser después de la de inicio")
    return Momento(inicio, fin, True, con_dia)


def _preparar(texto: str) -> str:
    t = normalizar(texto).replace("–", "-").replace("—", "-")
    t = re.sub(r"\b([ap])\s?\.\s?m\b\.?", r"\1m ", t)             # a.m. · a. m. · p.m.
    t = re.sub(r"\b(\d{1,2})h(\d{2})\b", r"\1:\2", t)              # 17h30
    t = re.sub(r"(\d)(am|pm|hrs|hr|hs|h)\b", r"\1 \2", t)          # 10am · 17hrs
    t = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", t)                      # puntos sueltos («hrs.»)
    # «a las 12 del día», «a las doce del día»: la hora, no la fecha («a las 10 del día 15» sí lleva fecha).
    t = re.sub(rf"\b(\d{{1,2}}|{_HORA_PALABRA}) del dia(?= |$)(?! \d)", r"\1", t)
    t = re.sub(r"[,;:¿?¡!()](?!\d)", " ", t)
    return " ".join(t.split())


def _mensaje(texto: str, razon: str | None) -> str:
    mostrado = texto.strip() if len(texto.strip()) <= MAX_LARGO else texto.strip()[:MAX_LARGO] + "…"
    if razon:
        return f"No entendí la fecha «{mostrado}»: {razon}" + ("" if razon.endswith("?") else ".")
    return f"No entendí la fecha «{mostrado}». Prueba con algo como {EJEMPLOS}."


# Las palabras que el intérprete conoce, como se escriben (para «¿quisiste decir…?»).
_CONOCIDAS = {normalizar(p): p for p in (
    *DIAS, "hoy", "mañana", "pasado mañana", "ayer", "tarde", "noche", "mediodía", "madrugada", "próximo",
    "próxima", "semana", "día", "días", "horas", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre")}
_ABREVIADAS = {"mnn": "mañana", "mna": "mañana", "mnna": "mañana", "mñn": "mañana", "pmñn": "pasado mañana"}


def _sugerencia(palabra: str) -> str | None:
    """«jueevs» → «¿quisiste decir «jueves»?»; ``None`` si no se parece a nada que se conozca."""
    if not palabra or not palabra.isalpha() or palabra in _CONOCIDAS:
        return None
    if palabra in _ABREVIADAS:
        return f"¿quisiste decir «{_ABREVIADAS[palabra]}»?"
    parecidas = difflib.get_close_matches(palabra, list(_CONOCIDAS), n=1, cutoff=0.6)
    if not parecidas:
        return None
    return f"¿quisiste decir «{_CONOCIDAS[parecidas[0]]}»?"


def interpretar(texto: str, ahora: datetime) -> Momento:
    """Lee ``texto`` respecto de ``ahora`` (con zona); lanza ``FechaNoEntendida`` si no puede."""
    if len(texto) > 4 * MAX_LARGO:
        raise FechaNoEntendida(_mensaje(texto, "es demasiado largo para ser una fecha"))
    t = _preparar(texto)
    # «el 15» solo es el día 15 del mes (como «/agenda 15»); «a las 15», «15 hrs», «15:00» son horas.
    if (suelto := re.fullmatch(r"el (\d{1,2})", t)) is not None:
        if not 1 <= int(suelto.group(1)) <= 31:
            raise FechaNoEntendida(_mensaje(texto, f"no hay día {suelto.group(1)} en ningún mes"))
        t = f"el dia {suelto.group(1)}"
    lectura = _Lectura()
    posicion = 0
    try:
        while posicion < len(t):
            if t[posicion] == " ":
                posicion += 1
                continue
            for patron, accion in _PIEZAS:
                leido = patron.match(t, posicion)
                if leido:
                    accion(leido, lectura, ahora.date())
                    posicion = leido.end()
                    break
            else:
                raise _Falla(_sugerencia(t[posicion:].split(" ")[0]))
        return _combinar(lectura, ahora)
    except _Falla as falla:
        raise FechaNoEntendida(_mensaje(texto, falla.args[0] if falla.args else None)) from None
