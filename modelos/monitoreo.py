"""El monitoreo de medios (SPEC §10): las notas que publicaron los medios, las fuentes RSS/Atom de cada
medio y los ajustes del monitoreo de cada espacio (canal, palabras clave, a quién va la síntesis)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora

TONOS = ("positiva", "neutral", "negativa")
ORIGENES_DE_NOTA = ("enlace", "fuente", "manual")


class Nota(Base):
    """Una nota de un medio sobre el municipio: de un enlace, de una fuente RSS o escrita a mano
    (impreso, radio, tv). El mismo enlace no se registra dos veces en un espacio (lo impide la base;
    las notas sin enlace tienen ``url`` nula)."""

    __tablename__ = "notas"
    __table_args__ = (
        UniqueConstraint("espacio_id", "url"),
        Index("ix_notas_espacio_publicada", "espacio_id", "publicada"),
        Index("ix_notas_espacio_boletin", "espacio_id", "boletin_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    origen: Mapped[str] = mapped_column(String(10))  # ORIGENES_DE_NOTA
    tipo: Mapped[str] = mapped_column(String(10), default="portal")  # modelos.TIPOS_DE_MEDIO
    medio: Mapped[str] = mapped_column(String(200), default="")  # el nombre como se lee
    medio_id: Mapped[int | None] = mapped_column(
        ForeignKey("medios_comunicacion.id", ondelete="SET NULL"), nullable=True)
    fuente_id: Mapped[int | None] = mapped_column(ForeignKey("fuentes_medio.id", ondelete="SET NULL"), nullable=True)
    titular: Mapped[str] = mapped_column(String(500), default="")
    entradilla: Mapped[str] = mapped_column(Text, default="")
    texto: Mapped[str] = mapped_column(Text, default="")  # el cuerpo leído (para empatar con los documentos)
    pagina: Mapped[str] = mapped_column(String(120), default="")  # página del impreso u horario de radio/tv
    tono: Mapped[str] = mapped_column(String(10), default="")  # TONOS, o "" sin calificar
    tema: Mapped[str] = mapped_column(String(60), default="")
    publicada: Mapped[datetime] = mapped_column(FechaHora())  # la fecha de la nota (o la de registro)
    boletin_id: Mapped[int | None] = mapped_column(ForeignKey("boletines.id", ondelete="SET NULL"), nullable=True)
    aclaracion_id: Mapped[int | None] = mapped_column(ForeignKey("boletines.id", ondelete="SET NULL"), nullable=True)
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())
    # El mensaje con que se publicó su ficha en el canal: cada foto (o PDF) de la página soltada en ese
    # hilo queda como una de sus ``PaginaDeNota`` (``Respuesta.anclada_a_nota``).
    hilo: Mapped[str] = mapped_column(String(120), default="", index=True)


class PaginaDeNota(Base):
    """Una foto (o PDF) de la página impresa de una nota: una nota a dos páginas, o portada e interior,
    tiene varias, en el orden en que se ligaron (``id``). La misma foto no se liga dos veces a la misma
    nota (lo impide la base); si el archivo se borra, deja de ser página."""

    __tablename__ = "paginas_nota"
    __table_args__ = (UniqueConstraint("nota_id", "medio_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nota_id: Mapped[int] = mapped_column(ForeignKey("notas.id", ondelete="CASCADE"), index=True)
    medio_id: Mapped[int] = mapped_column(ForeignKey("medios.id", ondelete="CASCADE"), index=True)


class FuenteDeMedio(Base):
    """Una fuente RSS/Atom de un medio. ``proxima`` es cuándo toca leerla: el programador la reclama con un
    UPDATE condicionado, así dos programadores no la leen a la vez."""

    __tablename__ = "fuentes_medio"
    __table_args__ = (UniqueConstraint("espacio_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    medio_id: Mapped[int] = mapped_column(ForeignKey("medios_comunicacion.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    etag: Mapped[str] = mapped_column(String(300), default="")
    modificado: Mapped[str] = mapped_column(String(100), default="")
    proxima: Mapped[datetime] = mapped_column(FechaHora())
    leida: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())


class AjustesDeMonitoreo(Base):
    """Los ajustes del monitoreo de un espacio: el canal donde se sueltan los enlaces, las palabras clave
    de las fuentes (una por línea) y las personas que reciben la síntesis por mensaje directo (ids de la
    plataforma, una por línea)."""

    __tablename__ = "ajustes_monitoreo"

    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), primary_key=True)
    canal: Mapped[str] = mapped_column(String(120), default="")
    palabras: Mapped[str] = mapped_column(Text, default="")
    destinatarios: Mapped[str] = mapped_column(Text, default="")
    hora_sintesis: Mapped[str] = mapped_column(String(5), default="")
