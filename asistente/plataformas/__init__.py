"""Los adaptadores de plataforma (Slack, Mattermost, consola). Solo aquí se importa una
biblioteca de chat o un marco web."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asistente.config import Config
    from asistente.plataformas.base import Plataforma


def configuradas(config: "Config") -> dict[str, "Plataforma"]:
    """Las plataformas con credenciales en la configuración, por prefijo de espacio
    (``slack``, ``mattermost``). El programador publica por aquí."""
    resultado: dict[str, Plataforma] = {}
    if config.slack_bot_token:
        from asistente.plataformas.slack import crear_plataforma as slack

        resultado["slack"] = slack(config)
    if config.mattermost_url and config.mattermost_bot_token:
        from asistente.plataformas.mattermost import crear_plataforma as mattermost

        resultado["mattermost"] = mattermost(config)
    return resultado
