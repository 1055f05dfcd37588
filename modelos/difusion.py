"""La difusión de un documento: cada pieza en un canal (Facebook, el sitio web), con su estado.

Una fila por documento y canal (restricción única): se crea al editar, programar o publicar la pieza
y se *reclama* pasando su estado a ``publicando`` con un ``UPDATE … WHERE estado IN (…)``; solo quien
la reclama la publica, también con varios procesos. Éxito: ``publicada`` con su enlace; falla:
``fallida`` con el motivo, y se puede volver a intentar.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora

ESTADOS_DIFUSION = ("pendiente", "programada", "publicando", "publicada", "fallida")


class Difusion(Base):
    __tablename__ = "difusiones"
    __table_args__ = (UniqueConstraint("espacio_id", "boletin_id", "canal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    boletin_id: Mapped[int] = mapped_column(ForeignKey("boletines.id", ondelete="CASCADE"), index=True)
    canal: Mapped[str] = mapped_column(String(20))  # facebook, web
    estado: Mapped[str] = mapped_column(String(12), default="pendiente")  # ESTADOS_DIFUSION
    texto: Mapped[str] = mapped_column(Text, default="")  # el texto editado de la pieza (vacío: el de la plantilla)
    fotos: Mapped[str] = mapped_column(String(200), default="")  # las fotos elegidas, «3,1,2» (vacío: las mejores)
    programada: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    publicada: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    permalink: Mapped[str] = mapped_column(String(500), default="")
    id_externo: Mapped[str] = mapped_column(String(200), default="")
    motivo: Mapped[str] = mapped_column(Text, default="")  # por qué falló, en palabras del canal
    intentos: Mapped[int] = mapped_column(Integer, default=0)
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())
    actualizado: Mapped[datetime] = mapped_column(FechaHora())
