"""Las cifras de un informe, contadas en la base: cada gráfica y cada tabla es una consulta agregada
(``GROUP BY``), nunca un recorrido en Python por los eventos o los archivos.

Con ``dependencias`` el informe es el de una dependencia (material del Informe de Gobierno): solo sus
eventos, los documentos y las fotos de esos eventos y las publicaciones de esos documentos.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Unpack
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, select, true
from sqlalchemy.orm import Session

from asistente.archivo.consultas import FotoDeEvento, fotos_de_evento
from asistente.monitoreo.notas import contar_por_tono
from asistente.nucleo.config import Config
from asistente.nucleo.texto import normalizar
from asistente.resultados.metas import Avance, avances
from asistente.resultados.periodos import Periodo, inicio_de_mes
from asistente.resultados.reglas import EMITIDOS, Columna, cubierto, por_tramos
from modelos import TIPOS_DOCUMENTO, Boletin, Difusion, EstadoEvento, Evento, Medio

# Una consulta de cualquier forma (SQLAlchemy 2.1 tipa ``Select`` por sus columnas).
Consulta = Select[Unpack[tuple[Any, ...]]]
DESTACADOS = 8  # eventos con foto en el PDF
NOMBRES_CANAL = {"facebook": "Facebook", "web": "Sitio web", "wordpress": "Sitio web", "whatsapp": "WhatsApp"}


@dataclass(frozen=True)
class EventoDelInforme:
    id: int
    numero: int
    inicio: datetime
    titulo: str
    dependencia: str
    lugar: str
    prioridad: str
    cubierto: bool
    fotos: int
    archivos: int


@dataclass(frozen=True)
class DocumentoDelInforme:
    encabezado: str  # «Boletín No. 045/2026»
    fecha: datetime
    titular: str
    estado: str
    evento: int | None


@dataclass(frozen=True)
class Destacado:
    evento: EventoDelInforme
    foto: FotoDeEvento | None


@dataclass
class Cifras:
    periodo: Periodo
    titulo: str
    dependencia: str = ""
    eventos: int = 0
    cancelados: int = 0
    cubiertos: int = 0
    archivos: int = 0
    fotos: int = 0
    semanas: list[tuple[datetime, int]] = field(default_factory=list)
    meses: list[tuple[int, int, int]] = field(default_factory=list)  # (mes, eventos, cubiertos)
    documentos_por_tipo: dict[str, int] = field(default_factory=dict)
    archivos_por_tipo: dict[str, int] = field(default_factory=dict)
    publicaciones_por_canal: dict[str, int] = field(default_factory=dict)
    notas_por_tono: dict[str, int] | None = None  # None: esta instalación aún no tiene monitoreo
    metas: list[Avance] = field(default_factory=list)
    lista_eventos: list[EventoDelInforme] = field(default_factory=list)
    lista_documentos: list[DocumentoDelInforme] = field(default_factory=list)
    destacados: list[Destacado] = field(default_factory=list)

    @property
    def documentos(self) -> int:
        return sum(self.documentos_por_tipo.values())

    @property
    def publicaciones(self) -> int:
        return sum(self.publicaciones_por_canal.values())

    @property
    def tasa_cobertura(self) -> float | None:
        return None if not self.eventos else round(100 * self.cubiertos / self.eventos, 1)

    @property
    def vacio(self) -> bool:
        return not (self.eventos or self.cancelados or self.archivos or self.documentos or self.publicaciones
                    or any(a.hecho for a in self.metas))


def dependencias_que_coinciden(session: Session, espacio_id: int, texto: str, desde: datetime,
                               hasta: datetime) -> tuple[list[str], list[str]]:
    """Las dependencias con eventos en el periodo cuyo nombre contiene ``texto`` (sin acentos ni
    mayúsculas), y todas las del periodo (para sugerirlas). Son pocas: se comparan en Python."""
    todas = [d for d in session.scalars(
        select(Evento.dependencia).where(Evento.espacio_id == espacio_id, Evento.inicio >= desde, Evento.inicio < hasta,
                                         Evento.dependencia != "").distinct()) if d.strip()]
    buscado = normalizar(texto)
    exactas = [d for d in todas if normalizar(d) == buscado]
    return (exactas or [d for d in todas if buscado in normalizar(d)]), sorted(todas)


def limites_semanales(desde: datetime, corte: datetime) -> list[datetime]:
    limites = [desde]
    while limites[-1] < corte:
        limites.append(min(corte, limites[-1] + timedelta(days=7)))
    return limites if len(limites) > 1 else [desde, desde]


def calcular(session: Session, config: Config, espacio_id: int, periodo: Periodo, titulo: str,
             dependencias: list[str] | None = None) -> Cifras:
    """Todas las cifras del informe: unas 30 consultas agregadas, las mismas con 50 eventos o con 5,000."""
    cifras = Cifras(periodo, titulo, ", ".join(dependencias or []))
    de_dependencia: ColumnElement[bool] = Evento.dependencia.in_(dependencias) if dependencias is not None else true()
    vivos = and_(Evento.espacio_id == espacio_id, de_dependencia, Evento.estado != EstadoEvento.CANCELADO)
    _eventos_del_periodo(session, cifras, and_(Evento.espacio_id == espacio_id, de_dependencia), vivos, config.tz)
    documentos = _emitidos(session, cifras, espacio_id, dependencias)
    _archivos_y_publicaciones(session, cifras, espacio_id, dependencias)
    if dependencias is None:  # las metas y las notas son de la oficina, no de una dependencia
        cifras.metas = avances(session, espacio_id, periodo, config.tz)
        por_tono = contar_por_tono(session, espacio_id, periodo.desde, periodo.corte)
        cifras.notas_por_tono = {(t or "sin calificar"): n for t, n in por_tono.items()}
    cifras.lista_eventos = _eventos(session, and_(vivos, Evento.inicio >= periodo.desde, Evento.inicio < periodo.corte))
    cifras.lista_documentos = _documentos(session, documentos)
    cifras.destacados = _destacados(session, config, cifras.lista_eventos)
    return cifras


def _eventos_del_periodo(session: Session, cifras: Cifras, de_quien: ColumnElement[bool], vivos: ColumnElement[bool],
                         tz: ZoneInfo) -> None:
    """Vivos, cancelados y cubiertos (una consulta), por semana y por mes (una cada uno)."""
    p = cifras.periodo
    fila = session.execute(
        select(func.count().filter(Evento.estado != EstadoEvento.CANCELADO),
               func.count().filter(Evento.estado == EstadoEvento.CANCELADO),
               func.count().filter(and_(Evento.estado != EstadoEvento.CANCELADO, cubierto())))
        .where(de_quien, Evento.inicio >= p.desde, Evento.inicio < p.corte)
    ).one()
    cifras.eventos, cifras.cancelados, cifras.cubiertos = (int(x or 0) for x in fila)
    base = select().select_from(Evento).where(vivos)
    semanas = limites_semanales(p.desde, p.corte)
    cifras.semanas = list(zip(semanas[:-1], por_tramos(session, base, Evento.inicio, semanas)))
    meses = [min(inicio_de_mes(p.anio, m, tz), p.corte) for m in range(p.primer_mes, p.primer_mes + p.meses + 1)]
    por_mes = por_tramos(session, base, Evento.inicio, meses)
    cubiertos = por_tramos(session, base.where(cubierto()), Evento.inicio, meses)
    cifras.meses = list(zip(p.numeros_de_mes, por_mes, cubiertos))


def _emitidos(session: Session, cifras: Cifras, espacio_id: int, dependencias: list[str] | None) -> Consulta:
    """Los documentos emitidos por tipo (los de una dependencia: los de sus eventos); devuelve la consulta
    para listar cada uno con su número."""
    p = cifras.periodo
    documentos = _de_sus_eventos(
        select(Boletin.tipo, func.count()).where(Boletin.espacio_id == espacio_id, Boletin.estado.in_(EMITIDOS),
                                                 Boletin.fecha >= p.desde, Boletin.fecha < p.corte),
        Boletin.evento_id, dependencias, espacio_id)
    cifras.documentos_por_tipo = {t: int(n) for t, n in session.execute(documentos.group_by(Boletin.tipo))}
    return documentos


def _archivos_y_publicaciones(session: Session, cifras: Cifras, espacio_id: int, dependencias: list[str] | None) -> None:
    p = cifras.periodo
    archivos = _de_sus_eventos(
        select(Medio.tipo, func.count()).where(Medio.espacio_id == espacio_id, Medio.fecha >= p.desde,
                                               Medio.fecha < p.corte),
        Medio.evento_id, dependencias, espacio_id)
    cifras.archivos_por_tipo = {t: int(n) for t, n in session.execute(archivos.group_by(Medio.tipo))}
    cifras.archivos = sum(cifras.archivos_por_tipo.values())
    cifras.fotos = cifras.archivos_por_tipo.get("foto", 0)
    publicaciones = _de_sus_eventos(
        select(Difusion.canal, func.count()).join(Boletin, Boletin.id == Difusion.boletin_id)
        .where(Difusion.espacio_id == espacio_id, Difusion.estado == "publicada", Difusion.publicada >= p.desde,
               Difusion.publicada < p.corte),
        Boletin.evento_id, dependencias, espacio_id)
    cifras.publicaciones_por_canal = {NOMBRES_CANAL.get(c, c.capitalize()): int(n)
                                      for c, n in session.execute(publicaciones.group_by(Difusion.canal))}


def _de_sus_eventos(consulta: Consulta, columna: Columna, dependencias: list[str] | None,
                    espacio_id: int) -> Consulta:
    if dependencias is None:
        return consulta
    return consulta.where(columna.in_(select(Evento.id).where(Evento.espacio_id == espacio_id,
                                                                Evento.dependencia.in_(dependencias))))


def _eventos(session: Session, donde: ColumnElement[bool]) -> list[EventoDelInforme]:
    """Cada evento con sus fotos y archivos (una consulta con ``GROUP BY``: la evidencia de las cifras)."""
    es_foto = func.count(Medio.id).filter(Medio.tipo == "foto")
    filas = session.execute(
        select(Evento.id, Evento.numero, Evento.inicio, Evento.titulo, Evento.dependencia, Evento.lugar, Evento.prioridad,
               cubierto().label("cubierto"), es_foto, func.count(Medio.id))
        .outerjoin(Medio, and_(Medio.espacio_id == Evento.espacio_id, Medio.evento_id == Evento.id))
        .where(donde).group_by(Evento.id).order_by(Evento.inicio, Evento.numero)
    )
    return [EventoDelInforme(ident, n, i, t, d, lu, p, bool(c), int(f), int(a))
            for ident, n, i, t, d, lu, p, c, f, a in filas]


def _documentos(session: Session, consulta: Consulta) -> list[DocumentoDelInforme]:
    filas = session.execute(
        consulta.with_only_columns(Boletin.tipo, Boletin.numero, Boletin.anio, Boletin.fecha, Boletin.titular,
                                   Boletin.estado, Evento.numero)
        .outerjoin(Evento, Evento.id == Boletin.evento_id).order_by(Boletin.fecha, Boletin.numero)
    )
    return [DocumentoDelInforme(f"{TIPOS_DOCUMENTO.get(tipo, tipo)} No. {numero:03d}/{anio}", fecha, titular,
                                str(estado), evento) for tipo, numero, anio, fecha, titular, estado, evento in filas]


def _destacados(session: Session, config: Config, eventos: list[EventoDelInforme]) -> list[Destacado]:
    """Los eventos con más fotos (la prioridad alta primero), cada uno con su mejor foto."""
    con_fotos = sorted((e for e in eventos if e.fotos), key=lambda e: (e.prioridad != "alta", -e.fotos, e.numero))
    destacados: list[Destacado] = []
    for evento in con_fotos[:DESTACADOS]:
        fotos = fotos_de_evento(session, config, evento.id, limite=1)
        destacados.append(Destacado(evento, fotos[0] if fotos else None))
    return destacados
