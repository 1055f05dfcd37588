"""La petición neutral: lo que un adaptador (Slack, Mattermost, consola) entrega al núcleo."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from asistente.nucleo.canal import Canales
from asistente.nucleo.config import Config
from asistente.nucleo.lector import Lector


@dataclass(frozen=True)
class Peticion:
    """Quién pide qué, dónde y cuándo.

    ``espacio`` es la clave del espacio de trabajo con su plataforma (``slack:T012``,
    ``mattermost:abc``, ``consola:local``); ``usuario`` el id de la persona en esa plataforma.
    Las menciones en ``texto`` llegan normalizadas por el adaptador como ``<@ID>`` o ``@usuario``.
    ``espacio_id`` y ``persona_id`` los completa el despacho dentro de la transacción; también
    ``canales``, los canales de difusión del despliegue (el puerto ``asistente.nucleo.canal``).
    """

    config: Config
    espacio: str
    usuario: str
    texto: str
    ahora: datetime
    comando: str = ""
    nombre_usuario: str = ""
    usuario_handle: str = ""
    canal: str = ""
    hilo: str | None = None
    nombre_espacio: str = ""
    espacio_id: int = 0
    persona_id: int = 0
    canales: Canales = field(default_factory=dict)
    lector: Lector | None = None  # el lector de páginas y fuentes del monitoreo (``asistente.nucleo.lector``)

    def con(self, **cambios: object) -> "Peticion":
        return replace(self, **cambios)  # type: ignore[arg-type]
