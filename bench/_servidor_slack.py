"""Servidor del benchmark de Slack: en un mismo proceso y un mismo waitress, nuestra app
(``/slack/events``) y una app de Bolt desnuda que contesta un texto fijo (``/desnudo/slack/events``).

Uso: python -m bench._servidor_slack PUERTO   (la configuración llega por el entorno)
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.procesos.app import crear_app
from asistente.procesos.entorno import desde_entorno


def main() -> None:
    puerto = int(sys.argv[1])
    config = desde_entorno(archivo_env=None)
    app = crear_app(config)
    nuestra = crear_wsgi(app)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # «Task queue depth» en cada ráfaga

    def desnuda(ruta: str, antes: bool) -> SlackRequestHandler:
        bolt = App(client=WebClient(token=config.slack_bot_token, base_url=config.slack_api_url),
                   signing_secret=config.slack_signing_secret, process_before_response=antes)

        @bolt.command("/agenda")
        def _agenda(ack: Ack) -> None:
            ack("Agenda de la semana: 3 eventos.")

        return SlackRequestHandler(bolt, path=ruta)

    rutas = {"/desnudo/slack/events": desnuda("/desnudo/slack/events", False),
             "/desnudo-sincrono/slack/events": desnuda("/desnudo-sincrono/slack/events", True)}

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        manejador = rutas.get(environ.get("PATH_INFO", ""))
        if manejador is not None:
            return manejador(environ, start_response)  # type: ignore[arg-type]
        return nuestra(environ, start_response)

    servidor = crear_servidor(wsgi, "127.0.0.1", puerto)
    print("listo", flush=True)
    servidor.run()


if __name__ == "__main__":
    main()
