"""Lo que una plataforma entrega al archivo: un mensaje con archivos llega como ``Lote`` y
``asistente.archivo.ingesta.recibir`` contesta con la ``Respuesta`` que el adaptador publica en el hilo.

Cada adaptador (Slack, Mattermost, consola) aporta un ``Descargador`` que sabe bajar los bytes de un
``ArchivoRemoto`` desde su plataforma; el archivo decide todo lo demás (evento, carpeta, duplicados).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, Protocol


class ErrorDeDescarga(Exception):
    """La plataforma no entregó el archivo (404, host ajeno, demasiado grande). Su texto va al hilo:
    en español, nunca el error crudo de una biblioteca. ``transitorio``: la conexión se cortó a medio
    archivo, se agotó el tiempo o el servidor tuvo un error pasajero (5xx, 429): vale reintentar."""

    def __init__(self, mensaje: str, *, transitorio: bool = False) -> None:
        super().__init__(mensaje)
        self.transitorio = transitorio


@dataclass(frozen=True)
class ArchivoRemoto:
    origen: str  # id del archivo en la plataforma (F0123, id de Mattermost, ruta local)
    nombre: str
    url: str = ""
    tamanio: int | None = None
    mime: str = ""
    # El espacio de donde viene ("slack:T012"): con la app de Slack instalada en muchos espacios, la
    # descarga usa el token del bot de ese espacio.
    espacio: str = ""


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
