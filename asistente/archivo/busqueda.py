"""``/archivo buscar``: leer lo que se busca (texto, fecha, rango, mes, tipo, persona, evento) y
buscarlo con índices.

Una fecha sin año se lee como la más reciente que ya pasó (hoy incluido): en un archivo se busca
hacia atrás. Un rango sin año («del 28 de febrero al 3 de marzo») es el más reciente que ya empezó
(«del 1 al 15 de diciembre», dicho el 3 de diciembre, es el de este año); con el año solo al final,
el inicio se toma en ese año, o en el anterior si quedaría después del final.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from asistente.archivo.indice import palabras_de
from asistente.fechas.palabras import MESES
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar
from modelos import Evento, Medio, PalabraDeMedio, Persona

TIPOS = {"foto": "foto", "fotos": "foto", "imagen": "foto", "imagenes": "foto", "video": "video", "videos": "video",
         "audio": "audio", "audios": "audio", "pdf": "pdf", "pdfs": "pdf", "documento": "pdf", "documentos": "pdf",
         "oficina": "documento", "diseno": "diseno", "disenos": "diseno"}
_MES = "(" + "|".join(MESES) + ")"
_ANIO = r"(?:\s+(?:(?:de|del)\s+)?(\d{4}))?"  # «marzo de 2026» o «marzo 2026»
_RANGO = re.compile(
    rf"\b(?:del?\s+)?(\d{{1,2}})(?:\s+de\s+{_MES}{_ANIO})?\s+(?:al|a)\s+(\d{{1,2}})\s+de\s+{_MES}{_ANIO}\b"
)
_FECHA = re.compile(rf"\b(?:el\s+)?(\d{{1,2}})\s+(?:de\s+)?{_MES}{_ANIO}\b")
_NUMERICA = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MES_SOLO = re.compile(rf"\b(?:en\s+)?{_MES}{_ANIO}\b")
_PERIODO = re.compile(r"\b(?:(?:de|del|en)\s+)?(?:(?:esta|este|la|el)\s+)?(?:(semana|mes)\s+(pasad)[oa]|(?:esta|este)\s+(semana|mes))\b")
_ANIO_SOLO = re.compile(r"\b(?:(?:de|del|en)\s+)?(?:el\s+)?((?:19|20)\d{2})\b")
_PERSONA = re.compile(r"<@([A-Za-z0-9._-]+)(?:\|[^>]*)?>|(?<![\w])@([\w.-]+)")
_EVENTO = re.compile(r"(?<![\w&])#(\d{1,9})\b")
MAX_IDS = 2000
TOPE_CONTEO = 1000


@dataclass
class Criterios:
    palabras: list[str] = field(default_factory=list)
    tipo: str | None = None
    desde: date | None = None
    hasta: date | None = None  # inclusive
    personas: list[str] = field(default_factory=list)  # menciones o usuarios
    evento: int | None = None

    @property
    def vacios(self) -> bool:
        return not (self.palabras or self.tipo or self.desde or self.personas or self.evento)

    def describir(self) -> str:
        partes = []
        if self.tipo:
            partes.append(f"tipo {self.tipo}")
        if self.desde and self.hasta and self.desde != self.hasta:
            partes.append(f"del {self.desde:%d/%m/%Y} al {self.hasta:%d/%m/%Y}")
        elif self.desde:
            partes.append(f"el {self.desde:%d/%m/%Y}")
        if self.evento:
            partes.append(f"evento #{self.evento}")
        partes += [f"de {p}" for p in self.personas]
        if self.palabras:
            partes.append("«" + " ".join(self.palabras) + "»")
        return ", ".join(partes)


# Los años que se pueden buscar: fuera de aquí no hay archivos, y en los extremos pasar la hora local a
# UTC se sale del calendario de Python («31/12/9999»).
ANIO_MINIMO, ANIO_MAXIMO = MINYEAR + 1, MAXYEAR - 1


def _anio(anio: int, texto: str) -> int:
    if not ANIO_MINIMO <= anio <= ANIO_MAXIMO:
        raise ErrorDeUsuario(f"El año de «{texto}» está fuera de rango.")
    return anio


def _dia(anio: int, mes: int, dia: int, texto: str) -> date:
    _anio(anio, texto)
    try:
        return date(anio, mes, dia)
    except ValueError:
        raise ErrorDeUsuario(f"La fecha «{texto}» no existe.") from None


def _pasada(mes: int, dia: int, hoy: date, texto: str) -> date:
    """La fecha más reciente con ese día y mes, hoy incluido (29 de febrero: el último bisiesto)."""
    for anio in range(hoy.year, hoy.year - 8, -1):
        try:
            candidata = date(anio, mes, dia)
        except ValueError:
            continue
        if candidata <= hoy:
            return candidata
    raise ErrorDeUsuario(f"La fecha «{texto}» no existe.")


def _rango(d1: int, mes1: int, anio1: str | None, d2: int, mes2: int, anio2: str | None, hoy: date,
           texto: str) -> tuple[date, date]:
    def en(anio_fin: int) -> tuple[date, date]:
        fin = _dia(anio_fin, mes2, d2, texto)
        if anio1:
            return _dia(int(anio1), mes1, d1, texto), fin
        cruza = (mes1, d1) > (mes2, d2)  # «del 28 de diciembre al 3 de enero»
        return _dia(anio_fin - cruza, mes1, d1, texto), fin

    if anio2:
        return en(int(anio2))
    for anio in range(hoy.year + 1, hoy.year - 8, -1):  # el más reciente que ya empezó
        try:
            inicio, fin = en(anio)
        except ErrorDeUsuario:
            continue  # 29 de febrero de un año no bisiesto
        if inicio <= hoy:
            return inicio, fin
    raise ErrorDeUsuario(f"La fecha «{texto}» no existe.")


def _periodo(unidad: str, pasado: bool, hoy: date) -> tuple[date, date]:
    """«esta semana» (de lunes a hoy), «la semana pasada» (de lunes a domingo), «este mes», «el mes pasado»."""
    if unidad == "semana":
        lunes = hoy - timedelta(days=hoy.weekday())
        return (lunes - timedelta(days=7), lunes - timedelta(days=1)) if pasado else (lunes, hoy)
    primero = hoy.replace(day=1)
    if pasado:
        anterior = primero - timedelta(days=1)
        return anterior.replace(day=1), anterior
    return primero, hoy


def _mes(nombre: str) -> int:
    return MESES.index(nombre) + 1


def leer_criterios(texto: str, hoy: date) -> Criterios:
    c = Criterios()
    resto = texto
    for mencion in _PERSONA.finditer(resto):
        c.personas.append(mencion.group(1) or mencion.group(2))
    resto = _PERSONA.sub(" ", resto)
    numero = _EVENTO.search(resto)
    if numero:
        c.evento = int(numero.group(1))
        resto = resto[: numero.start()] + " " + resto[numero.end():]
    t = normalizar(resto)

    def quitar(m: re.Match[str]) -> str:
        return t[: m.start()] + " " + t[m.end():]

    m: re.Match[str] | None
    if (m := _RANGO.search(t)):
        d1, mes1, anio1, d2, mes2, anio2 = m.groups()
        inicio, fin = _rango(int(d1), _mes(mes1) if mes1 else _mes(mes2), anio1, int(d2), _mes(mes2), anio2, hoy,
                             m.group(0))
        if inicio > fin:
            raise ErrorDeUsuario(f"El rango «{m.group(0)}» termina antes de empezar.")
        c.desde, c.hasta = inicio, fin
        t = quitar(m)
    elif (m := _FECHA.search(t)):
        dia, mes, anio = int(m.group(1)), _mes(m.group(2)), m.group(3)
        c.desde = c.hasta = _dia(int(anio), mes, dia, m.group(0)) if anio else _pasada(mes, dia, hoy, m.group(0))
        t = quitar(m)
    elif (m := _ISO.search(t)):
        c.desde = c.hasta = _dia(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0))
        t = quitar(m)
    elif (m := _NUMERICA.search(t)):
        dia, mes, anio = int(m.group(1)), int(m.group(2)), m.group(3)
        if not 1 <= mes <= 12:
            raise ErrorDeUsuario(f"La fecha «{m.group(0)}» no existe.")
        if anio:
            c.desde = _dia(int(anio) + (2000 if len(anio) == 2 else 0), mes, dia, m.group(0))
        else:
            c.desde = _pasada(mes, dia, hoy, m.group(0))
        c.hasta = c.desde
        t = quitar(m)
    elif (m := _MES_SOLO.search(t)):
        mes = _mes(m.group(1))
        anio = _anio(int(m.group(2)), m.group(0)) if m.group(2) else (hoy.year if mes <= hoy.month else hoy.year - 1)
        c.desde = date(anio, mes, 1)
        c.hasta = date(anio, mes, calendar.monthrange(anio, mes)[1])
        t = quitar(m)
    elif (m := _PERIODO.search(t)):
        c.desde, c.hasta = _periodo(m.group(1) or m.group(3), m.group(2) is not None, hoy)
        t = quitar(m)
    elif (m := _ANIO_SOLO.search(t)):
        anio = _anio(int(m.group(1)), m.group(0))
        c.desde, c.hasta = date(anio, 1, 1), date(anio, 12, 31)
        t = quitar(m)
    palabras = []
    for palabra in t.split():
        if palabra in TIPOS and c.tipo is None:
            c.tipo = TIPOS[palabra]
        elif palabra == "hoy" and c.desde is None:
            c.desde = c.hasta = hoy
        elif palabra == "ayer" and c.desde is None:
            c.desde = c.hasta = hoy - timedelta(days=1)
        elif len(palabra) >= 2 and palabra not in ("de", "del", "el", "la", "los", "las", "en"):
            palabras.append(palabra)
    c.palabras = palabras[:8]
    return c


@dataclass
class Hallazgo:
    medio: Medio
    evento_numero: int | None
    evento_titulo: str | None
    autor: str


def buscar(session: Session, espacio_id: int, c: Criterios, tz: ZoneInfo, autores: list[int] | None = None,
           limite: int = 20) -> tuple[list[Hallazgo], int]:
    """Los archivos que cumplen todo, del más reciente al más antiguo, y cuántos son en total."""
    condiciones = [Medio.espacio_id == espacio_id]
    if c.tipo:
        condiciones.append(Medio.tipo == c.tipo)
    if c.desde is not None:
        hasta = c.hasta or c.desde
        condiciones.append(Medio.fecha >= datetime.combine(c.desde, time(0), tzinfo=tz))
        # Hasta el final del día «hasta» (el 31 de diciembre de 9999 no tiene día siguiente).
        condiciones.append(Medio.fecha <= datetime.combine(hasta, time.max, tzinfo=tz))
    if autores is not None:
        condiciones.append(Medio.autor_id.in_(autores))
    if c.evento is not None:
        evento_id = session.scalar(select(Evento.id).where(Evento.espacio_id == espacio_id, Evento.numero == c.evento))
        if evento_id is None:
            return [], 0
        condiciones.append(Medio.evento_id == evento_id)
    palabras = sorted({p for texto in c.palabras for p in palabras_de(texto)})
    rara: str | None = None
    por_palabra: dict[str, ColumnElement[bool]] = {}
    if palabras:
        # La palabra más rara manda: si sus archivos son pocos, se buscan por id (la consulta parte de
        # ellos); si todas son comunes, se recorre por fecha y hay coincidencias pronto.
        conteos = {p: _cuantos_con(session, espacio_id, p) for p in palabras}
        rara = min(palabras, key=lambda p: conteos[p])
        if conteos[rara] == 0:
            return [], 0
        if conteos[rara] <= MAX_IDS:
            ids = session.scalars(select(PalabraDeMedio.medio_id).where(_con_prefijo(espacio_id, rara))).all()
            condiciones.append(Medio.id.in_(ids))
            palabras.remove(rara)
        for palabra in palabras:
            # Fila por fila con la llave (medio, palabra): barato, y se detiene al juntar 20.
            otra = aliased(PalabraDeMedio)
            por_palabra[palabra] = \
                exists().where(otra.medio_id == Medio.id, _con_prefijo(None, palabra, otra)).correlate(Medio)
    donde = and_(*condiciones, *por_palabra.values())
    filas = session.execute(
        select(Medio, Evento.numero, Evento.titulo, Persona.nombre, Persona.usuario)
        .outerjoin(Evento, Evento.id == Medio.evento_id)
        .outerjoin(Persona, Persona.id == Medio.autor_id)
        .where(donde)
        .order_by(Medio.fecha.desc(), Medio.id.desc())
        .limit(limite)
    ).all()
    hallazgos = [Hallazgo(m, n, t, nombre or usuario or "") for m, n, t, nombre, usuario in filas]
    if len(hallazgos) < limite:
        return hallazgos, len(hallazgos)
    # Contar se detiene en TOPE_CONTEO: «más de 1,000» le basta a quien busca y no recorre todo.
    if rara is not None and rara in palabras and len(condiciones) == 1 and len(por_palabra) == 1:
        # Una sola palabra frecuente y nada más: las primeras TOPE_CONTEO + 1 filas de su índice
        # (espacio, palabra, medio), sin DISTINCT sobre todas. Dentro de una misma palabra cada archivo
        # sale una vez; si esas filas ya son archivos distintos, hay más de TOPE_CONTEO y basta. Solo
        # cuando el prefijo junta palabras que comparten archivos («cancha», «canchas») se cuenta abajo.
        primeras = select(PalabraDeMedio.medio_id).where(_con_prefijo(espacio_id, rara)).limit(TOPE_CONTEO + 1).subquery()
        filas_vistas, distintos = session.execute(
            select(func.count(), func.count(primeras.c.medio_id.distinct())).select_from(primeras)).one()
        if distintos == filas_vistas:
            return hallazgos, int(distintos)
    if rara is not None and rara in palabras and len(condiciones) == 1:
        # Solo palabras: se cuenta partiendo de la más rara (su índice), no recorriendo todos los
        # archivos. Con filtros (tipo, fecha, persona, evento) se cuenta desde los archivos con EXISTS
        # por palabra (abajo): los filtros recortan primero y cada palabra es una búsqueda por llave.
        muestra = (
            select(PalabraDeMedio.medio_id).distinct().join(Medio, Medio.id == PalabraDeMedio.medio_id)
            .where(_con_prefijo(espacio_id, rara), *condiciones, *(e for p, e in por_palabra.items() if p != rara))
            .limit(TOPE_CONTEO + 1).subquery()
        )
    else:
        muestra = select(Medio.id).where(donde).limit(TOPE_CONTEO + 1).subquery()
    total = session.scalar(select(func.count()).select_from(muestra)) or 0
    return hallazgos, int(total)


def _con_prefijo(espacio_id: int | None, palabra: str, tabla: Any = PalabraDeMedio) -> ColumnElement[bool]:
    """Las palabras que empiezan con ``palabra``, como rango: usa el índice (espacio, palabra) o la
    llave (medio, palabra)."""
    siguiente = palabra[:-1] + chr(ord(palabra[-1]) + 1)
    rango = and_(tabla.palabra >= palabra, tabla.palabra < siguiente)
    return rango if espacio_id is None else and_(tabla.espacio_id == espacio_id, rango)


def _cuantos_con(session: Session, espacio_id: int, palabra: str) -> int:
    muestra = select(PalabraDeMedio.medio_id).where(_con_prefijo(espacio_id, palabra)).limit(MAX_IDS + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(muestra)) or 0)
