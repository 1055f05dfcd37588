"""Vistas de solo lectura para las plantillas: eventos en hora local con su cobertura por rol."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from asistente.datos.bd import leer
from asistente.fechas.palabras import momento_en_palabras
from modelos import ROLES, Asignacion, EstadoAsignacion, EstadoEvento, Evento, Persona

# Cómo se ve cada estado de cobertura (rol por rol) en los listados.
MARCAS = {"aceptada": "✅", "cumplida": "✅", "asignada": "⏳", "rechazada": "❌", "falta": "⚠️"}
ETIQUETAS_ESTADO = {
    "aceptada": "aceptó", "cumplida": "cumplió", "asignada": "pendiente", "rechazada": "no puede", "falta": "falta",
}
ROLES_POR_PRIORIDAD = {
    "alta": ("foto", "video", "redes", "redacción"),
    "media": ("foto", "redacción"),
    "baja": ("foto",),
}


@dataclass
class PersonaEnRol:
    nombre: str
    usuario_id: str
    estado: str
    motivo: str = ""

    @property
    def marca(self) -> str:
        return MARCAS.get(self.estado, "")

    @property
    def etiqueta(self) -> str:
        return ETIQUETAS_ESTADO.get(self.estado, self.estado)


@dataclass
class CoberturaRol:
    rol: str
    necesario: bool
    personas: list[PersonaEnRol] = field(default_factory=list)

    @property
    def estado(self) -> str:
        """El mejor estado del rol: cubierto si alguien aceptó, pendiente si alguien está asignado."""
        estados = {p.estado for p in self.personas}
        for estado in ("cumplida", "aceptada", "asignada"):
            if estado in estados:
                return estado
        return "rechazada" if estados else "falta"

    @property
    def marca(self) -> str:
        return MARCAS[self.estado]


@dataclass
class VistaEvento:
    numero: int
    titulo: str
    inicio: datetime
    fin: datetime
    con_hora: bool
    lugar: str
    dependencia: str
    preside: str
    prioridad: str
    estado: EstadoEvento
    motivo_cancelacion: str
    notas: str
    cobertura: list[CoberturaRol]

    @property
    def momento(self) -> str:
        return momento_en_palabras(self.inicio, self.fin, self.con_hora)

    @property
    def horario(self) -> str:
        if not self.con_hora:
            return "hora por confirmar"
        # Sin ``strftime``: con zona horaria cuesta diez veces más, y va una vez por evento listado.
        return f"{self.inicio.hour:02d}:{self.inicio.minute:02d}–{self.fin.hour:02d}:{self.fin.minute:02d}"

    @property
    def huecos(self) -> list[str]:
        return [c.rol for c in self.cobertura if c.necesario and c.estado in ("falta", "rechazada")]


# Una asignación vista desde el listado: rol, estado, motivo, nombre visible, id de usuario.
_Fila = tuple[str, str, str, str, str]


def rango_del_dia(dia: date, tz: ZoneInfo, dias: int = 1) -> tuple[datetime, datetime]:
    inicio = datetime.combine(dia, time(0), tzinfo=tz)
    fin = datetime.combine(dia + timedelta(days=dias), time(0), tzinfo=tz)
    return inicio, fin


class DatosDeEvento(Protocol):
    """Lo que una vista lee de un evento: un ``Evento`` del ORM o una fila de ``COLUMNAS_DE_LISTADO``."""

    @property
    def id(self) -> int: ...
    @property
    def numero(self) -> int: ...
    @property
    def titulo(self) -> str: ...
    @property
    def inicio(self) -> datetime: ...
    @property
    def fin(self) -> datetime: ...
    @property
    def con_hora(self) -> bool: ...
    @property
    def lugar(self) -> str: ...
    @property
    def dependencia(self) -> str: ...
    @property
    def preside(self) -> str: ...
    @property
    def prioridad(self) -> str: ...
    @property
    def estado(self) -> EstadoEvento: ...
    @property
    def motivo_cancelacion(self) -> str: ...
    @property
    def notas(self) -> str: ...
    @property
    def roles_necesarios(self) -> str: ...


def vistas(session: Session, eventos: Sequence[DatosDeEvento], tz: ZoneInfo) -> list[VistaEvento]:
    """Vistas de varios eventos con su cobertura, en dos consultas sin importar cuántos sean."""
    por_evento: dict[int, list[_Fila]] = defaultdict(list)
    ids = [e.id for e in eventos]
    if ids:
        # Columnas sueltas y no objetos del ORM: solo se leen, y así cuesta la mitad.
        filas = leer(session, _ASIGNACIONES, {"ids": ids})
        for evento_id, rol, estado, motivo, nombre, usuario, usuario_id in filas:
            # El nombre como ``Persona.nombre_visible``.
            por_evento[evento_id].append((rol, estado, motivo, nombre or usuario or usuario_id, usuario_id))
    return [_vista(e, por_evento.get(e.id, []), tz) for e in eventos]


# Armada una vez, con la lista de eventos como parámetro que se expande: construir la expresión en
# cada petición costaba más que correrla.
_ASIGNACIONES = (
    select(Asignacion.evento_id, Asignacion.rol, Asignacion.estado, Asignacion.motivo,
           Persona.nombre, Persona.usuario, Persona.usuario_id)
    .join(Persona, Persona.id == Asignacion.persona_id)
    .where(Asignacion.evento_id.in_(bindparam("ids", expanding=True)), Asignacion.estado != EstadoAsignacion.CANCELADA)
    .order_by(Asignacion.id)
)


def vista(session: Session, evento: Evento, tz: ZoneInfo) -> VistaEvento:
    return vistas(session, [evento], tz)[0]


def _vista(evento: DatosDeEvento, asignaciones: list[_Fila], tz: ZoneInfo) -> VistaEvento:
    # Va una vez por evento listado: sin comprensiones ni ordenar cuando no hace falta.
    roles: dict[str, CoberturaRol] = {}
    for r in evento.roles_necesarios.split(","):  # como ``Evento.lista_roles``
        if r and r not in roles:
            roles[r] = CoberturaRol(r, True)
    extras: list[CoberturaRol] = []
    for rol, estado, motivo, nombre, usuario_id in asignaciones:
        cobertura = roles.get(rol)
        if cobertura is None:
            cobertura = roles[rol] = CoberturaRol(rol, False)
            extras.append(cobertura)
        cobertura.personas.append(PersonaEnRol(nombre, usuario_id, estado, motivo))
    # Los necesarios en su orden y después los extra en el orden de ``ROLES``.
    lista = list(roles.values())
    if extras:
        lista = lista[:len(lista) - len(extras)] + sorted(
            extras, key=lambda c: ROLES.index(c.rol) if c.rol in ROLES else len(ROLES))
    return VistaEvento(
        numero=evento.numero, titulo=evento.titulo, inicio=evento.inicio.astimezone(tz), fin=evento.fin.astimezone(tz),
        con_hora=evento.con_hora, lugar=evento.lugar, dependencia=evento.dependencia, preside=evento.preside,
        prioridad=evento.prioridad, estado=evento.estado, motivo_cancelacion=evento.motivo_cancelacion,
        notas=evento.notas, cobertura=lista,
    )
