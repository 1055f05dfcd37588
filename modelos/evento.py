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


class Serie(Base):
    """Un evento que se repite («cada lunes a las 10»): su regla (``rrule`` con DTSTART en la hora
    local), cómo se dijo y los datos de cada fecha. Se guarda al proponerse y cada fecha se vuelve un
    ``Evento`` con ``serie_id`` solo cuando quien la pidió confirma (``confirmada``)."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    regla: Mapped[str] = mapped_column(Text)
    descripcion: Mapped[str] = mapped_column(String(400))
    datos: Mapped[str] = mapped_column(Text)  # JSON: título, lugar, duración, cada fecha…
    confirmada: Mapped[bool] = mapped_column(Boolean, default=False)
    creado_por_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())


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
    # Una fecha de un evento que se repite (``Serie``); None si es un evento suelto.
    serie_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"), nullable=True, index=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())
    actualizado: Mapped[datetime] = mapped_column(FechaHora())

    @property
    def lista_roles(self) -> list[str]:
        return [r for r in self.roles_necesarios.split(",") if r]
