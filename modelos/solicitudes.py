"""Las solicitudes de las áreas (SPEC §9): la fila de diseño y producción de la oficina.

Una solicitud (``S-031``) llega de un área del ayuntamiento (por el chat o por el portal), la asigna un
director, la entrega quien la hizo (los archivos soltados con ``S-031`` son sus versiones v1, v2… en
``medios``), la aprueba un director o pide cambios. Cada cambio de estado queda en
``cambios_solicitud`` con quién y cuándo.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora, tipo_estado

TIPOS_SOLICITUD = ("cartel", "volante", "lona", "aviso", "convocatoria", "diapositivas", "spot", "redes", "cobertura",
                   "entrevista")


class EstadoSolicitud(StrEnum):
    RECIBIDA = "recibida"
    ASIGNADA = "asignada"
    ENTREGADA = "entregada"
    APROBADA = "aprobada"
    CON_CAMBIOS = "con_cambios"


class AreaSolicitante(Base):
    """Un área del ayuntamiento que pide trabajos (Obras Públicas, DIF…); las conocidas de siempre se
    agregan solas la primera vez que se usan, las demás las da de alta un director."""

    __tablename__ = "areas_solicitud"
    __table_args__ = (UniqueConstraint("espacio_id", "normalizado"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    nombre: Mapped[str] = mapped_column(String(120))
    normalizado: Mapped[str] = mapped_column(String(120))
    creada: Mapped[datetime] = mapped_column(FechaHora())


class Solicitud(Base):
    __tablename__ = "solicitudes"
    __table_args__ = (
        UniqueConstraint("espacio_id", "numero"),
        Index("ix_solicitudes_espacio_estado", "espacio_id", "estado"),
        Index("ix_solicitudes_espacio_creada", "espacio_id", "creada"),
        Index("ix_solicitudes_espacio_hilo", "espacio_id", "hilo"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    numero: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas_solicitud.id", ondelete="RESTRICT"))
    tipo: Mapped[str] = mapped_column(String(20))
    para: Mapped[date] = mapped_column(Date)
    descripcion: Mapped[str] = mapped_column(Text, default="")
    impreso: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    medida: Mapped[str] = mapped_column(String(60), default="")
    piezas: Mapped[int | None] = mapped_column(Integer, nullable=True)
    estado: Mapped[EstadoSolicitud] = mapped_column(tipo_estado(EstadoSolicitud), default=EstadoSolicitud.RECIBIDA)
    # Quién la pidió: una persona del chat, o el nombre que dio alguien del área en el portal.
    solicitante_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    solicitante_nombre: Mapped[str] = mapped_column(String(200), default="")
    asignada_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    origen: Mapped[str] = mapped_column(String(10), default="chat")  # chat · portal
    # Los días hábiles con que llegó (antes de la regla de la oficina, se avisa).
    dias_habiles: Mapped[int] = mapped_column(Integer, default=0)
    # El mensaje del canal que la anunció: los archivos contestados en su hilo son sus versiones.
    canal: Mapped[str] = mapped_column(String(120), default="")
    hilo: Mapped[str] = mapped_column(String(120), default="")
    creada: Mapped[datetime] = mapped_column(FechaHora())
    actualizada: Mapped[datetime] = mapped_column(FechaHora())

    @property
    def folio(self) -> str:
        return f"S-{self.numero:03d}"


class CambioDeSolicitud(Base):
    """Un paso de la solicitud: a qué estado pasó, quién lo hizo y cuándo, y la nota (lo que hay que cambiar)."""

    __tablename__ = "cambios_solicitud"
    __table_args__ = (Index("ix_cambios_solicitud_espacio_estado_cuando", "espacio_id", "estado", "cuando"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    solicitud_id: Mapped[int] = mapped_column(ForeignKey("solicitudes.id", ondelete="CASCADE"), index=True)
    estado: Mapped[EstadoSolicitud] = mapped_column(tipo_estado(EstadoSolicitud))
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    quien: Mapped[str] = mapped_column(String(200), default="")
    cuando: Mapped[datetime] = mapped_column(FechaHora())
    nota: Mapped[str] = mapped_column(Text, default="")


class DiaInhabil(Base):
    """Un día en que la oficina no trabaja además de los feriados de ley (Jueves Santo, la feria)."""

    __tablename__ = "dias_inhabiles"
    __table_args__ = (UniqueConstraint("espacio_id", "dia"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    dia: Mapped[date] = mapped_column(Date)
    motivo: Mapped[str] = mapped_column(String(200), default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())
