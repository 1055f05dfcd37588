"""La normalización del texto que escribe una persona: minúsculas, sin acentos y con los espacios
colapsados, para que «Mañana», «manana» y «MAÑANA » sean la misma palabra (SPEC §1)."""

from __future__ import annotations

import unicodedata


def normalizar(texto: str) -> str:
    t = unicodedata.normalize("NFKD", texto.lower())
    return " ".join("".join(c for c in t if not unicodedata.combining(c)).split())
