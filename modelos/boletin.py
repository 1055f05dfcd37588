"""Boletines de prensa numerados y su historial de versiones."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora, tipo_estado


class EstadoBoletin(StrEnum):
    """``borrador`` → ``aprobado`` → ``publicado``; editar uno aprobado lo regresa a borrador; el que no
    está publicado puede quedar ``cancelado``. El historial (``VersionBoletin.accion``) anota acciones,
    no estados: ahí también caben «creado» y «editado»."""

    BORRADOR = "borrador"
    APROBADO = "aprobado"
    PUBLICADO = "publicado"
    CANCELADO = "cancelado"


class Boletin(Base):
    __tablename__ = "boletines"
    __table_args__ = (UniqueConstraint("espacio_id", "anio", "numero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    anio: Mapped[int] = mapped_column(Integer)
    numero: Mapped[int] = mapped_column(Integer)
    evento_id: Mapped[int | None] = mapped_column(ForeignKey("eventos.id", ondelete="SET NULL"), nullable=True)
    estado: Mapped[EstadoBoletin] = mapped_column(tipo_estado(EstadoBoletin), default=EstadoBoletin.BORRADOR)
    titular: Mapped[str] = mapped_column(String(300), default="")
    resumen: Mapped[str] = mapped_column(Text, default="")
    cuerpo: Mapped[str] = mapped_column(Text, default="")
    fecha: Mapped[datetime] = mapped_column(FechaHora())  # la del pie de fecha
    urls: Mapped[str] = mapped_column(Text, default="")  # dónde se publicó, una por línea
    creado_por_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    aprobado_por_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    aprobado: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    publicado: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    motivo_cancelacion: Mapped[str] = mapped_column(String(300), default="", server_default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())
    actualizado: Mapped[datetime] = mapped_column(FechaHora())

    @property
    def folio(self) -> str:
        return f"{self.numero:03d}/{self.anio}"


class VersionBoletin(Base):
    __tablename__ = "versiones_boletin"

    id: Mapped[int] = mapped_column(primary_key=True)
    boletin_id: Mapped[int] = mapped_column(ForeignKey("boletines.id", ondelete="CASCADE"), index=True)
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    cuando: Mapped[datetime] = mapped_column(FechaHora())
    accion: Mapped[str] = mapped_column(String(40))  # creado, editado, aprobado, publicado, cancelado
    titular: Mapped[str] = mapped_column(String(300), default="")
    resumen: Mapped[str] = mapped_column(Text, default="")
    cuerpo: Mapped[str] = mapped_column(Text, default="")
    detalle: Mapped[str] = mapped_column(Text, default="", server_default="")  # qué cambió: «volvió a borrador», URLs, motivo
