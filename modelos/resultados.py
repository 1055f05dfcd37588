"""Metas del programa anual (POA) y los avances que se registran a mano (SPEC §11).

Una meta es del año en que se crea: nombre, unidad («boletines», «eventos»), la cifra anual y la
regla con que se cuenta su avance (``asistente.resultados.reglas``). El nombre no se repite en el
mismo espacio y año (restricción única sobre el nombre normalizado). Las metas con regla ``manual``
suman sus ``AvanceManual`` (``/poa registrar``); las demás se cuentan de lo que el asistente ya
registra, al pedir el avance: no se guardan cifras que luego haya que cuadrar.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora


class Meta(Base):
    __tablename__ = "metas"
    __table_args__ = (UniqueConstraint("espacio_id", "anio", "nombre_normalizado"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    anio: Mapped[int] = mapped_column(Integer)
    nombre: Mapped[str] = mapped_column(String(200))
    nombre_normalizado: Mapped[str] = mapped_column(String(200))
    unidad: Mapped[str] = mapped_column(String(80), default="")
    meta_anual: Mapped[int] = mapped_column(Integer)
    regla: Mapped[str] = mapped_column(String(40))  # asistente.resultados.reglas.REGLAS
    creado_por_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())


class AvanceManual(Base):
    """Lo que una persona registró con ``/poa registrar ID cantidad [nota]`` para una meta manual."""

    __tablename__ = "avances_manuales"
    __table_args__ = (Index("ix_avances_manuales_meta_fecha", "meta_id", "fecha"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    meta_id: Mapped[int] = mapped_column(ForeignKey("metas.id", ondelete="CASCADE"))
    cantidad: Mapped[int] = mapped_column(Integer)
    nota: Mapped[str] = mapped_column(Text, default="")
    fecha: Mapped[datetime] = mapped_column(FechaHora())
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
