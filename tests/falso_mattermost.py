"""Un Mattermost de mentiras en 127.0.0.1 (puerto 0) para probar el adaptador de punta a punta.

Atiende lo que usa el bot de la API REST v4 (posts, posts efímeros, canales directos, archivos,
usuarios, diálogos) y la API WebSocket (``/api/v4/websocket``: ``hello``, ``authentication_challenge``
y eventos ``posted`` a pedido), y anota lo que el bot mandó. Con el token de un administrador
(``token_admin``) atiende los comandos slash personalizados como el servidor real
(``POST /api/v4/commands``, ``PUT /api/v4/commands/{id}``, ``GET /api/v4/commands?team_id=…&custom_only=true``,
con las validaciones de ``model.Command.IsValid`` y los errores de ``api4/command.go``). También hace lo que haría el servidor
de Mattermost con nuestra integración: manda comandos slash, pulsa botones y envía diálogos.

Uso::

    falso = FalsoMattermost().iniciar()
    config = hacer_config(..., mattermost_url=falso.url, mattermost_bot_token=falso.token_bot)
    falso.emitir_posted(canal, usuario, [falso.agregar_archivo("foto.jpg", datos)], mensaje="#3")
    post = falso.esperar_post(lambda p: p["root_id"] == "…")
    falso.cortar_conexiones()
    falso.detener()
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlparse

import httpx
from websockets.frames import Opcode
from websockets.http11 import Request
from websockets.server import ServerProtocol


def nuevo_id() -> str:
    """Un id al estilo de Mattermost: 26 caracteres en minúsculas."""
    return uuid.uuid4().hex[:26]


@dataclass
class _ConexionWs:
    sock: socket.socket
    protocolo: ServerProtocol
    id: str
    autenticada: bool = False
    candado: threading.Lock = field(default_factory=threading.Lock)

    def enviar(self, mensaje: dict[str, Any]) -> None:
        with self.candado:
            try:
                self.protocolo.send_text(json.dumps(mensaje).encode())
                self.sock.sendall(b"".join(self.protocolo.data_to_send()))
            except Exception:
                pass

    def cortar(self) -> None:
        """Corta la conexión de golpe, como una red que se cae (sin cierre de WebSocket)."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class FalsoMattermost:
    def __init__(self, token_bot: str = "token-del-bot") -> None:
        self.token_bot = token_bot
        self.token_admin = "token-de-la-administradora"
        self.admin_id = nuevo_id()
        # Los comandos slash personalizados por id, como los guarda Mattermost (con su token de 26 letras).
        self.comandos: dict[str, dict[str, Any]] = {}
        self.equipo_id = nuevo_id()
        self.bot_id = nuevo_id()
        # Como en Mattermost: solo un administrador del sistema publica mensajes efímeros por la API.
        self.bot_es_admin = False
        self.cortes: dict[str, int] = {}  # id de archivo → cuántas descargas más se cortan a la mitad
        self.usuarios: dict[str, dict[str, Any]] = {
            self.bot_id: {"id": self.bot_id, "username": "asistente", "first_name": "", "last_name": "", "is_bot": True},
        }
        self.canales: dict[str, dict[str, Any]] = {}
        self.archivos: dict[str, tuple[dict[str, Any], bytes]] = {}
        self.dialogos: list[dict[str, Any]] = []
        self.peticiones: list[tuple[str, str]] = []
        self.conexiones_autenticadas = 0
        self.repetidos = 0  # eventos reenviados al reanudar una conexión
        self._posts: list[dict[str, Any]] = []
        self._triggers: set[str] = set()
        self._conexiones: list[_ConexionWs] = []
        # Por conexión (connection_id), como Mattermost: su siguiente número y lo que se le envió,
        # para reanudar (``?connection_id=…&sequence_number=N`` repite desde N).
        self._sesiones: dict[str, dict[str, Any]] = {}
        self._limitar = 0
        self._cond = threading.Condition()
        self._servidor: ThreadingHTTPServer | None = None
        self._http = httpx.Client(timeout=20)  # para llamar a nuestra integración como lo haría Mattermost

    # --- arranque ------------------------------------------------------------------------------
    def iniciar(self) -> "FalsoMattermost":
        falso = self

        class Servidor(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def finish_request(self, request: Any, client_address: Any) -> None:
                request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                try:
                    inicio = request.recv(64, socket.MSG_PEEK)
                except OSError:
                    return
                if inicio.startswith(b"GET /api/v4/websocket"):
                    falso._websocket(request)
                else:
                    super().finish_request(request, client_address)

            def handle_error(self, request: Any, client_address: Any) -> None:
                # Un cliente que suelta su conexión (el bot al cerrar, un corte provocado) no es un error.
                if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
                    super().handle_error(request, client_address)

        class Manejador(_Manejador):
            pass

        Manejador.falso = falso
        self._servidor = Servidor(("127.0.0.1", 0), Manejador)
        threading.Thread(target=self._servidor.serve_forever, daemon=True, name="falso-mattermost").start()
        return self

    def detener(self) -> None:
        self.cortar_conexiones()
        self._http.close()
        if self._servidor is not None:
            self._servidor.shutdown()
            self._servidor.server_close()

    @property
    def url(self) -> str:
        assert self._servidor is not None
        return f"http://127.0.0.1:{self._servidor.server_address[1]}"

    # --- datos de prueba ------------------------------------------------------------------------
    def agregar_usuario(self, username: str, nombre: str = "", apellido: str = "") -> str:
        uid = nuevo_id()
        self.usuarios[uid] = {"id": uid, "username": username, "first_name": nombre, "last_name": apellido}
        return uid

    def agregar_canal(self, nombre: str, tipo: str = "O") -> str:
        cid = nuevo_id()
        self.canales[cid] = {"id": cid, "name": nombre, "team_id": self.equipo_id if tipo in "OP" else "", "type": tipo}
        return cid

    def agregar_archivo(self, nombre: str, datos: bytes, mime: str = "image/jpeg") -> str:
        fid = nuevo_id()
        self.archivos[fid] = ({"id": fid, "name": nombre, "size": len(datos), "mime_type": mime}, datos)
        return fid

    def limitar_siguientes(self, n: int) -> None:
        """Las siguientes ``n`` llamadas a la API contestan 429 (con ``Retry-After: 0``)."""
        self._limitar = n

    # --- lo que mandó el bot ------------------------------------------------------------------------
    def posts(self) -> list[dict[str, Any]]:
        with self._cond:
            return [dict(p) for p in self._posts]

    def esperar_post(self, condicion: Callable[[dict[str, Any]], bool] | None = None, *, texto: str = "",
                     tiempo: float = 10.0) -> dict[str, Any]:
        """El primer post (de lo que mandó el bot) que cumple ``condicion`` y contiene ``texto``."""
        limite = time.monotonic() + tiempo
        with self._cond:
            while True:
                for p in self._posts:
                    if (condicion is None or condicion(p)) and texto in p.get("message", ""):
                        return dict(p)
                restante = limite - time.monotonic()
                if restante <= 0:
                    raise AssertionError(f"no llegó el post esperado ({texto!r}); llegaron: {self._posts}")
                self._cond.wait(restante)

    def esperar_conexiones(self, n: int, tiempo: float = 10.0) -> None:
        limite = time.monotonic() + tiempo
        with self._cond:
            while self.conexiones_autenticadas < n:
                restante = limite - time.monotonic()
                if restante <= 0:
                    raise AssertionError(f"se esperaban {n} conexiones WebSocket, hubo {self.conexiones_autenticadas}")
                self._cond.wait(restante)

    def _anotar(self, post: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            self._posts.append(post)
            self._cond.notify_all()
        return post

    # --- WebSocket -----------------------------------------------------------------------------------
    def emitir_posted(self, canal: str, usuario: str, file_ids: list[str], mensaje: str = "",
                      raiz: str = "", post_id: str | None = None, con_equipo: bool = True) -> str:
        """Publica (como si una persona lo hubiera hecho) un mensaje con archivos y emite ``posted``."""
        post = {
            "id": post_id or nuevo_id(), "channel_id": canal, "user_id": usuario, "root_id": raiz,
            "message": mensaje, "type": "", "create_at": int(time.time() * 1000), "file_ids": file_ids,
            "metadata": {"files": [self.archivos[f][0] for f in file_ids if f in self.archivos]},
        }
        datos = {
            "post": json.dumps(post), "channel_type": self.canales.get(canal, {}).get("type", "O"),
            "team_id": self.equipo_id if con_equipo else "",
            "sender_name": "@" + self.usuarios.get(usuario, {}).get("username", "alguien"),
        }
        evento = {"event": "posted", "data": datos, "broadcast": {"channel_id": canal}}
        envios = []
        with self._cond:
            for cid, sesion in self._sesiones.items():
                numerado = {**evento, "seq": sesion["siguiente"]}
                sesion["siguiente"] += 1
                sesion["enviados"].append(numerado)
                envios += [(c, numerado) for c in self._conexiones if c.id == cid and c.autenticada]
        for c, numerado in envios:
            c.enviar(numerado)
        return str(post["id"])

    def cortar_conexiones(self) -> None:
        with self._cond:
            conexiones = list(self._conexiones)
        for c in conexiones:
            c.cortar()

    def _websocket(self, sock: socket.socket) -> None:
        protocolo = ServerProtocol()
        peticion: Request | None = None
        while peticion is None:
            datos = sock.recv(65536)
            if not datos:
                return
            protocolo.receive_data(datos)
            for evento in protocolo.events_received():
                if isinstance(evento, Request):
                    peticion = evento
        respuesta = protocolo.accept(peticion)
        protocolo.send_response(respuesta)
        sock.sendall(b"".join(protocolo.data_to_send()))
        consulta = parse_qs(urlparse(peticion.path).query)
        reanuda = consulta.get("connection_id", [""])[0]
        desde = int(consulta.get("sequence_number", ["0"])[0] or 0)
        reanudada = reanuda in self._sesiones
        conexion = _ConexionWs(sock, protocolo, reanuda if reanudada else nuevo_id())
        with self._cond:
            self._conexiones.append(conexion)
            sesion = self._sesiones.setdefault(conexion.id, {"siguiente": 0, "enviados": []})
            hola = {"event": "hello", "data": {"connection_id": conexion.id, "server_version": "10.5.0"},
                    "seq": sesion["siguiente"]}
            sesion["siguiente"] += 1
            sesion["enviados"].append(hola)
        conexion.enviar(hola)
        try:
            while True:
                datos = sock.recv(65536)
                if not datos:
                    return
                with conexion.candado:
                    protocolo.receive_data(datos)
                    eventos = protocolo.events_received()
                    trozos = protocolo.data_to_send()
                if trozos:
                    sock.sendall(b"".join(trozos))
                if b"" in trozos:  # el protocolo pide cerrar (cierre ordenado del cliente)
                    return
                for marco in eventos:
                    if getattr(marco, "opcode", None) is not Opcode.TEXT:
                        continue
                    mensaje = json.loads(marco.data)
                    if mensaje.get("action") == "authentication_challenge":
                        ok = mensaje.get("data", {}).get("token") == self.token_bot
                        conexion.enviar({"status": "OK" if ok else "FAIL", "seq_reply": mensaje.get("seq")})
                        if not ok:
                            return
                        with self._cond:
                            conexion.autenticada = True
                            self.conexiones_autenticadas += 1
                            perdidos = [e for e in sesion["enviados"]
                                        if reanudada and e["seq"] >= desde and e.get("event") != "hello"]
                            self.repetidos += len(perdidos)
                            self._cond.notify_all()
                        for e in perdidos:
                            conexion.enviar(e)
        except OSError:
            return
        finally:
            with self._cond:
                if conexion in self._conexiones:
                    self._conexiones.remove(conexion)
            try:
                sock.close()
            except OSError:
                pass

    # --- lo que hace el servidor de Mattermost con nuestra integración -----------------------------------
    def ejecutar(self, linea: str, *, usuario: str, canal: str) -> httpx.Response:
        """Lo que hace Mattermost cuando alguien escribe ``linea``: busca el comando personalizado
        registrado con esa palabra clave en el equipo y lo manda a su URL con su token."""
        trigger = linea.split(" ", 1)[0].lstrip("/").lower()
        for c in self.comandos.values():
            if c["team_id"] == self.equipo_id and c["trigger"] == trigger and not c["delete_at"]:
                assert c["url"].endswith("/mattermost/comandos"), c["url"]
                return self.comando(c["url"].removesuffix("/mattermost/comandos"), linea, usuario=usuario, canal=canal,
                                    token=c["token"], metodo="GET" if c["method"] == "G" else "POST")
        raise AssertionError(f"Mattermost contestaría «Command with a trigger of '{trigger}' not found»")

    def comando(self, url_servidor: str, linea: str, *, usuario: str, canal: str, token: str,
                en_encabezado: bool = True, metodo: str = "POST") -> httpx.Response:
        """Manda un comando slash como Mattermost (formulario; el token en ``Authorization`` o en el cuerpo)."""
        comando, _, texto = linea.partition(" ")
        trigger = nuevo_id()
        self._triggers.add(trigger)
        datos = {
            "channel_id": canal, "channel_name": self.canales.get(canal, {}).get("name", ""),
            "command": comando, "response_url": f"{self.url}/hooks/commands/{nuevo_id()}",
            "team_domain": "ayuntamiento", "team_id": self.equipo_id, "text": texto,
            "trigger_id": trigger, "user_id": usuario, "user_name": self.usuarios.get(usuario, {}).get("username", ""),
        }
        encabezados = {}
        if en_encabezado and token:
            encabezados["Authorization"] = f"Token {token}"
        else:
            datos["token"] = token
        url = f"{url_servidor.rstrip('/')}/mattermost/comandos"
        if metodo == "GET":  # un comando configurado con el método GET: los campos van en la consulta
            return self._http.get(url, params=datos, headers=encabezados)
        return self._http.post(url, data=datos, headers=encabezados)

    def pulsar(self, adjuntos: list[dict[str, Any]], etiqueta: str, *, usuario: str, canal: str,
               post_id: str = "", contexto: dict[str, Any] | None = None, trigger: str = "") -> httpx.Response:
        """Pulsa el botón ``etiqueta`` de unos adjuntos (o manda ``contexto`` en su lugar). ``trigger``:
        el de un clic anterior, para reenviar ese clic tal cual (si no, uno nuevo, como Mattermost)."""
        for adjunto in adjuntos:
            for accion in adjunto.get("actions", []):
                if accion["name"] == etiqueta:
                    trigger = trigger or nuevo_id()
                    self._triggers.add(trigger)
                    cuerpo = {
                        "user_id": usuario, "user_name": self.usuarios.get(usuario, {}).get("username", ""),
                        "channel_id": canal, "team_id": self.equipo_id, "team_domain": "ayuntamiento",
                        "post_id": post_id, "trigger_id": trigger, "type": "", "data_source": "",
                        "context": accion["integration"]["context"] if contexto is None else contexto,
                    }
                    return self._http.post(accion["integration"]["url"], json=cuerpo)
        raise AssertionError(f"no hay botón «{etiqueta}» en {adjuntos}")

    def enviar_dialogo(self, dialogo: dict[str, Any], valores: dict[str, Any], *, usuario: str, canal: str,
                       estado: str | None = None) -> httpx.Response:
        cuerpo = {
            "type": "dialog_submission", "callback_id": dialogo["dialog"]["callback_id"],
            "state": dialogo["dialog"]["state"] if estado is None else estado,
            "user_id": usuario, "channel_id": canal, "team_id": self.equipo_id,
            "submission": valores, "cancelled": False,
        }
        return self._http.post(dialogo["url"], json=cuerpo)

    # --- REST ---------------------------------------------------------------------------------------------
    def atender(self, metodo: str, ruta: str, autorizacion: str, tipo: str, cuerpo: bytes,
                consulta: str = "") -> tuple[int, Any, dict[str, str]]:
        self.peticiones.append((metodo, ruta))
        if autorizacion == f"Bearer {self.token_admin}":
            return self._como_admin(metodo, ruta.removeprefix("/api/v4"), parse_qs(consulta), tipo, cuerpo)
        if autorizacion == f"Bearer {self.token_bot}" and ruta.startswith("/api/v4/commands"):
            # Una cuenta bot con rol de miembro no administra comandos slash.
            return 403, _error("api.context.permissions.app_error", "You do not have the appropriate permissions.", 403), {}
        if autorizacion != f"Bearer {self.token_bot}":
            return 401, {"id": "api.context.session_expired.app_error", "message": "Invalid or expired session, please login again.", "status_code": 401}, {}
        if self._limitar > 0:
            self._limitar -= 1
            return 429, {"id": "api.context.rate_limited", "message": "Too many requests", "status_code": 429}, {"Retry-After": "0"}
        datos: Any = None
        if tipo.startswith("application/json") and cuerpo:
            datos = json.loads(cuerpo)
        r = ruta.removeprefix("/api/v4")
        if metodo == "GET" and r == "/users/me":
            return 200, self.usuarios[self.bot_id], {}
        if metodo == "GET" and r == "/users/me/teams":
            return 200, [{"id": self.equipo_id, "name": "ayuntamiento"}], {}
        if metodo == "POST" and r == "/users/usernames":
            return 200, [u for u in self.usuarios.values() if u["username"] in datos], {}
        if m := re.fullmatch(r"/users/([a-z0-9]+)", r):
            u = self.usuarios.get(m.group(1))
            return (200, u, {}) if u else (404, {"message": "Unable to find the user."}, {})
        if metodo == "POST" and r == "/channels/direct":
            nombre = "__".join(sorted(datos))
            for c in self.canales.values():
                if c["name"] == nombre:
                    return 201, c, {}
            cid = nuevo_id()
            self.canales[cid] = {"id": cid, "name": nombre, "team_id": "", "type": "D", "miembros": list(datos)}
            return 201, self.canales[cid], {}
        if m := re.fullmatch(r"/teams/([a-z0-9]+)/channels/name/([^/]+)", r):
            for c in self.canales.values():
                if c["team_id"] == m.group(1) and c["name"] == m.group(2):
                    return 200, c, {}
            return 404, {"message": "Unable to find the existing channel."}, {}
        if metodo == "GET" and (m := re.fullmatch(r"/channels/([a-z0-9_]+)/posts", r)):
            return self._posts_del_canal(m.group(1), dict(parse_qsl(consulta)))
        if m := re.fullmatch(r"/channels/([a-z0-9_]+)", r):
            c = self.canales.get(m.group(1))
            return (200, c, {}) if c else (404, {"message": "Unable to find the existing channel."}, {})
        if metodo == "POST" and r == "/posts":
            if datos["channel_id"] not in self.canales:
                return 403, {"message": "You do not have the appropriate permissions.", "status_code": 403}, {}
            post = {"id": nuevo_id(), "user_id": self.bot_id, "root_id": "", "props": {}, "file_ids": [], **datos,
                    "create_at": int(time.time() * 1000), "efimero": False}
            return 201, self._anotar(post), {}
        if metodo == "POST" and r == "/posts/ephemeral":
            if not self.bot_es_admin:  # Mattermost pide el permiso manage_system (solo administradores)
                return 403, {"id": "api.context.permissions.app_error", "status_code": 403,
                             "message": "You do not have the appropriate permissions."}, {}
            post = {"id": nuevo_id(), "user_id": self.bot_id, "root_id": "", "props": {}, **datos["post"],
                    "efimero": True, "para": datos["user_id"]}
            return 201, self._anotar(post), {}
        if metodo == "POST" and r == "/files":
            return self._subir(tipo, cuerpo)
        if m := re.fullmatch(r"/files/([a-z0-9]+)/info", r):
            a = self.archivos.get(m.group(1))
            return (200, a[0], {}) if a else (404, {"message": "Unable to find the file."}, {})
        if m := re.fullmatch(r"/files/([a-z0-9]+)", r):
            a = self.archivos.get(m.group(1))
            if a and self.cortes.get(m.group(1)):
                self.cortes[m.group(1)] -= 1
                return 200, a[1], {"Content-Type": a[0]["mime_type"], "X-Falso-Cortar": "1"}
            return (200, a[1], {"Content-Type": a[0]["mime_type"]}) if a else (404, {"message": "Unable to find the file."}, {})
        if metodo == "POST" and r == "/actions/dialogs/open":
            if datos.get("trigger_id") not in self._triggers:
                return 400, {"message": "Trigger ID for interactive dialog is expired.", "status_code": 400}, {}
            self._triggers.discard(datos["trigger_id"])
            with self._cond:
                self.dialogos.append(datos)
                self._cond.notify_all()
            return 200, {"status": "OK"}, {}
        return 404, {"message": f"falso: no conozco {metodo} {ruta}"}, {}

    def _posts_del_canal(self, canal_id: str, consulta: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        """``GET /channels/{id}/posts``: un PostList (``order`` del más nuevo al más viejo y ``posts`` por
        id); con ``since`` (ms), los creados desde entonces. Como Mattermost: 404 si el canal no existe,
        403 si el bot no es miembro (un canal directo ajeno); los efímeros nunca se guardan."""
        canal = self.canales.get(canal_id)
        if canal is None:
            return 404, {"message": "Unable to find the existing channel.", "status_code": 404}, {}
        if canal.get("type") == "D" and self.bot_id not in canal.get("miembros", []):
            return 403, {"message": "You do not have the appropriate permissions.", "status_code": 403}, {}
        try:
            desde = int(consulta.get("since", "0") or 0)
        except ValueError:
            return 400, {"message": "Invalid since parameter.", "status_code": 400}, {}
        with self._cond:
            posts = [dict(p) for p in self._posts if p.get("channel_id") == canal_id and not p.get("efimero")
                     and int(p.get("create_at", 0)) >= desde]
        posts.sort(key=lambda p: -int(p.get("create_at", 0)))
        return 200, {"order": [p["id"] for p in posts], "posts": {p["id"]: p for p in posts},
                     "next_post_id": "", "prev_post_id": ""}, {}

    def publicar_como_bot(self, canal_id: str, mensaje: str, props: dict[str, Any] | None = None) -> dict[str, Any]:
        """Un post que el bot dejó antes (p. ej. justo antes de un choque)."""
        return self._anotar({"id": nuevo_id(), "channel_id": canal_id, "user_id": self.bot_id, "root_id": "",
                             "message": mensaje, "props": props or {}, "file_ids": [],
                             "create_at": int(time.time() * 1000), "efimero": False})

    # --- comandos slash (con el token de un administrador) -----------------------------------------------
    def _como_admin(self, metodo: str, r: str, consulta: dict[str, list[str]], tipo: str,
                    cuerpo: bytes) -> tuple[int, Any, dict[str, str]]:
        if metodo == "GET" and r == "/users/me":
            return 200, {"id": self.admin_id, "username": "admin", "roles": "system_admin system_user"}, {}
        if metodo == "GET" and r == "/users/me/teams":
            return 200, [{"id": self.equipo_id, "name": "ayuntamiento"}], {}
        if metodo == "GET" and r == "/commands":
            equipo = (consulta.get("team_id") or [""])[0]
            if not equipo:
                return 400, _error("api.context.invalid_url_param.app_error", "Invalid or missing team_id parameter in request URL.", 400), {}
            if equipo != self.equipo_id:
                return 403, _error("api.context.permissions.app_error", "You do not have the appropriate permissions.", 403), {}
            solo_propios = (consulta.get("custom_only") or ["false"])[0].lower() in ("true", "1", "t")
            lista = [c for c in self.comandos.values() if c["team_id"] == equipo and not c["delete_at"]]
            if not solo_propios:  # también los de fábrica (sin token ni URL, como los sanea Mattermost)
                lista = lista + [{"id": "", "trigger": t, "token": "", "url": "", "team_id": ""} for t in ("away", "echo")]
            return 200, lista, {}
        if metodo in ("POST", "PUT") and not tipo.startswith("application/json"):
            return 400, _error("api.context.invalid_body_param.app_error", "Invalid or missing command in request body.", 400), {}
        try:
            datos = json.loads(cuerpo or b"null")
        except ValueError:
            datos = None
        if not isinstance(datos, dict) and metodo in ("POST", "PUT"):
            return 400, _error("api.context.invalid_body_param.app_error", "Invalid or missing command in request body.", 400), {}
        if metodo == "POST" and r == "/commands":
            if datos.get("team_id") != self.equipo_id:
                return 403, _error("api.context.permissions.app_error", "You do not have the appropriate permissions.", 403), {}
            ahora = int(time.time() * 1000)
            cmd = _comando(datos) | {"id": nuevo_id(), "token": nuevo_id(), "create_at": ahora, "update_at": ahora,
                                     "delete_at": 0, "creator_id": self.admin_id}
            cmd["trigger"] = cmd["trigger"].lower()
            if any(c["trigger"] == cmd["trigger"] for c in self.comandos.values()
                   if c["team_id"] == cmd["team_id"] and not c["delete_at"]) or cmd["trigger"] in ("away", "echo"):
                return 400, _error("api.command.duplicate_trigger.app_error", "This trigger word is already in use. Please choose another word.", 400), {}
            if error := _invalido(cmd):
                return 400, error, {}
            self.comandos[cmd["id"]] = cmd
            return 201, cmd, {}
        if metodo == "PUT" and (m := re.fullmatch(r"/commands/([a-z0-9]+)", r)):
            if datos.get("id") != m.group(1):
                return 400, _error("api.context.invalid_body_param.app_error", "Invalid or missing command in request body.", 400), {}
            viejo = self.comandos.get(m.group(1))
            if viejo is None or viejo["delete_at"]:
                return 404, _error("api.command.command_not_found.app_error", "Command not found.", 404), {}
            if datos.get("team_id") != viejo["team_id"]:
                return 400, _error("api.command.team_mismatch.app_error", "Unable to update command across teams.", 400), {}
            nuevo = _comando(datos) | {k: viejo[k] for k in ("id", "token", "create_at", "delete_at", "creator_id", "team_id")}
            nuevo["trigger"] = nuevo["trigger"].lower()
            nuevo["update_at"] = int(time.time() * 1000)
            if error := _invalido(nuevo):
                return 400, error, {}
            self.comandos[nuevo["id"]] = nuevo
            return 200, nuevo, {}
        return 404, {"message": f"falso: no conozco {metodo} {r} (administradora)"}, {}

    def agregar_comando(self, trigger: str, url: str, **extra: Any) -> dict[str, Any]:
        """Un comando que alguien ya registró a mano (o que es de otra integración)."""
        cmd = _comando({"team_id": self.equipo_id, "trigger": trigger, "url": url, "method": "P", **extra}) | {
            "id": nuevo_id(), "token": nuevo_id(), "create_at": 1, "update_at": 1, "delete_at": 0,
            "creator_id": self.admin_id}
        self.comandos[cmd["id"]] = cmd
        return cmd

    def _subir(self, tipo: str, cuerpo: bytes) -> tuple[int, Any, dict[str, str]]:
        mensaje = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {tipo}\r\n\r\n".encode() + cuerpo
        )
        canal = ""
        infos = []
        for parte in mensaje.iter_parts():  # type: ignore[attr-defined]
            nombre = parte.get_param("name", header="content-disposition")
            contenido = parte.get_payload(decode=True) or b""
            if nombre == "channel_id":
                canal = contenido.decode()
            elif nombre == "files":
                fid = self.agregar_archivo(parte.get_filename() or "archivo", contenido, parte.get_content_type())
                infos.append(self.archivos[fid][0] | {"channel_id": canal})
        return 201, {"file_infos": infos}, {}


_CAMPOS_COMANDO = {"team_id": "", "trigger": "", "method": "", "username": "", "icon_url": "", "auto_complete": False,
                   "auto_complete_desc": "", "auto_complete_hint": "", "display_name": "", "description": "", "url": "",
                   "plugin_id": ""}


def _error(ident: str, mensaje: str, estado: int) -> dict[str, Any]:
    return {"id": ident, "message": mensaje, "detailed_error": "", "request_id": nuevo_id(), "status_code": estado}


def _comando(datos: dict[str, Any]) -> dict[str, Any]:
    """Lo que Mattermost toma del cuerpo (``model.Command``): sus campos, y nada más."""
    return {k: datos.get(k, v) if isinstance(datos.get(k, v), type(v)) else v for k, v in _CAMPOS_COMANDO.items()}


def _invalido(c: dict[str, Any]) -> dict[str, Any] | None:
    """``model.Command.IsValid``: el error que daría Mattermost, o ``None``."""
    def mal(campo: str) -> dict[str, Any]:
        return _error(f"model.command.is_valid.{campo}.app_error", f"Invalid {campo}.", 400)

    if not re.fullmatch(r"[a-z0-9]{26}", c["team_id"]):
        return mal("team_id")
    t = c["trigger"]
    if not 1 <= len(t) <= 128 or t.startswith("/") or " " in t:
        return mal("trigger")
    if not c["url"] or len(c["url"]) > 1024:
        return mal("url")
    if not re.match(r"^https?://[^/\s]+", c["url"]):
        return mal("url_http")
    if c["method"] not in ("P", "G"):
        return mal("method")
    if len(c["display_name"]) > 64:
        return mal("display_name")
    if len(c["description"]) > 128:
        return mal("description")
    return None


class _Manejador(BaseHTTPRequestHandler):
    falso: FalsoMattermost
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def _atender(self, metodo: str) -> None:
        largo = int(self.headers.get("Content-Length") or 0)
        cuerpo = self.rfile.read(largo) if largo else b""
        estado, datos, extra = self.falso.atender(
            metodo, urlparse(self.path).path, self.headers.get("Authorization", ""),
            self.headers.get("Content-Type", ""), cuerpo, urlparse(self.path).query,
        )
        carga = datos if isinstance(datos, bytes) else json.dumps(datos).encode()
        if extra.pop("X-Falso-Cortar", None):  # anuncia todo, manda la mitad y cierra: la red se cayó
            self.send_response(estado)
            self.send_header("Content-Type", extra.pop("Content-Type", "application/octet-stream"))
            self.send_header("Content-Length", str(len(carga)))
            self.end_headers()
            self.wfile.write(carga[: len(carga) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_response(estado)
        self.send_header("Content-Type", extra.pop("Content-Type", "application/json"))
        for k, v in extra.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(carga)))
        # Cabeceras y cuerpo en una sola escritura (en dos, Nagle detendría 40 ms cada respuesta).
        self._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
        self.wfile.write(b"".join(self._headers_buffer) + carga)  # type: ignore[attr-defined]
        self._headers_buffer = []  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._atender("GET")

    def do_POST(self) -> None:
        self._atender("POST")

    def do_PUT(self) -> None:
        self._atender("PUT")
