"""De la respuesta neutral a lo que Mattermost entiende: markdown, adjuntos con botones firmados
y diálogos interactivos."""

from __future__ import annotations

import time
from typing import Any

from asistente.nucleo.formularios import Campo, Formulario
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import recortar
from asistente.plataformas.mattermost import textos
from asistente.plataformas.mattermost.firma import (
    VIGENCIA_BOTON,
    firmar_contexto,
    firmar_estado,
)

MAX_MENSAJE = 16000  # Mattermost admite 16383 caracteres por mensaje
ESTILOS = {"normal": "default", "primario": "primary", "peligro": "danger"}
# Límites de los diálogos de Mattermost (si se pasan, el diálogo no abre).
# Mattermost valida estos límites con len() de Go: son bytes de UTF-8, no caracteres.
MAX_TITULO_DIALOGO = 24
MAX_NOMBRE_CAMPO = 24
MAX_AYUDA = 150
MAX_TEXTO = 150
MAX_PARRAFO = 3000


def mensaje(respuesta: Respuesta) -> str:
    texto = renderizar(respuesta, "mattermost")
    if len(texto) > MAX_MENSAJE:
        texto = texto[:MAX_MENSAJE] + textos.RECORTADO
    return texto


def adjuntos(respuesta: Respuesta, espacio: str, url_acciones: str, secreto: bytes, *, para: str = "",
             vence: int | None = None, canal: str = "") -> list[dict[str, Any]]:
    """Los botones como acciones de un adjunto; cada una lleva su contexto firmado, que vence en
    ``VIGENCIA_BOTON`` y, en un mensaje de una sola persona, solo vale para ella (``para``)."""
    if not respuesta.botones or not url_acciones:
        return []
    vence = vence if vence is not None else int(time.time()) + VIGENCIA_BOTON
    acciones = [
        {
            # Mattermost exige ids alfanuméricos, únicos en el mensaje.
            "id": f"b{i}",
            "name": boton.etiqueta,
            "type": "button",
            "style": ESTILOS.get(boton.estilo, "default"),
            "integration": {"url": url_acciones, "context": firmar_contexto(secreto, boton.accion, boton.valor, espacio,
                                                                               vence=vence, para=para, canal=canal)},
        }
        for i, boton in enumerate(respuesta.botones)
    ]
    return [{"text": "", "actions": acciones}]


def _elemento(campo: Campo) -> dict[str, Any]:
    elemento: dict[str, Any] = {
        "display_name": recortar(campo.etiqueta, MAX_NOMBRE_CAMPO, en_bytes=True),
        "name": campo.nombre,
        "optional": not campo.requerido,
    }
    ayuda = campo.ayuda
    inicial = campo.inicial if isinstance(campo.inicial, str) else ",".join(campo.inicial or ())
    if campo.tipo == "opcion":
        elemento.update(type="select", options=[{"text": o.etiqueta, "value": o.valor} for o in campo.opciones])
    elif campo.tipo == "si_no":
        elemento.update(type="radio", options=[{"text": "Sí", "value": "si"}, {"text": "No", "value": "no"}])
    elif campo.tipo == "parrafo":
        elemento.update(type="textarea", max_length=min(campo.max_largo, MAX_PARRAFO))
    else:
        elemento.update(type="text", max_length=min(campo.max_largo, MAX_TEXTO))
        if campo.tipo == "multiple":
            lista = textos.CAMPO_MULTIPLE.format(opciones=", ".join(o.valor for o in campo.opciones))
            ayuda = f"{lista} ({ayuda})" if ayuda else lista
        elif ayuda:
            elemento["placeholder"] = recortar(ayuda, MAX_AYUDA, en_bytes=True)
    if inicial:
        elemento["default"] = inicial
    if ayuda:
        elemento["help_text"] = recortar(ayuda, MAX_AYUDA, en_bytes=True)
    return elemento


def dialogo(formulario: Formulario, secreto: bytes, espacio: str, canal: str) -> dict[str, Any]:
    """El diálogo interactivo de un formulario; ``state`` lleva firmados el formulario, el espacio,
    el canal y el contexto, para que el envío no se pueda falsificar."""
    estado = firmar_estado(secreto, {"f": formulario.id, "e": espacio, "c": canal, "x": formulario.contexto})
    return {
        "callback_id": formulario.id,
        "title": recortar(formulario.titulo, MAX_TITULO_DIALOGO, en_bytes=True),
        "submit_label": formulario.boton,
        "notify_on_cancel": False,
        "state": estado,
        "elements": [_elemento(c) for c in formulario.campos],
    }


def valores_de_envio(submission: object) -> dict[str, str]:
    """Lo que Mattermost manda al enviar un diálogo, como cadenas (``None`` → vacío, booleanos → sí/no)."""
    if not isinstance(submission, dict):
        return {}
    valores: dict[str, str] = {}
    for nombre, valor in submission.items():
        if valor is None:
            valores[str(nombre)] = ""
        elif isinstance(valor, bool):
            valores[str(nombre)] = "si" if valor else "no"
        elif isinstance(valor, list):
            valores[str(nombre)] = ",".join(str(v) for v in valor)
        else:
            valores[str(nombre)] = str(valor)
    return valores
