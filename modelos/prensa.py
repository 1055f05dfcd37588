"""La sala de prensa: el directorio de medios de comunicación (con sus contactos, que son datos
personales) y los enlaces personales del portal.

``Medio`` (en ``modelos.archivo``) es un archivo guardado; un periódico o una radio es un
``MedioDeComunicacion``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora

TIPOS_DE_MEDIO = ("impreso", "radio", "tv", "portal", "redes")
TIPOS_DE_ENLACE = ("galeria_evento", "galeria_boletin", "invitacion", "solicitud")
ESTADOS_CORREO = ("pendiente", "enviado", "rechazado", "fallido")


class MedioDeComunicacion(Base):
    """Un periódico, una radio, un canal de televisión, un portal de noticias o una página de redes."""

    __tablename__ = "medios_comunicacion"
    # El mismo medio no se registra dos veces, aunque se escriba con otras mayúsculas o acentos.
    __table_args__ = (UniqueConstraint("espacio_id", "nombre_normalizado"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    nombre: Mapped[str] = mapped_column(String(200))
    nombre_normalizado: Mapped[str] = mapped_column(String(200))
    tipo: Mapped[str] = mapped_column(String(10))
    creado: Mapped[datetime] = mapped_column(FechaHora())


class ContactoDeMedio(Base):
    """Una persona de un medio (reportera, jefe de información): datos personales, que solo un
    director ve completos; se borran con su medio."""

    __tablename__ = "contactos_medio"
    __table_args__ = (UniqueConstraint("medio_id", "correo"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    medio_id: Mapped[int] = mapped_column(ForeignKey("medios_comunicacion.id", ondelete="CASCADE"), index=True)
    nombre: Mapped[str] = mapped_column(String(200), default="")
    correo: Mapped[str] = mapped_column(String(254), default="")
    telefono: Mapped[str] = mapped_column(String(40), default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())


class EnlacePortal(Base):
    """Un enlace personal del portal: lo que abre (``tipo`` y ``objeto_id``), para quién, hasta cuándo.

    La firma del enlace cubre espacio, id, tipo, objeto, destinatario y vencimiento; esta fila permite
    revocarlo y anota cuándo se abrió y cuándo se bajaron originales (los acuses)."""

    __tablename__ = "enlaces_portal"
    __table_args__ = (Index("ix_enlaces_portal_espacio_tipo_objeto", "espacio_id", "tipo", "objeto_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    tipo: Mapped[str] = mapped_column(String(20))
    objeto_id: Mapped[int] = mapped_column(Integer)
    # «equipo» (lo compartió alguien de la oficina) o «medio:ID».
    destinatario: Mapped[str] = mapped_column(String(60), default="equipo")
    medio_id: Mapped[int | None] = mapped_column(
        ForeignKey("medios_comunicacion.id", ondelete="CASCADE"), nullable=True)
    creado_por_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())
    vence: Mapped[datetime] = mapped_column(FechaHora())
    revocado: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    abierto: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    descargado: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    # Invitaciones: «confirmada» o «declinada» desde el portal, cuándo, y quién irá.
    respuesta: Mapped[str] = mapped_column(String(12), default="")
    respondido: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    asistentes: Mapped[str] = mapped_column(String(200), default="")


class CorreoSaliente(Base):
    """La bandeja de salida: cada correo por enviar, con sus intentos y su estado por destinatario.

    Se escribe en la misma transacción que el comando (nada se pierde si el proceso cae) y la vacían el
    proceso web en segundo plano y ``asistente programador``. El mismo documento no se manda dos veces
    al mismo correo: lo impide la base."""

    __tablename__ = "correos_salientes"
    __table_args__ = (
        UniqueConstraint("espacio_id", "tipo", "objeto_id", "correo"),
        Index("ix_correos_salientes_estado_proximo", "estado", "proximo"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    tipo: Mapped[str] = mapped_column(String(20))  # invitacion, boletin
    objeto_id: Mapped[int] = mapped_column(Integer)  # el evento o el boletín
    # Quitar un medio borra también sus correos (llevan el correo de una persona).
    medio_id: Mapped[int | None] = mapped_column(ForeignKey("medios_comunicacion.id", ondelete="CASCADE"), nullable=True)
    enlace_id: Mapped[int | None] = mapped_column(ForeignKey("enlaces_portal.id", ondelete="SET NULL"), nullable=True)
    correo: Mapped[str] = mapped_column(String(254))
    asunto: Mapped[str] = mapped_column(String(300))
    cuerpo: Mapped[str] = mapped_column(Text)
    adjunto: Mapped[str] = mapped_column(String(500), default="")  # clave dentro del archivo (el PDF)
    adjunto_nombre: Mapped[str] = mapped_column(String(200), default="")
    estado: Mapped[str] = mapped_column(String(12), default="pendiente")
    intentos: Mapped[int] = mapped_column(Integer, default=0)
    proximo: Mapped[datetime] = mapped_column(FechaHora())
    error: Mapped[str] = mapped_column(Text, default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())
    enviado: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
