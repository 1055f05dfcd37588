"""La normalización del texto que escribe una persona: minúsculas, sin acentos y con los espacios
colapsados, para que «Mañana», «manana» y «MAÑANA » sean la misma palabra (SPEC §1)."""

from __future__ import annotations

import unicodedata


def normalizar(texto: str) -> str:
    t = unicodedata.normalize("NFKD", texto.lower())
    return " ".join("".join(c for c in t if not unicodedata.combining(c)).split())


def recortar(texto: str, maximo: int, *, en_bytes: bool = False) -> str:
    """``texto`` en a lo más ``maximo`` caracteres (o bytes de UTF-8, como cuentan algunos servidores:
    «Descripción» ocupa 12), cortado entre palabras y con «…» si hubo que cortar."""
    def medida(s: str) -> int:
        return len(s.encode("utf-8")) if en_bytes else len(s)

    if medida(texto) <= maximo:
        return texto
    cabe = maximo - medida("…")
    corte = texto
    while corte and medida(corte) > cabe:
        corte = corte[:-1]
    palabras = corte.rsplit(" ", 1)
    if len(palabras) == 2 and palabras[0].strip():
        corte = palabras[0]
    return corte.rstrip(" ,;:·-") + "…"
