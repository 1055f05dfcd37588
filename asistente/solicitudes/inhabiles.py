"""Los días que la oficina no trabaja además de los feriados de ley (Jueves y Viernes Santo, 2 de
noviembre, la feria del pueblo): los fija un director y cuentan para los días hábiles de las solicitudes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from asistente.datos.bd import insertar_si_falta
from asistente.fechas.habiles import feriados_oficiales
from asistente.fechas.interprete import interpretar
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.errores import ErrorDeUsuario, NoProcede
from modelos import DiaInhabil


def dias_inhabiles(session: Session, espacio_id: int) -> frozenset[date]:
    return frozenset(session.scalars(select(DiaInhabil.dia).where(DiaInhabil.espacio_id == espacio_id)))


def leer_dia(texto: str, ahora_local: datetime) -> date:
    if not texto.strip():
        raise ErrorDeUsuario("Falta la fecha (por ejemplo: 2 de abril).")
    return interpretar(texto, ahora_local).inicio.date()


def marcar(session: Session, espacio_id: int, dia: date, motivo: str, ahora: datetime) -> str:
    """Marca el día como inhábil; devuelve qué pasó, en palabras."""
    en_palabras = fecha_en_palabras(dia, con_anio=True)
    if dia in feriados_oficiales(dia.year):
        return f"El {en_palabras} ya es feriado oficial (Ley Federal del Trabajo): no hace falta marcarlo."
    if dia.weekday() >= 5:
        return f"El {en_palabras} es fin de semana: ya no cuenta como día hábil."
    nuevo = insertar_si_falta(session, DiaInhabil, espacio_id=espacio_id, dia=dia, motivo=" ".join(motivo.split())[:200],
                              creado=ahora)
    if not nuevo:
        return f"El {en_palabras} ya estaba marcado como inhábil."
    return f"Listo: el {en_palabras} es inhábil para la oficina" + (f" ({motivo.strip()})." if motivo.strip() else ".")


def quitar(session: Session, espacio_id: int, dia: date) -> str:
    borrados = session.execute(delete(DiaInhabil).where(DiaInhabil.espacio_id == espacio_id, DiaInhabil.dia == dia))
    en_palabras = fecha_en_palabras(dia, con_anio=True)
    if not getattr(borrados, "rowcount", 0):
        raise NoProcede(f"El {en_palabras} no estaba marcado como inhábil.")
    return f"El {en_palabras} vuelve a ser día hábil."


def proximos(session: Session, espacio_id: int, desde: date) -> list[DiaInhabil]:
    return list(session.scalars(select(DiaInhabil).where(DiaInhabil.espacio_id == espacio_id, DiaInhabil.dia >= desde)
                                .order_by(DiaInhabil.dia)))
