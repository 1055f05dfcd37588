"""La puerta del archivo para las plataformas: un mensaje con archivos llega como ``Lote`` y el
archivo contesta con la ``Respuesta`` que el adaptador publica en el hilo.

Cada adaptador (Slack, Mattermost, consola) aporta un ``Descargador`` que sabe bajar los bytes de un
``ArchivoRemoto`` desde su plataforma; el archivo decide todo lo demás (evento, carpeta, duplicados).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO, Protocol

from asistente.respuesta import Respuesta

if TYPE_CHECKING:
    from asistente.app import Aplicacion


class ErrorDeDescarga(Exception):
    """La plataforma no entregó el archivo (404, host ajeno, demasiado grande)."""


@dataclass(frozen=True)
class ArchivoRemoto:
    origen: str  # id del archivo en la plataforma (F0123, id de Mattermost, ruta local)
    nombre: str
    url: str = ""
    tamanio: int | None = None
    mime: str = ""


@dataclass(frozen=True)
class Lote:
    """Los archivos de un mensaje, con quién los soltó, dónde y qué dijo."""

    espacio: str  # clave del espacio: "slack:T012", "mattermost:equipo", "consola:local"
    usuario: str  # id de usuario en la plataforma
    canal: str
    ahora: datetime
    archivos: list[ArchivoRemoto] = field(default_factory=list)
    nombre_usuario: str = ""
    hilo: str = ""  # mensaje o hilo donde contestar
    texto: str = ""  # el texto que acompañó a los archivos (puede traer «#12»)


class Descargador(Protocol):
    def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
        """Escribe los bytes del archivo en ``destino``. Lanza ``ErrorDeDescarga``."""
        ...


def recibir(app: "Aplicacion", lote: Lote, descargador: Descargador) -> Respuesta:
    """Archiva los archivos del lote y devuelve la respuesta para el hilo."""
    try:
        from asistente.archivo.ingesta import archivar_lote
    except ImportError:
        return Respuesta.texto("El archivo todavía no está habilitado en esta instalación: no guardé los archivos.")
    return archivar_lote(app, lote, descargador)
