"""Una Graph API de Facebook y un WordPress de mentira, en 127.0.0.1 (puerto 0), que revisan lo que
reciben como los de verdad y lo registran. Los usan ``asistente demo`` (para publicar su boletín sin
salir a internet) y las pruebas; nunca un despliegue."""
