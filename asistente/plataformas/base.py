"""El contrato que cumple cada plataforma para que el núcleo y el programador le hablen sin
conocerla."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from asistente.respuesta import Aviso, Respuesta

if TYPE_CHECKING:
    from asistente.bd import Fabrica

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


def publicar_anclada(fabrica: "Fabrica", plataforma: Plataforma, espacio: str, canal: str, respuesta: Respuesta,
                     hilo: str | None = None) -> str | None:
    """Publica en un canal y, si la respuesta anuncia un evento (``ancla``), anota el id del mensaje
    como su hilo de anuncio. Lanza ``ErrorDeEnvio`` como ``publicar``."""
    mensaje_id = plataforma.publicar(espacio, canal, respuesta, hilo)
    if respuesta.ancla is not None and mensaje_id and not hilo:
        from asistente.anuncios import anclar

        try:
            anclar(fabrica, respuesta.ancla, mensaje_id)
        except Exception:  # el mensaje ya salió: que no se pierda por no poder anotarlo
            registro_log.exception("no pude anotar el hilo de anuncio del evento %s", respuesta.ancla)
    return mensaje_id


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
