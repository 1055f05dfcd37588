"""Lo que dice cada publicación programada, con los datos cargados en lote para todos los espacios
de una pasada: el número de consultas no crece con el número de espacios."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from asistente.agenda.eventos import empieza_entre
from asistente.agenda.vistas import VistaEvento, rango_del_dia, vistas
from asistente.boletines.estilo import quien_preside
from asistente.coberturas import POR_CUMPLIR
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.config import Config
from asistente.nucleo.respuesta import Respuesta
from modelos import (
    Asignacion,
    Boletin,
    EstadoBoletin,
    EstadoEvento,
    Evento,
    Medio,
    Persona,
    Veda,
)

SEMANA = timedelta(days=7)


@dataclass
class DatosEspacio:
    """Los eventos de la semana pasada a la próxima (con su cobertura) y las cifras de un espacio."""

    eventos: list[VistaEvento] = field(default_factory=list)
    borradores: list[tuple[str, str]] = field(default_factory=list)  # (folio, titular)
    archivos_semana_pasada: int = 0
    boletines_semana_pasada: int = 0
    veda: str = ""  # la línea de VEDA de la agenda del día, si hoy hay veda
    # Los números de los eventos de la semana pasada con archivos o con boletín emitido: cuentan como
    # cubiertos aunque nadie haya aceptado la cobertura (como en /agenda ver).
    con_evidencia: set[int] = field(default_factory=set)


def cargar(
    session: Session, para_agenda: Iterable[int], para_resumen: Iterable[int], hoy: date, tz: ZoneInfo,
    config: Config | None = None,
) -> dict[int, DatosEspacio]:
    """Los datos de todos los espacios que publican en esta pasada: 2 consultas para los eventos y su
    cobertura, 1 para la veda si alguno publica la agenda, 3 más si alguno publica su resumen."""
    agenda, resumen = set(para_agenda), set(para_resumen)
    datos: dict[int, DatosEspacio] = defaultdict(DatosEspacio)
    if not agenda and not resumen:
        return datos
    dia_desde, dia_hasta = rango_del_dia(hoy, tz)
    _cargar_eventos(session, datos, agenda - resumen, resumen, (dia_desde, dia_hasta), tz, config)
    if agenda:
        _cargar_veda(session, datos, agenda, hoy)
    if resumen:
        _cargar_cifras(session, datos, sorted(resumen), dia_desde)
    return datos


def _cargar_eventos(
    session: Session, datos: dict[int, DatosEspacio], solo_agenda: set[int], resumen: set[int],
    dia: tuple[datetime, datetime], tz: ZoneInfo, config: Config | None = None,
) -> None:
    """Los eventos con su cobertura: los de hoy para quien solo publica la agenda, los de la semana
    pasada a la próxima para quien publica el resumen (también le sirven para la agenda)."""
    dia_desde, dia_hasta = dia
    condiciones = []
    if solo_agenda:
        condiciones.append(and_(Evento.espacio_id.in_(sorted(solo_agenda)), empieza_entre(dia_desde, dia_hasta)))
    if resumen:
        condiciones.append(and_(Evento.espacio_id.in_(sorted(resumen)),
                                empieza_entre(dia_desde - SEMANA, dia_desde + SEMANA)))
    eventos = session.scalars(select(Evento).where(or_(*condiciones)).order_by(Evento.inicio, Evento.numero)).all()
    for evento, v in zip(eventos, vistas(session, eventos, tz)):
        if config is not None and v.preside:  # «presidente municipal Juana» → el cargo como lo dice la oficina
            v = replace(v, preside=quien_preside(v.preside, config))
        datos[evento.espacio_id].eventos.append(v)


def _cargar_cifras(session: Session, datos: dict[int, DatosEspacio], ids: list[int], dia_desde: datetime) -> None:
    """Lo que solo dice el resumen: boletines en borrador y las cifras de la semana pasada."""
    semana_desde = dia_desde - SEMANA
    for espacio_id, anio, numero, titular in session.execute(
        select(Boletin.espacio_id, Boletin.anio, Boletin.numero, Boletin.titular)
        .where(Boletin.espacio_id.in_(ids), Boletin.estado == EstadoBoletin.BORRADOR)
        .order_by(Boletin.anio, Boletin.numero)
    ):
        datos[espacio_id].borradores.append((f"{numero:03d}/{anio}", titular))
    for espacio_id, cuantos in session.execute(
        select(Medio.espacio_id, func.count(Medio.id))
        .where(Medio.espacio_id.in_(ids), Medio.subido >= semana_desde, Medio.subido < dia_desde)
        .group_by(Medio.espacio_id)
    ):
        datos[espacio_id].archivos_semana_pasada = int(cuantos)
    for espacio_id, cuantos in session.execute(
        select(Boletin.espacio_id, func.count(Boletin.id))
        .where(Boletin.espacio_id.in_(ids), Boletin.estado.in_((EstadoBoletin.APROBADO, EstadoBoletin.PUBLICADO)),
               Boletin.fecha >= semana_desde, Boletin.fecha < dia_desde)
        .group_by(Boletin.espacio_id)
    ):
        datos[espacio_id].boletines_semana_pasada = int(cuantos)
    con_archivos = select(Medio.id).where(Medio.evento_id == Evento.id).exists()
    con_boletin = select(Boletin.id).where(
        Boletin.evento_id == Evento.id, Boletin.estado.in_((EstadoBoletin.APROBADO, EstadoBoletin.PUBLICADO))).exists()
    for espacio_id, numero in session.execute(
        select(Evento.espacio_id, Evento.numero)
        .where(Evento.espacio_id.in_(ids), Evento.inicio >= semana_desde, Evento.inicio < dia_desde,
               or_(con_archivos, con_boletin))
    ):
        datos[espacio_id].con_evidencia.add(int(numero))


def _cargar_veda(session: Session, datos: dict[int, DatosEspacio], agenda: set[int], hoy: date) -> None:
    """La línea de VEDA de la agenda del día, para los espacios que hoy están en veda."""
    for veda in session.scalars(select(Veda).where(Veda.espacio_id.in_(sorted(agenda)), Veda.tipo == "veda",
                                                   Veda.inicio <= hoy, Veda.fin >= hoy)):
        motivo = f" ({veda.motivo})" if veda.motivo else ""
        datos[veda.espacio_id].veda = (
            f"🚫 VEDA{motivo} hasta el {fecha_en_palabras(veda.fin)}: no se aprueba, publica ni programa nada "
            "salvo los temas salud, educación y protección civil.")


# --- agenda del día --------------------------------------------------------------------------------
def agenda_del_dia(datos: DatosEspacio, hoy: date) -> Respuesta:
    eventos = [e for e in datos.eventos if e.inicio.date() == hoy]
    huecos = [(e, e.huecos) for e in eventos if e.estado != EstadoEvento.CANCELADO and e.huecos]
    return Respuesta.plantilla(
        "agenda_del_dia.j2", publica=True, fecha=fecha_en_palabras(hoy, con_anio=True), eventos=eventos, huecos=huecos,
        veda=datos.veda,
    )


# --- resumen semanal -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SinAceptar:
    persona: str
    rol: str
    evento: VistaEvento


def resumen_semanal(datos: DatosEspacio, hoy: date) -> Respuesta:
    fin = hoy + timedelta(days=6)
    semana = [e for e in datos.eventos if hoy <= e.inicio.date() <= fin and e.estado != EstadoEvento.CANCELADO]
    pasada = [e for e in datos.eventos if e.inicio.date() < hoy and e.estado != EstadoEvento.CANCELADO]
    dias: dict[str, list[VistaEvento]] = {}
    for e in semana:
        dias.setdefault(fecha_en_palabras(e.inicio.date()), []).append(e)
    sin_aceptar = [
        SinAceptar(p.nombre, c.rol, e)
        for e in semana for c in e.cobertura for p in c.personas if p.estado == "asignada"
    ]
    cubiertos = [e for e in pasada if e.numero in datos.con_evidencia
                 or any(c.estado in ("aceptada", "cumplida") for c in e.cobertura)]
    return Respuesta.plantilla(
        "resumen_semanal.j2", publica=True,
        desde=fecha_en_palabras(hoy), hasta=fecha_en_palabras(fin),
        pasada_desde=fecha_en_palabras(hoy - SEMANA), pasada_hasta=fecha_en_palabras(hoy - timedelta(days=1)),
        dias=dias, huecos=[(e, e.huecos) for e in semana if e.huecos], sin_aceptar=sin_aceptar,
        borradores=datos.borradores, realizados=len(pasada), cubiertos=len(cubiertos),
        archivos=datos.archivos_semana_pasada, boletines=datos.boletines_semana_pasada,
    )


# --- recordatorios ---------------------------------------------------------------------------------
@dataclass
class Recordatorio:
    """Lo que se le recuerda a una persona de un evento (todos sus roles en ese evento juntos)."""

    espacio_id: int
    evento_id: int
    numero: int
    titulo: str
    inicio: datetime
    fin: datetime
    lugar: str
    preside: str
    usuario_id: str
    nombre: str
    roles: list[str] = field(default_factory=list)

    @property
    def periodo(self) -> str:
        """La hora de inicio va en la clave: un evento movido tiene un recordatorio nuevo."""
        return f"e{self.evento_id}@{self.inicio.astimezone(ZoneInfo('UTC')):%Y-%m-%dT%H:%MZ}"


def recordatorios(session: Session, leads: dict[int, int], ahora: datetime) -> list[Recordatorio]:
    """Asignaciones vivas (asignada o aceptada) de eventos programados con hora que empiezan dentro
    del aviso de su espacio (``leads``: minutos por espacio). Una consulta para todos los espacios."""
    activos = {e: m for e, m in leads.items() if m > 0}
    if not activos:
        return []
    filas = session.execute(
        select(Asignacion.rol, Evento, Persona.usuario_id, Persona.nombre, Persona.usuario)
        .join(Evento, Evento.id == Asignacion.evento_id)
        .join(Persona, Persona.id == Asignacion.persona_id)
        .where(
            Asignacion.espacio_id.in_(sorted(activos)),
            Asignacion.estado.in_(POR_CUMPLIR),
            Evento.estado == EstadoEvento.PROGRAMADO,
            Evento.con_hora.is_(True),
            Evento.inicio > ahora,
            Evento.inicio <= ahora + timedelta(minutes=max(activos.values())),
        )
        .order_by(Evento.inicio, Evento.id, Asignacion.id)
    ).all()
    por_clave: dict[tuple[int, str], Recordatorio] = {}
    for rol, evento, usuario_id, nombre, usuario in filas:
        if evento.inicio - timedelta(minutes=activos[evento.espacio_id]) > ahora:
            continue
        r = por_clave.get((evento.id, usuario_id))
        if r is None:
            r = por_clave[(evento.id, usuario_id)] = Recordatorio(
                espacio_id=evento.espacio_id, evento_id=evento.id, numero=evento.numero, titulo=evento.titulo,
                inicio=evento.inicio, fin=evento.fin, lugar=evento.lugar, preside=evento.preside,
                usuario_id=usuario_id, nombre=nombre or usuario or usuario_id,
            )
        if rol not in r.roles:
            r.roles.append(rol)
    return list(por_clave.values())


def recordatorio(r: Recordatorio, ahora: datetime, tz: ZoneInfo) -> Respuesta:
    minutos = max(1, round((r.inicio - ahora).total_seconds() / 60))
    return Respuesta.plantilla(
        "recordatorio.j2", r=r, minutos=minutos, inicio=r.inicio.astimezone(tz), fin=r.fin.astimezone(tz),
        fecha=fecha_en_palabras(r.inicio.astimezone(tz).date()),
    )
