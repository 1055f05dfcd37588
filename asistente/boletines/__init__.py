"""Los boletines de prensa: numeración por año (``numeros``), borrador desde un evento (``borrador``),
estados con su historial (``estados``), límites y partes del texto (``textos``), la vista que
comparten el chat, el PDF y el texto plano (``presentacion``), y dónde se guardan los archivos
(``archivos``).
"""

from asistente.boletines import estilo
from asistente.boletines.archivos import (
    clave_de_boletin,
    exportar,
    logo,
    ruta_de_boletin,
    texto_plano,
)
from asistente.boletines.borrador import (
    PLANTILLA_BORRADOR,
    ErrorDePlantilla,
    crear_borrador,
    crear_documento,
    dateline,
    otros_del_evento,
    plantilla_de_documento,
)
from asistente.boletines.estados import (
    MAX_MOTIVO,
    aprobar,
    cancelar,
    editar,
    emitidos,
    exigir_editable,
    por_aprobar,
    publicar,
    versiones,
)
from asistente.boletines.numeros import (
    FEMENINOS,
    MAX_NUMERO,
    anio_de,
    buscar,
    buscar_documento,
    clave_contador,
    fijar_siguiente_numero,
    folio,
    leer_folio,
    leer_tipo,
    localizar,
    nombre_de_tipo,
    parece_folio,
    separar_documento,
    siguiente_de,
)
from asistente.boletines.presentacion import FotoBoletin, VistaBoletin, vista
from asistente.boletines.textos import (
    MAX_CUERPO,
    MAX_PARTE,
    MAX_PARTES,
    MAX_RESUMEN,
    MAX_TITULAR,
    MAX_URL,
    MAX_URLS,
    leer_urls,
    partir_cuerpo,
    unir_partes,
    validar_textos,
)

__all__ = [
    "MAX_CUERPO", "MAX_MOTIVO", "MAX_NUMERO", "MAX_PARTE", "MAX_PARTES", "MAX_RESUMEN", "MAX_TITULAR", "MAX_URL",
    "MAX_URLS", "FEMENINOS", "PLANTILLA_BORRADOR", "ErrorDePlantilla", "FotoBoletin", "VistaBoletin", "anio_de", "aprobar",
    "buscar", "buscar_documento", "cancelar", "clave_contador", "clave_de_boletin", "crear_borrador", "crear_documento", "dateline", "editar", "emitidos",
    "estilo", "exigir_editable", "exportar", "fijar_siguiente_numero", "folio", "leer_folio", "leer_tipo", "leer_urls", "localizar", "logo", "nombre_de_tipo",
    "otros_del_evento", "parece_folio", "partir_cuerpo", "plantilla_de_documento", "por_aprobar", "publicar", "ruta_de_boletin",
    "separar_documento",
    "siguiente_de", "texto_plano", "unir_partes", "validar_textos", "versiones", "vista",
]
