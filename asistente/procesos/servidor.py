"""``asistente servir``: el proceso web (Slack por HTTP o Socket Mode, Mattermost, el portal ``/portal/…``,
la bandeja de salida del correo en segundo plano y ``GET /salud``)."""

from __future__ import annotations

import logging
import signal
from types import FrameType

from asistente.nucleo.config import Config
from asistente.plataformas.reanudar import iniciar_reanudacion
from asistente.plataformas.registro import escuchar
from asistente.plataformas.trabajo import TRABAJO
from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.procesos.app import crear_app
from asistente.procesos.correo import cartero_de, iniciar_buzon
from asistente.nucleo.texto import cuantos

registro_log = logging.getLogger("asistente.servidor")

# Cuánto se espera, al detenerse, a que termine lo ya aceptado (Heroku y systemd dan 30 s antes de SIGKILL).
ESPERA_AL_DETENER = 25.0


def servir(config: Config, puerto: int | None = None, anfitrion: str = "0.0.0.0") -> int:
    app = crear_app(config, migrar=config.bd.startswith("sqlite"))
    # Las descargas que quedaron a medias (caída o reinicio) se terminan en segundo plano y se
    # contesta en el hilo de cada mensaje original.
    iniciar_reanudacion(app)
    # Las invitaciones y boletines por correo salen de la bandeja de salida, nunca en el hilo de una petición.
    parar_buzon = iniciar_buzon(app, cartero_de(config))
    for texto in escuchar(app):
        registro_log.info(texto)
    if not config.slack_bot_token:
        registro_log.info("Slack no configurado (falta SLACK_BOT_TOKEN)")
    servidor = crear_servidor(crear_wsgi(app), anfitrion, config.puerto if puerto is None else puerto)
    registro_log.info("escuchando en http://%s:%s (GET /salud)", anfitrion, servidor.effective_port)
    # SIGTERM (un despliegue, systemd, el Procfile) se atiende como Ctrl-C: deja de aceptar y termina
    # lo que ya aceptó, en lugar de morir con comandos a los que ya se les dijo «recibido».
    signal.signal(signal.SIGTERM, _detener)
    try:
        servidor.run()  # regresa al recibir la señal, después de cerrar los sockets
    except KeyboardInterrupt:
        pass
    finally:
        parar_buzon.set()
        servidor.close()
        if not TRABAJO.esperar(ESPERA_AL_DETENER):
            registro_log.warning("me detuve con %s sin terminar tras %.0f s", cuantos(TRABAJO.pendientes(), "trabajo"),
                                 ESPERA_AL_DETENER)
        app.motor.dispose()
    registro_log.info("detenido")
    return 0


def _detener(senal: int, _marco: FrameType | None) -> None:
    registro_log.info("señal %s: dejo de aceptar peticiones y termino lo aceptado", senal)
    raise KeyboardInterrupt
