"""Base declarativa y tipos comunes de los modelos."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

CONVENCION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class FechaHora(TypeDecorator[datetime]):
    """Fecha y hora con zona: se guarda en UTC y vuelve siempre con zona (también en SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("FechaHora necesita una fecha con zona horaria")
        utc = value.astimezone(timezone.utc)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """En SQLite, el texto guardado (UTC sin zona) se lee ya con zona en un solo paso: leerlo y
        después ``replace(tzinfo=…)`` costaba cinco veces más, y un listado de la semana lee un centenar
        de fechas. Lo que no tenga esa forma pasa por el camino general (``process_result_value``)."""
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or general is None:
            return general
        leer_iso = datetime.fromisoformat

        def leer(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                fecha = leer_iso(value + "+00:00")
            except (TypeError, ValueError):
                return general(value)  # type: ignore[no-any-return]
            # Solo una fecha («2026-12-07») con zona vuelve sin ella: esa, por el camino general.
            return fecha if fecha.tzinfo is not None else general(value)  # type: ignore[no-any-return]

        return leer


def tipo_estado(estados: type[StrEnum]) -> Enum:
    """El tipo de una columna ``estado``: guarda el texto de siempre (``"programado"``, no el nombre
    del miembro) en un ``VARCHAR(12)``, lo devuelve como miembro del enum y la base lo vigila con
    un CHECK llamado ``ck_<tabla>_estado`` (en SQLite y en PostgreSQL; sin ``CREATE TYPE``: cambiar
    los valores es cambiar un CHECK, no un tipo). Un texto fuera del enum falla ya en Python."""
    return Enum(
        estados, name="estado", native_enum=False, create_constraint=True, length=12, validate_strings=True,
        values_callable=lambda enum: [miembro.value for miembro in enum],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=CONVENCION)
