"""El servidor web: una app WSGI que reparte entre Slack (``POST /slack/events``), Mattermost
(``/mattermost/…``), el portal (``/portal/…``) y ``GET /salud``, servida por waitress (servidor de producción que también
corre en Windows)."""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.errors import SlackApiError
from sqlalchemy import text
from waitress.server import create_server

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.nucleo.plataforma import Plataforma
from asistente.plataformas import HILOS
from asistente.plataformas.mattermost.web import crear_wsgi as wsgi_mattermost
from asistente.plataformas.slack.conexion import ESTADO as ESTADO_SLACK
from asistente.plataformas.slack.oauth import RUTA_INSTALAR, RUTA_REGRESO
from asistente.plataformas.slack.oyentes import crear_bolt
from asistente.portal.web import crear_wsgi as wsgi_portal

registro_log = logging.getLogger("asistente.web")

WSGI = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _json(start_response: Callable[..., Any], estado: str, datos: dict[str, Any]) -> list[bytes]:
    cuerpo = json.dumps(datos, ensure_ascii=False).encode("utf-8")
    start_response(estado, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(cuerpo)))])
    return [cuerpo]


_FIRMA_SLACK = re.compile(r"v0=[0-9a-f]{64}")


def _cabeceras_de_firma_validas(environ: dict[str, Any]) -> bool:
    """Que las cabeceras de la firma de Slack tengan su forma (una marca de segundos, ``v0=`` y 64
    hexadecimales); si no, ni se intenta verificar."""
    marca = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
    firma = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
    return marca.isascii() and marca.isdecimal() and len(marca) <= 12 and _FIRMA_SLACK.fullmatch(firma) is not None


def crear_wsgi(aplicacion: Aplicacion, *, slack_http: bool | None = None, mattermost: WSGI | None = None,
               bolt: App | None = None, portal: WSGI | None = None,
               plataformas: Mapping[str, Plataforma] | None = None) -> WSGI:
    """La app WSGI. ``slack_http`` (por omisión: hay token de bot y no hay token de app) monta
    Bolt en ``/slack/events`` (``bolt``: una ya armada con ``crear_bolt``, para las pruebas que
    esperan sus pendientes); Mattermost en ``/mattermost/…``; las páginas firmadas en ``/portal/…``
    (``plataformas`` anuncian en el canal del equipo las solicitudes que llegan por el portal)."""
    config = aplicacion.config
    if slack_http is None:
        slack_http = config.slack_configurado and not config.slack_app_token
    slack: WSGI | None = None
    if slack_http:
        slack = SlackRequestHandler(bolt or crear_bolt(aplicacion), path="/slack/events")  # type: ignore[assignment]
    # La instalación por OAuth (GET /slack/install y /slack/oauth_redirect) también la atiende Bolt.
    instalar = slack if slack_http and config.slack_oauth and not config.slack_bot_token else None
    if mattermost is None:
        mattermost = wsgi_mattermost(aplicacion)
    if portal is None:
        portal = wsgi_portal(aplicacion, plataformas=plataformas)

    def salud(start_response: Callable[..., Any]) -> list[bytes]:
        try:
            with aplicacion.motor.connect() as conexion:
                conexion.execute(text("SELECT 1"))
        except Exception:
            registro_log.exception("la base de datos no contesta")
            return _json(start_response, "503 Service Unavailable", {"estado": "error", "detalle": "la base de datos no contesta"})
        if problema := ESTADO_SLACK.problema:
            # Sigue vivo (Mattermost, el portal, el correo funcionan): 200, pero dice qué falta.
            return _json(start_response, "200 OK", {"estado": "degradado", "slack": problema})
        return _json(start_response, "200 OK", {"estado": "ok"})

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        ruta = environ.get("PATH_INFO", "")
        metodo = environ.get("REQUEST_METHOD", "GET")
        if ruta == "/salud" and metodo in ("GET", "HEAD"):
            return salud(start_response)
        if ruta == "/slack/events":
            if slack is None:
                return _json(start_response, "404 Not Found", {"error": "Slack por HTTP no está configurado aquí (falta SLACK_BOT_TOKEN o SLACK_CLIENT_ID, o se usa Socket Mode)."})
            if metodo != "POST":
                return _json(start_response, "405 Method Not Allowed", {"error": "Usa POST."})
            if not _cabeceras_de_firma_validas(environ):
                # Bolt convertiría una marca que no es número en un error 500: es una petición falsa.
                return _json(start_response, "401 Unauthorized", {"error": "Firma inválida."})
            return slack(environ, start_response)
        if ruta in (RUTA_INSTALAR, RUTA_REGRESO) and instalar is not None:
            if metodo not in ("GET", "HEAD"):
                return _json(start_response, "405 Method Not Allowed", {"error": "Usa GET."})
            return instalar(environ, start_response)
        if ruta.startswith("/portal/"):
            return portal(environ, start_response)
        if ruta.startswith("/mattermost/") and mattermost is not None:
            return mattermost(environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "No existe."})

    return app


def crear_servidor(wsgi: WSGI, anfitrion: str = "127.0.0.1", puerto: int = 0, hilos: int = HILOS,
                   sockets: list[socket.socket] | None = None) -> Any:
    """Un servidor waitress sin arrancar (``.run()``; ``.effective_port`` da el puerto real). Con
    ``sockets``, sobre esos (ya atados: los de ``asistente servir --procesos N``) en vez de atar uno."""
    if sockets:
        return create_server(wsgi, sockets=sockets, threads=hilos, ident="asistente", clear_untrusted_proxy_headers=True)
    return create_server(wsgi, host=anfitrion, port=puerto, threads=hilos, ident="asistente",
                         clear_untrusted_proxy_headers=True)


def iniciar_socket_mode(aplicacion: Aplicacion) -> Any:
    """Conecta Slack por Socket Mode (sin URL pública) en segundo plano; devuelve el manejador."""
    manejador = SocketModeHandler(crear_bolt(aplicacion, socket_mode=True), aplicacion.config.slack_app_token)
    try:
        manejador.connect()
    except SlackApiError as error:
        raise error_de_token_de_app(error) from None
    return manejador


def error_de_token_de_app(error: SlackApiError) -> ErrorDeConfiguracion:
    """Qué hacer cuando Slack rechaza ``SLACK_APP_TOKEN`` (al conectar Socket Mode, o al revisarlo antes)."""
    codigo = str((error.response or {}).get("error", error))
    return ErrorDeConfiguracion(
        f"SLACK_APP_TOKEN no sirve: Slack contestó «{codigo}». Copia el «App-Level Token» (xapp-…, con el "
        "permiso connections:write) de api.slack.com/apps → Basic Information → App-Level Tokens, o quítalo "
        "para usar Slack por HTTP.")
