"""El borrador de un documento: un boletín redactado a partir de un evento, o un documento sin
evento de cualquier tipo (comunicado, aviso, convocatoria…).

El texto sale de ``plantillas/boletin_borrador.j2`` (el boletín de un evento; también da el membrete y
el cierre de todos) y de ``plantillas/documento_<tipo>.j2`` (los documentos sin evento): cada parte
es un ``{% block %}`` que la oficina puede redactar a su gusto.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.boletines import estilo
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
from modelos import (
    TIPOS_DOCUMENTO,
    Asignacion,
    Boletin,
    EstadoBoletin,
    EstadoEvento,
    Evento,
    Persona,
)

PLANTILLA_BORRADOR = "boletin_borrador.j2"


class ErrorDePlantilla(ErrorDeUsuario):
    """La plantilla del boletín, editada a mano, tiene un error: se dice cuál y dónde."""


def plantilla_de_documento(tipo: str) -> str:
    """La plantilla de un documento sin evento: ``documento_comunicado.j2``."""
    return f"documento_{tipo}.j2"


def bloque(nombre: str, datos: dict[str, Any], archivo: str = PLANTILLA_BORRADOR) -> str:
    """Una parte (``{% block nombre %}``) de una plantilla de documento; sus errores, en palabras."""
    try:
        plantilla = entorno("texto").get_template(archivo)
        if nombre not in plantilla.blocks:
            raise ErrorDePlantilla(
                f"A la plantilla plantillas/{archivo} le falta la parte {{% block {nombre} %}}…{{% endblock %}}."
            )
        texto = "".join(plantilla.blocks[nombre](plantilla.new_context(datos)))
    except TemplateSyntaxError as error:
        raise ErrorDePlantilla(
            f"La plantilla plantillas/{archivo} tiene un error en la línea {error.lineno}: {error.message}."
        ) from None
    except TemplateError as error:
        raise ErrorDePlantilla(
            f"La plantilla plantillas/{archivo} tiene un error en la parte «{nombre}»: {error.message}."
        ) from None
    return re.sub(r"\n{3,}", "\n\n", texto).strip()


def datos_fijos(config: Config, numero: int, anio: int) -> dict[str, Any]:
    """Lo que toda parte de la plantilla puede usar: municipio, estado, folio, año y el membrete
    (administración, lema, contacto, la cabeza del ayuntamiento)."""
    return {"municipio": config.municipio, "estado": config.estado, "folio": folio(numero, anio), "anio": anio,
            **estilo.membrete(config)}


def redactado(nombre: str, datos: dict[str, Any], archivo: str = PLANTILLA_BORRADOR) -> str:
    """Una parte que escribe el asistente, en el estilo de la casa (comillas “…”)."""
    return estilo.comillas(bloque(nombre, datos, archivo))


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
        "preside": evento.preside, "notas": evento.notas.strip(), "hechos": estilo.hechos(evento.notas),
        "entrada": estilo.entrada(evento.preside, evento.titulo, config), "dia": fecha_en_palabras(inicio.date()),
        "hora": f"{inicio:%H:%M}" if evento.con_hora else "", "momento": momento_en_palabras(inicio, fin, evento.con_hora),
    }
    redaccion = _redaccion(session, evento)
    # El número se toma lo más tarde posible: la fila del contador queda bloqueada hasta el commit.
    numero = siguiente_numero(session, peticion.espacio_id, clave_contador(anio, periodo=config.periodo_numeracion))
    datos = datos_fijos(config, numero, anio) | {
        "fecha": dateline(config, fecha.date()), "evento": datos_evento, "redaccion": redaccion,
    }
    boletin = Boletin(
        espacio_id=peticion.espacio_id, anio=anio, numero=numero, evento_id=evento.id, estado=EstadoBoletin.BORRADOR,
        titular=redactado("titular", datos)[:MAX_TITULAR], resumen=redactado("resumen", datos),
        cuerpo=redactado("cuerpo", datos), fecha=fecha, urls="", creado_por_id=peticion.persona_id,
        creado=peticion.ahora, actualizado=peticion.ahora,
    )
    session.add(boletin)
    session.flush()
    anotar_version(session, boletin, peticion, "creado", f"borrador del evento #{evento.numero}")
    return boletin


def crear_documento(session: Session, peticion: Peticion, tipo: str, titulo: str) -> Boletin:
    """Un documento sin evento (``/boletin nuevo comunicado Título``), con el siguiente número de la
    serie de su tipo y el texto de ``plantillas/documento_<tipo>.j2``."""
    titulo = " ".join(titulo.split())
    if not titulo:
        raise ErrorDeUsuario(f"Falta el título del {TIPOS_DOCUMENTO[tipo].lower()}.")
    if len(titulo) > MAX_TITULAR:
        raise ErrorDeUsuario(f"El título es muy largo ({len(titulo)} caracteres; máximo {MAX_TITULAR}).")
    config = peticion.config
    fecha = peticion.ahora.astimezone(config.tz)
    anio = fecha.year
    archivo = plantilla_de_documento(tipo)
    numero = siguiente_numero(session, peticion.espacio_id, clave_contador(anio, tipo, config.periodo_numeracion))
    datos = datos_fijos(config, numero, anio) | {
        "fecha": dateline(config, fecha.date()), "titulo": titulo, "tipo": TIPOS_DOCUMENTO[tipo],
    }
    boletin = Boletin(
        espacio_id=peticion.espacio_id, tipo=tipo, anio=anio, numero=numero, evento_id=None, estado="borrador",
        titular=titulo, resumen=redactado("resumen", datos, archivo), cuerpo=redactado("cuerpo", datos, archivo),
        fecha=fecha, urls="", creado_por_id=peticion.persona_id, creado=peticion.ahora, actualizado=peticion.ahora,
    )
    session.add(boletin)
    session.flush()
    anotar_version(session, boletin, peticion, "creado", f"{TIPOS_DOCUMENTO[tipo].lower()} sin evento")
    return boletin


def otros_del_evento(session: Session, boletin: Boletin) -> list[Boletin]:
    if boletin.evento_id is None:
        return []
    return list(session.scalars(
        select(Boletin).where(Boletin.evento_id == boletin.evento_id, Boletin.id != boletin.id,
                              Boletin.estado != EstadoBoletin.CANCELADO).order_by(Boletin.anio, Boletin.numero)
    ))
