"""El avance del mes: el primer día hábil de cada mes (``asistente.fechas.habiles``), desde las 09:00 y
hasta las 23:59 de ese día si el programador estuvo caído, cada espacio recibe en su canal el avance
del mes anterior con su gráfica; exactamente una vez (la misma reclamación en ``publicaciones`` que las
demás, clave ``avance/<canal>/2026-02``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.datos.bd import transaccion
from asistente.fechas.habiles import primer_dia_habil
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible, Plataforma
from asistente.programador.reclamos import Clave, Estado, marcar_varios, reclamar_varios
from asistente.resultados.informes import avance_mensual
from asistente.resultados.periodos import Periodo, mes_anterior
from modelos import Espacio, Evento, Meta

registro_log = logging.getLogger("asistente.programador")

HORA = time(9, 0)
TIPO = "avance"


def toca_avance(local: datetime) -> bool:
    return local.date() == primer_dia_habil(local.year, local.month) and local.time() >= HORA


def _con_algo_que_reportar(session: Session, ids: list[int], periodo: Periodo) -> set[int]:
    """Los espacios con metas del año o con eventos en el mes: dos consultas, no una por espacio."""
    con_metas = session.scalars(select(Meta.espacio_id).where(Meta.espacio_id.in_(ids), Meta.anio == periodo.anio)
                                .distinct())
    con_eventos = session.scalars(select(Evento.espacio_id).where(Evento.espacio_id.in_(ids),
                                                                  Evento.inicio >= periodo.desde,
                                                                  Evento.inicio < periodo.hasta).distinct())
    return set(con_metas) | set(con_eventos)


def publicar_avances(app: Aplicacion, ahora: datetime, espacios: Sequence[tuple[Espacio, Plataforma, str]],
                     previos: Mapping[Clave, Estado]) -> list[tuple[str, str, str, str]]:
    """Publica el avance del mes anterior en cada espacio con canal al que aún no le llegó y que tiene
    algo que reportar (metas del año o eventos en ese mes); devuelve lo enviado como
    ``(espacio, tipo, canal, periodo)``. Un espacio que falla no detiene a los demás y se
    reintenta en la pasada siguiente (hasta ``MAX_INTENTOS``)."""
    tz = app.config.tz
    if not toca_avance(ahora.astimezone(tz)):
        return []
    periodo = mes_anterior(ahora, tz)
    pendientes = [(e, pl, canal) for e, pl, canal in espacios
                  if canal and (previos.get(Clave(e.id, TIPO, canal, periodo.clave)) is None
                                or previos[Clave(e.id, TIPO, canal, periodo.clave)].reintentable)]
    if not pendientes:
        return []
    with transaccion(app.fabrica, solo_lectura=True) as session:
        con_algo = _con_algo_que_reportar(session, [e.id for e, _, _ in pendientes], periodo)
    enviados: list[tuple[str, str, str, str]] = []
    for espacio, plataforma, canal in pendientes:
        if espacio.id not in con_algo:  # sin metas ni eventos el mes pasado: nada que reportar
            continue
        clave = Clave(espacio.id, TIPO, canal, periodo.clave)
        previo = previos.get(clave)
        if clave not in reclamar_varios(app.fabrica, [(clave, previo)], ahora):
            continue
        error: str | None = None
        try:
            with transaccion(app.fabrica, solo_lectura=True) as session:
                respuesta = avance_mensual(session, app.config, espacio.id, periodo)
            plataforma.publicar(espacio.clave, canal, respuesta)
        except (ErrorDeEnvio, EspacioInaccesible) as e:
            registro_log.warning("no se publicó el avance de %s en %s: %s", periodo.clave, espacio.clave, e)
            error = str(e) or "error de envío"
        except Exception as e:  # un defecto: se registra con su traza y se reintenta
            registro_log.exception("falló el avance de %s en %s", periodo.clave, espacio.clave)
            error = f"{type(e).__name__}: {e}"
        marcar_varios(app.fabrica, [(clave, error)], ahora)
        if error is None:
            enviados.append((espacio.clave, TIPO, canal, periodo.clave))
    return enviados
