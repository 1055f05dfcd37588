"""Slack como ``Plataforma``: publicar en canales e hilos, mensajes directos y subir archivos."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from asistente.nucleo.config import Config
from asistente.nucleo.plataforma import ErrorDeEnvio
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.slack.bloques import dibujar
from asistente.plataformas.slack.cliente import crear_cliente, error_de_envio

registro_log = logging.getLogger("asistente.slack")


class PlataformaSlack:
    """El espacio (``slack:T012``) es informativo: la instalación usa un solo token de bot."""

    nombre = "slack"

    def __init__(self, config: Config, cliente: WebClient | None = None) -> None:
        self.config = config
        self.cliente = cliente or crear_cliente(config)
        self._directos: dict[str, str] = {}
        self._candado = threading.Lock()

    # --- Plataforma ------------------------------------------------------------------------------
    def publicar(self, espacio: str, canal: str, respuesta: Respuesta, hilo: str | None = None) -> str | None:
        texto, bloques = dibujar(respuesta)
        try:
            resultado = self.cliente.chat_postMessage(channel=canal, text=texto, blocks=bloques, thread_ts=hilo,
                                                      unfurl_links=False, unfurl_media=False)
        except SlackApiError as error:
            raise error_de_envio(error, f"Slack no aceptó el mensaje en {canal}") from error
        ts = resultado.get("ts")
        if respuesta.adjunto is not None:
            self.subir_archivo(espacio, canal, respuesta.adjunto.ruta, respuesta.adjunto.titulo, hilo)
        return str(ts) if ts else None

    def mensaje_directo(self, espacio: str, usuario: str, respuesta: Respuesta) -> str | None:
        return self.publicar(espacio, self.canal_directo(usuario), respuesta)

    # --- extras de Slack ----------------------------------------------------------------------------
    def canal_directo(self, usuario: str) -> str:
        with self._candado:
            if usuario in self._directos:
                return self._directos[usuario]
        try:
            canal = str(self.cliente.conversations_open(users=usuario)["channel"]["id"])
        except SlackApiError as error:
            raise error_de_envio(error, f"Slack no abrió el mensaje directo con {usuario}") from error
        with self._candado:
            self._directos[usuario] = canal
        return canal

    def subir_archivo(self, espacio: str, canal: str, ruta: Path, titulo: str, hilo: str | None = None) -> str | None:
        """Sube un archivo (el PDF de un boletín) con el flujo externo de Slack
        (``files.getUploadURLExternal`` → subida → ``files.completeUploadExternal``)."""
        try:
            resultado = self.cliente.files_upload_v2(
                channel=canal, file=str(ruta), filename=Path(ruta).name, title=titulo, thread_ts=hilo,
            )
        except SlackApiError as error:
            raise error_de_envio(error, f"Slack no aceptó el archivo {Path(ruta).name}") from error
        except OSError as error:
            raise ErrorDeEnvio(f"No pude leer {ruta}: {error}") from error
        archivo = resultado.get("file") or {}
        return str(archivo.get("id")) if archivo.get("id") else None
