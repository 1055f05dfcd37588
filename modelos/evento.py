"""Los eventos de la agenda."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora, tipo_estado

PRIORIDADES = ("alta", "media", "baja")


class EstadoEvento(StrEnum):
    """``programado`` al crearse; ``cancelado`` (con motivo) o ``realizado`` al cerrarlo."""

    PROGRAMADO = "programado"
    CANCELADO = "cancelado"
    REALIZADO = "realizado"


class Evento(Base):
    __tablename__ = "eventos"
    __table_args__ = (
        UniqueConstraint("espacio_id", "numero"),
        Index("ix_eventos_espacio_inicio", "espacio_id", "inicio"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    numero: Mapped[int] = mapped_column(Integer)
    titulo: Mapped[str] = mapped_column(String(200))
    inicio: Mapped[datetime] = mapped_column(FechaHora())
    fin: Mapped[datetime] = mapped_column(FechaHora())
    con_hora: Mapped[bool] = mapped_column(Boolean, default=True)
    lugar: Mapped[str] = mapped_column(String(200), default="")
    dependencia: Mapped[str] = mapped_column(String(200), default="")
    preside: Mapped[str] = mapped_column(String(200), default="")
    prioridad: Mapped[str] = mapped_column(String(10), default="media")
    roles_necesarios: Mapped[str] = mapped_column(String(200), default="")  # "foto,redacción"
    invitar_medios: Mapped[bool] = mapped_column(Boolean, default=False)
    notas: Mapped[str] = mapped_column(Text, default="")
    estado: Mapped[EstadoEvento] = mapped_column(tipo_estado(EstadoEvento), default=EstadoEvento.PROGRAMADO)
    motivo_cancelacion: Mapped[str] = mapped_column(String(300), default="")
    creado_por_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    # Dónde se anunció (para reconocer archivos subidos en el hilo del anuncio).
    canal: Mapped[str] = mapped_column(String(120), default="")
    hilo_anuncio: Mapped[str] = mapped_column(String(120), default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())
    actualizado: Mapped[datetime] = mapped_column(FechaHora())

    @property
    def lista_roles(self) -> list[str]:
        return [r for r in self.roles_necesarios.split(",") if r]
