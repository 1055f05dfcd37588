"""El espacio de trabajo (un equipo de Slack o de Mattermost, o la consola) y sus contadores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora


class Espacio(Base):
    __tablename__ = "espacios"

    id: Mapped[int] = mapped_column(primary_key=True)
    clave: Mapped[str] = mapped_column(String(120), unique=True)  # "slack:T012AB", "mattermost:abc", "consola:local"
    plataforma: Mapped[str] = mapped_column(String(20))
    nombre: Mapped[str] = mapped_column(String(200), default="")
    # Ajustes del equipo (los cambia un director desde el chat); vacíos = los del entorno.
    canal: Mapped[str] = mapped_column(String(120), default="")
    hora_agenda: Mapped[str] = mapped_column(String(5), default="")
    resumen: Mapped[str] = mapped_column(String(20), default="")
    recordatorio_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    margen_traslado: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Los canales de difusión propios del espacio (JSON: página y token de Facebook, sitio WordPress,
    # hashtags), que un director fija desde el chat; vacío = los del entorno. Ver asistente.difusion.ajustes.
    difusion: Mapped[str] = mapped_column(Text, default="", server_default="")
    # El municipio y la abreviatura del estado del espacio (membrete y fecha de los boletines); vacíos =
    # ASISTENTE_MUNICIPIO y ASISTENTE_ESTADO.
    municipio: Mapped[str] = mapped_column(String(120), default="", server_default="")
    estado: Mapped[str] = mapped_column(String(40), default="", server_default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())
    # Falso cuando se desinstaló la app de Slack (``app_uninstalled``, ``tokens_revoked``): sus datos se
    # quedan, el programador lo salta, y vuelve a ser verdadero al reinstalarla.
    activo: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Contador(Base):
    """Numeración por espacio (``evento``, ``boletin:2026``): se incrementa con UPDATE dentro de la
    transacción, así dos procesos nunca obtienen el mismo número y un rollback no deja huecos."""

    __tablename__ = "contadores"

    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), primary_key=True)
    clave: Mapped[str] = mapped_column(String(40), primary_key=True)
    valor: Mapped[int] = mapped_column(Integer, default=0)
