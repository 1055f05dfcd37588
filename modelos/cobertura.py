"""Asignaciones de cobertura: quién cubre qué evento y con qué rol."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora, tipo_estado


class EstadoAsignacion(StrEnum):
    """``asignada`` → ``aceptada`` o ``rechazada``; la asignada o aceptada queda ``cumplida`` (subió
    archivos del evento, o ``/cobertura cumplida``); quitarla la deja ``cancelada``; volver a asignar
    una rechazada o cancelada la regresa a ``asignada``."""

    ASIGNADA = "asignada"
    ACEPTADA = "aceptada"
    RECHAZADA = "rechazada"
    CUMPLIDA = "cumplida"
    CANCELADA = "cancelada"


class Asignacion(Base):
    __tablename__ = "asignaciones"
    __table_args__ = (UniqueConstraint("evento_id", "persona_id", "rol"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    evento_id: Mapped[int] = mapped_column(ForeignKey("eventos.id", ondelete="CASCADE"), index=True)
    persona_id: Mapped[int] = mapped_column(ForeignKey("personas.id", ondelete="CASCADE"), index=True)
    rol: Mapped[str] = mapped_column(String(20))
    estado: Mapped[EstadoAsignacion] = mapped_column(tipo_estado(EstadoAsignacion), default=EstadoAsignacion.ASIGNADA)
    motivo: Mapped[str] = mapped_column(String(300), default="")
    asignada_por_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())
    respondida: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
