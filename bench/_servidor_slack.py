"""Servidor del benchmark de Slack: en un mismo proceso y un mismo waitress, nuestra app
(``/slack/events``), el piso de SPEC §6 (``/piso/slack/events``: una app de Bolt desnuda que hace la
misma consulta SQL, arma el mismo Block Kit y lo manda al mismo ``response_url``) y una app de Bolt
desnuda que contesta un texto fijo en el ``ack`` (``/desnudo/slack/events``, la comparación de antes).

Uso: python -m bench._servidor_slack PUERTO [PROCESOS]   (la configuración llega por el entorno)

Con PROCESOS > 1, pre-fork: el padre abre el socket y cada hijo sirve las tres apps sobre él, así
nuestra app y el piso tienen los mismos procesos.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from sqlalchemy import text

from asistente.plataformas import HILOS
from asistente.plataformas.slack.conexiones import Conexiones
from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.procesos.app import crear_app
from asistente.procesos.entorno import desde_entorno

EVENTOS_SQL = text(
    "SELECT e.id, e.numero, e.titulo, e.inicio, e.fin, e.con_hora, e.lugar, e.prioridad FROM eventos e "
    "JOIN espacios s ON s.id = e.espacio_id WHERE s.clave = :clave AND e.inicio >= :desde AND e.inicio < :hasta "
    "ORDER BY e.inicio, e.numero")
COBERTURA_SQL = text(
    "SELECT a.evento_id, a.rol, p.nombre FROM asignaciones a JOIN personas p ON p.id = a.persona_id "
    "WHERE a.evento_id IN (SELECT e.id FROM eventos e JOIN espacios s ON s.id = e.espacio_id "
    "WHERE s.clave = :clave AND e.inicio >= :desde AND e.inicio < :hasta)")


def _wsgi() -> Any:
    config = desde_entorno(archivo_env=None)
    app = crear_app(config)
    nuestra = crear_wsgi(app)
    tz = config.tz

    def desnuda(ruta: str) -> SlackRequestHandler:
        bolt = App(client=WebClient(token=config.slack_bot_token, base_url=config.slack_api_url),
                   signing_secret=config.slack_signing_secret)

        @bolt.command("/agenda")
        def _agenda(ack: Ack) -> None:
            ack("Agenda de la semana: 3 eventos.")

        return SlackRequestHandler(bolt, path=ruta)

    def piso(ruta: str) -> SlackRequestHandler:
        """Lo mínimo que hace una app de Bolt para dar la misma respuesta: ``ack`` vacío, y en otro hilo la
        consulta de la semana con su cobertura, el Block Kit (una sección por día) y el POST al
        ``response_url`` por una conexión reutilizada."""
        bolt = App(client=WebClient(token=config.slack_bot_token, base_url=config.slack_api_url),
                   signing_secret=config.slack_signing_secret, process_before_response=True)
        ejecutor = ThreadPoolExecutor(max_workers=HILOS)
        conexiones = Conexiones()

        def responder(url: str, equipo: str) -> None:
            hoy = datetime.now(tz).replace(hour=0, minute=0, second=0, microsecond=0)
            rango = {"clave": f"slack:{equipo}", "desde": hoy, "hasta": hoy + timedelta(days=7)}
            with app.motor.connect() as c:
                eventos = c.execute(EVENTOS_SQL, rango).all()
                cobertura: dict[int, list[str]] = {}
                for evento_id, rol, nombre in c.execute(COBERTURA_SQL, rango):
                    cobertura.setdefault(evento_id, []).append(f"{rol}: {nombre}")
            dias: dict[str, list[str]] = {}
            for e in eventos:
                inicio = e.inicio if isinstance(e.inicio, datetime) else datetime.fromisoformat(str(e.inicio))
                local = (inicio if inicio.tzinfo else inicio.replace(tzinfo=timezone.utc)).astimezone(tz)
                quien = ", ".join(cobertura.get(e.id, [])) or "sin cobertura"
                dias.setdefault(local.strftime("%A %d"), []).append(
                    f"*{local:%H:%M}* #{e.numero} {e.titulo} · {e.lugar} · {quien}")
            bloques: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": "Agenda de la semana"}}]
            for dia, lineas in dias.items():
                bloques.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{dia}*\n" + "\n".join(lineas)[:2900]}})
            cuerpo = json.dumps({"response_type": "ephemeral", "text": "Agenda de la semana", "blocks": bloques[:50]})
            conexiones.pedir("POST", url, cuerpo.encode(), {"Content-Type": "application/json;charset=utf-8"})

        @bolt.command("/agenda")
        def _agenda(ack: Ack, body: dict[str, Any]) -> None:
            ack()
            ejecutor.submit(responder, body["response_url"], body["team_id"])

        return SlackRequestHandler(bolt, path=ruta)

    rutas = {"/desnudo/slack/events": desnuda("/desnudo/slack/events"), "/piso/slack/events": piso("/piso/slack/events")}

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        manejador = rutas.get(environ.get("PATH_INFO", ""))
        if manejador is not None:
            return manejador(environ, start_response)  # type: ignore[arg-type]
        return nuestra(environ, start_response)

    return wsgi


def main() -> None:
    puerto = int(sys.argv[1])
    procesos = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # «Task queue depth» en cada ráfaga
    if procesos <= 1:
        crear_servidor(_wsgi(), "127.0.0.1", puerto).run()
        return
    compartido = socket.socket()
    compartido.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    compartido.bind(("127.0.0.1", puerto))
    compartido.listen(1024)
    hijos = []
    for _ in range(procesos):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            crear_servidor(_wsgi(), sockets=[compartido]).run()
            os._exit(0)
        hijos.append(pid)

    def detener(*_: Any) -> None:
        for pid in hijos:
            os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, detener)
    for _ in hijos:
        os.wait()


if __name__ == "__main__":
    main()
