"""Plurales y género bien escritos en todo lo que dice el asistente: «1 dirección», «2 direcciones»,
nunca «dirección(es)»."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from asistente.nucleo.texto import cuantos


@pytest.mark.parametrize("n, palabra, esperado", [
    (1, "dirección", "1 dirección"), (2, "dirección", "2 direcciones"), (0, "fecha movida", "0 fechas movidas"),
    (1, "persona asignada", "1 persona asignada"), (3, "persona asignada", "3 personas asignadas"),
    (2, "publicación enviada", "2 publicaciones enviadas"), (2, "medio", "2 medios"), (4, "luz", "4 luces"),
    (2, "mes", "2 meses"), (2, "rol", "2 roles"),
])
def test_cuantos(n: int, palabra: str, esperado: str) -> None:
    assert cuantos(n, palabra) == esperado


def test_nada_del_asistente_dice_s_o_es_entre_parentesis() -> None:
    """Ni en los comandos ni en las plantillas ni en el dominio: «fecha(s)», «dirección(es)»."""
    raiz = Path(__file__).resolve().parent.parent
    malos = []
    for archivo in [*raiz.glob("comandos/*.py"), *raiz.glob("asistente/**/*.py"), *raiz.glob("plantillas/**/*.j2")]:
        for n, linea in enumerate(archivo.read_text(encoding="utf-8").splitlines(), 1):
            # una palabra pegada a «(s)» o «(es)», que no sea código como len(s)
            if re.search(r"(?<![\w.])(?!len\()[a-záéíóúñ]+\((?:s|es)\)", linea) and "http(s)" not in linea \
                    and "«" not in linea and "Invalid parameter" not in linea:
                malos.append(f"{archivo.relative_to(raiz)}:{n}: {linea.strip()}")
    assert not malos, "\n".join(malos)

