"""Benchmarks del asistente (SPEC §6). ``make bench`` o ``python -m bench [nombre…]``.

Cada módulo ``bench/<nombre>.py`` expone ``correr() -> str``: mide, imprime sus cifras y devuelve su
sección en Markdown. El corredor guarda cada sección en ``bench/resultados/<nombre>.md`` y arma
``bench/RESULTADOS.md`` con todas, encabezadas por la máquina donde corrieron.
"""
