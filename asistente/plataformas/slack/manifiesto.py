"""``asistente manifiesto slack [--url https://…]``: el manifiesto de la app de Slack.

Se imprime en JSON, que también es YAML válido: se pega tal cual en «Create New App → From an app
manifest». Declara cada comando de ``comandos/`` con su resumen y uso, solo los permisos que el bot
usa y los eventos a los que se suscribe. Sin ``--url`` la app queda en Socket Mode.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.nucleo.texto import recortar
from comandos import registro

NOMBRE = "Asistente de Comunicación Social"

# Cada permiso, con la llamada que lo necesita: ni uno más.
PERMISOS = {
    "commands": "comandos slash",
    "chat:write": "chat.postMessage / chat.update: respuestas, avisos, agenda del día",
    "im:write": "conversations.open: mensajes directos a quien se asigna una cobertura",
    "users:read": "users.info: el nombre real de cada persona del equipo",
    "files:read": "files.info y descargar los archivos soltados en un canal",
    "files:write": "files.getUploadURLExternal / files.completeUploadExternal: el PDF del boletín",
    "channels:history": ("recibir los mensajes con archivos de los canales públicos donde está el bot, y "
                         "conversations.history: antes de reenviar la agenda que un choque dejó a medias"),
    "groups:history": "lo mismo en canales privados",
    "im:history": "conversations.history en el mensaje directo: antes de reenviar un recordatorio que un choque dejó a medias",
}
# app_uninstalled y tokens_revoked: con la app instalada en muchos espacios (OAuth), el espacio que la
# quita queda inactivo (no piden permisos).
EVENTOS = ("message.channels", "message.groups", "file_shared", "app_home_opened", "app_uninstalled", "tokens_revoked")


def _pista(uso: str, nombre: str) -> str:
    """La pista de uso (máximo 100 caracteres): las primeras formas del USO que quepan enteras."""
    pista = ""
    for parte in uso.split(" · "):
        parte = parte.replace(f"/{nombre} ", "", 1).replace(f"/{nombre}", "", 1).strip()
        candidato = f"{pista} · {parte}" if pista else parte
        if len(candidato) > 100:
            break
        pista = candidato
    return pista or recortar(uso, 100)


def manifiesto(url: str = "") -> dict[str, Any]:
    base = url.rstrip("/")
    eventos_url = f"{base}/slack/events" if base else ""
    comandos = []
    for nombre, modulo in registro().items():
        comando: dict[str, Any] = {
            "command": f"/{nombre}",
            "description": recortar(str(modulo.RESUMEN), 100),
            "usage_hint": _pista(str(modulo.USO), nombre),
            "should_escape": True,  # las menciones llegan como <@U123|ana>
        }
        if eventos_url:
            comando["url"] = eventos_url
        comandos.append(comando)
    ajustes: dict[str, Any] = {
        "event_subscriptions": {"bot_events": list(EVENTOS)},
        "interactivity": {"is_enabled": True},
        "org_deploy_enabled": False,
        "socket_mode_enabled": not base,
        "token_rotation_enabled": False,
    }
    if eventos_url:
        ajustes["event_subscriptions"]["request_url"] = eventos_url
        ajustes["interactivity"]["request_url"] = eventos_url
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": NOMBRE,
            "description": "Agenda, coberturas, archivo de fotos y boletines de la oficina de prensa.",
            "background_color": "#7a1f3d",
        },
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True, "messages_tab_read_only_enabled": True},
            "bot_user": {"display_name": "asistente", "always_online": True},
            "slash_commands": comandos,
        },
        "oauth_config": {"scopes": {"bot": list(PERMISOS)},
                         # Adonde vuelve Slack al instalar por OAuth (SLACK_CLIENT_ID).
                         **({"redirect_urls": [f"{base}/slack/oauth_redirect"]} if base else {})},
        "settings": ajustes,
    }


def imprimir(config: Config, url: str = "", salida: TextIO | None = None) -> int:
    if url and not url.startswith("https://"):
        raise ErrorDeConfiguracion(f"--url «{url}»: Slack solo acepta URLs https:// (o no des --url para usar Socket Mode).")
    texto = json.dumps(manifiesto(url), ensure_ascii=False, indent=2)
    print(texto, file=salida or sys.stdout)
    return 0
