"""El archivo: cada foto, audio, video o PDF guardado, y las descargas pendientes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora

TIPOS_MEDIO = ("foto", "video", "audio", "pdf", "documento", "diseno")


class Medio(Base):
    __tablename__ = "medios"
    __table_args__ = (
        UniqueConstraint("espacio_id", "sha256"),
        # Con la fecha al final, «los archivos del evento, los más recientes primero» sale del índice.
        Index("ix_medios_espacio_evento", "espacio_id", "evento_id", "fecha"),
        Index("ix_medios_espacio_fecha", "espacio_id", "fecha"),
        Index("ix_medios_espacio_tipo_fecha", "espacio_id", "tipo", "fecha"),
        Index("ix_medios_espacio_autor_fecha", "espacio_id", "autor_id", "fecha"),
        Index("ix_medios_espacio_dudosa", "espacio_id", "fecha_dudosa"),
        Index("ix_medios_espacio_parecido", "espacio_id", "parecido_a_id"),
        Index("ix_medios_solicitud_version", "solicitud_id", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))
    evento_id: Mapped[int | None] = mapped_column(ForeignKey("eventos.id", ondelete="SET NULL"), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    nombre: Mapped[str] = mapped_column(String(255))  # nombre saneado dentro de su carpeta
    nombre_original: Mapped[str] = mapped_column(String(255), default="")
    clave: Mapped[str] = mapped_column(String(500))  # clave en el almacén (ruta relativa)
    tipo: Mapped[str] = mapped_column(String(10))
    mime: Mapped[str] = mapped_column(String(100), default="")
    tamanio: Mapped[int] = mapped_column(BigInteger)
    fecha: Mapped[datetime] = mapped_column(FechaHora())  # captura (EXIF) o subida
    capturado: Mapped[datetime | None] = mapped_column(FechaHora(), nullable=True)  # lo que dice la cámara
    # La captura no es creíble (1980, reloj reiniciado, en el futuro): ``fecha`` es la subida y una
    # persona la revisa con ``/archivo dudosas``.
    fecha_dudosa: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    camara: Mapped[str] = mapped_column(String(120), default="")
    latitud: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitud: Mapped[float | None] = mapped_column(Float, nullable=True)
    ancho: Mapped[int | None] = mapped_column(Integer, nullable=True)
    alto: Mapped[int | None] = mapped_column(Integer, nullable=True)
    autor_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    pie: Mapped[str] = mapped_column(Text, default="")
    clave_copia: Mapped[str] = mapped_column(String(500), default="")  # copia de 1600 px
    clave_miniatura: Mapped[str] = mapped_column(String(500), default="")  # miniatura de 320 px
    canal: Mapped[str] = mapped_column(String(120), default="")
    hilo: Mapped[str] = mapped_column(String(120), default="")
    subido: Mapped[datetime] = mapped_column(FechaHora())
    # Video y audio: duración en segundos y códec («H.264 · AAC LC», «Opus»); ancho y alto sirven a los dos.
    duracion: Mapped[float | None] = mapped_column(Float, nullable=True)
    codec: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # Huella perceptual (dhash de 64 bits en hexadecimal) de una foto, y la foto de la que parece copia.
    huella: Mapped[str | None] = mapped_column(String(16), nullable=True)
    parecido_a_id: Mapped[int | None] = mapped_column(ForeignKey("medios.id", ondelete="SET NULL"), nullable=True)
    # Una versión entregada de una solicitud de un área (``S-031``): su número (v1, v2…); los archivos
    # de un mismo mensaje son la misma versión.
    solicitud_id: Mapped[int | None] = mapped_column(ForeignKey("solicitudes.id", ondelete="SET NULL"), nullable=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Texto normalizado (minúsculas, sin acentos) de nombre, pie, evento y autor: lo que lee ``/archivo buscar``.
    buscable: Mapped[str] = mapped_column(Text, default="")


class PalabraDeMedio(Base):
    """Las palabras (normalizadas) de nombre, pie, evento y autor de cada archivo: ``/archivo buscar``
    las encuentra por prefijo con un índice, sin recorrer cientos de miles de filas."""

    __tablename__ = "medios_palabras"
    __table_args__ = (Index("ix_medios_palabras_espacio_palabra", "espacio_id", "palabra", "medio_id"),)

    medio_id: Mapped[int] = mapped_column(ForeignKey("medios.id", ondelete="CASCADE"), primary_key=True)
    # Orden binario también en PostgreSQL: el rango de prefijo (palabra >= 'list' AND < 'lisu') debe
    # ordenar como bytes, no según el idioma del servidor.
    palabra: Mapped[str] = mapped_column(String(40).with_variant(String(40, collation="C"), "postgresql"), primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))


class HuellaDeMedio(Base):
    """Los trozos de la huella perceptual de cada foto (ver ``asistente.archivo.parecidos``): una foto
    casi igual comparte al menos uno, y se encuentra por índice sin comparar contra todo el archivo."""

    __tablename__ = "medios_huellas"
    __table_args__ = (Index("ix_medios_huellas_espacio_banda_valor", "espacio_id", "banda", "valor"),)

    medio_id: Mapped[int] = mapped_column(ForeignKey("medios.id", ondelete="CASCADE"), primary_key=True)
    banda: Mapped[int] = mapped_column(Integer, primary_key=True)
    valor: Mapped[int] = mapped_column(Integer)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"))


class DescargaPendiente(Base):
    """Una descarga por hacer: sobrevive a una caída y se reanuda al arrancar."""

    __tablename__ = "descargas_pendientes"
    __table_args__ = (UniqueConstraint("espacio_id", "origen"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    origen: Mapped[str] = mapped_column(String(500))  # id del archivo en la plataforma
    url: Mapped[str] = mapped_column(Text, default="")
    nombre: Mapped[str] = mapped_column(String(255), default="")
    tamanio: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    usuario_id: Mapped[str] = mapped_column(String(64), default="")
    canal: Mapped[str] = mapped_column(String(120), default="")
    hilo: Mapped[str] = mapped_column(String(120), default="")
    texto: Mapped[str] = mapped_column(Text, default="")  # el mensaje que acompañó al archivo
    estado: Mapped[str] = mapped_column(String(12), default="pendiente")
    intentos: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    nombre_usuario: Mapped[str] = mapped_column(String(120), default="")
    # Se anotan justo antes de mover el archivo a su lugar: si el proceso cae entre el movimiento y
    # el commit de la fila, al reanudar se adopta ese archivo en vez de bajarlo otra vez.
    sha256: Mapped[str] = mapped_column(String(64), default="")
    clave: Mapped[str] = mapped_column(String(500), default="")
    creado: Mapped[datetime] = mapped_column(FechaHora())
