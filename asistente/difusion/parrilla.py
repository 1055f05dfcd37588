"""La parrilla de publicaciones (``/parrilla``): por día y por canal, lo programado, lo publicado y lo
que falló (con su motivo, para volver a intentarlo); los días sin nada se nombran."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.config import Config
from modelos import Boletin, Difusion

NOMBRES_CANAL = {"facebook": "Facebook", "web": "Sitio web"}


@dataclass
class Pieza:
    hora: str
    canal: str
    encabezado: str
    titular: str
    estado: str  # programada, publicada, fallida, publicando
    permalink: str = ""
    motivo: str = ""
    referencia: str = ""


@dataclass
class Dia:
    nombre: str
    piezas: list[Pieza] = field(default_factory=list)


def parrilla(session: Session, config: Config, espacio_id: int, desde: date, hasta: date) -> list[Dia]:
    """Los días ``[desde, hasta)`` con sus piezas, en orden de hora."""
    tz = config.tz
    inicio = datetime.combine(desde, time(0), tzinfo=tz)
    fin = datetime.combine(hasta, time(0), tzinfo=tz)
    filas = session.execute(
        select(Difusion, Boletin)
        .join(Boletin, Boletin.id == Difusion.boletin_id)
        .where(Difusion.espacio_id == espacio_id, Difusion.estado != "pendiente",
               or_(Difusion.publicada.between(inicio, fin), Difusion.programada.between(inicio, fin)))
    ).all()
    dias = {desde + timedelta(days=i): Dia(fecha_en_palabras(desde + timedelta(days=i)))
            for i in range((hasta - desde).days)}
    ordenadas = []
    for difusion, boletin in filas:
        momento = difusion.publicada if difusion.estado == "publicada" and difusion.publicada else difusion.programada
        if momento is None:
            continue
        local = momento.astimezone(tz)
        if local.date() not in dias:
            continue
        ordenadas.append((local, difusion.canal != "web", Pieza(
            f"{local:%H:%M}", NOMBRES_CANAL.get(difusion.canal, difusion.canal), boletin.encabezado,
            boletin.titular if len(boletin.titular) <= 80 else boletin.titular[:79] + "…", difusion.estado,
            difusion.permalink, difusion.motivo, boletin.referencia_corta), local.date()))
    for _local, _orden, pieza, dia in sorted(ordenadas, key=lambda t: (t[0], t[1])):
        dias[dia].piezas.append(pieza)
    return list(dias.values())
