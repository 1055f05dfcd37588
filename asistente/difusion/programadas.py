"""Publicar a una hora: ``/difusion programar`` deja la pieza ``programada`` y la pasada del
programador (``asistente programador``) la publica cuando llega su hora, una sola vez.

Exactamente una vez, también con dos programadores a la vez: la pieza se reclama con
``UPDATE … SET estado='publicando' WHERE estado='programada'`` en su propia transacción, confirmada
antes de llamar al canal; solo un proceso la obtiene. Una pieza que quedó ``publicando`` más de
``ATASCADA`` (el proceso murió a la mitad) se reclama de nuevo y primero se busca en el canal
(``Canal.buscar``): si ya estaba publicada solo se anota su enlace; si no, se publica. Nunca dos veces. Un rechazo reintentable (límite de publicaciones, servicio caído) la
reprograma unos minutos después, hasta ``MAX_INTENTOS``; uno definitivo la deja ``fallida`` y quien la
programó recibe un mensaje directo con el motivo del canal. La víspera (desde las 18:00) de un día sin
nada programado, los directores de los espacios que difunden reciben un aviso, una vez.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from asistente import veda
from asistente.datos.bd import insertar_si_falta, transaccion
from asistente.difusion.piezas import fila_de, piezas_de
from asistente.difusion.publicacion import PUBLICABLES, exigir_publicable, registrar
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.canal import Canal, Pieza, Publicado, RechazoDelCanal
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.plataforma import Plataforma
from asistente.nucleo.respuesta import Respuesta
from modelos import Boletin, Difusion, Espacio, Persona, Publicacion

registro_log = logging.getLogger("asistente.difusion")

MAX_INTENTOS = 5
ATASCADA = timedelta(minutes=10)  # ninguna publicación tarda tanto (cada llamada al canal espera a lo más 60 s)
REINTENTO = timedelta(minutes=10)
POR_PASADA = 50


@dataclass(frozen=True)
class Programada:
    canal: str
    titulo: str
    nota: str = ""  # por qué no se programó (ya publicada)


def cuando_en_palabras(momento: datetime, peticion: Peticion) -> str:
    local = momento.astimezone(peticion.config.tz)
    return f"el {fecha_en_palabras(local.date())} a las {local:%H:%M}"


def programar(session: Session, peticion: Peticion, boletin: Boletin, canales: list[Canal],
              cuando: datetime) -> list[Programada]:
    """Deja cada pieza programada para ``cuando`` (o cambia su hora)."""
    exigir_publicable(boletin)
    if cuando <= peticion.ahora:
        raise ErrorDeUsuario(f"Esa hora ya pasó ({cuando_en_palabras(cuando, peticion)}): elige una hora futura.")
    veda.exigir_permitido(session, peticion, boletin, "programar", cuando)
    resultado = []
    for canal in canales:
        fila = fila_de(session, peticion, boletin, canal.nombre)
        if fila.estado in ("publicada", "publicando"):
            resultado.append(Programada(canal.nombre, canal.titulo, "ya estaba publicado"))
            continue
        fila.estado = "programada"
        fila.programada = cuando
        fila.motivo = ""
        fila.intentos = 0
        fila.persona_id = peticion.persona_id
        fila.actualizado = peticion.ahora
        resultado.append(Programada(canal.nombre, canal.titulo))
    return resultado


@dataclass(frozen=True)
class _Tarea:
    difusion_id: int
    canal: Canal
    pieza: Pieza
    espacio: str
    espacio_id: int
    persona_id: int | None
    usuario: str  # quien la programó, para avisarle
    encabezado: str
    rechazo: str = ""  # el documento ya no se puede publicar (volvió a borrador, se canceló)


def publicar_programadas(app: Aplicacion, ahora: datetime, plataformas: Mapping[str, Plataforma]) -> int:
    """Publica lo que ya tocaba y, la víspera de un día sin nada, avisa a los directores; devuelve cuántas
    piezas salieron. La llama la pasada del programador."""
    avisar_dias_vacios(app, ahora, plataformas)
    with transaccion(app.fabrica) as session:
        atascadas = session.execute(
            select(Difusion.id, Difusion.canal, Difusion.estado, Difusion.espacio_id)
            .where(Difusion.estado == "publicando", Difusion.actualizado < ahora - ATASCADA)
            .order_by(Difusion.boletin_id, Difusion.canal != "web")
            .limit(POR_PASADA)
        ).all()
        vencidas = session.execute(
            select(Difusion.id, Difusion.canal, Difusion.estado, Difusion.espacio_id)
            .where(Difusion.estado == "programada", Difusion.programada <= ahora)
            .order_by(Difusion.programada, Difusion.boletin_id, Difusion.canal != "web")
            .limit(POR_PASADA)
        ).all()
        # Los canales de cada espacio: los suyos si un director los fijó desde el chat.
        ids = sorted({fila.espacio_id for fila in [*atascadas, *vencidas]})
        canales = {e.id: app.despachador.canales_de(e) for e in session.scalars(select(Espacio).where(Espacio.id.in_(ids)))}
    publicadas = 0
    for difusion_id, nombre, estado, espacio_id in [*atascadas, *vencidas]:
        canal = canales.get(espacio_id, app.despachador.canales).get(nombre)
        if canal is None or nombre not in PUBLICABLES:
            continue
        tarea = _reclamar(app, difusion_id, canal, ahora, atascada=estado == "publicando")
        if tarea is None:
            continue  # otro programador la tomó, o ya no toca
        try:
            if tarea.rechazo:
                raise RechazoDelCanal(tarea.rechazo)
            ya = canal.buscar(tarea.pieza) if estado == "publicando" else None
            if ya is not None:
                registro_log.warning("la pieza %s ya estaba en %s (%s): solo se anota", difusion_id, nombre, ya.permalink)
            publicado: Publicado | RechazoDelCanal = ya or canal.publicar(tarea.pieza)
        except RechazoDelCanal as rechazo:
            publicado = rechazo
        except Exception as error:  # un defecto del canal: se registra y se trata como rechazo reintentable
            registro_log.exception("falló la publicación programada %s", difusion_id)
            publicado = RechazoDelCanal(f"error inesperado ({type(error).__name__})", reintentable=True)
        aviso = _anotar(app, tarea, publicado, ahora)
        if isinstance(publicado, Publicado):
            publicadas += 1
        plataforma = plataformas.get(tarea.espacio.split(":", 1)[0])
        if aviso and plataforma is not None and tarea.usuario:
            try:
                plataforma.mensaje_directo(tarea.espacio, tarea.usuario, Respuesta.texto(aviso))
            except Exception:
                registro_log.exception("no se pudo avisar de la publicación programada %s", difusion_id)
    return publicadas


def _peticion(app: Aplicacion, espacio: Espacio, persona_id: int | None, ahora: datetime) -> Peticion:
    return Peticion(config=app.despachador.config_de(app.config, espacio), espacio=espacio.clave, usuario="", texto="",
                    ahora=ahora, comando="programador", espacio_id=espacio.id, persona_id=persona_id or 0,
                    canales=app.despachador.canales_de(espacio))


def _reclamar(app: Aplicacion, difusion_id: int, canal: Canal, ahora: datetime, atascada: bool = False) -> _Tarea | None:
    """La toma (y la confirma) antes de llamar al canal; arma la pieza con lo último del documento.
    ``atascada``: una que quedó ``publicando`` desde hace más de ``ATASCADA``."""
    if atascada:
        condicion = (Difusion.estado == "publicando") & (Difusion.actualizado < ahora - ATASCADA)
    else:
        condicion = (Difusion.estado == "programada") & (Difusion.programada <= ahora)
    with transaccion(app.fabrica) as session:
        tomada = session.execute(
            update(Difusion)
            .where(Difusion.id == difusion_id, condicion)
            .values(estado="publicando", intentos=Difusion.intentos + 1, actualizado=ahora)
            .returning(Difusion.id)
            .execution_options(synchronize_session=False)
        ).first()
        if tomada is None:
            return None
        fila = session.get(Difusion, difusion_id)
        assert fila is not None
        session.refresh(fila)
        boletin = session.get(Boletin, fila.boletin_id)
        espacio = session.get(Espacio, fila.espacio_id)
        assert boletin is not None and espacio is not None
        persona = session.get(Persona, fila.persona_id) if fila.persona_id else None
        peticion = _peticion(app, espacio, fila.persona_id, ahora)
        rechazo = ""
        try:
            exigir_publicable(boletin)
            veda.exigir_permitido(session, peticion, boletin, "publicar", ahora)  # una veda nueva la detiene
            pieza = piezas_de(session, peticion, boletin).piezas[canal.nombre]
        except ErrorDeUsuario as error:
            pieza, rechazo = Pieza("", "", ""), error.mensaje
        return _Tarea(difusion_id, canal, pieza, espacio.clave, espacio.id, fila.persona_id,
                      persona.usuario_id if persona else "", boletin.encabezado, rechazo)


def _anotar(app: Aplicacion, tarea: _Tarea, publicado: Publicado | RechazoDelCanal, ahora: datetime) -> str:
    """Registra el resultado; devuelve el aviso para quien la programó ("" si no hay que avisar)."""
    with transaccion(app.fabrica) as session:
        fila = session.get(Difusion, tarea.difusion_id)
        boletin = session.get(Boletin, fila.boletin_id) if fila else None
        espacio = session.get(Espacio, tarea.espacio_id)
        if fila is None or boletin is None or espacio is None:
            return ""
        titulo = tarea.canal.titulo
        if isinstance(publicado, Publicado):
            peticion = _peticion(app, espacio, tarea.persona_id, ahora)
            registrar(session, peticion, boletin, fila, publicado)
            return f"📣 {tarea.encabezado} salió a la hora programada en {titulo}: {publicado.permalink}"
        if publicado.reintentable and fila.intentos < MAX_INTENTOS:
            fila.estado = "programada"
            fila.programada = ahora + REINTENTO
            fila.motivo = publicado.mensaje
            fila.actualizado = ahora
            return ""
        fila.estado = "fallida"
        fila.motivo = publicado.mensaje
        fila.actualizado = ahora
        return (f"⚠️ No se publicó {tarea.encabezado} en {titulo} a la hora programada: {publicado.mensaje} "
                f"Se puede volver a intentar con /difusion publicar {boletin.referencia_corta} {tarea.canal.nombre}.")


# --- la víspera de un día sin nada ---------------------------------------------------------------------
HORA_VISPERA = 18  # desde las 18:00 (hora de la oficina) se avisa que mañana no hay nada


def avisar_dias_vacios(app: Aplicacion, ahora: datetime, plataformas: Mapping[str, Plataforma]) -> int:
    """La víspera (desde las 18:00) de un día sin nada programado, un mensaje directo a cada director de
    los espacios que difunden (alguna pieza en los últimos 30 días), una sola vez por día y director:
    el aviso se reclama en ``publicaciones`` (``parrilla-vacia``, la fecha de mañana) antes de enviarse."""
    tz = app.config.tz
    local = ahora.astimezone(tz)
    if local.hour < HORA_VISPERA:
        return 0
    manana = local.date() + timedelta(days=1)
    desde = datetime.combine(manana, datetime.min.time(), tzinfo=tz)
    hasta = desde + timedelta(days=1)
    avisos: list[tuple[str, str]] = []
    with transaccion(app.fabrica) as session:
        activos = set(session.scalars(select(Difusion.espacio_id).where(Difusion.actualizado >= ahora - timedelta(days=30))))
        con_algo = set(session.scalars(select(Difusion.espacio_id).where(
            Difusion.espacio_id.in_(activos), Difusion.estado.in_(("programada", "publicada")),
            ((Difusion.programada >= desde) & (Difusion.programada < hasta))
            | ((Difusion.publicada >= desde) & (Difusion.publicada < hasta)))))
        for espacio_id in sorted(activos - con_algo):
            espacio = session.get(Espacio, espacio_id)
            if espacio is None or espacio.clave.split(":", 1)[0] not in plataformas:
                continue
            for usuario in session.scalars(select(Persona.usuario_id).where(
                    Persona.espacio_id == espacio_id, Persona.es_director.is_(True), Persona.activo.is_(True))):
                if insertar_si_falta(session, Publicacion, espacio_id=espacio_id, tipo="parrilla-vacia",
                                     destino=usuario, periodo=manana.isoformat(), estado="enviada", intentos=1,
                                     error="", creado=ahora, enviado=ahora):
                    avisos.append((espacio.clave, usuario))
    texto = (f"🗓 Mañana, {fecha_en_palabras(manana)}, no hay nada programado para Facebook ni para el sitio web. "
             "Mira la parrilla con /parrilla y programa con /difusion programar NUM canal <cuándo>.")
    for clave, usuario in avisos:
        try:
            plataformas[clave.split(":", 1)[0]].mensaje_directo(clave, usuario, Respuesta.texto(texto))
        except Exception:
            registro_log.exception("no se pudo avisar del día vacío en %s", clave)
    return len(avisos)
