"""Las asignaciones de cobertura: sus estados y las consultas que usan varios módulos (el comando
``/cobertura``, el inicio de Slack y el archivo, que marca cumplida la cobertura de quien entrega sus
archivos)."""

from asistente.coberturas.consultas import (
    Candidatos,
    carga,
    empalmes,
    mis_coberturas,
    sugerencias,
)
from asistente.coberturas.estados import (
    ACCION_REGISTRAR_CUBIERTA,
    POR_CUMPLIR,
    VIVAS,
    marcar_cumplida,
    registrar_cubierta,
    sin_asignar,
)

__all__ = ["ACCION_REGISTRAR_CUBIERTA", "POR_CUMPLIR", "registrar_cubierta", "sin_asignar", "VIVAS", "Candidatos", "carga", "empalmes", "marcar_cumplida", "mis_coberturas", "sugerencias"]
