"""``/aclaracion NOTA``: el borrador de un comunicado que responde a una nota (negativa o equivocada),
ligado a ella (``Nota.aclaracion_id``). El comunicado sigue el camino de cualquier documento:
editar, aprobar, enviar y difundir con ``/boletin`` y ``/difusion``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.boletines.borrador import crear_documento
from asistente.boletines.estados import anotar_version
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.texto import recortar
from modelos import Boletin, Nota


def redactar(session: Session, peticion: Peticion, nota: Nota) -> Boletin:
    if nota.aclaracion_id is not None:
        previo = session.get(Boletin, nota.aclaracion_id)
        if previo is not None and previo.estado != "cancelado":
            raise ErrorDeUsuario(f"La nota {nota.id} ya tiene su aclaración: {previo.encabezado} "
                                 f"(/boletin ver comunicado {previo.folio}).")
    titulo = recortar(f"Aclaración sobre la nota «{nota.titular}»", 200)
    documento = crear_documento(session, peticion, "comunicado", titulo)
    publicada = fecha_en_palabras(nota.publicada.astimezone(peticion.config.tz).date())
    donde = f" ({nota.url})" if nota.url else (f" ({nota.pagina})" if nota.pagina else "")
    documento.resumen = f"Aclaración a la nota publicada por {nota.medio} el {publicada}."
    documento.cuerpo = (
        f"En relación con la nota «{nota.titular}», publicada por {nota.medio} el {publicada}{donde}, "
        f"el H. Ayuntamiento{' de ' + peticion.config.municipio if peticion.config.municipio else ''} "
        "informa a la opinión pública lo siguiente:\n\n"
        "[Escribe aquí los hechos, con datos verificables: fechas, cifras, documentos.]\n\n"
        "Reiteramos nuestro respeto a la labor periodística y quedamos a disposición de los medios para "
        "ampliar esta información.")
    nota.aclaracion_id = documento.id
    anotar_version(session, documento, peticion, "editado", f"aclaración de la nota {nota.id}")
    return documento
