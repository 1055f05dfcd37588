"""Leer los ajustes del equipo escritos por una persona o en el entorno: una hora («07:00»), un día
(«lunes») y el momento del resumen semanal («lunes 08:00»). Los usan la configuración al arrancar
y ``/asistente`` cuando un director cambia un ajuste desde el chat."""

from __future__ import annotations

from datetime import time

from asistente.fechas.palabras import DIAS_NORMALIZADOS
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar


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
    except (ValueError, OverflowError):  # «25:00», o un número de 30 cifras
        raise ErrorDeUsuario(f"La hora «{texto}» no es válida: usa HH:MM de 00:00 a 23:59 (por ejemplo 07:00).") from None


def leer_dia(texto: str) -> int:
    dia = normalizar(texto)
    if dia not in DIAS_NORMALIZADOS:
        raise ErrorDeUsuario(f"El día «{texto}» no existe: usa lunes, martes, miércoles, jueves, viernes, sábado o domingo.")
    return DIAS_NORMALIZADOS.index(dia)


def leer_resumen(texto: str) -> tuple[int, time]:
    """«lunes 08:00» → (0, 08:00)."""
    partes = texto.split()
    if len(partes) != 2:
        raise ErrorDeUsuario(f"El resumen «{texto}» debe ser un día y una hora, por ejemplo «lunes 08:00».")
    return leer_dia(partes[0]), leer_hora(partes[1])
