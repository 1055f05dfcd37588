"""Al arrancar ``asistente servir``: terminar las descargas que quedaron pendientes (el proceso cayó o
se reinició a medio archivar) y contestar en el hilo de cada mensaje original, por su plataforma."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from asistente.archivo.ingesta import reanudar
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.plataforma import ErrorDeEnvio, Plataforma, entregar_avisos
from asistente.plataformas.registro import configuradas, descargadores

registro_log = logging.getLogger("asistente.plataformas")


def reanudar_descargas(app: Aplicacion, plataformas: dict[str, Plataforma] | None = None,
                       antes_de: datetime | None = None) -> int:
    """Termina las descargas pendientes creadas antes de ``antes_de`` (las nuevas las atiende el
    proceso que las recibió) y publica cada respuesta en el canal e hilo del mensaje original.
    Devuelve cuántos mensajes se contestaron."""
    if plataformas is None:
        plataformas = configuradas(app)
    pares = reanudar(app, descargadores(app, plataformas), antes_de=antes_de)
    contestados = 0
    for lote, respuesta in pares:
        plataforma = plataformas.get(lote.espacio.split(":", 1)[0])
        if plataforma is None:
            continue
        try:
            plataforma.publicar(lote.espacio, lote.canal, respuesta, hilo=lote.hilo or None)
            contestados += 1
        except ErrorDeEnvio:
            registro_log.exception("no pude contestar en el hilo de %s tras reanudar sus descargas", lote.canal)
        if respuesta.avisos:
            entregar_avisos(plataforma, lote.espacio, respuesta.avisos)
    if pares:
        registro_log.info("reanudé las descargas pendientes de %s mensajes", len(pares))
    return contestados


def iniciar_reanudacion(app: Aplicacion, plataformas: dict[str, Plataforma] | None = None) -> threading.Thread:
    """``reanudar_descargas`` en un hilo aparte, para no retrasar el arranque del servidor web."""
    inicio = datetime.now(app.config.tz)

    def correr() -> None:
        try:
            reanudar_descargas(app, plataformas, antes_de=inicio)
        except Exception:
            registro_log.exception("falló la reanudación de las descargas pendientes")

    hilo = threading.Thread(target=correr, name="reanudar-descargas", daemon=True)
    hilo.start()
    return hilo
