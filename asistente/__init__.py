"""Asistente de Comunicación Social: el núcleo (petición, respuesta, despacho, configuración, base de datos)."""

__version__ = "0.1.0"
