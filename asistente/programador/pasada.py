"""Una pasada del programador: para cada espacio de trabajo, qué publicación toca en este instante,
reclamarla, enviarla por su plataforma y registrar el resultado.

Cuándo toca cada una (hora local de la oficina):

- **agenda del día**: desde la hora del espacio (07:00) hasta el mediodía — o una hora después, si
  la agenda es a las 11:00 o más tarde —; clave ``agenda/<canal>/2026-03-02``: una por día.
- **resumen semanal**: el día del espacio (lunes) desde su hora (08:00) hasta las 23:59 de ese día;
  clave ``resumen/<canal>/2026-W10`` (año y semana ISO): uno por semana, aunque cambie el día.
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
from datetime import datetime, time, timedelta
from functools import partial

from sqlalchemy import select

from asistente.datos.bd import transaccion
from asistente.equipo.ajustes import Ajustes, efectivos
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible, Plataforma
from asistente.nucleo.respuesta import Respuesta
from asistente.programador import contenido
from asistente.programador.invitaciones import avisar_invitaciones
from asistente.programador.reclamos import Clave, Estado, marcar_varios, reclamar_varios
from modelos import Espacio, Persona, Publicacion

registro_log = logging.getLogger("asistente.programador")

MEDIODIA = time(12, 0)
HILOS = 8
CANAL_CONSOLA = "consola"
NOMBRES = {"agenda": "la agenda del día", "resumen": "el resumen semanal", "recordatorio": "un recordatorio"}


@dataclass
class Resumen:
    """Lo que hizo una pasada (para el registro, ``--una-vez`` y las pruebas)."""

    ahora: datetime
    enviadas: list[tuple[str, str, str, str]] = field(default_factory=list)  # (espacio, tipo, destino, periodo)
    fallidas: list[tuple[str, str, str, str]] = field(default_factory=list)  # (espacio, tipo, destino, error)
    inaccesibles: list[str] = field(default_factory=list)
    sin_plataforma: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        texto = f"Pasada de {self.ahora:%Y-%m-%d %H:%M}: {len(self.enviadas)} publicación(es) enviada(s)"
        if self.fallidas:
            texto += f", {len(self.fallidas)} fallida(s) (se reintentan en la siguiente pasada)"
        if self.inaccesibles:
            texto += f"; espacios inaccesibles: {', '.join(self.inaccesibles)}"
        return texto + "."


@dataclass
class Pendiente:
    clave: Clave
    directo: bool  # mensaje directo a una persona (si no, al canal)
    armar: Callable[[], Respuesta]


def limite_agenda(hora: time) -> time:
    """Hasta cuándo se publica tarde la agenda: el mediodía, o una hora después si es más tarde."""
    if hora < time(11, 0):
        return MEDIODIA
    return time(23, 59, 59) if hora >= time(23, 0) else time(hora.hour + 1, hora.minute)


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
    """
    config = app.config
    tz = config.tz
    if ahora.tzinfo is None:
        ahora = ahora.replace(tzinfo=tz)
    local = ahora.astimezone(tz)
    hoy = local.date()
    resumen = Resumen(ahora=local)
    disponibles = dict(plataformas)

    # 1. Lectura en lote: espacios, publicaciones recientes, datos y recordatorios (consultas fijas).
    with transaccion(app.fabrica) as session:
        espacios: list[tuple[Espacio, Ajustes, Plataforma]] = []
        for espacio in session.scalars(select(Espacio).order_by(Espacio.id)):
            prefijo = espacio.clave.split(":", 1)[0]
            plataforma = disponibles.get(prefijo)
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
        ids = [e.id for e, _, _ in espacios]
        previos: dict[Clave, Estado] = {}
        if ids:
            for fila in session.scalars(
                select(Publicacion).where(Publicacion.espacio_id.in_(ids), Publicacion.creado >= ahora - timedelta(days=2))
            ):
                previos[Clave(fila.espacio_id, fila.tipo, fila.destino, fila.periodo)] = Estado(fila.estado, fila.intentos)

        def pendiente(clave: Clave) -> bool:
            previo = previos.get(clave)
            return previo is None or previo.reintentable

        canales = {e.id: _canal(e, a) for e, a, _ in espacios}
        para_agenda = [e.id for e, a, _ in espacios if canales[e.id] and toca_agenda(a, local)
                       and pendiente(Clave(e.id, "agenda", canales[e.id], hoy.isoformat()))]
        para_resumen = [e.id for e, a, _ in espacios if canales[e.id] and toca_resumen(a, local)
                        and pendiente(Clave(e.id, "resumen", canales[e.id], periodo_semana(local)))]
        datos = contenido.cargar(session, para_agenda, para_resumen, hoy, tz)
        avisos = contenido.recordatorios(session, {e.id: a.recordatorio_min for e, a, _ in espacios}, ahora)
        sin_canal = {e.id for e, a, _ in espacios if not canales[e.id]
                     and (toca_agenda(a, local) or toca_resumen(a, local))}

    # 2. Lo que toca, por espacio.
    por_espacio: dict[int, list[Pendiente]] = {i: [] for i in ids}
    for espacio_id in para_agenda:
        d = datos[espacio_id]
        por_espacio[espacio_id].append(Pendiente(
            Clave(espacio_id, "agenda", canales[espacio_id], hoy.isoformat()), False,
            partial(contenido.agenda_del_dia, d, hoy)))
    for espacio_id in para_resumen:
        d = datos[espacio_id]
        por_espacio[espacio_id].append(Pendiente(
            Clave(espacio_id, "resumen", canales[espacio_id], periodo_semana(local)), False,
            partial(contenido.resumen_semanal, d, hoy)))
    for r in avisos:
        clave = Clave(r.espacio_id, "recordatorio", r.usuario_id, r.periodo)
        if pendiente(clave):
            por_espacio[r.espacio_id].append(Pendiente(
                clave, True, partial(contenido.recordatorio, r, ahora, tz)))

    # 3. Reclamar, enviar y registrar. Cada espacio en orden; varios espacios a la vez (los límites
    # de envío de las plataformas son por espacio). Uno inaccesible o con un defecto no detiene a los demás.
    def atender(espacio: Espacio, plataforma: Plataforma) -> None:
        try:
            if espacio.id in sin_canal:
                _avisar_directores(app, espacio, plataforma, ahora, "sin-canal", (
                    "No hay canal del equipo configurado, así que no puedo publicar la agenda del día ni el "
                    "resumen semanal. Elige uno con `/asistente config canal #prensa`."), previos, resumen)
            _enviar(app, espacio, plataforma, por_espacio[espacio.id], ahora, previos, resumen)
        except EspacioInaccesible:
            resumen.inaccesibles.append(espacio.clave)
        except Exception:
            registro_log.exception("falló la pasada de %s; sigo con los demás", espacio.clave)

    con_trabajo = [(e, pl) for e, _a, pl in espacios if por_espacio[e.id] or e.id in sin_canal]
    if hilos > 1 and len(con_trabajo) > 1:
        with ThreadPoolExecutor(max_workers=min(hilos, len(con_trabajo)), thread_name_prefix="programador") as pool:
            list(pool.map(lambda t: atender(*t), con_trabajo))
    else:
        for espacio, plataforma in con_trabajo:
            atender(espacio, plataforma)
    resumen.enviadas.extend(avisar_invitaciones(app, ahora, disponibles))
    registro_log.log(logging.INFO if resumen.enviadas or resumen.fallidas else logging.DEBUG, "%s", resumen)
    return resumen


