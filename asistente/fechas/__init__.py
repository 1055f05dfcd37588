"""Fechas en español: ``interpretar`` lee lo que escribe la oficina (ver ``interprete``) y
``palabras`` lo devuelve en palabras («jueves 12 de marzo, 10:00 a 11:00»)."""

from asistente.fechas.interprete import FechaNoEntendida, Momento, interpretar

__all__ = ["FechaNoEntendida", "Momento", "interpretar"]
