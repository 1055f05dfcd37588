"""La síntesis informativa: las notas de los medios de ayer y de hoy, cuántas de cada tono y
agrupadas por tema, cada una con su medio, su titular y su enlace.

• `/sintesis` · `/sintesis hoy` · `/sintesis <fecha>` — en el chat
• `/sintesis pdf [hoy|<fecha>]` — el PDF para la presidencia

Se publica sola a las `ASISTENTE_HORA_SINTESIS` (08:30) en el canal del equipo y llega por mensaje directo
a quienes se anoten con `/asistente sintesis @persona…`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from asistente.fechas import interpretar
from asistente.fechas.palabras import fecha_en_palabras
from asistente.monitoreo import pdf as pdf_de_sintesis
from asistente.monitoreo import sintesis
from asistente.nucleo.comando import Enrutador
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos, normalizar

NOMBRE = "sintesis"
USO = "/sintesis [hoy|<fecha>] · /sintesis pdf [hoy|<fecha>]"
RESUMEN = "la síntesis informativa: notas de los medios por tono y por tema, en el chat o en PDF"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def _dia(peticion: Peticion, texto: str) -> date:
    if normalizar(texto) in ("", "hoy"):
        return peticion.ahora.astimezone(peticion.config.tz).date()
    return interpretar(texto, peticion.ahora).inicio.astimezone(peticion.config.tz).date()


def _en_chat(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    return sintesis.respuesta(session, peticion.espacio_id, _dia(peticion, texto), peticion.config.tz)


enrutador.vacio = _en_chat
enrutador.otro = _en_chat
enrutador.sub("hoy")(lambda p, s, _r: _en_chat(p, s, "hoy"))


@enrutador.sub("pdf", "imprimir", uso="/sintesis pdf [hoy|<fecha>]")
def pdf(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    dia = _dia(peticion, resto)
    s = sintesis.armar(session, peticion.espacio_id, dia, peticion.config.tz)
    ruta = pdf_de_sintesis.exportar(s, peticion.config)
    return Respuesta.archivo(ruta, f"Síntesis informativa {dia.isoformat()}", "application/pdf",
                             f"📄 Síntesis informativa del {fecha_en_palabras(dia)}: {cuantos(s.total, 'nota')}.")


manejar = enrutador
