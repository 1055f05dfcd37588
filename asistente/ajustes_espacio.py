"""Los ajustes de un espacio de trabajo: los que un director cambió desde el chat, y si no, los del
entorno (``Config``). Un solo lugar los combina para el programador, la cobertura y ``/asistente``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from asistente.config import Config
from asistente.errores import ErrorDeUsuario
from asistente.fechas.palabras import DIAS, normalizar

DIAS_SIN_ACENTO = tuple(normalizar(d) for d in DIAS)


@dataclass(frozen=True)
class Ajustes:
    canal: str
    hora_agenda: time
    dia_resumen: int  # 0 = lunes
    hora_resumen: time
    recordatorio_min: int
    margen_traslado: int


def leer_hora(texto: str) -> time:
    """«07:00», «7:30», «7» → time. Lanza ErrorDeUsuario con «25:00»."""
    t = texto.strip().lower().removesuffix("hrs").removesuffix("h").strip()
    partes = t.replace(".", ":").split(":")
    try:
        horas = int(partes[0])
        minutos = int(partes[1]) if len(partes) > 1 and partes[1] else 0
        if len(partes) > 2:
            raise ValueError
        return time(horas, minutos)
    except ValueError:
        raise ErrorDeUsuario(f"La hora «{texto}» no es válida: usa HH:MM de 00:00 a 23:59 (por ejemplo 07:00).") from None


def leer_dia(texto: str) -> int:
    dia = normalizar(texto)
    if dia not in DIAS_SIN_ACENTO:
        raise ErrorDeUsuario(f"El día «{texto}» no existe: usa lunes, martes, miércoles, jueves, viernes, sábado o domingo.")
    return DIAS_SIN_ACENTO.index(dia)


def leer_resumen(texto: str) -> tuple[int, time]:
    """«lunes 08:00» → (0, 08:00)."""
    partes = texto.split()
    if len(partes) != 2:
        raise ErrorDeUsuario(f"El resumen «{texto}» debe ser un día y una hora, por ejemplo «lunes 08:00».")
    return leer_dia(partes[0]), leer_hora(partes[1])


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
