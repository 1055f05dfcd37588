"""El recordatorio de invitaciones: a las 17:00 del día anterior a un evento marcado «invitar a medios»
cuya invitación no se ha enviado, cada director recibe un mensaje directo; exactamente una vez (la
misma reclamación en ``publicaciones`` que las demás publicaciones, clave
``invitacion/<usuario>/e<evento>@<día>``). Se manda tarde si el programador estuvo caído, hasta las
23:59 de ese día."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, time, timedelta

from sqlalchemy import exists, select

from asistente.datos.bd import transaccion
from asistente.fechas.palabras import hora
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible, Plataforma
from asistente.nucleo.respuesta import Respuesta
from asistente.programador.reclamos import Clave, enviar_una_vez, marcar_varios, reclamar_varios
from modelos import CorreoSaliente, Espacio, Evento, Persona

registro_log = logging.getLogger("asistente.programador")

HORA = time(17, 0)
TIPO = "invitacion"


def _texto(evento: Evento, local: datetime) -> str:
    cuando = f"a las {hora(local)}" if evento.con_hora else "(hora por confirmar)"
    lugar = f" en {evento.lugar}" if evento.lugar else ""
    return (f"📨 Mañana {cuando} es el evento #{evento.numero} «{evento.titulo}»{lugar}, marcado para invitar a "
            f"medios, y la invitación no se ha enviado. Revísala con /invitacion {evento.numero} y envíala con "
            f"/invitacion enviar {evento.numero}.")


def avisar_invitaciones(app: Aplicacion, ahora: datetime, plataformas: Mapping[str, Plataforma]
                        ) -> list[tuple[str, str, str, str]]:
    """Envía los avisos que tocan; devuelve los enviados como ``(espacio, tipo, destino, periodo)``."""
    tz = app.config.tz
    local = ahora.astimezone(tz)
    if local.time() < HORA:
        return []
    manana = local.date() + timedelta(days=1)
    desde = datetime.combine(manana, time(0), tz)
    sin_invitar = ~exists().where(CorreoSaliente.espacio_id == Evento.espacio_id, CorreoSaliente.tipo == TIPO,
                                  CorreoSaliente.objeto_id == Evento.id)
    with transaccion(app.fabrica, solo_lectura=True) as session:
        filas = session.execute(
            select(Espacio.id, Espacio.clave, Evento, Persona.usuario_id)
            .join(Evento, Evento.espacio_id == Espacio.id)
            .join(Persona, Persona.espacio_id == Espacio.id)
            .where(Evento.invitar_medios.is_(True), Evento.estado == "programado", Evento.inicio >= desde,
                   Evento.inicio < desde + timedelta(days=1), sin_invitar, Persona.es_director.is_(True),
                   Persona.activo.is_(True), Espacio.activo.is_(True))
            .order_by(Espacio.id, Evento.inicio, Persona.id)
        ).all()
    enviados: list[tuple[str, str, str, str]] = []
    por_espacio: dict[tuple[int, str], list[tuple[Clave, str]]] = {}
    for espacio_id, clave_espacio, evento, usuario in filas:
        periodo = f"e{evento.id}@{manana.isoformat()}"
        por_espacio.setdefault((espacio_id, clave_espacio), []).append(
            (Clave(espacio_id, TIPO, usuario, periodo), _texto(evento, evento.inicio.astimezone(tz))))
    for (_espacio_id, clave_espacio), avisos in por_espacio.items():
        plataforma = plataformas.get(clave_espacio.split(":", 1)[0])
        if plataforma is None:
            continue
        textos = dict(avisos)
        ganadas = reclamar_varios(app.fabrica, [(c, None) for c, _ in avisos], ahora)
        resultados: list[tuple[Clave, str | None]] = []
        inaccesible = ""
        try:
            for clave in (c for c, _ in avisos if c in ganadas):
                if inaccesible:
                    resultados.append((clave, f"no se intentó: espacio inaccesible ({inaccesible})"))
                    continue
                try:
                    enviar_una_vez(plataforma, clave_espacio, clave, Respuesta.texto(textos[clave]), directo=True,
                                   reclamadas=ganadas, ahora=ahora)
                except EspacioInaccesible as error:  # antes que ErrorDeEnvio: es uno de ellos
                    inaccesible = str(error) or "espacio inaccesible"
                    resultados.append((clave, inaccesible))
                    continue
                except ErrorDeEnvio as error:
                    resultados.append((clave, str(error) or "error de envío"))
                    continue
                except Exception as error:  # un defecto: se registra y se reintenta en la pasada siguiente
                    registro_log.exception("falló el aviso de invitación para %s en %s", clave.destino, clave_espacio)
                    resultados.append((clave, f"{type(error).__name__}: {error}"))
                    continue
                resultados.append((clave, None))
                enviados.append((clave_espacio, TIPO, clave.destino, clave.periodo))
        finally:
            marcar_varios(app.fabrica, resultados, ahora)
    return enviados
