"""``asistente servir``: el proceso web (Slack por HTTP o Socket Mode, Mattermost, el portal ``/portal/…``,
la bandeja de salida del correo en segundo plano y ``GET /salud``).

Con ``--procesos N`` (por omisión, los núcleos de la máquina) corren N trabajadores en el mismo puerto,
cada uno con su servidor, sus hilos y su pool de conexiones a la base: Python trabaja de una petición en
una por proceso, y así una máquina usa todos sus núcleos. Donde el sistema tiene ``SO_REUSEPORT``
(Linux) cada trabajador abre su propio socket y el núcleo reparte las conexiones; si no, el padre abre
uno y los trabajadores lo heredan (pre-fork). Lo que escucha en segundo plano (Socket Mode, el WebSocket
de Mattermost), la reanudación de descargas y la bandeja de salida corren en el trabajador 0: Socket
Mode es una conexión por token de app. El padre solo vigila: reenvía SIGTERM a cada trabajador (cada
uno deja de aceptar y termina lo aceptado) y levanta otra vez al que muera solo.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time
from types import FrameType

from asistente.datos.bd import actualizar
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.nucleo.texto import cuantos
from asistente.plataformas.reanudar import iniciar_reanudacion
from asistente.plataformas.registro import configuradas, escuchar, vigilar
from asistente.plataformas.trabajo import TRABAJO
from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.procesos.app import crear_app
from asistente.procesos.correo import cartero_de, iniciar_buzon
from asistente.procesos.memoria import acotar_arenas

registro_log = logging.getLogger("asistente.servidor")

# Cuánto se espera, al detenerse, a que termine lo ya aceptado (Heroku y systemd dan 30 s antes de SIGKILL).
ESPERA_AL_DETENER = 25.0
# Un trabajador que sale con error antes de esto tras arrancar no se levanta otra vez (falla al arrancar).
VIDA_MINIMA = 5.0
CODIGO_CONFIGURACION = 2  # el de la línea de comandos para un ajuste malo


def procesos_por_omision() -> int:
    return os.cpu_count() or 1


def servir(config: Config, puerto: int | None = None, anfitrion: str = "0.0.0.0", procesos: int | None = None) -> int:
    acotar_arenas()  # antes de arrancar hilos y trabajadores: la memoria no crece con la carga de escritura
    n = procesos if procesos is not None else procesos_por_omision()
    puerto_real = config.puerto if puerto is None else puerto
    if n <= 1 or not hasattr(os, "fork"):
        if n > 1:
            registro_log.warning("este sistema no tiene fork: sirvo con un solo proceso")
        return _trabajar(config, anfitrion, puerto_real, None, principal=True, migrar=config.bd.startswith("sqlite"))
    return _vigilar(config, anfitrion, puerto_real, n)


# --- un trabajador -------------------------------------------------------------------------------------------
def _trabajar(config: Config, anfitrion: str, puerto: int, sockets: list[socket.socket] | None, *,
              principal: bool, migrar: bool = False) -> int:
    app = crear_app(config, migrar=migrar)
    parar_buzon = None
    if principal:
        # Las descargas que quedaron a medias (caída o reinicio) se terminan en segundo plano y se
        # contesta en el hilo de cada mensaje original.
        iniciar_reanudacion(app)
        # Las invitaciones y boletines por correo salen de la bandeja de salida, nunca en el hilo de una petición.
        parar_buzon = iniciar_buzon(app, cartero_de(config))
        for texto in escuchar(app):
            registro_log.info(texto)
        if not config.slack_configurado:
            registro_log.info("Slack no configurado (falta SLACK_BOT_TOKEN, o SLACK_CLIENT_ID y SLACK_CLIENT_SECRET)")
        elif config.slack_oauth and not config.slack_bot_token:
            registro_log.info("Slack para muchos espacios: se instala desde GET /slack/install")
    else:
        vigilar(app)
    if sockets is None:
        servidor = crear_servidor(crear_wsgi(app, plataformas=configuradas(app)), anfitrion, puerto)
    else:
        servidor = crear_servidor(crear_wsgi(app, plataformas=configuradas(app)), sockets=sockets)
    registro_log.info("escuchando en http://%s:%s (GET /salud), proceso %s", anfitrion, servidor.effective_port,
                      os.getpid())
    # SIGTERM (un despliegue, systemd, el Procfile, o el padre) se atiende como Ctrl-C: deja de aceptar y
    # termina lo que ya aceptó, en lugar de morir con comandos a los que ya se les dijo «recibido».
    signal.signal(signal.SIGTERM, _detener)
    try:
        servidor.run()  # regresa al recibir la señal, después de cerrar los sockets
    except KeyboardInterrupt:
        pass
    finally:
        if parar_buzon is not None:
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


# --- el padre que vigila -------------------------------------------------------------------------------------
def _socket(anfitrion: str, puerto: int, reusar_puerto: bool) -> socket.socket:
    familia = socket.AF_INET6 if ":" in anfitrion else socket.AF_INET
    s = socket.socket(familia, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reusar_puerto:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind((anfitrion, puerto))
    return s


class _Vigilante:
    def __init__(self, config: Config, anfitrion: str, puerto: int, n: int) -> None:
        self.config, self.anfitrion, self.n = config, anfitrion, n
        self.reusar = hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith("linux")
        # Con SO_REUSEPORT el padre se queda el puerto (atado, sin escuchar: no recibe conexiones) para
        # saber cuál es con --puerto 0 y que nadie más lo tome; sin él, este es el socket que se hereda.
        self.reserva = _socket(anfitrion, puerto, self.reusar)
        if not self.reusar:
            self.reserva.listen(1024)
        self.puerto = self.reserva.getsockname()[1]
        self.hijos: dict[int, tuple[int, float]] = {}  # pid → (índice, cuándo arrancó)
        self.deteniendo = False

    def lanzar(self, indice: int) -> None:
        pid = os.fork()
        if pid:
            self.hijos[pid] = (indice, time.monotonic())
            return
        # En el hijo: sus propias señales, su propio socket (o el heredado), y nunca vuelve al padre.
        codigo = 1
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            if self.reusar:
                propio = _socket(self.anfitrion, self.puerto, True)
                self.reserva.close()
            else:
                propio = self.reserva
            codigo = _trabajar(self.config, self.anfitrion, self.puerto, [propio], principal=indice == 0)
        except ErrorDeConfiguracion as error:
            # Un ajuste malo (un token de Slack revocado): se dice como lo dice la línea de comandos, sin
            # traza, y el padre se detiene con el mismo código (2).
            print(f"asistente: problema de configuración: {error.mensaje}", file=sys.stderr, flush=True)
            codigo = CODIGO_CONFIGURACION
        except BaseException:
            registro_log.exception("el trabajador %s falló", indice)
        finally:
            logging.shutdown()
            os._exit(codigo)

    def detener(self, senal: int, _marco: FrameType | None) -> None:
        if not self.deteniendo:
            registro_log.info("señal %s: detengo a los %s trabajadores", senal, len(self.hijos))
        self.deteniendo = True
        for pid in list(self.hijos):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def vigilar(self) -> int:
        signal.signal(signal.SIGTERM, self.detener)
        signal.signal(signal.SIGINT, self.detener)
        for indice in range(self.n):
            self.lanzar(indice)
        registro_log.info("%s trabajadores en http://%s:%s (%s)", self.n, self.anfitrion, self.puerto,
                          "SO_REUSEPORT" if self.reusar else "un socket compartido")
        fallo = 0
        while self.hijos:
            try:
                pid, estado = os.wait()
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            indice, desde = self.hijos.pop(pid, (-1, 0.0))
            codigo = os.waitstatus_to_exitcode(estado)
            if self.deteniendo or indice < 0:
                continue
            # Uno que salió con error recién arrancado no va a arrancar la próxima vez tampoco (la base
            # no contesta, el puerto…); uno que mató una señal (el OOM killer, un kill -9) se levanta.
            if codigo > 0 and time.monotonic() - desde < VIDA_MINIMA:
                registro_log.error("el trabajador %s murió al arrancar (código %s): me detengo", indice, codigo)
                fallo = max(fallo, CODIGO_CONFIGURACION if codigo == CODIGO_CONFIGURACION else 1)
                self.detener(signal.SIGTERM, None)
                continue
            registro_log.warning("el trabajador %s terminó (código %s): levanto otro", indice, codigo)
            self.lanzar(indice)
        self.reserva.close()
        registro_log.info("detenido")
        return fallo


def _vigilar(config: Config, anfitrion: str, puerto: int, n: int) -> int:
    if config.bd.startswith("sqlite"):
        actualizar(config.bd, al_arrancar=True)  # una vez, antes de que los trabajadores abran la base
    return _Vigilante(config, anfitrion, puerto, n).vigilar()