def _canal(espacio: Espacio, ajustes: Ajustes) -> str:
    if ajustes.canal:
        return ajustes.canal
    return CANAL_CONSOLA if espacio.clave.startswith("consola:") else ""


def _enviar(
    app: Aplicacion, espacio: Espacio, plataforma: Plataforma, pendientes: list[Pendiente], ahora: datetime,
    previos: Mapping[Clave, Estado], resumen: Resumen,
) -> None:
    """Reclama en una transacción todo lo que le toca al espacio, lo envía en orden y marca cada
    resultado en otra transacción (dos commits por espacio, no dos por publicación). Relanza
    ``EspacioInaccesible``; lo reclamado que ya no se intentó queda fallido y se reintenta."""
    reclamadas = reclamar_varios(app.fabrica, [(p.clave, previos.get(p.clave)) for p in pendientes], ahora)
    resultados: list[tuple[Clave, str | None]] = []
    canales_rotos: list[tuple[Clave, str]] = []
    inaccesible: EspacioInaccesible | None = None
    try:
        for p in pendientes:
            if p.clave not in reclamadas:
                continue
            if inaccesible is not None:
                resultados.append((p.clave, f"no se intentó: espacio inaccesible ({inaccesible})"))
                continue
            try:
                error = _intentar(espacio, plataforma, p)
            except EspacioInaccesible as e:
                registro_log.error("espacio %s inaccesible (%s); sigo con los demás", espacio.clave, e)
                inaccesible, error = e, str(e) or "espacio inaccesible"
            resultados.append((p.clave, error))
            if error is None:
                resumen.enviadas.append((espacio.clave, p.clave.tipo, p.clave.destino, p.clave.periodo))
                registro_log.info("enviada %s a %s en %s (%s)", p.clave.tipo, p.clave.destino, espacio.clave,
                                  p.clave.periodo)
            else:
                resumen.fallidas.append((espacio.clave, p.clave.tipo, p.clave.destino, error))
                if not p.directo and inaccesible is None:
                    canales_rotos.append((p.clave, error))
    finally:
        marcar_varios(app.fabrica, resultados, ahora)
    if inaccesible is not None:
        raise inaccesible
    for clave, error in canales_rotos:
        _avisar_directores(app, espacio, plataforma, ahora, f"{clave.tipo}:{clave.periodo}", (
            f"No pude publicar {NOMBRES.get(clave.tipo, clave.tipo)} en el canal {clave.destino}: {error}. "
            "Revisa que el canal exista y que el asistente esté invitado en él, o elige otro con "
            "`/asistente config canal #canal`. Lo vuelvo a intentar en unos segundos."), {}, resumen)


