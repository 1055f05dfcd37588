"""Lo del monitoreo de medios en la pasada del programador (SPEC §10):

- **fuentes**: cada fuente RSS/Atom cuya hora llegó se reclama (``asistente.monitoreo.fuentes.reclamar``:
  un solo programador la lee), se lee fuera de toda transacción con el ``Lector`` y sus entradas se
  registran en otra. Una fuente caída, lenta o rota anota su error y la pasada sigue con las demás.
- **síntesis informativa**: a la hora del espacio (``ASISTENTE_HORA_SINTESIS``, 08:30) y hasta el mediodía
  (si el programador estuvo caído), al canal del equipo y por mensaje directo a quienes se anotaron con
  ``/asistente sintesis``; exactamente una vez por día y destino, con la misma reclamación en
  ``publicaciones`` que la agenda del día (clave ``sintesis/<canal o usuario>/2026-03-02``). Solo en los
  espacios que monitorean (con ajustes del monitoreo, o con alguna nota).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from sqlalchemy import exists, or_, select

from asistente.datos.bd import transaccion
from asistente.equipo.ajustes import efectivos
from asistente.monitoreo import ajustes as ajustes_de_monitoreo
from asistente.monitoreo import fuentes, sintesis
from asistente.nucleo.ajustes import leer_hora
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.lector import ErrorDeLectura, Lector
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible, Plataforma
from asistente.nucleo.texto import cuantos
from asistente.programador.horario import limite_agenda  # la misma ventana tardía que la agenda
from asistente.programador.reclamos import Clave, marcar_varios, reclamar_varios
from modelos import AjustesDeMonitoreo, Espacio, Nota, Publicacion

registro_log = logging.getLogger("asistente.programador")

TIPO = "sintesis"
LECTORES = 4  # fuentes leídas a la vez


# --- fuentes ---------------------------------------------------------------------------------------------
def leer_fuentes(app: Aplicacion, ahora: datetime) -> int:
    """Lee las fuentes que tocan; devuelve cuántas notas nuevas registró."""
    lector = app.lector
    if lector is None:
        return 0
    with transaccion(app.fabrica, solo_lectura=True) as session:
        pendientes = fuentes.pendientes(session, ahora)
    if not pendientes:
        return 0
    with ThreadPoolExecutor(max_workers=min(LECTORES, len(pendientes)), thread_name_prefix="fuentes") as pool:
        return sum(pool.map(lambda f: _una_fuente(app, lector, f, ahora), pendientes))


def _una_fuente(app: Aplicacion, lector: Lector, fila: tuple[int, int, str, str, str], ahora: datetime) -> int:
    fuente_id, espacio_id, url, etag, modificado = fila
    try:
        with transaccion(app.fabrica) as session:
            if not fuentes.reclamar(session, fuente_id, ahora):
                return 0  # otro programador la está leyendo
        try:
            pagina = lector.leer(url, etag=etag, modificado=modificado)
            with transaccion(app.fabrica) as session:
                palabras = ajustes_de_monitoreo.palabras_clave(ajustes_de_monitoreo.leer(session, espacio_id),
                                                               app.config)
                nuevas = fuentes.registrar_entradas(session, fuente_id, pagina, palabras, ahora)
        except (ErrorDeLectura, ValueError) as error:
            registro_log.warning("fuente %s (%s): %s", fuente_id, url, error)
            with transaccion(app.fabrica) as session:
                fuentes.anotar_error(session, fuente_id, str(error), ahora)
            return 0
        if nuevas:
            registro_log.info("fuente %s: %s", fuente_id, cuantos(nuevas, "nota nueva"))
        return nuevas
    except Exception:  # un defecto con una fuente no detiene a las demás ni a la pasada
        registro_log.exception("falló la lectura de la fuente %s (%s)", fuente_id, url)
        return 0


# --- síntesis --------------------------------------------------------------------------------------------
def publicar_sintesis(app: Aplicacion, ahora: datetime, plataformas: Mapping[str, Plataforma]
                      ) -> list[tuple[str, str, str, str]]:
    """Publica la síntesis donde toque; devuelve lo enviado como ``(espacio, tipo, destino, periodo)``."""
    tz = app.config.tz
    local = ahora.astimezone(tz)
    hoy = local.date()
    monitorean = or_(exists().where(AjustesDeMonitoreo.espacio_id == Espacio.id),
                     exists().where(Nota.espacio_id == Espacio.id))
    por_espacio: list[tuple[Espacio, list[Clave]]] = []
    with transaccion(app.fabrica, solo_lectura=True) as session:
        espacios = list(session.scalars(select(Espacio).where(monitorean).order_by(Espacio.id)))
        destinatarios = ajustes_de_monitoreo.destinatarios(session, [e.id for e in espacios])
        horas = dict(session.execute(select(AjustesDeMonitoreo.espacio_id, AjustesDeMonitoreo.hora_sintesis)
                                     .where(AjustesDeMonitoreo.espacio_id.in_([e.id for e in espacios]))).all())
        hechas = {(p.espacio_id, p.destino) for p in session.scalars(select(Publicacion).where(
            Publicacion.tipo == TIPO, Publicacion.periodo == hoy.isoformat(),
            Publicacion.espacio_id.in_([e.id for e in espacios]), Publicacion.estado != "fallida"))}
        for espacio in espacios:
            try:
                hora = leer_hora(horas.get(espacio.id) or app.config.hora_sintesis)
                canal = efectivos(espacio, app.config).canal
            except ErrorDeUsuario as error:
                registro_log.error("ajustes inválidos en %s: %s", espacio.clave, error.mensaje)
                continue
            if not hora <= local.time() < limite_agenda(hora):
                continue
            destinos = ([canal] if canal else []) + destinatarios.get(espacio.id, [])
            claves = [Clave(espacio.id, TIPO, d, hoy.isoformat()) for d in destinos if (espacio.id, d[:120]) not in hechas]
            if claves:
                session.expunge(espacio)
                por_espacio.append((espacio, claves))
    enviados: list[tuple[str, str, str, str]] = []
    for espacio, claves in por_espacio:
        plataforma = plataformas.get(espacio.clave.split(":", 1)[0])
        if plataforma is None:
            continue
        enviados += _enviar(app, espacio, plataforma, claves, efectivos(espacio, app.config).canal, ahora)
    return enviados


def _enviar(app: Aplicacion, espacio: Espacio, plataforma: Plataforma, claves: list[Clave], canal: str,
            ahora: datetime) -> list[tuple[str, str, str, str]]:
    tz = app.config.tz
    ganadas = reclamar_varios(app.fabrica, [(c, None) for c in claves], ahora)
    if not ganadas:
        return []
    with transaccion(app.fabrica, solo_lectura=True) as session:
        respuesta = sintesis.respuesta(session, espacio.id, ahora.astimezone(tz).date(), tz)
    resultados: list[tuple[Clave, str | None]] = []
    enviados: list[tuple[str, str, str, str]] = []
    try:
        for clave in (c for c in claves if c in ganadas):
            try:
                if clave.destino == canal:
                    plataforma.publicar(espacio.clave, clave.destino, respuesta)
                else:
                    plataforma.mensaje_directo(espacio.clave, clave.destino, respuesta)
            except EspacioInaccesible as error:
                resultados.append((clave, str(error) or "espacio inaccesible"))
                break
            except ErrorDeEnvio as error:
                resultados.append((clave, str(error) or "error de envío"))
                continue
            except Exception as error:  # un defecto: se registra y se reintenta en la pasada siguiente
                registro_log.exception("falló la síntesis para %s en %s", clave.destino, espacio.clave)
                resultados.append((clave, f"{type(error).__name__}: {error}"))
                continue
            resultados.append((clave, None))
            enviados.append((espacio.clave, TIPO, clave.destino, clave.periodo))
    finally:
        marcados = {c for c, _ in resultados}
        resultados += [(c, "no se intentó: espacio inaccesible") for c in claves if c in ganadas and c not in marcados]
        marcar_varios(app.fabrica, resultados, ahora)
    return enviados
