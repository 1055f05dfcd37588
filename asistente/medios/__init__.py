"""La sala de prensa: el directorio de medios de comunicación y sus contactos (SPEC §8)."""
