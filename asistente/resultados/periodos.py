"""Los periodos de un informe o de un avance: un mes, un trimestre, el año.

``mes [nombre|número] [AAAA]``, ``trimestre N [AAAA]``, ``año [AAAA]`` (sin acentos ni mayúsculas
obligatorias). Un periodo que aún no empieza es un error; uno en curso se cuenta «a la fecha»: hasta
``ahora``. Funciones puras: el reloj llega como argumento.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from asistente.fechas.palabras import MESES_LEIDOS, leer_numero, nombre_de_mes
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar

ROMANOS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3,
           "cuarto": 4}
MESES_CORTOS = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")


@dataclass(frozen=True)
class Periodo:
    """``[desde, hasta)`` en la zona de la oficina; ``corte`` es hasta dónde hay datos (``hasta`` o
    ``ahora`` si el periodo sigue en curso)."""

    tipo: str  # mes, trimestre, anio
    anio: int
    primer_mes: int
    meses: int
    desde: datetime
    hasta: datetime
    corte: datetime

    @property
    def en_curso(self) -> bool:
        return self.corte < self.hasta

    @property
    def nombre(self) -> str:
        if self.tipo == "mes":
            return f"{nombre_de_mes(self.primer_mes)} de {self.anio}"
        if self.tipo == "trimestre":
            return f"{('primer', 'segundo', 'tercer', 'cuarto')[(self.primer_mes - 1) // 3]} trimestre de {self.anio}"
        return f"año {self.anio}"

    @property
    def clave(self) -> str:
        """Para nombres de archivo: ``2026-03``, ``2026-T1``, ``2026``."""
        if self.tipo == "mes":
            return f"{self.anio}-{self.primer_mes:02d}"
        if self.tipo == "trimestre":
            return f"{self.anio}-T{(self.primer_mes - 1) // 3 + 1}"
        return str(self.anio)

    @property
    def numeros_de_mes(self) -> list[int]:
        return list(range(self.primer_mes, self.primer_mes + self.meses))

    def fraccion_transcurrida(self) -> float:
        """Qué parte del periodo ya pasó (1.0 si terminó): para prorratear lo planeado «a la fecha»."""
        total = (self.hasta - self.desde).total_seconds()
        return max(0.0, min(1.0, (self.corte - self.desde).total_seconds() / total))


def inicio_de_mes(anio: int, mes: int, tz: ZoneInfo) -> datetime:
    """El primer instante del mes ``mes`` (puede ser 13: enero del año siguiente)."""
    anio, mes = anio + (mes - 1) // 12, (mes - 1) % 12 + 1
    return datetime(anio, mes, 1, tzinfo=tz)


def periodo(tipo: str, anio: int, primer_mes: int, meses: int, ahora: datetime, tz: ZoneInfo) -> Periodo:
    desde, hasta = inicio_de_mes(anio, primer_mes, tz), inicio_de_mes(anio, primer_mes + meses, tz)
    if desde > ahora:
        raise ErrorDeUsuario(f"El periodo ({Periodo(tipo, anio, primer_mes, meses, desde, hasta, desde).nombre}) "
                             "todavía no empieza: no hay resultados que contar.")
    # Lo registrado en este mismo instante ya cuenta.
    return Periodo(tipo, anio, primer_mes, meses, desde, hasta, min(hasta, ahora + timedelta(seconds=1)))


def mes_anterior(ahora: datetime, tz: ZoneInfo) -> Periodo:
    """El mes que acaba de terminar (lo que publica el programador el primer día hábil)."""
    local = ahora.astimezone(tz)
    anio, mes = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
    return periodo("mes", anio, mes, 1, ahora, tz)


_ANIO = re.compile(r"^(19|20)\d\d$")


def leer_periodo(texto: str, ahora: datetime, tz: ZoneInfo, uso: str, por_omision: str = "mes") -> Periodo:
    """``mes``, ``mes marzo``, ``mes 3 2026``, ``trimestre 2``, ``trimestre II 2025``, ``año``, ``año 2025``,
    o solo ``2025`` (el año). Lanza ``ErrorDeUsuario`` con la línea de uso si no se entiende."""
    local = ahora.astimezone(tz)
    palabras = _como_se_dice(normalizar(texto).replace(".", " ").split(), local)
    anio: int | None = None
    if palabras and _ANIO.match(palabras[-1]):
        anio = int(palabras.pop())
    if not palabras:
        palabras = ["ano"] if anio is not None else [por_omision]
    tipo, resto = palabras[0], palabras[1:]
    if tipo in ("mes", "mensual"):
        mes = local.month if anio is None else 12
        if anio is None:
            anio = local.year
        if resto:
            leido = MESES_LEIDOS.get(resto[0]) or leer_numero(resto[0])
            if not leido or not 1 <= leido <= 12 or len(resto) > 1:
                raise ErrorDeUsuario(f"No entiendo el mes «{' '.join(resto)}»: escribe su nombre (marzo) o su número.",
                                     uso=uso)
            mes = leido
        elif anio != local.year:
            raise ErrorDeUsuario("¿Qué mes? Escribe por ejemplo «mes marzo 2025».", uso=uso)
        return periodo("mes", anio, mes, 1, ahora, tz)
    if tipo == "trimestre":
        if len(resto) != 1 or (ROMANOS.get(resto[0]) or leer_numero(resto[0]) or 0) not in (1, 2, 3, 4):
            raise ErrorDeUsuario("El trimestre es un número del 1 al 4 (por ejemplo «trimestre 2»).", uso=uso)
        n = ROMANOS.get(resto[0]) or leer_numero(resto[0]) or 1
        return periodo("trimestre", anio or local.year, 3 * (n - 1) + 1, 3, ahora, tz)
    if tipo in ("ano", "anio", "anual") and not resto:
        return periodo("anio", anio or local.year, 1, 12, ahora, tz)
    raise ErrorDeUsuario(f"No entiendo el periodo «{texto.strip()}»: usa mes, trimestre N o año, y si quieres el año "
                         "(AAAA).", uso=uso)


# Como lo escribe la oficina: «primer trimestre», «1er trimestre», «4T», «T2», «este mes», «mes pasado»,
# «trimestre pasado», «año pasado»,
# «noviembre», «ene 2026», «mes de marzo», «este año»: a la forma que se lee abajo.
_ORDINALES = {"primer": 1, "primero": 1, "1er": 1, "1o": 1, "1ro": 1, "segundo": 2, "2do": 2, "2o": 2,
              "tercer": 3, "tercero": 3, "3er": 3, "3o": 3, "3ro": 3, "cuarto": 4, "4to": 4, "4o": 4}
_TRIMESTRE_CORTO = re.compile(r"^(?:([1-4])t|t([1-4]))$")


def _como_se_dice(palabras: list[str], local: datetime) -> list[str]:
    palabras = [p for p in palabras if p not in ("el", "del", "de", "este", "esta", "actual")]
    if palabras and (m := _TRIMESTRE_CORTO.match(palabras[0])):
        return ["trimestre", m.group(1) or m.group(2), *palabras[1:]]
    if len(palabras) >= 2 and palabras[1] == "trimestre" and palabras[0] in _ORDINALES:
        return ["trimestre", str(_ORDINALES[palabras[0]]), *palabras[2:]]
    if len(palabras) >= 2 and palabras[0] == "trimestre" and palabras[1] in _ORDINALES:
        return ["trimestre", str(_ORDINALES[palabras[1]]), *palabras[2:]]
    if palabras[:2] in (["mes", "pasado"], ["mes", "anterior"]):
        anterior = (local.replace(day=1) - timedelta(days=1))
        return ["mes", str(anterior.month), str(anterior.year)]
    if palabras[:2] in (["ano", "pasado"], ["anio", "pasado"], ["ano", "anterior"]):
        return ["ano", str(local.year - 1)]
    if palabras[:2] in (["trimestre", "pasado"], ["trimestre", "anterior"]):
        n, anio = (local.month - 1) // 3, local.year  # el trimestre en curso, de 0 a 3
        return ["trimestre", str(n or 4), str(anio if n else anio - 1)]
    if palabras and palabras[0] in MESES_LEIDOS:
        return ["mes", *palabras]
    return palabras


def como_trimestre(local: datetime, texto: str) -> str:
    """«1er trimestre 2026», «trimestre primero», «4T», «T2 2025», «trimestre pasado» → «trimestre N [AAAA]»
    (lo demás, igual). ``local``: la hora de la oficina, para «pasado»."""
    palabras = [normalizar(p) for p in texto.split()]
    return " ".join(_como_se_dice(palabras, local)) if palabras else texto


def numero_de_trimestre(palabra: str) -> int | None:
    """«1», «I», «primer», «1er», «cuarto» → 1 a 4; otra cosa → None."""
    p = normalizar(palabra)
    n = ROMANOS.get(p) or _ORDINALES.get(p) or leer_numero(p)
    return n if n in (1, 2, 3, 4) else None


def dia_local(momento: datetime, tz: ZoneInfo) -> date:
    return momento.astimezone(tz).date()
