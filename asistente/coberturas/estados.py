"""Los cambios de estado de una asignación: asignada → aceptada / rechazada → cumplida, o cancelada.

Nada aquí hace commit: lo hace quien llama (el despachador, o el archivo al recibir los archivos).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado, SinPermiso
from modelos import Asignacion, EstadoAsignacion, EstadoEvento, Evento, Medio, Persona

VIVAS = (EstadoAsignacion.ASIGNADA, EstadoAsignacion.ACEPTADA, EstadoAsignacion.CUMPLIDA)
# Vivas y sin cumplir todavía: las que se recuerdan, se avisan si el evento cambia y se liberan en una baja.
POR_CUMPLIR = (EstadoAsignacion.ASIGNADA, EstadoAsignacion.ACEPTADA)


def cubrible(evento: Evento, ahora: datetime) -> None:
    """Que el evento admita coberturas: ni cancelado ni pasado."""
    if evento.estado == EstadoEvento.CANCELADO:
        raise ErrorDeUsuario(f"El evento #{evento.numero} «{evento.titulo}» está cancelado: no necesita cobertura.")
    if evento.fin <= ahora:
        raise ErrorDeUsuario(f"El evento #{evento.numero} «{evento.titulo}» ya pasó: no se le pueden asignar coberturas.")


def asignar(session: Session, evento: Evento, persona_id: int, rol: str, asignada_por_id: int | None,
            ahora: datetime) -> tuple[Asignacion, bool]:
    """Asigna el rol a la persona. ``(asignacion, False)`` si ya lo tenía vivo: entonces nada cambia."""
    asignacion = session.scalar(
        select(Asignacion).where(
            Asignacion.evento_id == evento.id, Asignacion.persona_id == persona_id, Asignacion.rol == rol
        )
    )
    if asignacion is not None and asignacion.estado in VIVAS:
        return asignacion, False
    if asignacion is None:
        asignacion = Asignacion(espacio_id=evento.espacio_id, evento_id=evento.id, persona_id=persona_id, rol=rol,
                                creado=ahora)
        session.add(asignacion)
    asignacion.estado = EstadoAsignacion.ASIGNADA
    asignacion.motivo = ""
    asignacion.respondida = None
    asignacion.asignada_por_id = asignada_por_id
    session.flush()
    return asignacion, True


def asignacion_de(session: Session, espacio_id: int, persona_id: int, valor: str) -> tuple[Asignacion, Evento]:
    """La asignación ``valor`` (su id) con su evento; solo la persona asignada puede contestarla."""
    valor = valor.strip()
    asignacion = session.get(Asignacion, int(valor)) if valor.isdecimal() and len(valor) <= 9 else None
    if asignacion is None or asignacion.espacio_id != espacio_id or asignacion.estado == EstadoAsignacion.CANCELADA:
        raise NoEncontrado("Esa asignación ya no existe: se la quitaron o la cambiaron. Nada cambió; revisa /cobertura mía.")
    if asignacion.persona_id != persona_id:
        dueno = session.get(Persona, asignacion.persona_id)
        nombre = dueno.nombre_visible if dueno else "otra persona"
        raise SinPermiso(f"Esta asignación es de {nombre}: solo esa persona puede contestarla. Nada cambió.")
    evento = session.get(Evento, asignacion.evento_id)
    assert evento is not None
    return asignacion, evento


def aceptar(asignacion: Asignacion, ahora: datetime) -> None:
    asignacion.estado = EstadoAsignacion.ACEPTADA
    asignacion.respondida = ahora
    asignacion.motivo = ""


def rechazar(asignacion: Asignacion, ahora: datetime) -> None:
    asignacion.estado = EstadoAsignacion.RECHAZADA
    asignacion.respondida = ahora


def quitar(session: Session, evento_id: int, persona_id: int, roles: list[str]) -> tuple[list[Asignacion], bool]:
    """Cancela las asignaciones de la persona en el evento (solo esos roles, si se dan). Devuelve las
    quitadas y si alguna estaba viva sin cumplir (entonces hay que avisarle)."""
    consulta = select(Asignacion).where(
        Asignacion.evento_id == evento_id, Asignacion.persona_id == persona_id,
        Asignacion.estado != EstadoAsignacion.CANCELADA,
    )
    if roles:
        consulta = consulta.where(Asignacion.rol.in_(roles))
    quitadas = list(session.scalars(consulta.order_by(Asignacion.id)).all())
    avisar = any(a.estado in POR_CUMPLIR for a in quitadas)
    for a in quitadas:
        a.estado = EstadoAsignacion.CANCELADA
    return quitadas, avisar


def marcar_cumplida(session: Session, evento_id: int, persona_id: int, ahora: datetime) -> list[Asignacion]:
    """Marca cumplidas las asignaciones vivas (asignada o aceptada) de esa persona en ese evento.
    Devuelve las que cambiaron; no hace commit."""
    vivas = session.scalars(
        select(Asignacion).where(
            Asignacion.evento_id == evento_id,
            Asignacion.persona_id == persona_id,
            Asignacion.estado.in_(POR_CUMPLIR),
        )
    ).all()
    for asignacion in vivas:
        asignacion.estado = EstadoAsignacion.CUMPLIDA
        asignacion.respondida = ahora
    return list(vivas)


def liberar(session: Session, persona_id: int, ahora: datetime) -> list[tuple[Asignacion, Evento]]:
    """Cancela las coberturas vivas de alguien que deja el equipo en los eventos que aún no terminan;
    devuelve cuáles, en orden de fecha, para reasignarlas."""
    libres = [
        (asignacion, evento) for asignacion, evento in session.execute(
            select(Asignacion, Evento).join(Evento, Evento.id == Asignacion.evento_id).where(
                Asignacion.persona_id == persona_id, Asignacion.estado.in_(POR_CUMPLIR),
                Evento.estado == EstadoEvento.PROGRAMADO, Evento.fin > ahora,
            ).order_by(Evento.inicio, Asignacion.id)
        )
    ]
    for asignacion, _evento in libres:
        asignacion.estado = EstadoAsignacion.CANCELADA
    return libres


# Lo que alguien suelta en el canal y el rol que eso cubre.
ROL_DE_MEDIO = {"foto": "foto", "video": "video", "audio": "audio"}
ACCION_REGISTRAR_CUBIERTA = "cobertura.registrar_cubierta"


def sin_asignar(session: Session, medio_ids: list[int]) -> list[tuple[Evento, int, str]]:
    """De los archivos recién archivados en un evento: (evento, persona, rol) de quien los soltó sin
    tener ese rol vivo en ese evento; a esa persona se le ofrece registrar que lo cubrió."""
    if not medio_ids:
        return []
    filas = session.execute(
        select(Medio.evento_id, Medio.autor_id, Medio.tipo).where(Medio.id.in_(medio_ids), Medio.evento_id.is_not(None),
                                                                  Medio.autor_id.is_not(None)).distinct()
    ).all()
    ofertas: list[tuple[Evento, int, str]] = []
    for evento_id, autor_id, tipo in filas:
        rol = ROL_DE_MEDIO.get(tipo)
        evento = session.get(Evento, evento_id)
        if rol is None or evento is None or any(o[0].id == evento.id and o[1] == autor_id and o[2] == rol for o in ofertas):
            continue
        viva = session.scalar(select(Asignacion.id).where(
            Asignacion.evento_id == evento_id, Asignacion.persona_id == autor_id, Asignacion.rol == rol,
            Asignacion.estado.in_(VIVAS)))
        if viva is None:
            ofertas.append((evento, int(autor_id or 0), rol))
    return ofertas


def registrar_cubierta(session: Session, evento: Evento, persona_id: int, rol: str, ahora: datetime) -> bool:
    """Registra que la persona cubrió ``rol`` en el evento (ya pasó: queda cumplida). ``False`` si ya lo tenía."""
    asignacion, nueva = asignar(session, evento, persona_id, rol, persona_id, ahora)
    if not nueva and asignacion.estado == EstadoAsignacion.CUMPLIDA:
        return False
    asignacion.estado = EstadoAsignacion.CUMPLIDA
    asignacion.respondida = ahora
    return True
