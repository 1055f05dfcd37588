"""Los ajustes de un espacio de trabajo: los que un director cambió desde el chat, y si no, los del
entorno (``Config``). Un solo lugar los combina para el programador, la cobertura y ``/asistente``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from asistente.nucleo.ajustes import leer_hora, leer_resumen
from asistente.nucleo.config import Config


@dataclass(frozen=True)
class Ajustes:
    canal: str
    hora_agenda: time
    dia_resumen: int  # 0 = lunes
    hora_resumen: time
    recordatorio_min: int
    margen_traslado: int


def efectivos(espacio: object, config: Config) -> Ajustes:
    """Los ajustes que valen para ``espacio`` (un ``modelos.Espacio``, o None para los del entorno)."""
    canal = getattr(espacio, "canal", "") or config.canal
    hora_agenda = getattr(espacio, "hora_agenda", "") or config.hora_agenda
    resumen = getattr(espacio, "resumen", "") or config.resumen
    recordatorio = getattr(espacio, "recordatorio_min", None)
    margen = getattr(espacio, "margen_traslado", None)
    dia, hora_resumen = leer_resumen(resumen)
    return Ajustes(
        canal=canal,
        hora_agenda=leer_hora(hora_agenda),
        dia_resumen=dia,
        hora_resumen=hora_resumen,
        recordatorio_min=config.recordatorio_min if recordatorio is None else recordatorio,
        margen_traslado=config.margen_traslado if margen is None else margen,
    )
