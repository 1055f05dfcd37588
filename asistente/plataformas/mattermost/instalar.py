"""``asistente manifiesto mattermost --instalar``: registra (o actualiza) todos los comandos slash del
asistente por la API REST v4 con el token de un administrador, en cada equipo del bot, y devuelve sus
tokens (``equipo:token``) para ``MATTERMOST_TOKENS``. Así instalar en Mattermost es un paso.

Un comando que ya existe con la misma palabra clave y que apunta a ``…/mattermost/comandos`` es
nuestro: se actualiza (``PUT``; Mattermost conserva su token). Uno de otra integración no se toca.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.nucleo.plataforma import ErrorDeEnvio
from asistente.plataformas.mattermost.cliente import ClienteMattermost
from asistente.plataformas.mattermost.manifiesto import definiciones

RUTA_COMANDOS = "/mattermost/comandos"


@dataclass
class Instalacion:
    creados: list[str] = field(default_factory=list)  # «ayuntamiento: /agenda»
    actualizados: list[str] = field(default_factory=list)
    ajenos: list[str] = field(default_factory=list)  # misma palabra clave, de otra integración
    tokens: list[str] = field(default_factory=list)  # equipo:token, uno por comando


def _explicar(error: ErrorDeEnvio, que: str) -> ErrorDeConfiguracion:
    texto = str(error)
    m = re.search(r"respondió (\d{3})", texto)
    estado = int(m.group(1)) if m else 0
    if estado == 401:
        return ErrorDeConfiguracion(f"Mattermost no aceptó el token al {que}: revisa --token-admin (un token de "
                                    "acceso personal vigente de un administrador del sistema).")
    if estado == 403:
        return ErrorDeConfiguracion(f"Mattermost negó el permiso al {que}: --token-admin debe ser de un administrador "
                                    "del sistema (permiso manage_slash_commands), y en la Consola del Sistema → "
                                    "Integraciones, «Habilitar comandos slash personalizados» debe estar en sí.")
    return ErrorDeConfiguracion(f"No pude {que}: {texto}")


def instalar(config: Config, token_admin: str, url: str = "",
             transporte: httpx.BaseTransport | None = None) -> Instalacion:
    """Registra o actualiza los comandos en cada equipo del bot; ``url`` es la URL pública de
    ``asistente servir`` (si no, ``ASISTENTE_URL_PUBLICA``)."""
    if not config.mattermost_url or not config.mattermost_bot_token:
        raise ErrorDeConfiguracion("Para --instalar hacen falta MATTERMOST_URL y MATTERMOST_BOT_TOKEN (la cuenta bot, "
                                   "paso 1 de `asistente manifiesto mattermost`).")
    if not token_admin:
        raise ErrorDeConfiguracion("Falta --token-admin: el token de acceso personal de un administrador del sistema "
                                   "(Perfil → Seguridad → Tokens de acceso personal).")
    base = (url or config.url_publica).rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise ErrorDeConfiguracion("Falta la URL pública de `asistente servir`: --url https://… o ASISTENTE_URL_PUBLICA.")
    bot = ClienteMattermost(config.mattermost_url, config.mattermost_bot_token, transporte=transporte)
    admin = ClienteMattermost(config.mattermost_url, token_admin, transporte=transporte)
    resultado = Instalacion()
    try:
        try:
            equipos = sorted(bot.equipos_del_bot())
        except ErrorDeEnvio as error:
            raise ErrorDeConfiguracion(f"No pude leer los equipos del bot con MATTERMOST_BOT_TOKEN: {error}") from None
        if not equipos:
            raise ErrorDeConfiguracion("El bot no pertenece a ningún equipo: agrégalo al equipo del ayuntamiento y "
                                       "vuelve a correr --instalar.")
        for equipo in equipos:
            _instalar_en(admin, equipo, definiciones(base), resultado)
    finally:
        bot.cerrar()
        admin.cerrar()
    return resultado


def _instalar_en(admin: ClienteMattermost, equipo: str, comandos: list[dict[str, Any]], resultado: Instalacion) -> None:
    try:
        existentes = {c.get("trigger", ""): c for c in admin.comandos(equipo) if not c.get("delete_at")}
    except ErrorDeEnvio as error:
        raise _explicar(error, f"leer los comandos slash del equipo {equipo}") from None
    for comando in comandos:
        trigger = comando["trigger"]
        actual = existentes.get(trigger)
        try:
            if actual is None:
                creado = admin.crear_comando({**comando, "team_id": equipo})
                resultado.creados.append(f"/{trigger}")
                resultado.tokens.append(f"{equipo}:{creado['token']}")
            elif str(actual.get("url", "")).rstrip("/").endswith(RUTA_COMANDOS):
                actualizado = admin.actualizar_comando({**actual, **comando, "id": actual["id"], "team_id": equipo})
                resultado.actualizados.append(f"/{trigger}")
                resultado.tokens.append(f"{equipo}:{actualizado.get('token') or actual['token']}")
            else:
                resultado.ajenos.append(f"/{trigger} ({actual.get('url', '')})")
        except ErrorDeEnvio as error:
            raise _explicar(error, f"registrar /{trigger} en el equipo {equipo}") from None


def tokens_combinados(anteriores: tuple[str, ...], instalacion: Instalacion) -> str:
    """``MATTERMOST_TOKENS`` después de instalar: los nuevos, y los de otros equipos que ya estaban."""
    equipos = {t.split(":", 1)[0] for t in instalacion.tokens}
    quedan = [t for t in anteriores if ":" in t and t.split(":", 1)[0] not in equipos]
    return ",".join(dict.fromkeys([*quedan, *instalacion.tokens]))
