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


_SIN_ACENTO = str.maketrans("áéíóú", "aeiou")


def _plural_palabra(palabra: str) -> str:
    if not palabra or not palabra[-1].isalpha():
        return palabra
    final = palabra[-1].lower()
    if final in "aeiouáéó":
        return palabra + "s"
    if final == "z":
        return palabra[:-1] + "ces"
    if len(palabra) > 2 and palabra[-2] in "áéíóú":  # dirección → direcciones, compás → compases
        return palabra[:-2] + palabra[-2].translate(_SIN_ACENTO) + palabra[-1] + "es"
    return palabra + "es"


def cuantos(n: int, singular: str, plural: str = "") -> str:
    """``1 dirección``, ``2 direcciones``, ``0 personas asignadas``: el número con su palabra bien
    escrita (nunca «dirección(es)»). ``plural`` cuando la regla no alcanza; si no, cada palabra se
    pluraliza (``persona asignada`` → ``personas asignadas``)."""
    if n == 1:
        return f"{n} {singular}"
    return f"{n} {plural or ' '.join(_plural_palabra(p) for p in singular.split(' '))}"
