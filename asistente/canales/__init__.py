"""Los adaptadores hacia afuera: los únicos que hablan con servicios de afuera por su cuenta.

- ``facebook``: la página del ayuntamiento por la Graph API (fotos sin publicar y una publicación con ellas).
- ``wordpress``: el sitio web municipal por su API REST (fotos a la mediateca y una entrada con galería).
- ``whatsapp``: el kit para pegar en listas y grupos (no hay API: un ZIP con las fotos elegidas).
- ``registro``: los canales de difusión, armados desde la configuración (``construir``).
- ``correo``: el correo por SMTP (STARTTLS o TLS) para los medios.

Los de difusión cumplen el puerto ``asistente.nucleo.canal.Canal``; nada fuera de ``asistente.procesos``
importa este paquete.
"""
