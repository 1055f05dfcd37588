"""El puerto de las plataformas: lo que cumple cada una (Slack, Mattermost, consola) para que el
núcleo, el archivo y el programador le hablen sin conocerla, y los errores de envío."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from asistente.nucleo.respuesta import Aviso, Respuesta

registro_log = logging.getLogger("asistente.plataformas")


class ErrorDeEnvio(Exception):
    """La plataforma no aceptó un mensaje (canal inexistente, bot fuera del canal, token revocado)."""


class EspacioInaccesible(ErrorDeEnvio):
    """Nada se puede enviar a ese espacio (token revocado, app desinstalada): el programador lo
    registra, deja de intentar en ese espacio durante la pasada y sigue con los demás."""


class Plataforma(Protocol):
    """Lo que el núcleo necesita de una plataforma para publicar por su cuenta."""

    nombre: str

    def publicar(self, espacio: str, canal: str, respuesta: Respuesta, hilo: str | None = None) -> str | None:
        """Publica en un canal (o en un hilo); devuelve el id del mensaje. Lanza ``ErrorDeEnvio``."""
        ...

    def mensaje_directo(self, espacio: str, usuario: str, respuesta: Respuesta) -> str | None:
        """Manda un mensaje directo a una persona. Lanza ``ErrorDeEnvio``."""
        ...

    def ya_publicada(self, espacio: str, destino: str, marca: str, desde: datetime, directo: bool) -> bool:
        """¿Hay desde ``desde`` un mensaje del bot con ``marca`` (``Respuesta.marca``) en el canal
        ``destino`` o, si ``directo``, en el mensaje directo con la persona ``destino``? Antes de
        reenviar lo que un choque dejó a medias. Lanza ``ErrorDeEnvio`` si no lo puede saber."""
        ...


def entregar_avisos(plataforma: Plataforma, espacio: str, avisos: list[Aviso]) -> None:
    """Entrega los avisos de una respuesta (después del commit). Un aviso que falla no detiene a
    los demás: se registra."""
    for aviso in avisos:
        try:
            if aviso.usuario:
                plataforma.mensaje_directo(espacio, aviso.usuario, aviso.respuesta)
            elif aviso.canal:
                plataforma.publicar(espacio, aviso.canal, aviso.respuesta, aviso.hilo)
        except Exception:
            registro_log.exception("no se pudo entregar un aviso en %s", espacio)
