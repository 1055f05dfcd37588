"""El proceso ``asistente programador``: una pasada cada ``INTERVALO`` segundos hasta recibir SIGTERM o
Ctrl-C (termina la pasada en curso y sale), o una sola con ``--una-vez [--ahora …]``."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Mapping
from datetime import datetime
from types import FrameType

from sqlalchemy import inspect

from asistente.equipo.ajustes import efectivos
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.nucleo.plataforma import Plataforma
from asistente.plataformas.registro import configuradas
from asistente.procesos.app import crear_app
from asistente.procesos.correo import cartero_de, vaciar_buzon
from asistente.programador.pasada import correr_pasada

registro_log = logging.getLogger("asistente.programador")

INTERVALO = 30.0


def leer_ahora(texto: str, config: Config) -> datetime:
    """``2026-03-02T07:30`` (hora local de la oficina; también con zona explícita)."""
    try:
        ahora = datetime.fromisoformat(texto.strip().replace(" ", "T", 1))
    except ValueError:
        raise ErrorDeConfiguracion(
            f"--ahora «{texto}» no es una fecha y hora válida: usa AAAA-MM-DDTHH:MM en hora local, "
            "por ejemplo 2026-03-02T07:30."
        ) from None
    if ahora.tzinfo is None:
        return ahora.replace(tzinfo=config.tz)
    return ahora.astimezone(config.tz)


def preparar(config: Config) -> Aplicacion:
    """La aplicación; en SQLite crea la base si todavía no existe (en PostgreSQL lo hace ``release``)."""
    app = crear_app(config)
    if config.bd.startswith("sqlite") and not inspect(app.motor).has_table("espacios"):
        app.motor.dispose()
        app = crear_app(config, migrar=True)
    return app


def principal(config: Config, una_vez: bool = False, ahora: str | None = None) -> int:
    """``asistente programador``. ``--ahora`` implica una sola pasada. Unos ajustes del entorno mal
    escritos (``ASISTENTE_RESUMEN=lunez 8``) se explican antes de arrancar."""
    efectivos(None, config)
    instante = leer_ahora(ahora, config) if ahora else None
    app = preparar(config)
    try:
        plataformas = configuradas(app)
        if una_vez or instante is not None:
            momento = instante or datetime.now(config.tz)
            resumen = correr_pasada(app, momento, plataformas)
            print(resumen)
            vaciado = vaciar_buzon(app, cartero_de(config), momento)
            if vaciado is not None:
                print(vaciado)
            return 0
        return bucle(app, plataformas)
    finally:
        app.motor.dispose()


def bucle(app: Aplicacion, plataformas: Mapping[str, Plataforma], intervalo: float = INTERVALO,
          parar: threading.Event | None = None) -> int:
    """Pasadas hasta que llegue SIGTERM/SIGINT (o ``parar``). Una pasada que falla se registra y la
    siguiente lo vuelve a intentar: el proceso no se cae por un error de base o de red."""
    parar = parar or threading.Event()

    def al_recibir(senal: int, _marco: FrameType | None) -> None:
        registro_log.info("señal %s: termino la pasada en curso y salgo", senal)
        parar.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, al_recibir)
        signal.signal(signal.SIGINT, al_recibir)
    registro_log.info("programador en marcha: una pasada cada %.0f s", intervalo)
    cartero = cartero_de(app.config)
    while not parar.is_set():
        try:
            correr_pasada(app, datetime.now(app.config.tz), plataformas)
        except Exception:
            registro_log.exception("la pasada falló; reintento en %.0f s", intervalo)
        try:
            vaciar_buzon(app, cartero, datetime.now(app.config.tz))
        except Exception:
            registro_log.exception("vaciar la bandeja de salida falló; reintento en %.0f s", intervalo)
        parar.wait(intervalo)
    registro_log.info("programador detenido")
    return 0
