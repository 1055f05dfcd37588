"""Transparencia y el archivo institucional: campañas, contratos y facturas de comunicación social
(los formatos del art. 70 fr. XXIII de la LGTAIP y sus equivalentes estatales) y el cuadro general de
clasificación archivística de la oficina (Ley General de Archivos)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora

TIPOS_DE_CAMPANA = ("campaña", "aviso institucional")


class Campana(Base):
    """Una campaña o aviso institucional del programa anual de comunicación social."""

    __tablename__ = "campanas"
    __table_args__ = (UniqueConstraint("espacio_id", "nombre_normalizado"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    nombre: Mapped[str] = mapped_column(String(200))
    nombre_normalizado: Mapped[str] = mapped_column(String(200))
    tipo: Mapped[str] = mapped_column(String(30))  # uno de TIPOS_DE_CAMPANA
    tema: Mapped[str] = mapped_column(String(300), default="")
    inicio: Mapped[date] = mapped_column(Date)
    fin: Mapped[date] = mapped_column(Date)
    creado: Mapped[datetime] = mapped_column(FechaHora())


class Contrato(Base):
    """Un contrato de servicios de impresión, difusión o publicidad (o de tiempos oficiales).

    ``monto`` es el total con IVA; ``iva`` la parte del impuesto. El número no se repite en el espacio."""

    __tablename__ = "contratos"
    __table_args__ = (UniqueConstraint("espacio_id", "numero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    campana_id: Mapped[int] = mapped_column(ForeignKey("campanas.id", ondelete="RESTRICT"), index=True)
    proveedor: Mapped[str] = mapped_column(String(200))
    rfc: Mapped[str] = mapped_column(String(13))
    numero: Mapped[str] = mapped_column(String(60))
    concepto: Mapped[str] = mapped_column(String(500))
    monto: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    iva: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    firmado: Mapped[date] = mapped_column(Date)
    creado: Mapped[datetime] = mapped_column(FechaHora())


class CambioDeContrato(Base):
    """Una corrección de un contrato (``/contrato editar``): qué campo, de qué a qué, quién y cuándo."""

    __tablename__ = "cambios_contrato"

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    contrato_id: Mapped[int] = mapped_column(ForeignKey("contratos.id", ondelete="CASCADE"), index=True)
    campo: Mapped[str] = mapped_column(String(20))  # proveedor, rfc, numero, concepto, monto, campana, firmado
    antes: Mapped[str] = mapped_column(String(500))
    despues: Mapped[str] = mapped_column(String(500))
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    quien: Mapped[str] = mapped_column(String(200), default="")
    cuando: Mapped[datetime] = mapped_column(FechaHora())


class Factura(Base):
    """Una factura de un contrato. ``hilo`` es el mensaje con que se anunció en el canal: un PDF
    soltado en ese hilo queda archivado con ella (``Medio.hilo``)."""

    __tablename__ = "facturas"
    __table_args__ = (UniqueConstraint("contrato_id", "folio"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    contrato_id: Mapped[int] = mapped_column(ForeignKey("contratos.id", ondelete="CASCADE"), index=True)
    folio: Mapped[str] = mapped_column(String(60))
    monto: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    fecha: Mapped[date] = mapped_column(Date)
    hilo: Mapped[str] = mapped_column(String(120), default="", index=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())


class CuadroDeClasificacion(Base):
    """El fondo y la sección del cuadro general de clasificación de un espacio (uno por espacio).

    Sin fila, vale el cuadro por omisión (``asistente.transparencia.clasificacion``)."""

    __tablename__ = "cuadros_clasificacion"

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), unique=True)
    fondo: Mapped[str] = mapped_column(String(200))
    fondo_clave: Mapped[str] = mapped_column(String(20))
    seccion: Mapped[str] = mapped_column(String(200))
    seccion_clave: Mapped[str] = mapped_column(String(20))


class SerieDocumental(Base):
    """Una serie del cuadro de clasificación, con su clave (``CS.01``)."""

    __tablename__ = "series_documentales"
    __table_args__ = (UniqueConstraint("espacio_id", "clave"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    clave: Mapped[str] = mapped_column(String(20))
    nombre: Mapped[str] = mapped_column(String(200))


class ReglaDeSerie(Base):
    """A qué serie va cada tipo de registro (``foto``, ``boletin``, ``contrato``…): la regla que un
    director puede cambiar. Sin fila, vale la regla por omisión."""

    __tablename__ = "reglas_serie"
    __table_args__ = (UniqueConstraint("espacio_id", "tipo"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    tipo: Mapped[str] = mapped_column(String(20))
    serie_clave: Mapped[str] = mapped_column(String(20))
