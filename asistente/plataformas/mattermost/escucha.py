"""Los archivos soltados en un canal llegan por la API WebSocket de Mattermost (evento ``posted``).

Un hilo propio corre un bucle de asyncio: se conecta a ``/api/v4/websocket``, se autentica con el
token del bot (``authentication_challenge``) y, por cada mensaje con ``file_ids`` que no sea del bot,
arma un ``Lote`` y lo entrega al archivo; la respuesta va al hilo del mensaje. Si la conexión se cae
reconecta con espera exponencial (con tope y azar) y pide reanudar donde iba (``connection_id`` y
``sequence_number``). Cada post se atiende una sola vez, también si Mattermost lo repite al
reanudar o si corren varias réplicas: lo garantiza la tabla ``eventos_procesados``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO
from urllib.parse import urlencode

import websockets
from websockets.asyncio.client import ClientConnection, connect

from asistente.archivo.entrada import ArchivoRemoto, ErrorDeDescarga, Lote
from asistente.archivo.ingesta import recibir
from asistente.datos.bd import primera_vez
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.fallos import respuesta_de_error
from asistente.nucleo.plataforma import ErrorDeEnvio, entregar_avisos
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.mattermost import textos
from asistente.plataformas.mattermost.cliente import ClienteMattermost, DescargaFallida
from asistente.plataformas.trabajo import TRABAJO
from asistente.plataformas.mattermost.plataforma import (
    PlataformaMattermost,
    crear_plataforma,
)

registro_log = logging.getLogger("asistente.plataformas.mattermost.escucha")

_ID_ARCHIVO = re.compile(r"^[A-Za-z0-9]{1,64}$")


class DescargadorMattermost:
    """Baja archivos solo del servidor de ``MATTERMOST_URL``, con el token del bot y un tope de tamaño."""

    def __init__(self, cliente: ClienteMattermost, max_bytes: int) -> None:
        self.cliente = cliente
        self.max_bytes = max_bytes

    def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
        if archivo.url and not archivo.url.startswith(self.cliente.url + "/api/v4/files/"):
            raise ErrorDeDescarga(f"No descargo archivos de otro servidor: {archivo.url}")
        if not _ID_ARCHIVO.match(archivo.origen):
            raise ErrorDeDescarga(f"Id de archivo inválido: {archivo.origen!r}")
        if archivo.tamanio is not None and archivo.tamanio > self.max_bytes:
            raise ErrorDeDescarga(f"«{archivo.nombre}» pesa más de {self.max_bytes // (1024 * 1024)} MB.")
        leidos = 0
        try:
            with self.cliente.descargar(archivo.origen) as respuesta:
                for trozo in respuesta.iter_bytes(1 << 16):
                    leidos += len(trozo)
                    if leidos > self.max_bytes:
                        raise ErrorDeDescarga(f"«{archivo.nombre}» pesa más de {self.max_bytes // (1024 * 1024)} MB.")
                    destino.write(trozo)
        except DescargaFallida as error:  # al hilo, una razón en español; el detalle, al registro
            if error.estado == 0:
                raise ErrorDeDescarga("la conexión con Mattermost se cortó a medio archivo", transitorio=True) from error
            raise ErrorDeDescarga(f"Mattermost no entregó «{archivo.nombre}» (HTTP {error.estado})",
                                  transitorio=error.pasajera) from error
        except ErrorDeEnvio as error:
            raise ErrorDeDescarga(f"Mattermost no entregó «{archivo.nombre}»") from error


@dataclass(frozen=True)
class Espera:
    """Espera exponencial entre reconexiones, con tope y azar (para no llegar todos a la vez)."""

    inicial: float = 1.0
    maxima: float = 60.0

    def segundos(self, intento: int) -> float:
        base = min(self.maxima, self.inicial * (2 ** min(intento, 20)))
        return base * random.uniform(0.5, 1.0)


def url_websocket(url: str) -> str:
    if url.startswith("https://"):
        return "wss://" + url[len("https://"):] + "/api/v4/websocket"
    if url.startswith("http://"):
        return "ws://" + url[len("http://"):] + "/api/v4/websocket"
    return url + "/api/v4/websocket"


class Escucha:
    def __init__(self, app: Aplicacion, plataforma: PlataformaMattermost, espera: Espera = Espera(),
                 cerrar_cliente: bool = False) -> None:
        self.app = app
        self._cerrar_cliente = cerrar_cliente
        self.config: Config = app.config
        self.plataforma = plataforma
        self.cliente = plataforma.cliente
        self.espera = espera
        self.descargador = DescargadorMattermost(self.cliente, self.config.max_bytes)
        self.conexiones = 0  # cuántas veces se autenticó (para operación y pruebas)
        self._conexion_id = ""
        self._siguiente = 0
        self._autenticado = False
        self._parar = threading.Event()
        self._bucle: asyncio.AbstractEventLoop | None = None
        self._ws: ClientConnection | None = None
        self._hilo = threading.Thread(target=self._correr, name="mattermost-escucha", daemon=True)
        # Los archivos se atienden en hilos propios y cuentan como trabajo aceptado: SIGTERM espera
        # a que terminen las descargas en curso en lugar de cortarlas.
        self._trabajo = ThreadPoolExecutor(max_workers=4, thread_name_prefix="mattermost-archivos")

    # --- ciclo de vida --------------------------------------------------------------------------
    def iniciar(self) -> "Escucha":
        self._hilo.start()
        return self

    def detener(self, espera: float = 5.0) -> None:
        self._parar.set()
        bucle, ws = self._bucle, self._ws
        if bucle is not None and ws is not None and not bucle.is_closed():
            try:
                asyncio.run_coroutine_threadsafe(ws.close(), bucle)
            except RuntimeError:
                pass
        self._hilo.join(espera)
        if self._cerrar_cliente:
            self.cliente.cerrar()

    def _correr(self) -> None:
        asyncio.run(self._principal())

    async def _principal(self) -> None:
        self._bucle = asyncio.get_running_loop()
        intento = 0
        while not self._parar.is_set():
            self._autenticado = False
            try:
                await self._una_conexion()
            except (OSError, websockets.WebSocketException, asyncio.TimeoutError, ErrorDeEnvio) as error:
                registro_log.warning("conexión WebSocket con Mattermost perdida: %s", error)
            except Exception:
                registro_log.exception("falló la escucha de Mattermost")
            if self._parar.is_set():
                break
            # Tras una conexión que sí funcionó se vuelve a la espera corta.
            intento = 0 if self._autenticado else intento + 1
            segundos = self.espera.segundos(intento)
            registro_log.info("reconecto con Mattermost en %.1f s", segundos)
            await asyncio.to_thread(self._parar.wait, segundos)

    async def _una_conexion(self) -> None:
        """Una conexión, hasta que se cierra o se corta."""
        bot = await asyncio.to_thread(self.cliente.yo)
        consulta = ""
        if self._conexion_id:
            consulta = "?" + urlencode({"connection_id": self._conexion_id, "sequence_number": self._siguiente})
        async with connect(url_websocket(self.cliente.url) + consulta, open_timeout=15, ping_interval=30) as ws:
            self._ws = ws
            if self._parar.is_set():
                return
            await ws.send(json.dumps({
                "seq": 1, "action": "authentication_challenge", "data": {"token": self.config.mattermost_bot_token},
            }))
            tareas: set[asyncio.Task[None]] = set()
            async for bruto in ws:
                try:
                    mensaje = json.loads(bruto)
                except ValueError:
                    continue
                if mensaje.get("seq_reply") == 1:
                    if mensaje.get("status") != "OK":
                        raise ErrorDeEnvio(f"Mattermost rechazó el token del bot: {mensaje.get('error')}")
                    self._autenticado = True
                    self.conexiones += 1
                    registro_log.info("escuchando a Mattermost en %s", self.cliente.url)
                    continue
                evento = mensaje.get("event")
                datos = mensaje.get("data") or {}
                if evento == "hello":
                    nueva = str(datos.get("connection_id") or "")
                    if nueva and self._conexion_id and nueva != self._conexion_id:
                        registro_log.warning("Mattermost no reanudó la conexión: lo publicado mientras tanto no llegará")
                    self._conexion_id = nueva or self._conexion_id
                # Como el cliente web: ``sequence_number`` es el siguiente evento que se espera.
                if isinstance(mensaje.get("seq"), int):
                    self._siguiente = mensaje["seq"] + 1
                if evento == "posted":
                    tarea = asyncio.ensure_future(asyncio.wrap_future(
                        TRABAJO.encargar(self._trabajo, self._atender, datos, str(bot.get("id", "")))))
                    tareas.add(tarea)
                    tarea.add_done_callback(tareas.discard)
        self._ws = None

    # --- un mensaje con archivos -----------------------------------------------------------------
    def _atender(self, datos: dict[str, Any], bot_id: str) -> None:
        try:
            post = json.loads(datos.get("post") or "{}")
        except (TypeError, ValueError):
            return
        if not isinstance(post, dict) or post.get("type"):
            return
        if post.get("user_id") == bot_id or not post.get("id"):
            return
        enlace = not post.get("file_ids") and "http" in str(post.get("message", ""))
        if not post.get("file_ids") and not enlace:
            return
        ahora = datetime.now(self.config.tz)
        if not primera_vez(self.app.fabrica, f"mattermost:post:{post['id']}", ahora):
            return
        if enlace:
            try:
                self._nota(post, datos, ahora)
            except Exception:
                registro_log.exception("falló la nota del post %s", post.get("id"))
            return
        try:
            self._archivar(post, datos, ahora)
        except Exception:
            registro_log.exception("falló el archivo del post %s", post.get("id"))

    def _nota(self, post: dict[str, Any], datos: dict[str, Any], ahora: datetime) -> None:
        """Un mensaje con un enlace: en el canal de monitoreo se registra la nota (``/nota canal``) y se
        contesta en el hilo; en cualquier otro canal no pasa nada. El canal de monitoreo pudo guardarse
        por su nombre (``~monitoreo``) o por su id: van los dos."""
        canal = str(post.get("channel_id", ""))
        info = self.cliente.canal(canal)
        equipo = str(datos.get("team_id") or info.get("team_id") or "")
        if not equipo:
            return
        espacio = f"mattermost:{equipo}"
        hilo = str(post.get("root_id") or post["id"])
        usuario = str(post.get("user_id", ""))
        peticion = Peticion(config=self.config, espacio=espacio, usuario=usuario, ahora=ahora, comando="nota",
                            texto=f"canal ~{info.get('name') or canal} {post.get('message', '')}", canal=canal,
                            hilo=hilo, nombre_usuario=self.plataforma.nombre_de(usuario))
        respuesta = self.app.despachador.comando(peticion)
        if respuesta.cuerpo or respuesta.nombre_plantilla is not None:
            self.plataforma.publicar(espacio, canal, respuesta, hilo=hilo)

    def _archivar(self, post: dict[str, Any], datos: dict[str, Any], ahora: datetime) -> None:
        canal = str(post.get("channel_id", ""))
        hilo = str(post.get("root_id") or post["id"])
        equipo = str(datos.get("team_id") or "")
        if not equipo:
            equipo = str(self.cliente.canal(canal).get("team_id") or "")
        if not equipo:
            self.plataforma.cliente.crear_post(canal, textos.ARCHIVOS_FUERA_DE_EQUIPO, raiz=hilo)
            return
        espacio = f"mattermost:{equipo}"
        usuario = str(post.get("user_id", ""))
        creado = post.get("create_at")
        if isinstance(creado, (int, float)) and creado > 0:
            ahora = datetime.fromtimestamp(creado / 1000, self.config.tz)
        lote = Lote(
            espacio=espacio, usuario=usuario, canal=canal, ahora=ahora,
            archivos=self._archivos(post), nombre_usuario=self.plataforma.nombre_de(usuario),
            hilo=hilo, texto=str(post.get("message", "")),
        )
        try:
            respuesta: Respuesta = recibir(self.app, lote, self.descargador)
        except Exception as error:  # como en Slack: quien soltó los archivos lee qué pasó en su hilo
            respuesta = respuesta_de_error(error, registro=registro_log, que=f"falló el archivo del post {post['id']}")
        self.plataforma.publicar(espacio, canal, respuesta, hilo=hilo)
        entregar_avisos(self.plataforma, espacio, respuesta.avisos)

    def _archivos(self, post: dict[str, Any]) -> list[ArchivoRemoto]:
        infos = {str(i.get("id")): i for i in (post.get("metadata") or {}).get("files") or [] if isinstance(i, dict)}
        archivos = []
        for archivo_id in post.get("file_ids") or []:
            archivo_id = str(archivo_id)
            info = infos.get(archivo_id)
            if info is None:
                try:
                    info = self.cliente.info_archivo(archivo_id)
                except ErrorDeEnvio:
                    info = {}
            tamanio = info.get("size")
            archivos.append(ArchivoRemoto(
                origen=archivo_id, nombre=str(info.get("name") or archivo_id),
                url=f"{self.cliente.url}/api/v4/files/{archivo_id}",
                tamanio=int(tamanio) if isinstance(tamanio, (int, float)) else None,
                mime=str(info.get("mime_type") or ""),
            ))
        return archivos


class SinEscucha:
    """Lo que devuelve ``iniciar_escucha`` cuando Mattermost no está configurado: no hace nada."""

    conexiones = 0

    def detener(self, espera: float = 0.0) -> None:
        return None


def iniciar_escucha(
    app: Aplicacion, config: Config | None = None, plataforma: PlataformaMattermost | None = None,
    espera: Espera = Espera(),
) -> Escucha | SinEscucha:
    """Arranca la escucha en su hilo; ``.detener()`` la termina. Sin ``MATTERMOST_URL`` y
    ``MATTERMOST_BOT_TOKEN`` no hay nada que escuchar y devuelve un objeto que no hace nada."""
    config = config or app.config
    if not (config.mattermost_url and config.mattermost_bot_token):
        registro_log.info("Mattermost sin MATTERMOST_URL o MATTERMOST_BOT_TOKEN: no escucho archivos")
        return SinEscucha()
    if plataforma is None:
        return Escucha(app, crear_plataforma(config), espera, cerrar_cliente=True).iniciar()
    return Escucha(app, plataforma, espera).iniciar()
