"""Un despliegue para muchos espacios de Slack: las instalaciones por OAuth y el token de cada equipo.

Con ``SLACK_CLIENT_ID`` y ``SLACK_CLIENT_SECRET`` la app se distribuye: cada municipio la instala desde
``/slack/install``, Slack vuelve a ``/slack/oauth_redirect`` y el ``SQLAlchemyInstallationStore`` de
slack_sdk guarda la instalación y el token del bot en nuestra base (tablas en ``modelos/slack.py``).
Todo lo que habla con Slack en nombre de un espacio (comandos, programador, descargas) pide aquí su
token con ``token_de("slack:T012")``. Con ``SLACK_BOT_TOKEN`` (un solo espacio) ese token vale para todo.

Al desinstalar (``app_uninstalled``) o revocar (``tokens_revoked``) se borran los tokens y el espacio
queda inactivo; sus datos se quedan y vuelve a estar activo si se reinstala.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import update
from sqlalchemy.engine import Engine

from asistente.datos.bd import transaccion
from asistente.nucleo.aplicacion import Aplicacion
from modelos import Espacio

registro_log = logging.getLogger("asistente.slack.instalaciones")

# Cuánto se recuerda el token de un equipo en cada proceso: una desinstalación vista por otro proceso
# tarda a lo más esto en notarse aquí (y antes, Slack ya contesta token_revoked).
VIGENCIA_TOKEN = 60.0
# Cuánto vale el ``state`` de una instalación empezada (el enlace «Add to Slack»).
VIGENCIA_ESTADO = 600


class Instalaciones:
    def __init__(self, aplicacion: Aplicacion) -> None:
        config = aplicacion.config
        self.aplicacion = aplicacion
        self.unico = config.slack_bot_token  # SLACK_BOT_TOKEN: un solo espacio, sin OAuth
        motor: Engine = aplicacion.motor
        self.almacen = SQLAlchemyInstallationStore(client_id=config.slack_client_id or "sin-oauth", engine=motor,
                                                   logger=registro_log)
        self.estados = SQLAlchemyOAuthStateStore(expiration_seconds=VIGENCIA_ESTADO, engine=motor, logger=registro_log)
        self._recordados: dict[str, tuple[float, str | None]] = {}
        self._candado = threading.Lock()

    def token_de(self, espacio: str) -> str | None:
        """El token del bot en ``slack:T012`` (``None`` si la app no está instalada ahí)."""
        if self.unico:
            return self.unico
        equipo = espacio.removeprefix("slack:")
        ahora = time.monotonic()
        with self._candado:
            recordado = self._recordados.get(equipo)
            if recordado is not None and ahora - recordado[0] < VIGENCIA_TOKEN:
                return recordado[1]
        bot = self.almacen.find_bot(enterprise_id=None, team_id=equipo)
        token = bot.bot_token if bot is not None else None
        with self._candado:
            self._recordados[equipo] = (ahora, token)
        return token

    def instalada(self, equipo: str, nombre: str) -> None:
        """Una instalación nueva (o reinstalación): el espacio vuelve a estar activo."""
        with self._candado:
            self._recordados.pop(equipo, None)
        self._marcar(equipo, activo=True)
        registro_log.info("app instalada en slack:%s (%s)", equipo, nombre)

    def desinstalada(self, equipo: str, motivo: str) -> None:
        """``app_uninstalled`` o ``tokens_revoked``: se borran sus tokens y el espacio queda inactivo
        (sus eventos, boletines y archivo se quedan)."""
        self.almacen.delete_all(enterprise_id=None, team_id=equipo)
        with self._candado:
            self._recordados[equipo] = (time.monotonic(), None)
        self._marcar(equipo, activo=False)
        registro_log.info("slack:%s queda inactivo (%s); sus datos se conservan", equipo, motivo)

    def _marcar(self, equipo: str, activo: bool) -> None:
        with transaccion(self.aplicacion.fabrica) as session:
            session.execute(update(Espacio).where(Espacio.clave == f"slack:{equipo}").values(activo=activo))


def equipo_del_evento(body: dict[str, Any]) -> str:
    return str(body.get("team_id") or (body.get("team") or {}).get("id") or "")
