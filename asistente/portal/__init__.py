"""El portal: las páginas públicas firmadas (galerías de un evento o de un boletín), servidas por
``asistente servir`` bajo ``/portal/…``. Sin sesión ni contraseña: cada enlace es personal, firmado,
vence y se puede revocar (``asistente.enlaces``). Solo este paquete y los adaptadores ven peticiones HTTP."""
