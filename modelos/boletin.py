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

# Los tipos de documento (SPEC §7): cada uno con su serie anual de números. La clave se guarda en
# ``Boletin.tipo``; el nombre es el que se lee en el encabezado («Comunicado No. 003/2026»).
TIPOS_DOCUMENTO = {
    "boletin": "Boletín", "comunicado": "Comunicado", "aviso": "Aviso", "convocatoria": "Convocatoria",
    "posicionamiento": "Posicionamiento", "felicitacion": "Felicitación", "esquela": "Esquela",
}


class Boletin(Base):
    __tablename__ = "boletines"
    __table_args__ = (UniqueConstraint("espacio_id", "tipo", "anio", "numero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    tipo: Mapped[str] = mapped_column(String(20), default="boletin", server_default="boletin")  # TIPOS_DOCUMENTO
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
    tema: Mapped[str] = mapped_column(String(40), default="", server_default="")  # asistente.veda.TEMAS
    motivo_cancelacion: Mapped[str] = mapped_column(String(300), default="", server_default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())
    actualizado: Mapped[datetime] = mapped_column(FechaHora())

    @property
    def folio(self) -> str:
        return f"{self.numero:03d}/{self.anio}"

    @property
    def nombre_tipo(self) -> str:
        """«Boletín», «Comunicado», «Felicitación»…"""
        return TIPOS_DOCUMENTO.get(self.tipo, self.tipo.capitalize())

    @property
    def encabezado(self) -> str:
        """«Boletín No. 045/2026», «Comunicado No. 003/2026»."""
        return f"{self.nombre_tipo} No. {self.folio}"

    @property
    def etiqueta(self) -> str:
        """Para las frases: «el boletín 045/2026», «la convocatoria 002/2026»."""
        articulo = "la" if self.genero == "a" else "el"
        return f"{articulo} {self.nombre_tipo.lower()} {self.folio}"

    @property
    def genero(self) -> str:
        """La terminación de los adjetivos: «cancelado» o «cancelada» (la convocatoria, la esquela)."""
        return "a" if self.tipo in ("convocatoria", "felicitacion", "esquela") else "o"

    @property
    def referencia(self) -> str:
        """Cómo se nombra en un comando o un botón: ``045/2026`` (boletín) o ``comunicado 003/2026``."""
        return self.folio if self.tipo == "boletin" else f"{self.tipo} {self.folio}"

    @property
    def referencia_corta(self) -> str:
        """Lo que se escribe a mano para este año: ``45`` o ``comunicado 3``."""
        return str(self.numero) if self.tipo == "boletin" else f"{self.tipo} {self.numero}"


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
