"""Los periodos de veda de un espacio y el día de su Informe de Gobierno."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from asistente.fechas import FechaNoEntendida, interpretar
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.peticion import Peticion
from modelos import Veda

MAX_MOTIVO = 300
_DEL_AL = re.compile(r"^del?\s+(.+?)\s+al?\s+(.+)$", re.IGNORECASE)


def _dia(texto: str, peticion: Peticion) -> date:
    return interpretar(texto, peticion.ahora).inicio.astimezone(peticion.config.tz).date()


def leer_periodo(texto: str, peticion: Peticion, uso: str) -> tuple[date, date, str]:
    """``del 1 de abril al 2 de junio proceso electoral`` → (inicio, fin, motivo). La fecha final es lo
    más largo que se lee como fecha después de «al»; lo que sigue es el motivo."""
    m = _DEL_AL.match(texto.strip())
    if not m:
        raise ErrorDeUsuario("Escribe el periodo así: del 1 de abril al 2 de junio [motivo].", uso=uso)
    inicio = _dia(m.group(1), peticion)
    palabras = m.group(2).split()
    for corte in range(len(palabras), 0, -1):
        try:
            fin = _dia(" ".join(palabras[:corte]), peticion)
        except FechaNoEntendida:
            continue
        motivo = " ".join(palabras[corte:])
        break
    else:
        raise FechaNoEntendida(f"No entendí la fecha final «{m.group(2)}». Prueba con «2 de junio».")
    hoy = peticion.ahora.astimezone(peticion.config.tz).date()
    if fin < inicio and inicio.year > hoy.year and not re.search(r"\d{4}", m.group(1)):
        # «del 1 de marzo al 10 de marzo» dicho el 2 de marzo: la veda ya empezó (este año, no el próximo).
        try:
            anterior = inicio.replace(year=inicio.year - 1)
        except ValueError:  # 29 de febrero
            anterior = inicio
        if anterior <= fin:
            inicio = anterior
    if fin < inicio:
        raise ErrorDeUsuario(f"La veda termina ({fecha_en_palabras(fin)}) antes de empezar ({fecha_en_palabras(inicio)}).",
                             uso=uso)
    if len(motivo) > MAX_MOTIVO:
        raise ErrorDeUsuario(f"El motivo es muy largo ({len(motivo)} caracteres; máximo {MAX_MOTIVO}).", uso=uso)
    return inicio, fin, motivo


def vedas(session: Session, espacio_id: int) -> list[Veda]:
    return list(session.scalars(
        select(Veda).where(Veda.espacio_id == espacio_id, Veda.tipo == "veda").order_by(Veda.inicio)))


def registrar_veda(session: Session, peticion: Peticion, inicio: date, fin: date, motivo: str) -> Veda:
    for otra in vedas(session, peticion.espacio_id):
        if otra.inicio <= fin and inicio <= otra.fin:
            raise ErrorDeUsuario(
                f"Se empalma con la veda {otra.id} (del {fecha_en_palabras(otra.inicio)} al "
                f"{fecha_en_palabras(otra.fin)}). Quítala con /asistente veda quitar {otra.id} o elige otras fechas.")
    veda = Veda(espacio_id=peticion.espacio_id, tipo="veda", inicio=inicio, fin=fin, motivo=motivo,
                persona_id=peticion.persona_id, creado=peticion.ahora)
    session.add(veda)
    session.flush()
    return veda


def quitar_veda(session: Session, peticion: Peticion, texto: str) -> Veda:
    if not texto.strip().isdecimal():
        raise ErrorDeUsuario(f"«{texto.strip()}» no es el número de una veda (míralos con /asistente veda).")
    veda = session.scalar(select(Veda).where(Veda.espacio_id == peticion.espacio_id, Veda.tipo == "veda",
                                             Veda.id == int(texto)))
    if veda is None:
        raise NoEncontrado(f"No hay una veda {texto.strip()} en este espacio (míralas con /asistente veda).")
    session.delete(veda)
    return veda


def veda_del_dia(session: Session, espacio_id: int, dia: date) -> Veda | None:
    return session.scalar(select(Veda).where(Veda.espacio_id == espacio_id, Veda.tipo == "veda",
                                             Veda.inicio <= dia, Veda.fin >= dia).limit(1))


def dia_del_informe(session: Session, espacio_id: int) -> date | None:
    return session.scalar(select(Veda.inicio).where(Veda.espacio_id == espacio_id, Veda.tipo == "informe"))


def fijar_informe(session: Session, peticion: Peticion, dia: date) -> None:
    session.execute(delete(Veda).where(Veda.espacio_id == peticion.espacio_id, Veda.tipo == "informe"))
    session.add(Veda(espacio_id=peticion.espacio_id, tipo="informe", inicio=dia, fin=dia, motivo="Informe de Gobierno",
                     persona_id=peticion.persona_id, creado=peticion.ahora))
