"""Plantillas Jinja2 (mensajes y boletines) y recursos de los PDF. Se pueden editar sin programar."""
