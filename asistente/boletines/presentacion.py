"""La vista de un boletín: lo que muestran el chat, el PDF y el texto plano."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from asistente.archivo import consultas
from asistente.boletines import estilo
from asistente.boletines.borrador import bloque, dateline, datos_fijos
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.config import Config
from modelos import Boletin, EstadoBoletin, Evento, Persona

_VINETA = re.compile(r"^\s*(?:[-•*·]\s*|\d+[.)]\s+)")  # «- », «• », «1. » (pero no «1.2 millones»)


@dataclass(frozen=True)
class FotoBoletin:
    ruta: Path
    pie: str
    credito: str  # ya escrito: «Foto: Ana López» o el crédito fijo de la oficina

    @property
    def leyenda(self) -> str:
        credito = self.credito
        pie = self.pie.strip()
        if not pie:
            return credito
        return f"{pie if pie[-1] in '.!?' else pie + '.'} {credito}"


@dataclass
class VistaBoletin:
    numero: int
    anio: int
    folio: str
    encabezado: str
    membrete: list[str]
    dateline: str
    titular: str
    resumen: list[str]
    parrafos: list[str]
    cierre: str
    estado: str
    estado_texto: str
    autor: str
    evento_numero: int | None = None
    fotos: list[FotoBoletin] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    lema: str = ""
    pie: list[str] = field(default_factory=list)  # domicilio y contacto, al pie de cada hoja
    color: str = "#333333"


def _nombre(session: Session, persona_id: int | None) -> str:
    if persona_id is None:
        return "alguien"
    persona = session.get(Persona, persona_id)
    return persona.nombre_visible if persona else "alguien"


def _cuando(momento: datetime, config: Config) -> str:
    local = momento.astimezone(config.tz)
    return f"{fecha_en_palabras(local.date())} a las {local:%H:%M}"


def vista(session: Session, config: Config, boletin: Boletin) -> VistaBoletin:
    datos = datos_fijos(config, boletin.numero, boletin.anio)
    membrete = [linea.strip() for linea in estilo.comillas(bloque("membrete", datos)).splitlines() if linea.strip()]
    partes = {EstadoBoletin.BORRADOR: ["Borrador, sin aprobar"], EstadoBoletin.APROBADO: [], EstadoBoletin.PUBLICADO: [],
              EstadoBoletin.CANCELADO: ["Cancelado"]}[boletin.estado]
    if boletin.estado == EstadoBoletin.PUBLICADO and boletin.publicado is not None:
        partes.append(f"Publicado el {_cuando(boletin.publicado, config)}")
    if boletin.estado in (EstadoBoletin.APROBADO, EstadoBoletin.PUBLICADO) and boletin.aprobado is not None:
        partes.append(f"aprobado por {_nombre(session, boletin.aprobado_por_id)} el {_cuando(boletin.aprobado, config)}")
    if boletin.estado == EstadoBoletin.CANCELADO and boletin.motivo_cancelacion:
        partes[0] += f": {boletin.motivo_cancelacion}"
    estado_texto = " · ".join(partes)
    estado_texto = estado_texto[:1].upper() + estado_texto[1:]
    fotos: list[FotoBoletin] = []
    evento_numero = None
    if boletin.evento_id is not None:
        evento = session.get(Evento, boletin.evento_id)
        evento_numero = evento.numero if evento else None
        fotos = [FotoBoletin(f.ruta, estilo.comillas(f.pie), estilo.credito(config, f.credito))
                 for f in consultas.fotos_de_evento(session, config, boletin.evento_id, limite=4)]
    lugar = f"H. Ayuntamiento de {config.municipio}" if config.municipio else "H. Ayuntamiento"
    return VistaBoletin(
        numero=boletin.numero, anio=boletin.anio, folio=boletin.folio, encabezado=boletin.encabezado,
        membrete=membrete, dateline=dateline(config, boletin.fecha.astimezone(config.tz).date()),
        titular=estilo.comillas(boletin.titular),
        resumen=[estilo.comillas(_VINETA.sub("", linea).strip()) for linea in boletin.resumen.splitlines()
                 if _VINETA.sub("", linea).strip()],
        parrafos=[estilo.comillas(p.strip()) for p in re.split(r"\n\s*\n", boletin.cuerpo) if p.strip()],
        cierre=bloque("cierre", datos), estado=boletin.estado, estado_texto=estado_texto,
        autor=f"Dirección de Comunicación Social, {lugar}", evento_numero=evento_numero, fotos=fotos,
        urls=[u for u in boletin.urls.splitlines() if u], lema=estilo.comillas(config.lema),
        pie=estilo.pie_de_pagina(config), color=config.color,
    )
