"""La invitación a medios de un evento: su texto en el formato de la oficina, enviarla por correo (cada
medio con su enlace de confirmación) y su estado (enviada, confirmada, declinada, sin respuesta)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.boletines import estilo
from asistente.enlaces.firmas import url_de
from asistente.fechas.palabras import fecha_en_palabras, hora
from asistente.medios.buzon import describir, encolar, envios_de
from asistente.medios.destinatarios import elegir
from asistente.medios.envios import Informe, enlace_del_medio, exigir_correo
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta
from modelos import EnlacePortal, Evento, MedioDeComunicacion

TIPO = "invitacion"
# El enlace de confirmación sirve hasta un día después del evento.
DIAS_DESPUES = 1


def membrete(config: Config) -> str:
    if config.municipio:
        return f"H. Ayuntamiento de {config.municipio}" + (f", {config.estado}" if config.estado else "")
    return "H. Ayuntamiento"


def contacto(config: Config) -> str:
    if config.contacto:
        return config.contacto
    nombre, correo = parseaddr(config.correo_remitente)
    return correo or "Dirección de Comunicación Social"


def datos(evento: Evento, config: Config) -> dict[str, Any]:
    """Lo que dice la invitación: fecha en palabras, «10:00 horas», lugar, quién preside, contacto."""
    inicio = evento.inicio.astimezone(config.tz)
    return {
        "membrete": membrete(config), "titulo": evento.titulo, "fecha": fecha_en_palabras(inicio.date(), con_anio=True),
        "hora": f"{hora(inicio)} horas" if evento.con_hora else "hora por confirmar", "lugar": evento.lugar,
        "preside": estilo.quien_preside(evento.preside, config), "dependencia": evento.dependencia, "contacto": contacto(config),
        "numero": evento.numero,
    }


def vista(evento: Evento, config: Config, enlace: str = "") -> Respuesta:
    return Respuesta.plantilla("invitacion.j2", i=datos(evento, config), enlace=enlace)


def texto_del_correo(evento: Evento, config: Config, enlace: str) -> str:
    return renderizar(vista(evento, config, enlace), "texto") + "\n"


def exigir_vigente(evento: Evento, ahora: datetime) -> None:
    if evento.estado == "cancelado":
        raise ErrorDeUsuario(f"El evento #{evento.numero} está cancelado: no se invita a medios.")
    if evento.inicio <= ahora:
        raise ErrorDeUsuario(f"El evento #{evento.numero} ya empezó: la invitación llegaría tarde.")


def enviar(session: Session, peticion: Peticion, evento: Evento, a_quien: str) -> Informe:
    config = peticion.config
    exigir_correo(config)
    exigir_vigente(evento, peticion.ahora)
    destinatarios = elegir(session, peticion.espacio_id, a_quien)
    dias = max(1, (evento.inicio - peticion.ahora).days + 1 + DIAS_DESPUES)
    cuando = datos(evento, config)
    asunto = f"Invitación: {evento.titulo} — {cuando['fecha']}, {cuando['hora']}"
    informe = Informe()
    for d in destinatarios:
        if not d.correos:
            informe.sin_correo.append(d.medio.nombre)
            continue
        enlace = enlace_del_medio(session, espacio_id=peticion.espacio_id, tipo=TIPO, objeto_id=evento.id,
                                  medio=d.medio, ahora=peticion.ahora, dias=dias, creado_por_id=peticion.persona_id)
        cuerpo = texto_del_correo(evento, config, url_de(config, enlace))
        nuevos = [c for c in d.correos if encolar(
            session, espacio_id=peticion.espacio_id, tipo=TIPO, objeto_id=evento.id, correo=c, asunto=asunto,
            cuerpo=cuerpo, ahora=peticion.ahora, medio_id=d.medio.id, enlace_id=enlace.id) is not None]
        informe.anotar(d.medio.nombre, len(nuevos))
    return informe


@dataclass(frozen=True)
class EstadoDeMedio:
    medio: str
    envio: str
    respuesta: str


def estado(session: Session, espacio_id: int, evento: Evento) -> list[EstadoDeMedio]:
    """Por medio invitado: cómo va el correo y qué contestó en el portal."""
    filas = envios_de(session, espacio_id, TIPO, evento.id)
    enlaces = {e.medio_id: e for e in session.scalars(select(EnlacePortal).where(
        EnlacePortal.espacio_id == espacio_id, EnlacePortal.tipo == TIPO, EnlacePortal.objeto_id == evento.id))}
    nombres = {m.id: m.nombre for m in session.scalars(select(MedioDeComunicacion).where(
        MedioDeComunicacion.id.in_({f.medio_id for f in filas if f.medio_id})))}
    por_medio: dict[int, list[str]] = {}
    for f in filas:
        if f.medio_id is not None:
            por_medio.setdefault(f.medio_id, []).append(describir(f) if f.estado != "enviado" else "enviada")
    salida = []
    for medio_id, estados in por_medio.items():
        enlace = enlaces.get(medio_id)
        if enlace is not None and enlace.respuesta == "confirmada":
            respuesta = "CONFIRMÓ" + (f" ({enlace.asistentes})" if enlace.asistentes else "")
        elif enlace is not None and enlace.respuesta == "declinada":
            respuesta = "declinó"
        else:
            respuesta = "sin respuesta"
        envio = "enviada" if all(e == "enviada" for e in estados) else "; ".join(sorted(set(estados)))
        salida.append(EstadoDeMedio(nombres.get(medio_id, "?"), envio, respuesta))
    return sorted(salida, key=lambda e: e.medio.lower())


def responder(enlace: EnlacePortal, respuesta: str, asistentes: str, ahora: datetime) -> None:
    """Lo que contesta el medio desde el portal; puede cambiar de opinión mientras el enlace viva."""
    enlace.respuesta = "confirmada" if respuesta == "si" else "declinada"
    enlace.asistentes = " ".join(asistentes.split())[:200] if respuesta == "si" else ""
    enlace.respondido = ahora
