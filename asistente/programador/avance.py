"""El avance del mes: el primer día hábil de cada mes (``asistente.fechas.habiles``), desde las 09:00 y
hasta las 23:59 de ese día si el programador estuvo caído, cada espacio recibe en su canal el avance
del mes anterior con su gráfica; exactamente una vez (la misma reclamación en ``publicaciones`` que las
demás, clave ``avance/<canal>/2026-02``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, time

from asistente.datos.bd import transaccion
from asistente.fechas.habiles import primer_dia_habil
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible, Plataforma
from asistente.programador.reclamos import Clave, Estado, marcar_varios, reclamar_varios
from asistente.resultados.informes import avance_mensual
from asistente.resultados.periodos import mes_anterior
from modelos import Espacio

registro_log = logging.getLogger("asistente.programador")

HORA = time(9, 0)
TIPO = "avance"


def toca_avance(local: datetime) -> bool:
    return local.date() == primer_dia_habil(local.year, local.month) and local.time() >= HORA


def publicar_avances(app: Aplicacion, ahora: datetime, espacios: Sequence[tuple[Espacio, Plataforma, str]],
                     previos: Mapping[Clave, Estado]) -> list[tuple[str, str, str, str]]:
    """Publica el avance del mes anterior en cada espacio con canal al que aún no le llegó; devuelve lo
    enviado como ``(espacio, tipo, canal, periodo)``. Un espacio que falla no detiene a los demás y se
    reintenta en la pasada siguiente (hasta ``MAX_INTENTOS``)."""
    tz = app.config.tz
    if not toca_avance(ahora.astimezone(tz)):
        return []
    periodo = mes_anterior(ahora, tz)
    enviados: list[tuple[str, str, str, str]] = []
    for espacio, plataforma, canal in espacios:
        clave = Clave(espacio.id, TIPO, canal, periodo.clave)
        previo = previos.get(clave)
        if not canal or (previo is not None and not previo.reintentable):
            continue
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
