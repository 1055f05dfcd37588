"""A quién se envía: ``todos``, un tipo (``radio``) o una lista de IDs (``1,3``), y qué correos tiene
cada medio. Los medios sin correo se dicen aparte: no se pierden en silencio."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.medios.directorio import leer_tipo
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.texto import normalizar
from modelos import ContactoDeMedio, MedioDeComunicacion

_IDS = re.compile(r"^#?\d{1,9}(\s*,\s*#?\d{1,9})*$")


@dataclass
class Destinatario:
    medio: MedioDeComunicacion
    correos: list[str] = field(default_factory=list)


def elegir(session: Session, espacio_id: int, texto: str) -> list[Destinatario]:
    texto = texto.strip()
    consulta = select(MedioDeComunicacion).where(MedioDeComunicacion.espacio_id == espacio_id)
    ids: list[int] = []
    if not texto or normalizar(texto) in ("todos", "todas", "todo"):
        pass
    elif _IDS.match(texto):
        ids = sorted({int(p.strip().lstrip("#")) for p in texto.split(",")})
        consulta = consulta.where(MedioDeComunicacion.id.in_(ids))
    else:
        try:
            tipo = leer_tipo(texto)
        except ErrorDeUsuario:
            raise ErrorDeUsuario(f"«{texto}» no es «todos», un tipo de medio (impreso, radio, tv, portal, redes) "
                                 "ni una lista de IDs (1,3).") from None
        consulta = consulta.where(MedioDeComunicacion.tipo == tipo)
    medios = list(session.scalars(consulta.order_by(MedioDeComunicacion.tipo, MedioDeComunicacion.nombre_normalizado)))
    if ids:
        faltan = sorted(set(ids) - {m.id for m in medios})
        if faltan:
            raise NoEncontrado(f"No hay medio con ID {', '.join(map(str, faltan))} en el directorio (ver /medios).")
    if not medios:
        raise ErrorDeUsuario("No hay medios a quién enviarlo. Agrégalos con /medios agregar nombre | tipo | contacto | correo.")
    correos: dict[int, list[str]] = {}
    for c in session.scalars(select(ContactoDeMedio).where(
            ContactoDeMedio.medio_id.in_([m.id for m in medios]), ContactoDeMedio.correo != "").order_by(ContactoDeMedio.id)):
        correos.setdefault(c.medio_id, []).append(c.correo)
    return [Destinatario(m, correos.get(m.id, [])) for m in medios]
