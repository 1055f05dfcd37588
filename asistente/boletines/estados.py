"""Los estados de un boletín y su historial.

``borrador`` → ``aprobado`` (solo directores) → ``publicado``; editar uno aprobado lo regresa a
``borrador``; cualquiera que no esté publicado puede quedar ``cancelado`` (conserva su número). Cada
cambio deja una ``VersionBoletin`` (quién, cuándo, qué).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.boletines.textos import validar_textos
from asistente.nucleo.errores import ErrorDeUsuario, NoProcede
from asistente.nucleo.peticion import Peticion
from modelos import Boletin, EstadoBoletin, Persona, VersionBoletin

MAX_MOTIVO = 300

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # todo menos tabulador y salto de línea


def anotar_version(session: Session, boletin: Boletin, peticion: Peticion, accion: str, detalle: str = "") -> None:
    session.add(VersionBoletin(
        boletin_id=boletin.id, persona_id=peticion.persona_id, cuando=peticion.ahora, accion=accion,
        titular=boletin.titular, resumen=boletin.resumen, cuerpo=boletin.cuerpo, detalle=detalle,
    ))


def _vivo(boletin: Boletin, tarea: str) -> None:
    if boletin.estado == EstadoBoletin.CANCELADO:
        raise ErrorDeUsuario(f"{boletin.etiqueta.capitalize()} está cancelad{boletin.genero}; no se puede {tarea}.")


def exigir_editable(boletin: Boletin) -> None:
    _vivo(boletin, "editar")
    if boletin.estado == EstadoBoletin.PUBLICADO:
        raise ErrorDeUsuario(f"{boletin.etiqueta.capitalize()} ya se publicó; para corregirlo redacta uno nuevo.")


def editar(session: Session, peticion: Peticion, boletin: Boletin, titular: str, resumen: str, cuerpo: str) -> str:
    """Guarda el texto nuevo; un boletín aprobado vuelve a borrador. Devuelve qué pasó, en palabras."""
    exigir_editable(boletin)
    titular, resumen, cuerpo = (_CONTROL.sub("", t).strip() for t in (titular, resumen, cuerpo))
    errores = validar_textos(titular, resumen, cuerpo)
    if errores:
        raise ErrorDeUsuario(next(iter(errores.values())))
    cambios = [n for n, antes, ahora in (("titular", boletin.titular, titular), ("resumen", boletin.resumen, resumen),
                                          ("cuerpo", boletin.cuerpo, cuerpo)) if antes != ahora]
    if not cambios:
        return f"{boletin.nombre_tipo} {boletin.folio}: sin cambios."
    boletin.titular, boletin.resumen, boletin.cuerpo = titular, resumen, cuerpo
    boletin.actualizado = peticion.ahora
    detalle = "cambió " + ", ".join(cambios)
    if boletin.estado == EstadoBoletin.APROBADO:
        boletin.estado = EstadoBoletin.BORRADOR
        boletin.aprobado_por_id = None
        boletin.aprobado = None
        detalle += "; volvió a borrador (estaba aprobado)"
    anotar_version(session, boletin, peticion, "editado", detalle)
    return f"{boletin.nombre_tipo} {boletin.folio} guardado ({detalle})."


# Un renglón entero entre corchetes es una indicación de la plantilla («[Completa aquí la nota…]»).
_RELLENO = re.compile(r"^[ \t]*\[[^\]\n]+\][ \t]*$", re.MULTILINE)


def aprobar(session: Session, peticion: Peticion, boletin: Boletin) -> None:
    _vivo(boletin, "aprobar")
    if boletin.estado != EstadoBoletin.BORRADOR:
        raise ErrorDeUsuario(f"{boletin.etiqueta.capitalize()} ya está {boletin.estado}.")
    relleno = _RELLENO.search("\n".join((boletin.titular, boletin.resumen, boletin.cuerpo)))
    if relleno:
        raise ErrorDeUsuario(
            f"{boletin.etiqueta.capitalize()} todavía tiene texto de relleno de la plantilla: {relleno.group(0).strip()} "
            f"Complétalo con /boletin editar {boletin.referencia_corta} y luego apruébalo."
        )
    boletin.estado = EstadoBoletin.APROBADO
    boletin.aprobado_por_id = peticion.persona_id
    boletin.aprobado = peticion.ahora
    boletin.actualizado = peticion.ahora
    anotar_version(session, boletin, peticion, "aprobado")


def publicar(session: Session, peticion: Peticion, boletin: Boletin, urls: list[str]) -> list[str]:
    """Registra dónde apareció. Solo un boletín aprobado (o ya publicado, para sumar direcciones)."""
    _vivo(boletin, "publicar")
    if boletin.estado == EstadoBoletin.BORRADOR:
        raise ErrorDeUsuario(
            f"{boletin.etiqueta.capitalize()} todavía es borrador: primero debe aprobarlo un director "
            f"(/boletin aprobar {boletin.referencia_corta})."
        )
    previas = [u for u in boletin.urls.splitlines() if u]
    nuevas = [u for u in urls if u not in previas]
    if not nuevas:
        raise ErrorDeUsuario(f"Esas direcciones ya estaban registradas en {boletin.etiqueta}.")
    if len(previas) + len(nuevas) > 50:
        raise ErrorDeUsuario("El boletín ya tiene demasiadas direcciones registradas (máximo 50).")
    boletin.urls = "\n".join(previas + nuevas)
    if boletin.estado != EstadoBoletin.PUBLICADO:
        boletin.estado = EstadoBoletin.PUBLICADO
        boletin.publicado = peticion.ahora
    boletin.actualizado = peticion.ahora
    anotar_version(session, boletin, peticion, "publicado", " ".join(nuevas))
    return nuevas


def cancelar(session: Session, peticion: Peticion, boletin: Boletin, motivo: str) -> None:
    if boletin.estado == EstadoBoletin.CANCELADO:
        raise NoProcede(f"{boletin.etiqueta.capitalize()} ya estaba cancelad{boletin.genero}.")
    if boletin.estado == EstadoBoletin.PUBLICADO:
        raise ErrorDeUsuario(f"{boletin.etiqueta.capitalize()} ya se publicó; no se puede cancelar.")
    if len(motivo) > MAX_MOTIVO:
        raise ErrorDeUsuario(f"El motivo es muy largo ({len(motivo)} caracteres; máximo {MAX_MOTIVO}).")
    boletin.estado = EstadoBoletin.CANCELADO
    boletin.motivo_cancelacion = motivo
    boletin.actualizado = peticion.ahora
    anotar_version(session, boletin, peticion, "cancelado", motivo)


def por_aprobar(session: Session, espacio_id: int) -> list[Boletin]:
    """Borradores esperando la aprobación de un director (para el resumen semanal)."""
    return list(session.scalars(
        select(Boletin).where(Boletin.espacio_id == espacio_id, Boletin.estado == EstadoBoletin.BORRADOR)
        .order_by(Boletin.anio, Boletin.numero)
    ))


def emitidos(session: Session, espacio_id: int, desde: datetime, hasta: datetime) -> int:
    """Cuántos boletines se aprobaron en ``[desde, hasta)`` y siguen vigentes (aprobados o publicados)."""
    return int(session.scalar(
        select(func.count(Boletin.id)).where(
            Boletin.espacio_id == espacio_id, Boletin.estado.in_((EstadoBoletin.APROBADO, EstadoBoletin.PUBLICADO)),
            Boletin.aprobado >= desde, Boletin.aprobado < hasta,
        )
    ) or 0)


def versiones(session: Session, boletin: Boletin) -> list[tuple[VersionBoletin, str]]:
    filas = session.execute(
        select(VersionBoletin, Persona)
        .outerjoin(Persona, Persona.id == VersionBoletin.persona_id)
        .where(VersionBoletin.boletin_id == boletin.id)
        .order_by(VersionBoletin.cuando, VersionBoletin.id)
    ).all()
    return [(v, p.nombre_visible if p else "alguien") for v, p in filas]
