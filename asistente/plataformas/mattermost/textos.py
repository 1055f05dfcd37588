"""Todos los textos que el adaptador de Mattermost muestra a las personas (y los de registro)."""

from __future__ import annotations

TOKEN_INVALIDO = "El token del comando no es válido: revisa MATTERMOST_TOKENS en el asistente."
METODO = "Este punto solo acepta POST (los comandos slash, también GET)."
NO_ENCONTRADO = "No hay nada aquí. Los puntos de Mattermost son /mattermost/comandos, /mattermost/acciones y /mattermost/dialogos."
PETICION_INVALIDA = "La petición no se pudo leer."
BOTON_FALSO = ("Este botón ya no es válido (su firma no coincide o pasaron más de 30 días) y no hice nada. Vuelve a pedir "
               "la información con el comando.")
BOTON_OTRO_CANAL = "Este botón es de un mensaje de otro canal: no hice nada."
BOTON_REPETIDO = "Este clic ya se atendió: no lo hice otra vez."
ORIGEN_AJENO = "Este punto solo atiende al servidor de Mattermost (MATTERMOST_ORIGENES)."
BOTON_AJENO = "Este botón es de otra persona: no hice nada."
DIALOGO_FALSO = "Este formulario no es válido (su firma no coincide) y no guardé nada. Vuelve a abrirlo con el comando."
SIN_FORMULARIO = (
    "No pude abrir el formulario en Mattermost ({motivo}). Usa la versión de una línea del comando "
    "(`ayuda` muestra el uso)."
)
SIN_URL_PUBLICA = "no está configurada ASISTENTE_URL_PUBLICA"
ARCHIVO_SUBIENDO = "Subo «{titulo}» a la conversación."
ARCHIVO_FALLO = "No pude subir «{titulo}» a la conversación: {motivo}"
ARCHIVOS_FUERA_DE_EQUIPO = (
    "Para archivar fotos y documentos suéltalos en un canal del equipo (no en un mensaje directo)."
)
CAMPO_MULTIPLE = "Separa con comas: {opciones}"
RECORTADO = "\n\n_(mensaje recortado: era demasiado largo para Mattermost)_"