def _intentar(espacio: Espacio, plataforma: Plataforma, p: Pendiente) -> str | None:
    """Envía una publicación; devuelve el error (o None si salió). Deja pasar ``EspacioInaccesible``."""
    clave = p.clave
    try:
        respuesta = p.armar()
        if p.directo:
            plataforma.mensaje_directo(espacio.clave, clave.destino, respuesta)
        else:
            plataforma.publicar(espacio.clave, clave.destino, respuesta)
    except EspacioInaccesible:
        raise
    except ErrorDeEnvio as error:
        registro_log.warning("no se pudo enviar %s a %s en %s: %s", clave.tipo, clave.destino, espacio.clave, error)
        return str(error) or "error de envío"
    except Exception as error:  # un defecto: se registra con su traza y se reintenta
        registro_log.exception("falló %s para %s en %s", clave.tipo, clave.destino, espacio.clave)
        return f"{type(error).__name__}: {error}"
    return None


def _avisar_directores(
    app: Aplicacion, espacio: Espacio, plataforma: Plataforma, ahora: datetime, periodo: str, texto: str,
    previos: Mapping[Clave, Estado], resumen: Resumen,
) -> None:
    """Un mensaje directo a cada director del espacio, una vez por ``periodo``."""
    with transaccion(app.fabrica) as session:
        directores = session.scalars(
            select(Persona.usuario_id).where(Persona.espacio_id == espacio.id, Persona.es_director.is_(True),
                                             Persona.activo.is_(True))
        ).all()
    avisos = [Pendiente(Clave(espacio.id, "aviso", usuario, periodo), True, lambda: Respuesta.texto(texto))
              for usuario in directores]
    _enviar(app, espacio, plataforma, [a for a in avisos if a.clave not in previos], ahora, {}, resumen)
