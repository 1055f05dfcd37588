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
from asistente.coberturas.estados import POR_CUMPLIR, VIVAS, marcar_cumplida

__all__ = ["POR_CUMPLIR", "VIVAS", "Candidatos", "carga", "empalmes", "marcar_cumplida", "mis_coberturas", "sugerencias"]
