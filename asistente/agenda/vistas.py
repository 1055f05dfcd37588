"""Vistas de solo lectura para las plantillas: eventos en hora local con su cobertura por rol."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Protocol
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Row, bindparam, select
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


@dataclass(slots=True)
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


def mejor_estado(personas: list[PersonaEnRol]) -> str:
    """El mejor estado de un rol: cubierto si alguien aceptó, pendiente si alguien está asignado."""
    if not personas:
        return "falta"
    estados = {p.estado for p in personas}
    for estado in ("cumplida", "aceptada", "asignada"):
        if estado in estados:
            return estado
    return "rechazada"


@dataclass(slots=True)
class CoberturaRol:
    rol: str
    necesario: bool
    personas: list[PersonaEnRol] = field(default_factory=list)
    # Se calcula una vez, al terminar de llenar ``personas`` (``_vista``); la plantilla lo lee varias
    # veces por rol.
    estado: str = "falta"
    # El último rol del evento: la línea de cobertura no pone « · » después. Así la plantilla no usa
    # ``loop.last``, que hace a Jinja2 llevar un ``LoopContext`` por evento (un tercio del dibujo de
    # un listado de la semana).
    ultimo: bool = False

    @property
    def marca(self) -> str:
        return MARCAS[self.estado]

    @property
    def quienes(self) -> str:
        """«✅ Ana, ⏳ Beto»: quién tiene el rol, con la marca de su estado (sin escapar: la plantilla
        escapa la línea entera, y las marcas no llevan nada que escapar en ningún formato)."""
        return ", ".join(f"{MARCAS.get(p.estado, '')} {p.nombre}" for p in self.personas)


@dataclass(slots=True)
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
    vacia: list[_Fila] = []
    return [_vista(e if isinstance(e, Row) and e._fields == _CAMPOS else _columnas(e), por_evento.get(e.id, vacia), tz)
            for e in eventos]


# Los campos de una fila de ``COLUMNAS_DE_LISTADO``, en su orden: una fila así se desempaca tal cual.
_CAMPOS = ("id", "numero", "titulo", "inicio", "fin", "con_hora", "lugar", "dependencia", "preside", "prioridad",
           "estado", "motivo_cancelacion", "notas", "roles_necesarios")


def _columnas(evento: DatosDeEvento) -> tuple[Any, ...]:
    """Un ``Evento`` del ORM (o una fila con otras columnas) en el orden de ``_CAMPOS``."""
    return tuple(getattr(evento, campo) for campo in _CAMPOS)


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


@lru_cache(maxsize=256)
def _roles_pedidos(roles_necesarios: str) -> tuple[str, ...]:
    """«foto,redacción» → ``("foto", "redacción")``, sin vacíos ni repetidos (como ``Evento.lista_roles``).
    Pocas combinaciones distintas en una agenda: se parte una vez cada una."""
    return tuple(dict.fromkeys(r for r in roles_necesarios.split(",") if r))


def _vista(fila: Any, asignaciones: list[_Fila], tz: ZoneInfo) -> VistaEvento:
    # Va una vez por evento listado: la fila se desempaca de una vez (en el orden de
    # ``COLUMNAS_DE_LISTADO``), sin comprensiones ni ordenar cuando no hace falta.
    (_id, numero, titulo, inicio, fin, con_hora, lugar, dependencia, preside, prioridad, estado, motivo_cancelacion,
     notas, roles_necesarios) = fila
    roles: dict[str, CoberturaRol] = {r: CoberturaRol(r, True, []) for r in _roles_pedidos(roles_necesarios)}
    extras: list[CoberturaRol] = []
    for rol, estado_asignacion, motivo, nombre, usuario_id in asignaciones:
        cobertura = roles.get(rol)
        if cobertura is None:
            cobertura = roles[rol] = CoberturaRol(rol, False, [])
            extras.append(cobertura)
        cobertura.personas.append(PersonaEnRol(nombre, usuario_id, estado_asignacion, motivo))
    for cobertura in roles.values():
        if cobertura.personas:
            cobertura.estado = mejor_estado(cobertura.personas)
    # Los necesarios en su orden y después los extra en el orden de ``ROLES``.
    lista = list(roles.values())
    if extras:
        lista = lista[:len(lista) - len(extras)] + sorted(
            extras, key=lambda c: ROLES.index(c.rol) if c.rol in ROLES else len(ROLES))
    if lista:
        lista[-1].ultimo = True
    return VistaEvento(numero, titulo, inicio.astimezone(tz), fin.astimezone(tz), con_hora, lugar, dependencia, preside,
                       prioridad, estado, motivo_cancelacion, notas, lista)
