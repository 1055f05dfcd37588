"""Cambios sobre archivos ya archivados, dentro de la transacción de una petición."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from asistente.archivo import almacen as alm
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.indice import indexar, texto_buscable
from asistente.coberturas import marcar_cumplida
from asistente.nucleo.config import Config
from modelos import Evento, Medio, Persona


def reindexar(session: Session, medio: Medio) -> None:
    evento = session.get(Evento, medio.evento_id) if medio.evento_id else None
    persona = session.get(Persona, medio.autor_id) if medio.autor_id else None
    medio.buscable = texto_buscable(medio, evento, persona)
    indexar(session, medio)


def enlazar(session: Session, config: Config, medio: Medio, evento: Evento, ahora: datetime) -> str:
    """Pasa el archivo a la carpeta del evento (en el disco y en la fila) y marca cumplida la
    cobertura de quien lo subió. Si la transacción se revierte, el archivo vuelve a su lugar. Una
    persona ya decidió su evento: deja de estar entre los de fecha dudosa."""
    almacen = almacen_de(config)
    tz = config.tz
    carpeta = alm.carpeta_de_evento(evento.inicio.astimezone(tz).date(), evento.numero, evento.titulo)
    anterior = medio.clave
    nueva = almacen.mover(anterior, carpeta)
    if nueva != anterior:
        carpeta_anterior = alm.carpeta_de(anterior)

        def deshacer(_session: Session) -> None:
            almacen.mover(nueva, carpeta_anterior)

        event.listen(session, "after_rollback", deshacer, once=True)
    medio.clave = nueva
    medio.nombre = alm.nombre_de(nueva)
    medio.evento_id = evento.id
    medio.fecha_dudosa = False
    reindexar(session, medio)
    if medio.autor_id:
        marcar_cumplida(session, evento.id, medio.autor_id, ahora)
    return nueva
