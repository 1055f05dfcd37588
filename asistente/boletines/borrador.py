"""El borrador de un boletín, redactado a partir de un evento.

El texto sale de ``plantillas/boletin_borrador.j2``: cada parte (membrete, titular, resumen, cuerpo,
cierre) es un ``{% block %}`` que la oficina puede redactar a su gusto.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.boletines.estados import anotar_version
from asistente.boletines.numeros import clave_contador, folio
from asistente.boletines.textos import MAX_TITULAR
from asistente.coberturas import VIVAS
from asistente.datos.numeracion import siguiente_numero
from asistente.fechas.palabras import (
    fecha_de_dateline,
    fecha_en_palabras,
    momento_en_palabras,
)
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.render import entorno
from modelos import Asignacion, Boletin, EstadoBoletin, EstadoEvento, Evento, Persona

PLANTILLA_BORRADOR = "boletin_borrador.j2"


class ErrorDePlantilla(ErrorDeUsuario):
    """La plantilla del boletín, editada a mano, tiene un error: se dice cuál y dónde."""


def bloque(nombre: str, datos: dict[str, Any]) -> str:
    """Una parte (``{% block nombre %}``) de la plantilla del borrador; sus errores, en palabras."""
    try:
        plantilla = entorno("texto").get_template(PLANTILLA_BORRADOR)
        if nombre not in plantilla.blocks:
            raise ErrorDePlantilla(
                f"A la plantilla plantillas/{PLANTILLA_BORRADOR} le falta la parte {{% block {nombre} %}}…{{% endblock %}}."
            )
        texto = "".join(plantilla.blocks[nombre](plantilla.new_context(datos)))
    except TemplateSyntaxError as error:
        raise ErrorDePlantilla(
            f"La plantilla plantillas/{PLANTILLA_BORRADOR} tiene un error en la línea {error.lineno}: {error.message}."
        ) from None
    except TemplateError as error:
        raise ErrorDePlantilla(
            f"La plantilla plantillas/{PLANTILLA_BORRADOR} tiene un error en la parte «{nombre}»: {error.message}."
        ) from None
    return re.sub(r"\n{3,}", "\n\n", texto).strip()


def datos_fijos(config: Config, numero: int, anio: int) -> dict[str, Any]:
    """Lo que toda parte de la plantilla puede usar: municipio, estado, folio y año."""
    return {"municipio": config.municipio, "estado": config.estado, "folio": folio(numero, anio), "anio": anio}


def dateline(config: Config, dia: date) -> str:
    """``Tlalchapa, Gro., a 12 de marzo de 2026.-`` (sin municipio configurado: ``A 12 de marzo…``)."""
    lugar = ", ".join(p for p in (config.municipio, config.estado) if p)
    fecha = fecha_de_dateline(dia)
    return f"{lugar}, a {fecha}.-" if lugar else f"A {fecha}.-"


def _redaccion(session: Session, evento: Evento) -> list[dict[str, str]]:
    """Quién redacta el evento y sus notas (si la asignación las tiene)."""
    filas = session.execute(
        select(Asignacion, Persona)
        .join(Persona, Persona.id == Asignacion.persona_id)
        .where(Asignacion.evento_id == evento.id, Asignacion.rol == "redacción",
               Asignacion.estado.in_(VIVAS))
        .order_by(Asignacion.id)
    ).all()
    return [{"nombre": p.nombre_visible, "notas": str(getattr(a, "notas", "") or "").strip()} for a, p in filas]


def crear_borrador(session: Session, peticion: Peticion, evento: Evento) -> Boletin:
    """Un borrador numerado (el siguiente número del año) redactado con la plantilla."""
    if evento.estado == EstadoEvento.CANCELADO:
        raise ErrorDeUsuario(f"El evento #{evento.numero} está cancelado: no se redacta boletín de un evento cancelado.")
    config = peticion.config
    tz = config.tz
    inicio, fin = evento.inicio.astimezone(tz), evento.fin.astimezone(tz)
    # La fecha del boletín es hoy, o el día del evento si se redacta antes (no sale antes del evento);
    # su año es el de la numeración.
    fecha = max(peticion.ahora.astimezone(tz), inicio.replace(hour=0, minute=0, second=0, microsecond=0))
    anio = fecha.year
    datos_evento = {
        "numero": evento.numero, "titulo": evento.titulo, "lugar": evento.lugar, "dependencia": evento.dependencia,
        "preside": evento.preside, "notas": evento.notas.strip(), "dia": fecha_en_palabras(inicio.date()),
        "hora": f"{inicio:%H:%M}" if evento.con_hora else "", "momento": momento_en_palabras(inicio, fin, evento.con_hora),
    }
    redaccion = _redaccion(session, evento)
    # El número se toma lo más tarde posible: la fila del contador queda bloqueada hasta el commit.
    numero = siguiente_numero(session, peticion.espacio_id, clave_contador(anio))
    datos = datos_fijos(config, numero, anio) | {
        "fecha": dateline(config, fecha.date()), "evento": datos_evento, "redaccion": redaccion,
    }
    boletin = Boletin(
        espacio_id=peticion.espacio_id, anio=anio, numero=numero, evento_id=evento.id, estado=EstadoBoletin.BORRADOR,
        titular=bloque("titular", datos)[:MAX_TITULAR], resumen=bloque("resumen", datos),
        cuerpo=bloque("cuerpo", datos), fecha=fecha, urls="", creado_por_id=peticion.persona_id,
        creado=peticion.ahora, actualizado=peticion.ahora,
    )
    session.add(boletin)
    session.flush()
    anotar_version(session, boletin, peticion, "creado", f"borrador del evento #{evento.numero}")
    return boletin


def otros_del_evento(session: Session, boletin: Boletin) -> list[Boletin]:
    if boletin.evento_id is None:
        return []
    return list(session.scalars(
        select(Boletin).where(Boletin.evento_id == boletin.evento_id, Boletin.id != boletin.id,
                              Boletin.estado != EstadoBoletin.CANCELADO).order_by(Boletin.anio, Boletin.numero)
    ))
