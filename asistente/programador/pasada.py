"""Una pasada del programador: para cada espacio de trabajo, qué publicación toca en este instante,
reclamarla, enviarla por su plataforma y registrar el resultado.

Cuándo toca cada una (hora local de la oficina):

- **agenda del día**: desde la hora del espacio (07:00) hasta el mediodía — o una hora después, si
  la agenda es a las 11:00 o más tarde —; clave ``agenda/<canal>/2026-03-02``: una por día.
- **resumen semanal**: el día del espacio (lunes) desde su hora (08:00) hasta las 23:59 de ese día;
  clave ``resumen/<canal>/2026-W10`` (año y semana ISO): uno por semana, aunque cambie el día.
- **síntesis informativa** y lectura de las fuentes de los medios: ver ``asistente.programador.monitoreo``.
- **recordatorio**: desde N minutos antes del inicio hasta el inicio, para cada persona con una
  asignación viva (asignada o aceptada) en un evento programado con hora; clave
  ``recordatorio/<usuario>/e<evento>@<inicio UTC>``: un evento movido tiene recordatorio nuevo.

Un envío que falla queda ``fallido`` y se reintenta en la pasada siguiente mientras la publicación
siga tocando (hasta ``MAX_INTENTOS``). Si lo que falla es el canal, los directores del espacio
reciben un mensaje directo (una vez por publicación) con el canal y el motivo.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.datos.bd import transaccion
from asistente.difusion.programadas import publicar_programadas
from asistente.equipo.ajustes import Ajustes, efectivos
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible, Plataforma
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos
from asistente.programador import contenido, monitoreo, tarjetas
from asistente.programador.avance import publicar_avances
from asistente.programador.horario import limite_agenda
from asistente.programador.invitaciones import avisar_invitaciones
from asistente.programador.reclamos import (
    Clave,
    Estado,
    Marcador,
    Reclamadas,
    enviar_una_vez,
    marcar_varios,
    reclamar_varios,
)
from modelos import Espacio, Persona, Publicacion

registro_log = logging.getLogger("asistente.programador")

HILOS = 8
CANAL_CONSOLA = "consola"
NOMBRES = {"agenda": "la agenda del día", "resumen": "el resumen semanal", "recordatorio": "un recordatorio",
           "avance": "el avance del mes"}
AVISO_SIN_CANAL = (
    "No hay canal del equipo configurado, así que no puedo publicar la agenda del día ni el "
    "resumen semanal. Elige uno con `/asistente config canal #prensa`.")


@dataclass
class Resumen:
    """Lo que hizo una pasada (para el registro, ``--una-vez`` y las pruebas)."""

    ahora: datetime
    enviadas: list[tuple[str, str, str, str]] = field(default_factory=list)  # (espacio, tipo, destino, periodo)
    fallidas: list[tuple[str, str, str, str]] = field(default_factory=list)  # (espacio, tipo, destino, error)
    inaccesibles: list[str] = field(default_factory=list)
    sin_plataforma: list[str] = field(default_factory=list)
    difundidas: int = 0  # piezas de difusión publicadas a su hora
    notas: int = 0  # notas nuevas de las fuentes RSS de los medios

    def __str__(self) -> str:
        texto = f"Pasada de {self.ahora:%Y-%m-%d %H:%M}: {cuantos(len(self.enviadas), 'publicación enviada')}"
        if self.fallidas:
            texto += f", {cuantos(len(self.fallidas), 'fallida')} (se reintentan en la siguiente pasada)"
        if self.inaccesibles:
            texto += f"; espacios inaccesibles: {', '.join(self.inaccesibles)}"
        return texto + "."


@dataclass
class Pendiente:
    clave: Clave
    directo: bool  # mensaje directo a una persona (si no, al canal)
    armar: Callable[[], Respuesta]


def toca_agenda(ajustes: Ajustes, local: datetime) -> bool:
    return ajustes.hora_agenda <= local.time() < limite_agenda(ajustes.hora_agenda)


def toca_resumen(ajustes: Ajustes, local: datetime) -> bool:
    return local.weekday() == ajustes.dia_resumen and local.time() >= ajustes.hora_resumen


def periodo_semana(local: datetime) -> str:
    anio, semana, _ = local.isocalendar()
    return f"{anio}-W{semana:02d}"


def correr_pasada(
    app: Aplicacion, ahora: datetime, plataformas: Mapping[str, Plataforma], hilos: int = HILOS
) -> Resumen:
    """Una pasada para todos los espacios en el instante ``ahora`` (con zona).

    ``plataformas`` va por prefijo de espacio (``slack``, ``mattermost``, ``consola``; las arma
    ``asistente.plataformas.registro``); los espacios de una plataforma que no se dio se saltan (se
    registra). ``hilos``: cuántos espacios se atienden a la vez.

    El día del programador: leer lo que toca → decidir qué sale → atender cada espacio (reclamar,
    enviar, registrar).
    """
    momento = Momento.de(ahora, app.config.tz)
    resumen = Resumen(ahora=momento.local)
    toca = leer_lo_que_toca(app, momento, plataformas, resumen)
    por_espacio = decidir_que_sale(toca, momento)
    atender_espacios(app, toca, por_espacio, momento.ahora, resumen, hilos)
    resumen.difundidas = publicar_programadas(app, momento.ahora, dict(plataformas))  # las piezas de /difusion programar
    resumen.enviadas.extend(avisar_invitaciones(app, momento.ahora, plataformas))
    resumen.enviadas.extend(monitoreo.publicar_sintesis(app, momento.ahora, plataformas))
    resumen.notas = monitoreo.leer_fuentes(app, momento.ahora)  # las fuentes RSS de los medios, cada 30 min
    resumen.enviadas.extend(publicar_avances(app, momento.ahora, [(e, pl, toca.canales[e.id]) for e, _a, pl in toca.espacios],
                                             toca.previos))  # el avance del mes, el primer día hábil
    tarjetas.enviar_tarjetas(app, momento.ahora, [(e, pl) for e, _a, pl in toca.espacios], toca.previos)
    registro_log.log(logging.INFO if resumen.enviadas or resumen.fallidas else logging.DEBUG, "%s", resumen)
    return resumen


# --- 1. leer lo que toca ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Momento:
    """El instante de la pasada: ``ahora`` con zona y la misma hora en la oficina."""

    ahora: datetime
    local: datetime
    tz: ZoneInfo

    @classmethod
    def de(cls, ahora: datetime, tz: ZoneInfo) -> Momento:
        """Un ``ahora`` sin zona se entiende en la hora de la oficina."""
        if ahora.tzinfo is None:
            ahora = ahora.replace(tzinfo=tz)
        return cls(ahora, ahora.astimezone(tz), tz)

    @property
    def hoy(self) -> date:
        return self.local.date()


Atendible = tuple[Espacio, Ajustes, Plataforma]


@dataclass
class LoQueToca:
    """Lo que la lectura en lote deja listo para decidir y enviar sin volver a la base."""

    espacios: list[Atendible]
    previos: dict[Clave, Estado]
    canales: dict[int, str]  # canal del equipo por espacio ("" si no tiene)
    para_agenda: list[int]
    para_resumen: list[int]
    sin_canal: set[int]  # les toca publicar en el canal y no tienen uno
    datos: dict[int, contenido.DatosEspacio]
    avisos: list[contenido.Recordatorio]


def leer_lo_que_toca(
    app: Aplicacion, momento: Momento, plataformas: Mapping[str, Plataforma], resumen: Resumen
) -> LoQueToca:
    """Lectura en lote, en una sola transacción: espacios, publicaciones recientes, los datos de lo
    que toca al canal y los recordatorios. Las consultas son fijas: no crecen con los espacios."""
    with transaccion(app.fabrica) as session:
        espacios = _espacios_atendibles(session, app.config, plataformas, resumen)
        previos = _publicaciones_recientes(session, [e.id for e, _, _ in espacios], momento.ahora)
        canales = {e.id: _canal(e, a) for e, a, _ in espacios}
        para_agenda = _toca_al_canal("agenda", espacios, canales, previos, momento)
        para_resumen = _toca_al_canal("resumen", espacios, canales, previos, momento)
        datos = contenido.cargar(session, para_agenda, para_resumen, momento.hoy, momento.tz, app.config)
        avisos = contenido.recordatorios(session, {e.id: a.recordatorio_min for e, a, _ in espacios}, momento.ahora)
    sin_canal = {e.id for e, a, _ in espacios if not canales[e.id]
                 and (toca_agenda(a, momento.local) or toca_resumen(a, momento.local))}
    return LoQueToca(espacios, previos, canales, para_agenda, para_resumen, sin_canal, datos, avisos)


def _espacios_atendibles(
    session: Session, config: Config, plataformas: Mapping[str, Plataforma], resumen: Resumen
) -> list[Atendible]:
    """Los espacios con su plataforma y sus ajustes; uno sin plataforma o con ajustes inválidos se
    salta sin detener a los demás, y uno inactivo (desinstalaron la app) ni se mira."""
    espacios: list[Atendible] = []
    for espacio in session.scalars(select(Espacio).where(Espacio.activo.is_(True)).order_by(Espacio.id)):
        plataforma = plataformas.get(espacio.clave.split(":", 1)[0])
        if plataforma is None:
            resumen.sin_plataforma.append(espacio.clave)
            continue
        try:
            ajustes = efectivos(espacio, config)
        except ErrorDeUsuario as error:
            registro_log.error("ajustes inválidos en %s: %s", espacio.clave, error.mensaje)
            continue
        espacios.append((espacio, ajustes, plataforma))
    if resumen.sin_plataforma:
        registro_log.debug("sin plataforma configurada, se saltan: %s", ", ".join(resumen.sin_plataforma))
    return espacios


def _publicaciones_recientes(session: Session, ids: list[int], ahora: datetime) -> dict[Clave, Estado]:
    """El estado de lo reclamado en esos espacios en los últimos dos días."""
    if not ids:
        return {}
    filas = session.scalars(
        select(Publicacion).where(Publicacion.espacio_id.in_(ids), Publicacion.creado >= ahora - timedelta(days=2))
    )
    return {Clave(f.espacio_id, f.tipo, f.destino, f.periodo): Estado.de(f, ahora) for f in filas}


def _pendiente(previos: Mapping[Clave, Estado], clave: Clave) -> bool:
    """Nunca reclamada, o fallida (o reclamada con la concesión vencida) con intentos por delante."""
    previo = previos.get(clave)
    return previo is None or previo.reintentable


def _periodo_del_canal(tipo: str, momento: Momento) -> str:
    return momento.hoy.isoformat() if tipo == "agenda" else periodo_semana(momento.local)


_TOCA_AL_CANAL: dict[str, Callable[[Ajustes, datetime], bool]] = {"agenda": toca_agenda, "resumen": toca_resumen}


def _toca_al_canal(
    tipo: str, espacios: list[Atendible], canales: Mapping[int, str], previos: Mapping[Clave, Estado],
    momento: Momento,
) -> list[int]:
    """Los espacios con canal a los que ``tipo`` (agenda o resumen) les toca ahora y aún no salió."""
    toca, periodo = _TOCA_AL_CANAL[tipo], _periodo_del_canal(tipo, momento)
    return [e.id for e, a, _ in espacios if canales[e.id] and toca(a, momento.local)
            and _pendiente(previos, Clave(e.id, tipo, canales[e.id], periodo))]


def _canal(espacio: Espacio, ajustes: Ajustes) -> str:
    if ajustes.canal:
        return ajustes.canal
    return CANAL_CONSOLA if espacio.clave.startswith("consola:") else ""


# --- 2. decidir qué sale ---------------------------------------------------------------------------
def decidir_que_sale(toca: LoQueToca, momento: Momento) -> dict[int, list[Pendiente]]:
    """Lo que sale de cada espacio, en orden: la agenda, el resumen y los recordatorios pendientes.
    Cada publicación se arma al enviarla, con los datos ya leídos."""
    por_espacio: dict[int, list[Pendiente]] = {e.id: [] for e, _, _ in toca.espacios}
    for espacio_id in toca.para_agenda:
        por_espacio[espacio_id].append(Pendiente(
            Clave(espacio_id, "agenda", toca.canales[espacio_id], _periodo_del_canal("agenda", momento)), False,
            partial(contenido.agenda_del_dia, toca.datos[espacio_id], momento.hoy)))
    for espacio_id in toca.para_resumen:
        por_espacio[espacio_id].append(Pendiente(
            Clave(espacio_id, "resumen", toca.canales[espacio_id], _periodo_del_canal("resumen", momento)), False,
            partial(contenido.resumen_semanal, toca.datos[espacio_id], momento.hoy)))
    for r in toca.avisos:
        clave = Clave(r.espacio_id, "recordatorio", r.usuario_id, r.periodo)
        if _pendiente(toca.previos, clave):
            por_espacio[r.espacio_id].append(Pendiente(
                clave, True, partial(contenido.recordatorio, r, momento.ahora, momento.tz)))
    return por_espacio


# --- 3. atender cada espacio: reclamar, enviar, registrar ------------------------------------------
@dataclass(frozen=True)
class Turno:
    """El turno de un espacio en la pasada: por dónde sale lo suyo y dónde se anota."""

    app: Aplicacion
    espacio: Espacio
    plataforma: Plataforma
    ahora: datetime
    resumen: Resumen
    marcador: Marcador | None = None  # las marcas de toda la pasada, en lotes; sin él, las de este espacio


def atender_espacios(
    app: Aplicacion, toca: LoQueToca, por_espacio: Mapping[int, list[Pendiente]], ahora: datetime,
    resumen: Resumen, hilos: int,
) -> None:
    """Cada espacio en orden; varios espacios a la vez (los límites de envío de las plataformas son
    por espacio)."""
    marcador = Marcador(app.fabrica, ahora)
    con_trabajo = [Turno(app, e, pl, ahora, resumen, marcador) for e, _a, pl in toca.espacios
                   if por_espacio[e.id] or e.id in toca.sin_canal]

    def atender(turno: Turno) -> None:
        _atender(turno, por_espacio[turno.espacio.id], turno.espacio.id in toca.sin_canal, toca.previos)

    try:
        if hilos > 1 and len(con_trabajo) > 1:
            with ThreadPoolExecutor(max_workers=min(hilos, len(con_trabajo)), thread_name_prefix="programador") as pool:
                list(pool.map(atender, con_trabajo))
        else:
            for turno in con_trabajo:
                atender(turno)
    finally:
        try:
            marcador.vaciar()
        except Exception:  # como la marca de un espacio antes: se registra y la pasada sigue
            registro_log.exception("no se pudieron marcar las publicaciones de la pasada; sigo")


def _atender(turno: Turno, pendientes: list[Pendiente], sin_canal: bool, previos: Mapping[Clave, Estado]) -> None:
    """Lo de un espacio. Uno inaccesible o con un defecto no detiene a los demás."""
    try:
        if sin_canal:
            _avisar_directores(turno, "sin-canal", AVISO_SIN_CANAL, previos)
        _enviar(turno, pendientes, previos)
    except EspacioInaccesible:
        turno.resumen.inaccesibles.append(turno.espacio.clave)
    except Exception:
        registro_log.exception("falló la pasada de %s; sigo con los demás", turno.espacio.clave)


@dataclass
class Envio:
    """Lo que va saliendo al enviar lo reclamado de un espacio."""

    reclamadas: Reclamadas = field(default_factory=Reclamadas)
    resultados: list[tuple[Clave, str | None]] = field(default_factory=list)  # error None: enviada
    canales_rotos: list[tuple[Clave, str]] = field(default_factory=list)
    inaccesible: EspacioInaccesible | None = None


def _enviar(turno: Turno, pendientes: list[Pendiente], previos: Mapping[Clave, Estado]) -> None:
    """Reclama en una transacción todo lo que le toca al espacio, lo envía en orden y marca cada
    resultado: con el ``Marcador`` de la pasada, junto con los de otros espacios (una transacción por
    lote de marcas); sin él, en una transacción propia. Relanza
    ``EspacioInaccesible``; lo reclamado que ya no se intentó queda fallido y se reintenta."""
    fabrica, ahora = turno.app.fabrica, turno.ahora
    reclamadas = reclamar_varios(fabrica, [(p.clave, previos.get(p.clave)) for p in pendientes], ahora)
    envio = Envio(reclamadas)
    try:
        _enviar_en_orden(turno, [p for p in pendientes if p.clave in reclamadas], envio)
    finally:
        if turno.marcador is not None:
            turno.marcador.agregar(envio.resultados)
        else:
            marcar_varios(fabrica, envio.resultados, ahora)
    if envio.inaccesible is not None:
        raise envio.inaccesible
    _avisar_canales_rotos(turno, envio.canales_rotos)


def _enviar_en_orden(turno: Turno, reclamadas: list[Pendiente], envio: Envio) -> None:
    """Envía lo reclamado; desde que el espacio resulta inaccesible, lo que sigue ya no se intenta."""
    for p in reclamadas:
        if envio.inaccesible is not None:
            envio.resultados.append((p.clave, f"no se intentó: espacio inaccesible ({envio.inaccesible})"))
            continue
        try:
            error = _intentar(turno, p, envio.reclamadas)
        except EspacioInaccesible as e:
            registro_log.error("espacio %s inaccesible (%s); sigo con los demás", turno.espacio.clave, e)
            envio.inaccesible, error = e, str(e) or "espacio inaccesible"
        envio.resultados.append((p.clave, error))
        _anotar(turno, p, error, envio)


def _anotar(turno: Turno, p: Pendiente, error: str | None, envio: Envio) -> None:
    """El resultado de un envío en el resumen de la pasada; un canal que falló se anota para avisar."""
    clave, espacio = p.clave, turno.espacio.clave
    if error is None:
        turno.resumen.enviadas.append((espacio, clave.tipo, clave.destino, clave.periodo))
        registro_log.info("enviada %s a %s en %s (%s)", clave.tipo, clave.destino, espacio, clave.periodo)
        return
    turno.resumen.fallidas.append((espacio, clave.tipo, clave.destino, error))
    # Si el espacio entero es inaccesible no hay a quién avisar: el canal no es el problema.
    if not p.directo and envio.inaccesible is None:
        envio.canales_rotos.append((clave, error))


def _avisar_canales_rotos(turno: Turno, canales_rotos: list[tuple[Clave, str]]) -> None:
    for clave, error in canales_rotos:
        _avisar_directores(turno, f"{clave.tipo}:{clave.periodo}", (
            f"No pude publicar {NOMBRES.get(clave.tipo, clave.tipo)} en el canal {clave.destino}: {error}. "
            "Revisa que el canal exista y que el asistente esté invitado en él, o elige otro con "
            "`/asistente config canal #canal`. Lo vuelvo a intentar en unos segundos."), {})


def _intentar(turno: Turno, p: Pendiente, reclamadas: Reclamadas) -> str | None:
    """Envía una publicación; devuelve el error (o None si salió, ahora o antes de un choque). Deja
    pasar ``EspacioInaccesible``."""
    clave, espacio = p.clave, turno.espacio
    try:
        enviar_una_vez(turno.plataforma, espacio.clave, clave, p.armar(), directo=p.directo,
                       reclamadas=reclamadas, ahora=turno.ahora)
    except EspacioInaccesible:
        raise
    except ErrorDeEnvio as error:
        registro_log.warning("no se pudo enviar %s a %s en %s: %s", clave.tipo, clave.destino, espacio.clave, error)
        return str(error) or "error de envío"
    except Exception as error:  # un defecto: se registra con su traza y se reintenta
        registro_log.exception("falló %s para %s en %s", clave.tipo, clave.destino, espacio.clave)
        return f"{type(error).__name__}: {error}"
    return None


def _avisar_directores(turno: Turno, periodo: str, texto: str, previos: Mapping[Clave, Estado]) -> None:
    """Un mensaje directo a cada director del espacio, una vez por ``periodo``."""
    with transaccion(turno.app.fabrica) as session:
        directores = session.scalars(
            select(Persona.usuario_id).where(Persona.espacio_id == turno.espacio.id, Persona.es_director.is_(True),
                                             Persona.activo.is_(True))
        ).all()
    avisos = [Pendiente(Clave(turno.espacio.id, "aviso", usuario, periodo), True, lambda: Respuesta.texto(texto))
              for usuario in directores]
    _enviar(turno, [a for a in avisos if a.clave not in previos], {})
