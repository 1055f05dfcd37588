"""Los informes de resultados: un PDF con gráficas y una hoja de cálculo (XLSX) con las mismas cifras.

• `/informe mes [mes] [AAAA]` · `/informe trimestre N [AAAA]` · `/informe año [AAAA]` — eventos por semana,
  cobertura, documentos, fotos, publicaciones por canal, notas por tono y metas contra avance; con la
  evidencia: números de documento, números de evento y una foto por evento destacado. Las gráficas
  también llegan como imagen al chat
• `/informe dependencia <nombre> [AAAA]` — material para el Informe de Gobierno: los eventos de esa
  dependencia en el año, sus cifras y sus mejores fotos

El informe tarda unos segundos: el asistente contesta «preparando…» y sube los archivos al terminar.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.resultados.informes import TareaDeInforme, tarea_de_dependencia
from asistente.resultados.periodos import leer_periodo

NOMBRE = "informe"
USO_PERIODO = "/informe mes [mes] [AAAA] · /informe trimestre N [AAAA] · /informe año [AAAA]"
USO_DEPENDENCIA = "/informe dependencia <nombre> [AAAA]"
USO = f"{USO_PERIODO} · {USO_DEPENDENCIA}"
RESUMEN = "informe de resultados en PDF con gráficas y XLSX: del mes, un trimestre, el año o una dependencia"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")
_ANIO_AL_FINAL = re.compile(r"^(.*?)\s+((?:19|20)\d\d)$")


def _preparando(que: str, tarea: TareaDeInforme) -> Respuesta:
    return Respuesta.preparando(f"⏳ Preparando {que}… en unos segundos llegan aquí las gráficas, el PDF y la hoja "
                                "de cálculo.", tarea)


@enrutador.sub("mes", "trimestre", "ano", "anio", "anual", "mensual", uso=USO_PERIODO)
def por_periodo(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    # El enrutador quitó la primera palabra: se vuelve a leer el texto completo.
    p = leer_periodo(peticion.texto, peticion.ahora, peticion.config.tz, USO_PERIODO)
    return _preparando(f"el informe de {p.nombre}", TareaDeInforme(p))


@enrutador.sub("dependencia", "area", uso=USO_DEPENDENCIA)
def dependencia(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    nombre = resto.strip()
    anio = peticion.ahora.astimezone(peticion.config.tz).year
    m = _ANIO_AL_FINAL.match(nombre)
    if m:
        nombre, anio = m.group(1).strip(), int(m.group(2))
    if not nombre:
        raise ErrorDeUsuario("Falta el nombre de la dependencia.", uso=USO_DEPENDENCIA)
    tarea = tarea_de_dependencia(session, peticion, nombre, anio)
    return _preparando(f"el informe de {tarea.nombre_dependencia} ({anio})", tarea)


def _otro(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    """``/informe 2025`` es el informe del año 2025; ``/informe noviembre``, del mes; ``/informe 1er trimestre``,
    del trimestre."""
    if re.fullmatch(r"(19|20)\d\d", texto.strip()):
        return por_periodo(peticion, session, texto)
    try:  # «/informe noviembre», «/informe 1er trimestre», «/informe este mes», «/informe 4T 2025»
        p = leer_periodo(texto, peticion.ahora, peticion.config.tz, USO_PERIODO, por_omision="")
    except ErrorDeUsuario:
        p = None
    if p is not None:
        return _preparando(f"el informe de {p.nombre}", TareaDeInforme(p))
    raise ErrorDeUsuario(f"No conozco «/informe {texto.strip()}».", uso=USO)


enrutador.otro = _otro
manejar = enrutador
