"""Los temas de un documento y la regla de la veda: qué se puede aprobar, publicar o programar y cuándo."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.texto import normalizar
from asistente.veda.periodos import dia_del_informe, veda_del_dia
from modelos import Boletin, VersionBoletin

TEMAS = {
    "salud": "salud", "educacion": "educación", "proteccion civil": "protección civil", "informe": "informe",
    "obras": "obras", "seguridad": "seguridad", "cultura": "cultura", "deporte": "deporte",
    "desarrollo social": "desarrollo social", "gobierno": "gobierno",
}
EXCEPCIONES = ("salud", "educacion", "proteccion civil")  # las que la ley permite difundir en veda
ANTES_DEL_INFORME = timedelta(days=7)
DESPUES_DEL_INFORME = timedelta(days=5)


def leer_tema(texto: str) -> str:
    clave = " ".join(normalizar(texto).split())
    if clave not in TEMAS:
        raise ErrorDeUsuario(f"No conozco el tema «{texto.strip()}». Los temas son: {', '.join(TEMAS.values())}.")
    return clave


def nombre_de_tema(clave: str) -> str:
    return TEMAS.get(clave, clave)


def fijar_tema(session: Session, peticion: Peticion, boletin: Boletin, tema: str) -> None:
    boletin.tema = tema
    boletin.actualizado = peticion.ahora
    session.add(VersionBoletin(boletin_id=boletin.id, persona_id=peticion.persona_id, cuando=peticion.ahora,
                               accion="tema", titular=boletin.titular, resumen=boletin.resumen, cuerpo=boletin.cuerpo,
                               detalle=f"tema: {nombre_de_tema(tema)}"))


def exigir_permitido(session: Session, peticion: Peticion, boletin: Boletin, tarea: str, cuando: datetime) -> None:
    """Lanza ``ErrorDeUsuario`` si en ``cuando`` una veda (o la ventana del Informe) impide ``tarea``
    (aprobar, publicar, programar). Una excepción usada queda en el historial del documento."""
    dia = cuando.astimezone(peticion.config.tz).date()
    if boletin.tema == "informe":
        informe = dia_del_informe(session, peticion.espacio_id)
        if informe is None:
            raise ErrorDeUsuario(f"{boletin.etiqueta.capitalize()} tiene tema «informe», pero no hay día del Informe "
                                 "de Gobierno: fíjalo con /asistente informe <fecha>.")
        if not informe - ANTES_DEL_INFORME <= dia <= informe + DESPUES_DEL_INFORME:
            raise ErrorDeUsuario(
                f"No se puede {tarea} {boletin.etiqueta}: su tema es «informe» y solo se difunde del "
                f"{fecha_en_palabras(informe - ANTES_DEL_INFORME)} al {fecha_en_palabras(informe + DESPUES_DEL_INFORME)} "
                f"(Informe de Gobierno el {fecha_en_palabras(informe)}).")
        return
    veda = veda_del_dia(session, peticion.espacio_id, dia)
    if veda is None:
        return
    if boletin.tema in EXCEPCIONES:
        session.add(VersionBoletin(
            boletin_id=boletin.id, persona_id=peticion.persona_id or None, cuando=peticion.ahora, accion="excepción de veda",
            titular=boletin.titular, resumen=boletin.resumen, cuerpo=boletin.cuerpo,
            detalle=f"{tarea} en veda ({veda.motivo or 'sin motivo'}) por su tema: {nombre_de_tema(boletin.tema)}"))
        return
    motivo = f" ({veda.motivo})" if veda.motivo else ""
    raise ErrorDeUsuario(
        f"No se puede {tarea} {boletin.etiqueta}: hay veda{motivo} hasta el {fecha_en_palabras(veda.fin)}. "
        f"Solo se exceptúan los temas salud, educación y protección civil (/boletin tema {boletin.referencia_corta} salud).")
