"""El archivo de fotos, audio, video y PDF de la oficina (SPEC §4)."""
