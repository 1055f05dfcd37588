"""La síntesis informativa de un día: las notas de ayer y de ese día (la síntesis de las 08:30 recoge lo
publicado desde la mañana anterior), cuántas de cada tono y las notas agrupadas por tema, cada una con
su medio, su titular y su enlace. En el chat (``plantillas/sintesis.j2``) y en PDF (``pdf``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.archivo.paginas import paginas_de
from asistente.fechas.palabras import fecha_en_palabras
from asistente.monitoreo.notas import notas_entre
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos
from modelos import TONOS, Boletin, Nota

SIN_TEMA = "sin tema"


@dataclass(frozen=True)
class LineaDeSintesis:
    id: int
    medio: str
    titular: str
    url: str
    tono: str
    tipo: str
    pagina: str
    documento: str  # el folio del documento que reporta, si se empató
    paginas: tuple[int, ...] = ()  # los IDs de archivo de las fotos (o PDF) de su página impresa, en orden

    @property
    def fotos(self) -> str:
        """«2 fotos de la página (archivos 14 y 15)», o «» si no tiene."""
        if not self.paginas:
            return ""
        ids = [str(i) for i in self.paginas]
        lista = ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} y {ids[-1]}"
        return f"{cuantos(len(ids), 'foto')} de la página ({'archivo' if len(ids) == 1 else 'archivos'} {lista})"


@dataclass
class Sintesis:
    dia: date
    desde: datetime
    hasta: datetime
    tonos: dict[str, int] = field(default_factory=dict)
    temas: list[tuple[str, list[LineaDeSintesis]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(n) for _t, n in self.temas)


def ventana(dia: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """De las 00:00 de ayer a las 00:00 de mañana, en la hora de la oficina."""
    return (datetime.combine(dia - timedelta(days=1), time(0), tz),
            datetime.combine(dia + timedelta(days=1), time(0), tz))


def armar(session: Session, espacio_id: int, dia: date, tz: ZoneInfo) -> Sintesis:
    desde, hasta = ventana(dia, tz)
    notas = notas_entre(session, espacio_id, desde, hasta)
    ids = {n.boletin_id for n in notas if n.boletin_id}
    folios = {b.id: b.encabezado for b in session.scalars(select(Boletin).where(Boletin.id.in_(ids)))} if ids else {}
    paginas = {nota_id: [m.id for m in medios] for nota_id, medios in paginas_de(session, (n.id for n in notas)).items()}
    return de_notas(notas, dia, desde, hasta, folios, paginas)


def respuesta(session: Session, espacio_id: int, dia: date, tz: ZoneInfo, hoy: date | None = None) -> Respuesta:
    """La síntesis como mensaje (la del comando y la que publica el programador). ``hoy``: el día de quien
    la pide; la de otro día dice de qué días no hay notas, no «de ayer ni de hoy»."""
    hoy = hoy or dia
    periodo = ("de ayer ni de hoy" if hoy == dia
               else f"del {dia_en_palabras(dia - timedelta(days=1), hoy)} ni del {dia_en_palabras(dia, hoy)}")
    return Respuesta.plantilla("sintesis.j2", s=armar(session, espacio_id, dia, tz), dia=dia_en_palabras(dia, hoy),
                               fecha=dia.isoformat(), periodo=periodo, publica=True)


def dia_en_palabras(dia: date, hoy: date) -> str:
    """«martes 30 de diciembre», con el año si no es el de ``hoy`` (como la agenda): la síntesis del 30 de
    diciembre pedida en enero, o una vieja, no se confunde con la de este año."""
    return fecha_en_palabras(dia, con_anio=dia.year != hoy.year)


def de_notas(notas: list[Nota], dia: date, desde: datetime, hasta: datetime, folios: dict[int, str],
             paginas: dict[int, list[int]] | None = None) -> Sintesis:
    s = Sintesis(dia, desde, hasta, tonos=dict.fromkeys((*TONOS, ""), 0))
    grupos: dict[str, list[LineaDeSintesis]] = {}
    for n in notas:
        s.tonos[n.tono] = s.tonos.get(n.tono, 0) + 1
        grupos.setdefault(n.tema or SIN_TEMA, []).append(LineaDeSintesis(
            n.id, n.medio or "medio sin nombre", n.titular, n.url or "", n.tono, n.tipo, n.pagina,
            folios.get(n.boletin_id or 0, ""), tuple((paginas or {}).get(n.id, ()))))
    # Los temas por número de notas (el más comentado arriba); «sin tema» al final.
    s.temas = sorted(grupos.items(), key=lambda par: (par[0] == SIN_TEMA, -len(par[1]), par[0]))
    return s
