"""La síntesis informativa: las notas de los medios de ayer y de hoy, cuántas de cada tono y
agrupadas por tema, cada una con su medio, su titular y su enlace.

• `/sintesis` · `/sintesis hoy` · `/sintesis ayer` · `/sintesis <fecha>` — en el chat
• `/sintesis pdf [hoy|<fecha>]` — el PDF para la presidencia

Se publica sola a las `ASISTENTE_HORA_SINTESIS` (08:30) en el canal del equipo y llega por mensaje directo
a quienes se anoten con `/asistente sintesis @persona…`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy.orm import Session

from asistente.fechas import interpretar
from asistente.fechas.palabras import DIAS_ATRAS
from asistente.monitoreo import pdf as pdf_de_sintesis
from asistente.monitoreo import sintesis
from asistente.nucleo.comando import Enrutador
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos, normalizar

NOMBRE = "sintesis"
USO = "/sintesis [hoy|ayer|<fecha>] · /sintesis pdf [hoy|ayer|<fecha>]"
RESUMEN = "la síntesis informativa: notas de los medios por tono y por tema, en el chat o en PDF"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


# La síntesis se pide casi siempre de hoy o de un día que ya pasó: «ayer» y «antier» también valen.
_ATRAS = {"": 0, **DIAS_ATRAS}


def _dia(peticion: Peticion, texto: str) -> date:
    hoy = peticion.ahora.astimezone(peticion.config.tz).date()
    if (atras := _ATRAS.get(normalizar(texto).strip())) is not None:
        return hoy - timedelta(days=atras)
    dia = interpretar(texto, peticion.ahora).inicio.astimezone(peticion.config.tz).date()
    return _hacia_atras(dia, hoy, normalizar(texto))


_DIAS_DE_LA_SEMANA = re.compile(r"\b(lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b")


def _hacia_atras(dia: date, hoy: date, texto: str) -> date:
    """Las fechas de la agenda miran al futuro («el viernes», «20 de febrero» son los que vienen); una
    síntesis mira al pasado: sin año escrito, «el viernes» es el que pasó y «20 de febrero», el último."""
    if dia <= hoy or re.search(r"\b\d{4}\b", texto) or "manana" in texto:
        return dia
    if _DIAS_DE_LA_SEMANA.search(texto) and (dia - hoy).days <= 7:
        return dia - timedelta(days=7)
    try:
        anterior = dia.replace(year=dia.year - 1)
    except ValueError:  # un 29 de febrero
        return dia
    return anterior if anterior <= hoy else dia


def _en_chat(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    return sintesis.respuesta(session, peticion.espacio_id, _dia(peticion, texto), peticion.config.tz,
                              hoy=peticion.ahora.astimezone(peticion.config.tz).date())


enrutador.vacio = _en_chat
enrutador.otro = _en_chat
enrutador.sub("hoy")(lambda p, s, _r: _en_chat(p, s, "hoy"))


@enrutador.sub("pdf", "imprimir", uso="/sintesis pdf [hoy|<fecha>]")
def pdf(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    dia, hoy = _dia(peticion, resto), peticion.ahora.astimezone(peticion.config.tz).date()
    s = sintesis.armar(session, peticion.espacio_id, dia, peticion.config.tz)
    ruta = pdf_de_sintesis.exportar(s, peticion.config, hoy)
    return Respuesta.archivo(ruta, f"Síntesis informativa {dia.isoformat()}", "application/pdf",
                             f"📄 Síntesis informativa del {sintesis.dia_en_palabras(dia, hoy)}: {cuantos(s.total, 'nota')}.")


manejar = enrutador
