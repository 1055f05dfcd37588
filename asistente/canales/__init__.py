"""Los adaptadores hacia afuera (servicios a los que el asistente habla por su cuenta): el correo por SMTP."""
