"""El hilo de anuncio de un evento (SPEC §4, regla 2): cuando un evento se anuncia en un canal, el
id del mensaje publicado queda en ``Evento.hilo_anuncio`` y los archivos que se contestan en ese hilo
van a ese evento.

Un comando no conoce el id del mensaje que lo anunciará: marca su respuesta con ``ancla`` (el id del
evento) y el adaptador, después de publicarla, llama a ``anclar`` con el id que le dio la plataforma
(el ``ts`` de Slack, el id del post de Mattermost).

Lo mismo vale para una factura (``Respuesta.anclada_a_factura``): el id del mensaje queda en
``Factura.hilo`` y el PDF que se contesta en ese hilo es la factura (``asistente.transparencia``); y
para la ficha de una nota de monitoreo (``Respuesta.anclada_a_nota``): la foto o el PDF de la página
impresa que se contesta en su hilo queda ligada a la nota.
"""

from __future__ import annotations

import logging

from sqlalchemy import update

from asistente.datos.bd import Fabrica, transaccion
from asistente.nucleo.plataforma import Plataforma
from asistente.nucleo.respuesta import Respuesta
from modelos import Evento, Factura, Nota, Solicitud

registro_log = logging.getLogger("asistente.plataformas")


def anclar(fabrica: Fabrica, evento_id: int, mensaje_id: str, tipo: str = "evento") -> bool:
    """Anota ``mensaje_id`` como hilo de anuncio del evento (o de la factura, con ``tipo="factura"``, o
    de la nota, con ``tipo="nota"``) si aún no tiene uno (el primer anuncio es el que vale). Devuelve si
    lo anotó."""
    if not mensaje_id:
        return False
    with transaccion(fabrica) as session:
        if tipo == "factura":
            consulta = update(Factura).where(Factura.id == evento_id, Factura.hilo == "").values(hilo=mensaje_id[:120])
        elif tipo == "nota":
            consulta = update(Nota).where(Nota.id == evento_id, Nota.hilo == "").values(hilo=mensaje_id[:120])
        else:
            consulta = update(Evento).where(Evento.id == evento_id, Evento.hilo_anuncio == "").values(
                hilo_anuncio=mensaje_id[:120])
        resultado = session.execute(consulta)
    return bool(getattr(resultado, "rowcount", 0))


def anclar_solicitud(fabrica: Fabrica, solicitud_id: int, canal: str, mensaje_id: str) -> bool:
    """Como ``anclar``, para el anuncio de una solicitud de un área (sus versiones llegan a su hilo)."""
    if not mensaje_id:
        return False
    with transaccion(fabrica) as session:
        resultado = session.execute(
            update(Solicitud).where(Solicitud.id == solicitud_id, Solicitud.hilo == "")
            .values(hilo=mensaje_id[:120], canal=canal[:120])
        )
    return bool(getattr(resultado, "rowcount", 0))


def publicar_anclada(fabrica: Fabrica, plataforma: Plataforma, espacio: str, canal: str, respuesta: Respuesta,
                     hilo: str | None = None) -> str | None:
    """Publica en un canal y, si la respuesta anuncia un evento (``ancla``), anota el id del mensaje
    como su hilo de anuncio. Lanza ``ErrorDeEnvio`` como ``publicar``."""
    mensaje_id = plataforma.publicar(espacio, canal, respuesta, hilo)
    if respuesta.ancla is not None and mensaje_id and not hilo:
        try:
            anclar(fabrica, respuesta.ancla, mensaje_id, respuesta.ancla_tipo)
        except Exception:  # el mensaje ya salió: que no se pierda por no poder anotarlo
            registro_log.exception("no pude anotar el hilo de anuncio (%s %s)", respuesta.ancla_tipo, respuesta.ancla)
    if respuesta.ancla_solicitud is not None and mensaje_id and not hilo:
        try:
            anclar_solicitud(fabrica, respuesta.ancla_solicitud, canal, mensaje_id)
        except Exception:
            registro_log.exception("no pude anotar el hilo de la solicitud %s", respuesta.ancla_solicitud)
    return mensaje_id
