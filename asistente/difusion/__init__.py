"""La difusión de un documento aprobado (SPEC §7): las piezas por canal y su publicación.

- ``piezas``: de un documento a la pieza de cada canal: Facebook (texto corto con los hashtags del
  municipio y hasta 10 fotos, las mejores primero), el sitio web (el documento completo con galería) y el
  kit de WhatsApp (texto con su formato y un ZIP de las fotos); lo que el director editó manda.
- ``publicacion``: publicar ya en uno o varios canales, una sola vez por documento y canal (la fila de
  ``Difusion`` se reclama en la base antes de tocar el canal), registrar el enlace y marcar el
  documento ``publicado``.
- ``parrilla``: el calendario de publicaciones por día y canal (``/parrilla``).
- ``programadas``: publicar a una hora (``/difusion programar``); la pasada del programador publica lo
  que toca, una sola vez también con varios programadores, y avisa por mensaje directo si falla.

Los canales llegan por el puerto ``asistente.nucleo.canal`` en ``peticion.canales``.
"""

from asistente.difusion.parrilla import Dia, parrilla
from asistente.difusion.piezas import (
    MAX_FOTOS_FACEBOOK,
    PiezasDeDocumento,
    candidatas,
    editar_pieza,
    leer_ids_de_fotos,
    piezas_de,
)
from asistente.difusion.programadas import (
    Programada,
    cuando_en_palabras,
    programar,
    publicar_programadas,
)
from asistente.difusion.publicacion import (
    Resultado,
    canales_pedidos,
    exigir_publicable,
    kit,
    publicar,
)

__all__ = [
    "MAX_FOTOS_FACEBOOK", "PiezasDeDocumento", "Resultado", "candidatas", "canales_pedidos", "editar_pieza",
    "exigir_publicable", "kit", "leer_ids_de_fotos", "piezas_de", "publicar", "Programada", "cuando_en_palabras",
    "programar", "publicar_programadas", "Dia", "parrilla",
]
