"""La aclaración a una nota negativa o equivocada de un medio.

• `/aclaracion ID` — redacta el borrador de un comunicado que responde a la nota ID (la de `/nota` o la
  síntesis), ligado a ella; se edita, aprueba y envía como cualquier documento
  (`/boletin editar comunicado NUM`, `/boletin aprobar …`, `/boletin enviar …`)
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.monitoreo.aclaracion import redactar
from asistente.monitoreo.notas import buscar
from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario, con_uso
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Boton, Respuesta

NOMBRE = "aclaracion"
USO = "/aclaracion ID   (el número de la nota)"
RESUMEN = "redacta el comunicado que responde a una nota de un medio"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def _redactar(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    try:
        nota = buscar(session, peticion.espacio_id, texto)
    except ErrorDeUsuario as error:
        raise con_uso(error, USO) from None
    documento = redactar(session, peticion, nota)
    aviso = "" if nota.tono == "negativa" else f" (la nota está calificada como {nota.tono or 'sin calificar'})"
    return Respuesta.texto(
        f"📝 {documento.encabezado} en borrador: «{documento.titular}», respuesta a la nota {nota.id} de "
        f"{nota.medio}{aviso}. Complétalo con /boletin editar comunicado {documento.folio} y apruébalo con "
        f"/boletin aprobar comunicado {documento.folio}.", publica=True,
    ).con_botones(Boton("Editar", "boletin.editar", documento.referencia), Boton("PDF", "boletin.pdf", documento.referencia))


enrutador.otro = _redactar
manejar = enrutador
