"""El cliente de la Web API: uno solo, apuntado a ``SLACK_API_URL``, que reintenta los 429."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from asistente.nucleo.config import Config
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible
from asistente.plataformas.slack.conexiones import ClienteConPool, Conexiones

REINTENTOS_429 = 3

registro_log = logging.getLogger("asistente.slack")


def crear_cliente(config: Config, token: str | None = None, conexiones: Conexiones | None = None) -> WebClient:
    """Todas las llamadas (mensajes, modales, subidas, ``auth.test``) salen por aquí y por tanto por
    ``SLACK_API_URL``. Un 429 se reintenta tras esperar lo que diga ``Retry-After``. ``token``: el de
    un espacio instalado por OAuth (si no, ``SLACK_BOT_TOKEN``)."""
    datos: dict[str, Any] = {"token": token or config.slack_bot_token or None, "base_url": config.slack_api_url,
                             "timeout": 15}
    # Con ``conexiones`` (las de la plataforma) las llamadas reutilizan conexiones en vez de abrir una
    # nueva cada vez.
    cliente = ClienteConPool(**datos, conexiones=conexiones) if conexiones is not None else WebClient(**datos)
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
    se reutilizan (``Conexiones``): ``respond`` de Bolt abre una conexión nueva (TCP y TLS con
    hooks.slack.com) en cada respuesta. Con un proxy en el entorno (``HTTPS_PROXY``…) ``usa_proxy``
    lo dice y el oyente usa ``respond`` de Bolt, que sí sabe de proxies."""

    def __init__(self, timeout: float = 15.0, conexiones: Conexiones | None = None) -> None:
        self.conexiones = conexiones or Conexiones(timeout)

    def usa_proxy(self, url: str) -> bool:
        return self.conexiones.usa_proxy(url)

    def enviar(self, url: str, mensaje: dict[str, Any]) -> int:
        """Manda ``mensaje`` (``text``, ``blocks``, ``response_type``…) y devuelve el estado HTTP;
        uno distinto de 200 se registra (Slack contesta 404 si el ``response_url`` ya caducó)."""
        cuerpo = json.dumps(mensaje).encode("utf-8")
        cabeceras = {"Content-Type": "application/json;charset=utf-8", "User-Agent": "asistente-prensa"}
        estado, _cabeceras, texto = self.conexiones.pedir("POST", url, cuerpo, cabeceras)
        if estado != 200:
            registro_log.warning("Slack contestó %s al response_url: %s", estado, texto[:200].decode("utf-8", "replace"))
        return estado
