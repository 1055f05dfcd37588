"""Un Slack de mentira: la Web API en 127.0.0.1 (puerto 0) que registra cada llamada.

Uso::

    falso = FalsoSlack().iniciar()
    config = Config(slack_api_url=falso.url, slack_bot_token="xoxb-prueba", …)
    …
    falso.esperar("chat.postMessage")            # espera (y devuelve) la primera llamada
    falso.llamadas("views.open")[0].params["view"]
    url = falso.servir_archivo("foto.jpg", datos)  # un url_private_download en el falso
    falso.url_respuesta()                          # un response_url; lo recibido en .respuestas_url()
    falso.responder_429_una_vez("chat.postMessage")
    falso.error_en_canal("C-cerrado", "channel_not_found")
    falso.revocar("token_revoked")                 # todo método contesta ese error
    falso.registrar_app("123.456", "secreto", "https://…/slack/oauth_redirect")  # distribución por OAuth
    codigo = falso.autorizar("T0OTRO", "Otro municipio")  # lo que Slack pone en ?code= al volver
    falso.detener()

Contesta JSON realista para auth.test, chat.postMessage, chat.update, chat.postEphemeral,
conversations.open, views.open, views.publish, views.update, users.info, files.info,
files.getUploadURLExternal y files.completeUploadExternal (más la URL de subida), y oauth.v2.access
estricto: credenciales de la app por Basic, un código que dio ``autorizar`` usado una sola vez y la
misma ``redirect_uri``; el token que entrega vale desde entonces y ``auth.test`` dice su equipo.
Cualquier otro método conocido contesta ``{"ok": true}``. Lo usan también las pruebas del programador, del archivo y de los
boletines.
"""

from __future__ import annotations

import base64
import itertools
import json
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

EQUIPO = "T0PRENSA"
BOT = "UBOT"


@dataclass
class Llamada:
    metodo: str
    params: dict[str, Any]
    headers: dict[str, str]
    cuerpo: bytes = b""
    cuando: float = field(default_factory=time.monotonic)
    respuesta: dict[str, Any] = field(default_factory=dict)  # lo que contestó el falso (p. ej. el ``ts``)


@dataclass
class ArchivoFalso:
    id: str
    nombre: str
    datos: bytes
    mime: str
    url: str


# Los métodos de la Web API que el asistente usa (y que este Slack falso conoce); otro es unknown_method.
METODOS = {
    "auth.test", "apps.connections.open", "chat.postMessage", "chat.update", "chat.postEphemeral",
    "conversations.open", "views.open", "views.publish", "views.update", "views.push", "users.info",
    "files.info", "files.getUploadURLExternal", "files.completeUploadExternal", "oauth.v2.access",
    "conversations.history",
}
# Los trigger_id que «Slack» dio (con cuándo): uno sirve una vez para abrir un modal. Slack les da
# 3 s; aquí 30, para que una máquina de CI cargada no vuelva las pruebas intermitentes.
DISPAROS: dict[str, float] = {}
VIGENCIA_DISPARO = 30.0
_NUMEROS_DE_DISPARO = itertools.count(1)


def disparo(valor: str = "") -> str:
    """Un ``trigger_id`` como los que Slack pone en cada comando y cada clic (o ``valor``), válido
    para abrir un modal una vez."""
    valor = valor or f"disparo.{next(_NUMEROS_DE_DISPARO)}"
    DISPAROS[valor] = time.monotonic()
    return valor


