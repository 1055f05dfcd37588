"""Exactamente una vez: publicaciones programadas reclamadas y eventos de plataforma ya procesados."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora, tipo_estado


class EstadoPublicacion(StrEnum):
    """``reclamada`` antes de enviarse; luego ``enviada`` o ``fallida`` (una fallida se vuelve a
    reclamar hasta agotar los intentos)."""

    RECLAMADA = "reclamada"
    ENVIADA = "enviada"
    FALLIDA = "fallida"


class Publicacion(Base):
    """Una publicación programada, reclamada por su clave única antes de enviarse."""

    __tablename__ = "publicaciones"
    __table_args__ = (UniqueConstraint("espacio_id", "tipo", "destino", "periodo"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    tipo: Mapped[str] = mapped_column(String(20))  # agenda, resumen, recordatorio
    destino: Mapped[str] = mapped_column(String(120))  # canal o usuario
    periodo: Mapped[str] = mapped_column(String(80))  # 2026-03-02, 2026-W10, asignación@inicio
    estado: Mapped[EstadoPublicacion] = mapped_column(tipo_estado(EstadoPublicacion), default=EstadoPublicacion.RECLAMADA)
    intentos: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())
    enviado: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    # Hasta cuándo vale el reclamo de una ``reclamada``: vencido (el proceso murió a medio enviar),
    # otra pasada la toma y antes revisa en la plataforma si ya salió. None en filas viejas: vencido.
    concesion: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)


class EventoProcesado(Base):
    """Un evento de plataforma (``event_id`` de Slack, id de post de Mattermost) reclamado.

    ``terminado`` None: su trabajo está en curso (o el proceso murió a la mitad); pasada la
    concesión, un reintento de la plataforma lo vuelve a tomar."""

    __tablename__ = "eventos_procesados"

    clave: Mapped[str] = mapped_column(String(200), primary_key=True)
    recibido: Mapped[datetime] = mapped_column(FechaHora())
    terminado: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
