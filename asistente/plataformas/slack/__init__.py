"""Slack con ``slack-bolt``: Socket Mode o HTTP (``POST /slack/events``), Block Kit, modales, archivos
y la pestaña Inicio. Solo este paquete (y ``asistente.plataformas.web``) conoce a Slack."""

from __future__ import annotations

from asistente.nucleo.config import Config
from asistente.plataformas.slack.plataforma import PlataformaSlack


def crear_plataforma(config: Config) -> PlataformaSlack:
    return PlataformaSlack(config)


__all__ = ["PlataformaSlack", "crear_plataforma"]