class FalsoSlack:
    def __init__(self) -> None:
        self._llamadas: list[Llamada] = []
        self._respuestas_url: dict[str, list[dict[str, Any]]] = {}
        self._archivos: dict[str, ArchivoFalso] = {}
        self._subidas: dict[str, bytes] = {}
        self._cond = threading.Condition()
        self._contador = itertools.count(1)
        self._429: dict[str, int] = {}
        self._errores_canal: dict[str, str] = {}
        self._revocado = ""
        self._historia: dict[str, list[dict[str, Any]]] = {}
        self._cortes: dict[str, int] = {}  # id de archivo → cuántas descargas más se cortan a la mitad  # canal → mensajes del bot (conversations.history)
        self.nombres: dict[str, str] = {}  # usuario → nombre real (users.info)
        self.url_socket = ""  # lo que contesta apps.connections.open (ver FalsoSocketMode)
        self.demora_respuesta = 0.0  # segundos que tarda en contestar un response_url
        # Como Slack: solo estos tokens de bot valen (los de app, xapp-…, solo para Socket Mode).
        self.tokens = {"xoxb-prueba", "xoxb-bench"}
        # Distribución por OAuth: la app registrada, los códigos dados y el equipo de cada token.
        self.app_oauth: tuple[str, str, str] | None = None
        self._codigos: dict[str, tuple[str, str]] = {}
        self.equipos: dict[str, str] = {}
        self.servidor: ThreadingHTTPServer | None = None
        self.conexiones_aceptadas = 0  # conexiones TCP que abrieron los clientes (para ver que se reutilizan)
        self._hilo: threading.Thread | None = None

    # --- ciclo de vida ---------------------------------------------------------------------------
    def iniciar(self) -> "FalsoSlack":
        falso = self

        class Manejador(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:  # silencio en las pruebas
                pass

            def handle(self) -> None:
                try:
                    super().handle()
                except ConnectionResetError:  # un cliente que suelta su conexión reutilizada
                    pass

            def do_GET(self) -> None:
                falso._atender(self, b"")

            def do_POST(self) -> None:
                largo = int(self.headers.get("Content-Length") or 0)
                falso._atender(self, self.rfile.read(largo) if largo else b"")

        class Servidor(ThreadingHTTPServer):
            daemon_threads = True

            def get_request(self) -> tuple[socket.socket, Any]:
                conexion, direccion = super().get_request()
                conexion.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with falso._cond:
                    falso.conexiones_aceptadas += 1
                return conexion, direccion

            def handle_error(self, request: Any, client_address: Any) -> None:
                # Un cliente que suelta su conexión no es un error del Slack falso.
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)

        self.servidor = Servidor(("127.0.0.1", 0), Manejador)
        self._hilo = threading.Thread(target=self.servidor.serve_forever, name="falso-slack", daemon=True)
        self._hilo.start()
        return self

    def detener(self) -> None:
        if self.servidor is not None:
            self.servidor.shutdown()
            self.servidor.server_close()
            self.servidor = None

    def __enter__(self) -> "FalsoSlack":
        return self.iniciar() if self.servidor is None else self

    def __exit__(self, *_: Any) -> None:
        self.detener()

    @property
    def base(self) -> str:
        assert self.servidor is not None, "primero iniciar()"
        return f"http://127.0.0.1:{self.servidor.server_address[1]}"

    @property
    def url(self) -> str:
        """Para ``SLACK_API_URL``."""
        return f"{self.base}/api/"

    # --- configuración de fallas -------------------------------------------------------------------
    def responder_429_una_vez(self, metodo: str, veces: int = 1) -> None:
        """Las próximas ``veces`` llamadas a ``metodo`` contestan 429 con ``Retry-After: 1``."""
        self._429[metodo] = veces

    def error_en_canal(self, canal: str, error: str = "channel_not_found") -> None:
        self._errores_canal[canal] = error

    def cortar_descarga(self, url: str, veces: int = 1) -> None:
        """Las próximas ``veces`` descargas de ese archivo se cortan a la mitad (anuncian todo el tamaño
        y cierran la conexión), como una red que se cae a medio archivo."""
        self._cortes[self.archivo(url).id] = veces

    def reparar_canal(self, canal: str) -> None:
        self._errores_canal.pop(canal, None)

    def revocar(self, error: str = "token_revoked") -> None:
        """Desde ahora todo método de la Web API contesta ``error`` (token revocado, app desinstalada)."""
        self._revocado = error

    # --- distribución por OAuth -----------------------------------------------------------------------
    def registrar_app(self, client_id: str, client_secret: str, redirect_uri: str = "") -> None:
        self.app_oauth = (client_id, client_secret, redirect_uri)

    def autorizar(self, equipo: str, nombre: str) -> str:
        """Alguien de ``equipo`` aprobó la instalación: el ``code`` con que Slack vuelve a la app."""
        codigo = f"codigo-{next(self._contador)}"
        with self._cond:
            self._codigos[codigo] = (equipo, nombre)
        return codigo

    def _oauth(self, headers: dict[str, str], p: dict[str, Any]) -> dict[str, Any]:
        if self.app_oauth is None:
            return {"ok": False, "error": "invalid_client_id"}
        client_id, secreto, regreso = self.app_oauth
        basica = headers.get("authorization", "")
        if basica.startswith("Basic "):
            dado_id, _, dado_secreto = base64.b64decode(basica[6:]).decode().partition(":")
        else:
            dado_id, dado_secreto = str(p.get("client_id", "")), str(p.get("client_secret", ""))
        if dado_id != client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if dado_secreto != secreto:
            return {"ok": False, "error": "bad_client_secret"}
        if regreso and p.get("redirect_uri") != regreso:
            return {"ok": False, "error": "bad_redirect_uri"}
        with self._cond:
            equipo_nombre = self._codigos.pop(str(p.get("code", "")), None)
        if equipo_nombre is None:
            return {"ok": False, "error": "invalid_code"}
        equipo, nombre = equipo_nombre
        token = f"xoxb-{equipo.lower()}-{next(self._contador)}"
        with self._cond:
            self.tokens.add(token)
            self.equipos[token] = equipo
        return {"ok": True, "app_id": "A1", "access_token": token, "token_type": "bot", "scope": "commands,chat:write",
                "bot_user_id": f"UBOT{equipo}", "team": {"id": equipo, "name": nombre}, "enterprise": None,
                "is_enterprise_install": False, "authed_user": {"id": "UINSTALA"}}

    def revocar_token(self, token: str) -> None:
        """Slack borró este token (la app se desinstaló de su equipo): ya no vale."""
        with self._cond:
            self.tokens.discard(token)

    # --- archivos y response_url -------------------------------------------------------------------
    def publicar_como_bot(self, canal: str, texto: str, metadatos: dict[str, Any] | None = None) -> str:
        """Un mensaje que el bot dejó en ``canal`` (p. ej. antes de un choque), para conversations.history."""
        ts = f"{int(time.time())}.{next(self._contador):06d}"
        mensaje: dict[str, Any] = {"text": texto, "ts": ts, "bot_id": "BBOT", "type": "message"}
        if metadatos is not None:
            mensaje["metadata"] = metadatos
        with self._cond:
            self._historia.setdefault(canal, []).append(mensaje)
        return ts

    def servir_archivo(self, nombre: str, datos: bytes, mime: str = "application/octet-stream") -> str:
        """Registra un archivo descargable; devuelve su ``url_private_download``."""
        ident = f"F{next(self._contador):06d}"
        url = f"{self.base}/archivos/{ident}/{nombre}"
        self._archivos[ident] = ArchivoFalso(ident, nombre, datos, mime, url)
        return url

    def archivo(self, url: str) -> ArchivoFalso:
        ident = urlsplit(url).path.split("/")[2]
        return self._archivos[ident]

    def url_respuesta(self) -> str:
        ident = f"R{next(self._contador):06d}"
        self._respuestas_url[ident] = []
        return f"{self.base}/respuesta/{ident}"

    def respuestas_url(self, url: str | None = None) -> list[dict[str, Any]]:
        """Lo publicado en un response_url (o en todos, en orden de llegada)."""
        with self._cond:
            if url is not None:
                return list(self._respuestas_url.get(url.rsplit("/", 1)[-1], []))
            return [c.params for c in self._llamadas if c.metodo == "response_url"]

    def esperar_url(self, url: str, n: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        """Espera la n-ésima publicación en un response_url y la devuelve."""
        ident = url.rsplit("/", 1)[-1]
        limite = time.monotonic() + timeout
        with self._cond:
            while len(self._respuestas_url.get(ident, [])) < n:
                resto = limite - time.monotonic()
                if resto <= 0:
                    raise AssertionError(f"nada llegó a {url} en {timeout} s")
                self._cond.wait(resto)
            return self._respuestas_url[ident][n - 1]

    def subidas(self) -> dict[str, bytes]:
        return dict(self._subidas)

    # --- consultas ------------------------------------------------------------------------------------
    def llamadas(self, metodo: str | None = None) -> list[Llamada]:
        with self._cond:
            return [c for c in self._llamadas if metodo is None or c.metodo == metodo]

    def esperar(self, metodo: str, n: int = 1, timeout: float = 5.0) -> Llamada:
        """Espera a que haya ``n`` llamadas a ``metodo``; devuelve la n-ésima."""
        limite = time.monotonic() + timeout
        with self._cond:
            while True:
                hechas = [c for c in self._llamadas if c.metodo == metodo]
                if len(hechas) >= n:
                    return hechas[n - 1]
                resto = limite - time.monotonic()
                if resto <= 0:
                    vistos = sorted({c.metodo for c in self._llamadas})
                    raise AssertionError(f"{metodo} no llegó {n} vez/veces en {timeout} s (llegaron: {vistos})")
                self._cond.wait(resto)

    def olvidar(self) -> None:
        with self._cond:
            self._llamadas.clear()

    # --- servidor ---------------------------------------------------------------------------------------
    def _registrar(self, llamada: Llamada) -> None:
        with self._cond:
            self._llamadas.append(llamada)
            self._cond.notify_all()

    def _atender(self, h: BaseHTTPRequestHandler, cuerpo: bytes) -> None:
        partes = urlsplit(h.path)
        ruta = partes.path
        headers = {k.lower(): v for k, v in h.headers.items()}
        params: dict[str, Any] = dict(parse_qsl(partes.query))
        tipo = headers.get("content-type", "")
        if cuerpo and "json" in tipo:
            try:
                params.update(json.loads(cuerpo))
            except ValueError:
                pass
        elif cuerpo and "x-www-form-urlencoded" in tipo:
            params.update(dict(parse_qsl(cuerpo.decode("utf-8", "replace"))))

        if ruta.startswith("/archivos/"):
            self._registrar(Llamada("descarga", {"url": ruta}, headers))
            archivo = self._archivos.get(ruta.split("/")[2])
            if archivo is None:
                self._enviar(h, 404, b"no existe", "text/plain")
            elif self._cortes.get(archivo.id):
                self._cortes[archivo.id] -= 1
                _cortar(h, archivo.datos, archivo.mime)
            else:
                self._enviar(h, 200, archivo.datos, archivo.mime)
            return
        if ruta.startswith("/subida/"):
            self._subidas[ruta.split("/")[2]] = cuerpo
            self._registrar(Llamada("subida", {"id": ruta.split("/")[2]}, headers, cuerpo))
            self._enviar(h, 200, b"OK - subido", "text/plain")
            return
        if ruta.startswith("/respuesta/"):
            ident = ruta.split("/")[2]
            time.sleep(self.demora_respuesta)  # un Slack lento: el trabajo sigue en curso un rato
            with self._cond:
                self._respuestas_url.setdefault(ident, []).append(params)
                self._llamadas.append(Llamada("response_url", params, headers, cuerpo))
                self._cond.notify_all()
            self._enviar(h, 200, b"ok", "text/plain")
            return
        if not ruta.startswith("/api/"):
            self._enviar(h, 404, b"no existe", "text/plain")
            return
        metodo = ruta[len("/api/"):]
        if self._429.get(metodo):
            self._429[metodo] -= 1
            self._registrar(Llamada(metodo + ":429", params, headers, cuerpo))
            self._enviar(h, 429, b'{"ok": false, "error": "ratelimited"}', "application/json", {"Retry-After": "1"})
            return
        if metodo == "oauth.v2.access":  # la app se identifica con su client_id y secreto, no con un token
            respuesta = self._oauth(headers, params)
        else:
            respuesta = (self._autorizar(metodo, headers) or self._validar(metodo, params)
                         or self._contestar(metodo, params, headers))
        self._registrar(Llamada(metodo, params, headers, cuerpo, respuesta=respuesta))
        self._enviar(h, 200, json.dumps(respuesta).encode(), "application/json")

    def _autorizar(self, metodo: str, headers: dict[str, str]) -> dict[str, Any] | None:
        """El token va en ``Authorization: Bearer …``; sin él, ``not_authed``; uno ajeno, ``invalid_auth``."""
        token = headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not token:
            return {"ok": False, "error": "not_authed"}
        if metodo == "apps.connections.open":
            return None if token.startswith("xapp-") else {"ok": False, "error": "not_allowed_token_type"}
        return None if token in self.tokens else {"ok": False, "error": "invalid_auth"}

    def _validar(self, metodo: str, p: dict[str, Any]) -> dict[str, Any] | None:
        """Lo que Slack revisa antes de hacer nada: el método existe, los bloques son Block Kit válido,
        y un ``trigger_id`` lo dio Slack, no se ha usado y no ha vencido."""
        if metodo not in METODOS:
            return {"ok": False, "error": "unknown_method"}
        try:
            if "blocks" in p and metodo.startswith("chat."):
                bloques = json.loads(p["blocks"]) if isinstance(p["blocks"], str) else p["blocks"]
                for bloque in Block.parse_all(bloques):
                    bloque.validate_json()
            if metodo.startswith("views."):
                vista = json.loads(p["view"]) if isinstance(p.get("view"), str) else p.get("view")
                View(**(vista or {})).validate_json()
        except (SlackObjectFormationError, ValueError, TypeError, KeyError) as error:
            return {"ok": False, "error": "invalid_blocks", "response_metadata": {"messages": [str(error)]}}
        if metodo in ("views.open", "views.push"):
            return self._gastar_disparo(str(p.get("trigger_id", "")))
        return None

    def _gastar_disparo(self, disparo: str) -> dict[str, Any] | None:
        with self._cond:
            emitido = DISPAROS.pop(disparo, None)
        if emitido is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        if time.monotonic() - emitido > VIGENCIA_DISPARO:
            return {"ok": False, "error": "expired_trigger_id"}
        return None

    def _contestar(self, metodo: str, p: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
        if self._revocado:
            return {"ok": False, "error": self._revocado}
        canal = str(p.get("channel") or p.get("channel_id") or "")
        if canal and canal in self._errores_canal:
            return {"ok": False, "error": self._errores_canal[canal]}
        ts = f"{int(time.time())}.{next(self._contador):06d}"
        if metodo == "auth.test":
            token = (headers or {}).get("authorization", "").removeprefix("Bearer ").strip()
            equipo = self.equipos.get(token, EQUIPO)
            return {"ok": True, "url": "https://prensa.slack.com/", "team": "Prensa", "user": "asistente",
                    "team_id": equipo, "user_id": BOT if equipo == EQUIPO else f"UBOT{equipo}",
                    "bot_id": "BBOT", "is_enterprise_install": False}
        if metodo == "apps.connections.open":
            return {"ok": True, "url": self.url_socket} if self.url_socket else {"ok": False, "error": "invalid_auth"}
        if metodo == "chat.postMessage":
            mensaje: dict[str, Any] = {"text": p.get("text", ""), "ts": ts, "bot_id": "BBOT", "type": "message"}
            if "metadata" in p:
                metadatos = p["metadata"]
                if isinstance(metadatos, str):
                    try:
                        metadatos = json.loads(metadatos)
                    except ValueError:
                        return {"ok": False, "error": "invalid_metadata_format"}
                # Como Slack: event_type (texto) y event_payload (objeto), los dos obligatorios.
                if (not isinstance(metadatos, dict) or not isinstance(metadatos.get("event_type"), str)
                        or not isinstance(metadatos.get("event_payload"), dict)):
                    return {"ok": False, "error": "invalid_metadata_schema"}
                mensaje["metadata"] = {"event_type": metadatos["event_type"], "event_payload": metadatos["event_payload"]}
            with self._cond:
                self._historia.setdefault(canal, []).append(mensaje)
            return {"ok": True, "channel": canal, "ts": ts, "message": mensaje}
        if metodo == "conversations.history":
            if not canal:
                return {"ok": False, "error": "channel_not_found"}
            try:
                oldest = float(p.get("oldest") or 0)
                limite = min(int(p.get("limit") or 100), 999)
            except ValueError:
                return {"ok": False, "error": "invalid_arguments"}
            con_metadatos = str(p.get("include_all_metadata", "")).lower() in ("1", "true")
            with self._cond:
                mensajes = [dict(m) for m in reversed(self._historia.get(canal, [])) if float(m["ts"]) > oldest]
            if not con_metadatos:  # sin include_all_metadata, Slack no manda los metadatos
                for m in mensajes:
                    m.pop("metadata", None)
            return {"ok": True, "messages": mensajes[:limite], "has_more": len(mensajes) > limite,
                    "pin_count": 0, "response_metadata": {"next_cursor": ""}}
        if metodo == "chat.update":
            return {"ok": True, "channel": canal, "ts": p.get("ts", ts), "text": p.get("text", "")}
        if metodo == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if metodo == "conversations.open":
            usuarios = str(p.get("users", "")).split(",")[0]
            return {"ok": True, "channel": {"id": f"D{usuarios}"}}
        if metodo in ("views.open", "views.publish", "views.update", "views.push"):
            vista = p.get("view")
            if isinstance(vista, str):
                vista = json.loads(vista)
            return {"ok": True, "view": {"id": f"V{next(self._contador):06d}", **(vista or {})}}
        if metodo == "users.info":
            usuario = str(p.get("user", ""))
            nombre = self.nombres.get(usuario, usuario)
            return {"ok": True, "user": {"id": usuario, "name": usuario.lower(), "real_name": nombre,
                                         "profile": {"real_name": nombre, "display_name": nombre}}}
        if metodo == "files.info":
            archivo = self._archivos.get(str(p.get("file", "")))
            if archivo is None:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": self.descripcion(archivo)}
        if metodo == "files.getUploadURLExternal":
            ident = f"F{next(self._contador):06d}"
            return {"ok": True, "upload_url": f"{self.base}/subida/{ident}", "file_id": ident}
        if metodo == "files.completeUploadExternal":
            archivos = p.get("files")
            if isinstance(archivos, str):
                archivos = json.loads(archivos)
            return {"ok": True, "files": [{"id": a.get("id"), "title": a.get("title", ""), "name": a.get("title", "")}
                                          for a in (archivos or [])]}
        return {"ok": True}

    def descripcion(self, archivo: ArchivoFalso) -> dict[str, Any]:
        """El objeto ``file`` de Slack para un archivo servido (para armar eventos en las pruebas)."""
        return {"id": archivo.id, "name": archivo.nombre, "title": archivo.nombre, "mimetype": archivo.mime,
                "size": len(archivo.datos), "url_private": archivo.url, "url_private_download": archivo.url}

    @staticmethod
    def _enviar(h: BaseHTTPRequestHandler, estado: int, datos: bytes, tipo: str, extra: dict[str, str] | None = None) -> None:
        """Cabeceras y cuerpo en una sola escritura, como un servidor de verdad: en dos, Nagle y el ACK
        retrasado detendrían 40 ms cada respuesta de una conexión reutilizada (y todo benchmark)."""
        h.send_response(estado)
        h.send_header("Content-Type", tipo)
        h.send_header("Content-Length", str(len(datos)))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        # Lo mismo que end_headers(), pero el cuerpo va en la misma escritura que las cabeceras.
        h._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
        h.wfile.write(b"".join(h._headers_buffer) + datos)  # type: ignore[attr-defined]
        h._headers_buffer = []  # type: ignore[attr-defined]


def _cortar(h: BaseHTTPRequestHandler, datos: bytes, tipo: str) -> None:
    """Anuncia todo el cuerpo, manda la mitad y cierra la conexión."""
    h.send_response(200)
    h.send_header("Content-Type", tipo)
    h.send_header("Content-Length", str(len(datos)))
    h.end_headers()
    h.wfile.write(datos[: len(datos) // 2])
    h.wfile.flush()
    h.close_connection = True


class FalsoSocketMode:
    """El WebSocket de Socket Mode: ``apps.connections.open`` del ``FalsoSlack`` apunta aquí.

    ``enviar(tipo, carga)`` manda un sobre (``slash_commands``, ``interactive``, ``events_api``) y
    ``esperar_ack(id)`` espera el acuse del cliente con ese ``envelope_id``.
    """

    def __init__(self, falso: FalsoSlack) -> None:
        self.falso = falso
        self.recibidos: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._conexion: Any = None
        self._contador = itertools.count(1)

    def iniciar(self) -> "FalsoSocketMode":
        from websockets.sync.server import serve

        def atender(conexion: Any) -> None:
            with self._cond:
                self._conexion = conexion
                self._cond.notify_all()
            conexion.send(json.dumps({"type": "hello", "num_connections": 1,
                                      "debug_info": {"host": "falso"}, "connection_info": {"app_id": "A1"}}))
            try:
                for mensaje in conexion:
                    with self._cond:
                        self.recibidos.append(json.loads(mensaje))
                        self._cond.notify_all()
            except Exception:  # el cliente cerró
                pass

        self.servidor = serve(atender, "127.0.0.1", 0)
        self._hilo = threading.Thread(target=self.servidor.serve_forever, name="falso-socket-mode", daemon=True)
        self._hilo.start()
        self.falso.url_socket = f"ws://127.0.0.1:{self.servidor.socket.getsockname()[1]}/link"
        return self

    def detener(self) -> None:
        self.servidor.shutdown()
        self._hilo.join(timeout=5)

    def cortar(self, aviso: bool) -> None:
        """Termina la conexión actual: con ``aviso``, como Slack al renovarla (un sobre ``disconnect``
        y luego el cierre); sin él, de golpe, como una red que se cae."""
        with self._cond:
            conexion, self._conexion = self._conexion, None
        assert conexion is not None, "no hay conexión que cortar"
        if aviso:
            conexion.send(json.dumps({"type": "disconnect", "reason": "refresh_requested",
                                      "debug_info": {"host": "falso"}}))
        conexion.close()

    def enviar(self, tipo: str, carga: dict[str, Any], timeout: float = 5.0) -> str:
        limite = time.monotonic() + timeout
        with self._cond:
            while self._conexion is None:
                resto = limite - time.monotonic()
                if resto <= 0:
                    raise AssertionError("el cliente de Socket Mode no se conectó")
                self._cond.wait(resto)
            conexion = self._conexion
        sobre = f"sobre-{next(self._contador)}"
        conexion.send(json.dumps({"envelope_id": sobre, "type": tipo, "payload": carga,
                                  "accepts_response_payload": tipo != "events_api", "retry_attempt": 0}))
        return sobre

    def esperar_ack(self, sobre: str, timeout: float = 5.0) -> dict[str, Any]:
        limite = time.monotonic() + timeout
        with self._cond:
            while True:
                for mensaje in self.recibidos:
                    if mensaje.get("envelope_id") == sobre:
                        return mensaje
                resto = limite - time.monotonic()
                if resto <= 0:
                    raise AssertionError(f"sin acuse para {sobre}")
                self._cond.wait(resto)
