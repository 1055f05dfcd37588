"""La conexión con Slack al arrancar ``asistente servir``: comprobar el token (``auth.test``) y decir en
español qué ajuste está mal y qué hacer, en vez de morir con una traza en inglés.

- Un token que Slack rechaza (revocado, mal copiado, de otra app) detiene el arranque con un
  ``ErrorDeConfiguracion`` que nombra ``SLACK_BOT_TOKEN`` y dice de dónde copiarlo.
- Si Slack no contesta (sin red, ``SLACK_API_URL`` equivocada, caída de Slack), el servidor arranca
  igual: ``GET /salud`` contesta «degradado» con el motivo, y se reintenta en segundo plano con espera
  creciente hasta que Slack contesta (y entonces, en Socket Mode, se conecta)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.plataformas.slack.cliente import error_de_slack

registro_log = logging.getLogger("asistente.slack")

ESPERA_INICIAL = 5.0
ESPERA_MAXIMA = 300.0

# Lo que Slack contesta cuando el token no sirve, y qué hacer en cada caso.
_TOKEN_MALO = {
    "invalid_auth": "no es un token válido de este Slack (¿mal copiado, o de otra app?)",
    "not_authed": "está vacío o no llegó",
    "token_revoked": "fue revocado (la app se reinstaló o alguien lo revocó)",
    "token_expired": "caducó",
    "account_inactive": "es de una cuenta o app desactivada",
    "not_allowed_token_type": "no es un token de bot (debe empezar con xoxb-)",
}


class SlackInalcanzable(Exception):
    """Slack no contestó (red, DNS, una caída suya): se reintenta, no es culpa de la configuración."""


class EstadoDeSlack:
    """Lo que ``GET /salud`` dice de Slack: nada si está bien (o no se usa), o por qué no contesta."""

    def __init__(self) -> None:
        self._candado = threading.Lock()
        self._problema = ""

    def degradar(self, problema: str) -> None:
        with self._candado:
            self._problema = problema

    def sano(self) -> None:
        with self._candado:
            self._problema = ""

    @property
    def problema(self) -> str:
        with self._candado:
            return self._problema


ESTADO = EstadoDeSlack()


def comprobar_token(cliente: WebClient) -> str:
    """``auth.test``: el nombre del espacio si el token sirve. Un token malo es un
    ``ErrorDeConfiguracion``; Slack sin contestar, ``SlackInalcanzable``."""
    try:
        respuesta = cliente.auth_test()
    except SlackApiError as error:
        codigo = error_de_slack(error)
        estado = getattr(getattr(error, "response", None), "status_code", 200)
        if codigo in _TOKEN_MALO:
            raise ErrorDeConfiguracion(
                f"SLACK_BOT_TOKEN {_TOKEN_MALO[codigo]}: Slack contestó «{codigo}». Copia de nuevo el «Bot User "
                "OAuth Token» (xoxb-…) de la app en api.slack.com/apps → OAuth & Permissions (si la app se "
                "desinstaló, instálala otra vez en el espacio) y vuelve a arrancar.") from None
        if estado >= 500 or codigo.startswith("<"):
            raise SlackInalcanzable(f"Slack contestó {estado}") from None
        raise ErrorDeConfiguracion(f"Slack rechazó el token de SLACK_BOT_TOKEN: «{codigo}».") from None
    except OSError as error:  # URLError, conexión rechazada, tiempo agotado, DNS
        razon = getattr(error, "reason", error)
        raise SlackInalcanzable(f"no contesta ({razon})") from None
    return str(respuesta.get("team") or "")


def conectar(config: Config, cliente: WebClient, al_conectar: Callable[[], None] = lambda: None,
             estado: EstadoDeSlack = ESTADO, espera: float = ESPERA_INICIAL) -> str:
    """Comprueba el token al arrancar. Si Slack contesta, ``al_conectar`` (Socket Mode) y listo; si no,
    el estado queda degradado y un hilo reintenta. Devuelve la línea para el registro."""
    try:
        equipo = comprobar_token(cliente)
    except SlackInalcanzable as error:
        problema = f"Slack {error} en {config.slack_api_url}; reintento en segundo plano"
        estado.degradar(problema)
        registro_log.warning("%s. Revisa la red del servidor (o SLACK_API_URL); /salud dice «degradado» "
                             "mientras tanto.", problema)
        hilo = threading.Thread(target=_reintentar, args=(cliente, al_conectar, estado, espera),
                                name="slack-reintento", daemon=True)
        hilo.start()
        return "Slack: sin conexión todavía, reintentando"
    estado.sano()
    al_conectar()
    return f"Slack conectado al espacio «{equipo}»" if equipo else "Slack conectado"


def _reintentar(cliente: WebClient, al_conectar: Callable[[], None], estado: EstadoDeSlack, espera: float) -> None:
    while True:
        threading.Event().wait(espera)
        try:
            comprobar_token(cliente)
        except SlackInalcanzable as error:
            estado.degradar(f"Slack {error}; reintento en segundo plano")
            espera = min(espera * 2, ESPERA_MAXIMA)
            continue
        except ErrorDeConfiguracion as error:
            # Contestó, pero el token no sirve: no se arregla reintentando.
            estado.degradar(error.mensaje)
            registro_log.error("%s", error.mensaje)
            return
        try:
            al_conectar()
        except ErrorDeConfiguracion as error:
            estado.degradar(error.mensaje)
            registro_log.error("%s", error.mensaje)
            return
        except Exception:
            registro_log.exception("Slack volvió a contestar, pero no pude conectarme")
            estado.degradar("Slack contesta, pero no pude conectarme; revisa el registro")
            return
        estado.sano()
        registro_log.warning("Slack volvió a contestar: conectado")
        return
