"""Las personas del equipo y sus roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora

# transmisión: la transmisión en vivo; locución: quien anuncia con perifoneo (o conduce el evento).
ROLES = ("foto", "video", "audio", "redes", "diseño", "redacción", "transmisión", "locución")


class Persona(Base):
    __tablename__ = "personas"
    __table_args__ = (UniqueConstraint("espacio_id", "usuario_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    usuario_id: Mapped[str] = mapped_column(String(64))  # id en la plataforma
    usuario: Mapped[str] = mapped_column(String(80), default="")  # @usuario en la plataforma
    nombre: Mapped[str] = mapped_column(String(120), default="")
    roles: Mapped[str] = mapped_column(String(200), default="")  # "foto,video"
    es_director: Mapped[bool] = mapped_column(Boolean, default=False)
    activo: Mapped[bool] = mapped_column(Boolean, default=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())

    @property
    def lista_roles(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]

    @property
    def nombre_visible(self) -> str:
        return self.nombre or self.usuario or self.usuario_id
