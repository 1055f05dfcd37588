"""Mattermost: comandos slash, botones y diálogos por HTTP (``web``), la cuenta bot por REST v4
(``cliente``, ``plataforma``) y los archivos soltados en canales por WebSocket (``escucha``)."""

from __future__ import annotations

from asistente.plataformas.mattermost.escucha import Escucha, iniciar_escucha
from asistente.plataformas.mattermost.plataforma import (
    PlataformaMattermost,
    crear_plataforma,
)
from asistente.plataformas.mattermost.web import AppMattermost, crear_wsgi

__all__ = ["AppMattermost", "Escucha", "PlataformaMattermost", "crear_plataforma", "crear_wsgi", "iniciar_escucha"]
