"""Slack como ``Plataforma``: publicar en canales e hilos, mensajes directos y subir archivos."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.plataforma import EspacioInaccesible, ErrorDeEnvio
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.slack.bloques import dibujar
from asistente.plataformas.slack.cliente import crear_cliente, error_de_envio
from asistente.plataformas.slack.conexiones import Conexiones
from asistente.plataformas.slack.instalaciones import Instalaciones

registro_log = logging.getLogger("asistente.slack")

TIPO_MARCA = "asistente_publicacion"  # el event_type de los metadatos de una publicación programada
PAGINAS_HISTORIA = 5  # a lo más 1,000 mensajes del último día al buscar una marca


class PlataformaSlack:
    """Con ``SLACK_BOT_TOKEN``, un solo token para todo (el espacio es informativo); con OAuth
    (``instalaciones``), el token del bot de cada espacio (``slack:T012``)."""

    nombre = "slack"

    def __init__(self, config: Config, cliente: WebClient | None = None,
                 instalaciones: Instalaciones | None = None, conexiones: Conexiones | None = None) -> None:
        self.config = config
        # Un pool de conexiones para toda la plataforma: los clientes de cada espacio, las respuestas
        # por response_url y las descargas de archivos no abren una conexión por llamada.
        self.conexiones = conexiones or Conexiones()
        self.cliente = cliente or crear_cliente(config, conexiones=self.conexiones)
        self.instalaciones = instalaciones
        self._clientes: dict[str, WebClient] = {}
        self._directos: dict[tuple[str, str], str] = {}
        self._candado = threading.Lock()

    def cliente_de(self, espacio: str) -> WebClient:
        """El cliente con el token del bot de ``espacio``; ``EspacioInaccesible`` si la app no está
        instalada ahí (se desinstaló, o nunca se instaló)."""
        if self.instalaciones is None or self.config.slack_bot_token:
            return self.cliente
        token = self.instalaciones.token_de(espacio)
        if not token:
            raise EspacioInaccesible(f"la app de Slack no está instalada en {espacio} (instálala desde /slack/install)")
        with self._candado:
            cliente = self._clientes.get(token)
            if cliente is None:
                # Un cliente por token (comparten nada más la configuración): pocos cientos de espacios.
                cliente = self._clientes[token] = crear_cliente(self.config, token, self.conexiones)
            return cliente

    # --- Plataforma ------------------------------------------------------------------------------
    def publicar(self, espacio: str, canal: str, respuesta: Respuesta, hilo: str | None = None) -> str | None:
        texto, bloques = dibujar(respuesta)
        # La marca de una publicación programada viaja como metadatos del mensaje: así se encuentra
        # antes de reenviar lo que un choque dejó a medias (``ya_publicada``).
        metadatos = {"event_type": TIPO_MARCA, "event_payload": {"marca": respuesta.marca}} if respuesta.marca else None
        try:
            resultado = self.cliente_de(espacio).chat_postMessage(channel=canal, text=texto, blocks=bloques,
                                                                  thread_ts=hilo, unfurl_links=False,
                                                                  unfurl_media=False, metadata=metadatos)
        except SlackApiError as error:
            raise error_de_envio(error, f"Slack no aceptó el mensaje en {canal}") from error
        ts = resultado.get("ts")
        if respuesta.adjunto is not None:
            self.subir_archivo(espacio, canal, respuesta.adjunto.ruta, respuesta.adjunto.titulo, hilo)
        return str(ts) if ts else None

    def mensaje_directo(self, espacio: str, usuario: str, respuesta: Respuesta) -> str | None:
        return self.publicar(espacio, self.canal_directo(usuario, espacio), respuesta)

    def ya_publicada(self, espacio: str, destino: str, marca: str, desde: datetime, directo: bool) -> bool:
        """Busca la marca en los metadatos de los mensajes del canal desde ``desde``
        (``conversations.history`` con ``include_all_metadata``; pide ``channels:history`` o
        ``im:history``)."""
        canal = self.canal_directo(destino, espacio) if directo else destino
        cliente = self.cliente_de(espacio)
        cursor: str | None = None
        for _pagina in range(PAGINAS_HISTORIA):
            try:
                resultado = cliente.conversations_history(
                    channel=canal, oldest=f"{desde.timestamp():.6f}", include_all_metadata=True, limit=200, cursor=cursor)
            except SlackApiError as error:
                raise error_de_envio(error, f"Slack no me dejó revisar el historial de {canal}") from error
            for mensaje in resultado.get("messages") or []:
                metadatos = mensaje.get("metadata") or {}
                if metadatos.get("event_type") == TIPO_MARCA and (metadatos.get("event_payload") or {}).get("marca") == marca:
                    return True
            cursor = ((resultado.get("response_metadata") or {}).get("next_cursor")) or None
            if not cursor:
                return False
        return False

    # --- extras de Slack ----------------------------------------------------------------------------
    def canal_directo(self, usuario: str, espacio: str = "") -> str:
        with self._candado:
            if (espacio, usuario) in self._directos:
                return self._directos[(espacio, usuario)]
        try:
            canal = str(self.cliente_de(espacio).conversations_open(users=usuario)["channel"]["id"])
        except SlackApiError as error:
            raise error_de_envio(error, f"Slack no abrió el mensaje directo con {usuario}") from error
        with self._candado:
            self._directos[(espacio, usuario)] = canal
        return canal

    def subir_archivo(self, espacio: str, canal: str, ruta: Path, titulo: str, hilo: str | None = None) -> str | None:
        """Sube un archivo (el PDF de un boletín) con el flujo externo de Slack
        (``files.getUploadURLExternal`` → subida → ``files.completeUploadExternal``)."""
        try:
            resultado = self.cliente_de(espacio).files_upload_v2(
                channel=canal, file=str(ruta), filename=Path(ruta).name, title=titulo, thread_ts=hilo,
            )
        except SlackApiError as error:
            raise error_de_envio(error, f"Slack no aceptó el archivo {Path(ruta).name}") from error
        except OSError as error:
            raise ErrorDeEnvio(f"No pude leer {ruta}: {error}") from error
        archivo = resultado.get("file") or {}
        return str(archivo.get("id")) if archivo.get("id") else None


def crear_plataforma_slack(aplicacion: Aplicacion) -> PlataformaSlack:
    """Con OAuth (``SLACK_CLIENT_ID``), el token de cada espacio sale de sus instalaciones; con
    ``SLACK_BOT_TOKEN``, uno para todo."""
    config = aplicacion.config
    instalaciones = Instalaciones(aplicacion) if config.slack_oauth and not config.slack_bot_token else None
    return PlataformaSlack(config, None, instalaciones)
