"""Asignaciones de cobertura: quién cubre qué evento y con qué rol."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora

ESTADOS_ASIGNACION = ("asignada", "aceptada", "rechazada", "cumplida", "cancelada")


class Asignacion(Base):
    __tablename__ = "asignaciones"
    __table_args__ = (UniqueConstraint("evento_id", "persona_id", "rol"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    evento_id: Mapped[int] = mapped_column(ForeignKey("eventos.id", ondelete="CASCADE"), index=True)
    persona_id: Mapped[int] = mapped_column(ForeignKey("personas.id", ondelete="CASCADE"), index=True)
    rol: Mapped[str] = mapped_column(String(20))
    estado: Mapped[str] = mapped_column(String(12), default="asignada")
    motivo: Mapped[str] = mapped_column(String(300), default="")
    asignada_por_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())
    respondida: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
