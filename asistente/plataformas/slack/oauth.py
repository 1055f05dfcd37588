"""La distribución de la app por OAuth: ``GET /slack/install`` lleva a Slack a autorizar, Slack vuelve a
``GET /slack/oauth_redirect`` con un código que se cambia por el token del bot (``oauth.v2.access``),
y la instalación queda en nuestra base (``instalaciones.py``). Los eventos ``app_uninstalled`` y
``tokens_revoked`` borran los tokens y marcan el espacio inactivo.

Las páginas que ve quien instala, en español; la autorización de cada petición la hace Bolt con el
token guardado del equipo (con su ``auth.test`` recordado por token: una vez por proceso).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

from asistente.nucleo.config import Config
from asistente.plataformas.slack.instalaciones import Instalaciones, equipo_del_evento
from asistente.plataformas.slack.manifiesto import PERMISOS

registro_log = logging.getLogger("asistente.slack.oauth")

RUTA_INSTALAR = "/slack/install"
RUTA_REGRESO = "/slack/oauth_redirect"


def _pagina(estado: int, titulo: str, texto: str) -> BoltResponse:
    cuerpo = (f'<!doctype html><html lang="es"><meta charset="utf-8"><title>{html.escape(titulo)}</title>'
              f'<body style="font-family:sans-serif;max-width:36em;margin:4em auto"><h1>{html.escape(titulo)}</h1>'
              f"<p>{html.escape(texto)}</p></body></html>")
    return BoltResponse(status=estado, body=cuerpo, headers={"Content-Type": "text/html; charset=utf-8"})


def ajustes_oauth(config: Config, instalaciones: Instalaciones) -> OAuthSettings:
    def exito(args: SuccessArgs) -> BoltResponse:
        instalacion = args.installation
        instalaciones.instalada(instalacion.team_id or "", instalacion.team_name or "")
        return _pagina(200, "Listo: el asistente quedó instalado",
                       f"Ya está en {instalacion.team_name or 'tu espacio de Slack'}. Vuelve a Slack e invítalo a "
                       "tu canal de prensa (/invite @asistente); /ayuda muestra lo que sabe hacer.")

    def fallo(args: FailureArgs) -> BoltResponse:
        registro_log.warning("instalación por OAuth fallida: %s (%s)", args.reason, args.error)
        return _pagina(args.suggested_status_code or 400, "No se pudo instalar el asistente",
                       f"Slack no completó la instalación ({args.reason}). Vuelve a intentarlo desde "
                       f"{RUTA_INSTALAR}; si sigue fallando, avisa a quien administra el asistente.")

    regreso = f"{config.url_publica}{RUTA_REGRESO}" if config.url_publica else None
    return OAuthSettings(
        client_id=config.slack_client_id,
        client_secret=config.slack_client_secret,
        scopes=list(config.slack_scopes or PERMISOS),
        redirect_uri=regreso,
        install_path=RUTA_INSTALAR,
        redirect_uri_path=RUTA_REGRESO,
        # Sin la página intermedia en inglés de Bolt: /slack/install lleva directo a autorizar en Slack.
        install_page_rendering_enabled=False,
        installation_store=instalaciones.almacen,
        installation_store_bot_only=True,
        state_store=instalaciones.estados,
        callback_options=CallbackOptions(success=exito, failure=fallo),
    )


def argumentos_de_bolt(config: Config, cliente: WebClient, instalaciones: Instalaciones) -> dict[str, Any]:
    """Lo que ``App(...)`` necesita para atender muchos espacios: los ajustes de OAuth y una autorización
    que recuerda el ``auth.test`` de cada token (sin ella, Bolt lo pediría en cada petición)."""
    return {
        "oauth_settings": ajustes_oauth(config, instalaciones),
        "authorize": InstallationStoreAuthorize(
            installation_store=instalaciones.almacen, client_id=config.slack_client_id,
            client_secret=config.slack_client_secret, logger=registro_log, bot_only=True, cache_enabled=True,
            client=cliente,
        ),
        "installation_store": instalaciones.almacen,
        # Lo que ve quien escribe un comando en un espacio donde la app ya no está instalada.
        "user_facing_authorize_error_message": (
            ":warning: El asistente ya no está instalado en este espacio de Slack. Pide a quien lo administra "
            f"que lo vuelva a instalar desde {config.url_publica or ''}{RUTA_INSTALAR}."),
    }


def escuchar_desinstalaciones(bolt: App, instalaciones: Instalaciones) -> None:
    """``app_uninstalled`` (la quitaron del espacio) y ``tokens_revoked`` (revocaron el token del bot):
    el espacio queda inactivo y sin tokens; sus datos se quedan."""

    def desinstalada(body: dict[str, Any]) -> None:
        instalaciones.desinstalada(equipo_del_evento(body), "app_uninstalled")

    def revocados(body: dict[str, Any], event: dict[str, Any]) -> None:
        if (event.get("tokens") or {}).get("bot"):
            instalaciones.desinstalada(equipo_del_evento(body), "tokens_revoked")

    bolt.event("app_uninstalled")(desinstalada)
    bolt.event("tokens_revoked")(revocados)
