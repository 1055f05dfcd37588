"""El cliente de la Web API: uno solo, apuntado a ``SLACK_API_URL``, que reintenta los 429."""

from __future__ import annotations

import http.client
import json
import logging
import threading
import urllib.request
import weakref
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from asistente.nucleo.config import Config
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible

REINTENTOS_429 = 3

registro_log = logging.getLogger("asistente.slack")


def crear_cliente(config: Config, token: str | None = None) -> WebClient:
    """Todas las llamadas (mensajes, modales, subidas, ``auth.test``) salen por aquí y por tanto por
    ``SLACK_API_URL``. Un 429 se reintenta tras esperar lo que diga ``Retry-After``. ``token``: el de
    un espacio instalado por OAuth (si no, ``SLACK_BOT_TOKEN``)."""
    cliente = WebClient(token=token or config.slack_bot_token or None, base_url=config.slack_api_url, timeout=15)
    cliente.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=REINTENTOS_429))
    return cliente


def hosts_de_slack(config: Config) -> frozenset[str]:
    """Los hosts a los que sí se manda el token del bot al descargar."""
    api = urlsplit(config.slack_api_url).hostname or ""
    return frozenset(h for h in ("files.slack.com", "slack.com", api) if h)


# Errores de Slack que dicen que nada se puede mandar a ese espacio (token revocado, app
# desinstalada, cuenta desactivada): el programador deja el espacio y sigue con los demás.
ERRORES_DE_ESPACIO = frozenset({"invalid_auth", "token_revoked", "account_inactive", "not_authed", "token_expired"})


def error_de_envio(error: SlackApiError, mensaje: str) -> ErrorDeEnvio:
    """El ``ErrorDeEnvio`` de una llamada fallida: ``EspacioInaccesible`` si el token ya no sirve."""
    codigo = error_de_slack(error)
    if codigo in ERRORES_DE_ESPACIO:
        return EspacioInaccesible(f"{mensaje}: {codigo} (el token del bot ya no sirve; reinstala la app)")
    return ErrorDeEnvio(f"{mensaje}: {codigo}")


def error_de_slack(error: SlackApiError) -> str:
    respuesta = getattr(error, "response", None)
    try:
        return str(respuesta["error"]) if respuesta is not None else str(error)
    except (KeyError, TypeError):
        return str(error)


class Nombres:
    """Nombres reales por id de usuario (``users.info``), recordados en memoria: así una persona
    aparece como «Ana López» en la agenda y no como «U0123». ``cliente_de`` da el cliente de cada
    espacio (con su token); los ids de usuario de Slack son únicos entre equipos."""

    def __init__(self, cliente_de: Callable[[str], WebClient]) -> None:
        self.cliente_de = cliente_de
        self._cache: dict[str, str] = {}
        self._candado = threading.Lock()

    def conocido(self, usuario: str, respaldo: str = "") -> str:
        """Sin llamar a Slack: el nombre si ya lo sabemos."""
        with self._candado:
            return self._cache.get(usuario, respaldo)

    def de(self, usuario: str, respaldo: str = "", espacio: str = "") -> str:
        with self._candado:
            if usuario in self._cache:
                return self._cache[usuario]
        try:
            datos = self.cliente_de(espacio).users_info(user=usuario)["user"]
            perfil = datos.get("profile") or {}
            nombre = perfil.get("real_name") or perfil.get("display_name") or datos.get("real_name") or respaldo
        except (SlackApiError, ErrorDeEnvio, KeyError, TypeError):
            return respaldo
        with self._candado:
            if len(self._cache) > 10000:
                self._cache.clear()
            self._cache[usuario] = nombre or respaldo
        return nombre or respaldo


class Respondedor:
    """Los POST a los ``response_url`` (la respuesta a un comando o a un botón) por conexiones que
    se reutilizan, una por hilo y servidor: ``respond`` de Bolt abre una conexión nueva (TCP y TLS
    con hooks.slack.com) en cada respuesta. ``http.client`` y no ``httpx``: cuesta la mitad de CPU
    por petición. Con un proxy en el entorno (``HTTPS_PROXY``…) ``usa_proxy`` lo dice y el oyente
    usa ``respond`` de Bolt, que sí sabe de proxies."""

    def __init__(self, timeout: float = 15.0) -> None:
        self.timeout = timeout
        self._local = threading.local()
        self._abiertas: list[http.client.HTTPConnection] = []
        self._candado = threading.Lock()
        self._proxies = urllib.request.getproxies()  # del entorno, una vez: leerlo cuesta
        # Las conexiones abiertas se cierran cuando el respondedor deja de usarse (o al salir).
        weakref.finalize(self, _cerrar_todas, self._abiertas, self._candado)

    def usa_proxy(self, url: str) -> bool:
        partes = urlsplit(url)
        return bool(self._proxies.get(partes.scheme)) and not urllib.request.proxy_bypass(partes.hostname or "")

    def _conexion(self, esquema: str, host: str, puerto: int | None) -> tuple[http.client.HTTPConnection, bool]:
        conexiones: dict[tuple[str, str, int | None], http.client.HTTPConnection] = self._local.__dict__.setdefault("c", {})
        conexion = conexiones.get((esquema, host, puerto))
        if conexion is not None:
            return conexion, True
        clase = http.client.HTTPSConnection if esquema == "https" else http.client.HTTPConnection
        conexion = clase(host, puerto, timeout=self.timeout)
        conexiones[(esquema, host, puerto)] = conexion
        with self._candado:
            self._abiertas.append(conexion)
        return conexion, False

    def _olvidar(self, esquema: str, host: str, puerto: int | None, conexion: http.client.HTTPConnection) -> None:
        conexion.close()
        self._local.__dict__.get("c", {}).pop((esquema, host, puerto), None)
        with self._candado:
            if conexion in self._abiertas:
                self._abiertas.remove(conexion)

    def enviar(self, url: str, mensaje: dict[str, Any]) -> int:
        """Manda ``mensaje`` (``text``, ``blocks``, ``response_type``…) y devuelve el estado HTTP;
        uno distinto de 200 se registra (Slack contesta 404 si el ``response_url`` ya caducó).

        Si una conexión reutilizada resulta cerrada por el otro lado (pasa tras un rato sin uso),
        se abre otra y se manda de nuevo, una sola vez."""
        partes = urlsplit(url)
        esquema, host, puerto = partes.scheme, partes.hostname or "", partes.port
        ruta = (partes.path or "/") + (f"?{partes.query}" if partes.query else "")
        cuerpo = json.dumps(mensaje).encode("utf-8")
        cabeceras = {"Content-Type": "application/json;charset=utf-8", "User-Agent": "asistente-prensa"}
        while True:
            conexion, reutilizada = self._conexion(esquema, host, puerto)
            try:
                conexion.request("POST", ruta, body=cuerpo, headers=cabeceras)
                respuesta = conexion.getresponse()
                texto = respuesta.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._olvidar(esquema, host, puerto, conexion)
                if reutilizada:
                    continue
                raise
            except (OSError, http.client.HTTPException):
                self._olvidar(esquema, host, puerto, conexion)
                raise
            if respuesta.will_close:
                self._olvidar(esquema, host, puerto, conexion)
            if respuesta.status != 200:
                registro_log.warning("Slack contestó %s al response_url: %s", respuesta.status,
                                     texto[:200].decode("utf-8", "replace"))
            return respuesta.status


def _cerrar_todas(conexiones: list[http.client.HTTPConnection], candado: threading.Lock) -> None:
    with candado:
        for conexion in conexiones:
            conexion.close()
        conexiones.clear()
