"""La parrilla de publicaciones: qué sale (y qué salió) en Facebook y en el sitio web, día por día.

• `/parrilla` · `/parrilla semana` — de hoy a siete días
• `/parrilla mes` — el mes en curso, del día 1 al último
• `/parrilla <fecha>` — un día (`mañana`, `viernes`, `15 de marzo`)

Cada pieza con su hora, su canal, el documento y su estado (programada, publicada con su enlace, o
fallida con el motivo del canal: se vuelve a intentar con `/difusion publicar NUM canal`). Los días sin
nada se nombran, para ver dónde hace falta contenido. Se programa con `/difusion programar`.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from sqlalchemy.orm import Session

from asistente import difusion
from asistente.fechas import interpretar
from asistente.fechas.palabras import fecha_en_palabras, nombre_de_mes
from asistente.nucleo.comando import Enrutador
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta

NOMBRE = "parrilla"
USO = "/parrilla [semana|mes|<fecha>]"
RESUMEN = "el calendario de publicaciones: lo programado y lo publicado por día y canal"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def _mostrar(peticion: Peticion, session: Session, desde: date, hasta: date, titulo: str) -> Respuesta:
    dias = difusion.parrilla(session, peticion.config, peticion.espacio_id, desde, hasta)
    vacios = sum(1 for d in dias if not d.piezas)
    return Respuesta.plantilla("parrilla.j2", titulo=titulo, dias=dias, vacios=vacios, total=len(dias))


def _hoy(peticion: Peticion) -> date:
    return peticion.ahora.astimezone(peticion.config.tz).date()


@enrutador.sub("semana", uso=USO)
def semana(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    hoy = _hoy(peticion)
    return _mostrar(peticion, session, hoy, hoy + timedelta(days=7),
                    f"Parrilla del {fecha_en_palabras(hoy)} al {fecha_en_palabras(hoy + timedelta(days=6))}")


@enrutador.sub("mes", uso=USO)
def mes(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    hoy = _hoy(peticion)
    inicio = hoy.replace(day=1)
    fin = inicio + timedelta(days=monthrange(hoy.year, hoy.month)[1])
    return _mostrar(peticion, session, inicio, fin, f"Parrilla de {nombre_de_mes(hoy.month)} de {hoy.year}")


def _fecha(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    dia = interpretar(texto, peticion.ahora).inicio.astimezone(peticion.config.tz).date()
    return _mostrar(peticion, session, dia, dia + timedelta(days=1), f"Parrilla del {fecha_en_palabras(dia)}")


enrutador.vacio = semana
enrutador.otro = _fecha
manejar = enrutador
