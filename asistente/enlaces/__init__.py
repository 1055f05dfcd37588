"""Los enlaces personales del portal: firmados con ``ASISTENTE_SECRETO`` sobre espacio, enlace, objeto,
destinatario y vencimiento; con una fila en la base de datos para revocarlos y anotar los acuses."""
