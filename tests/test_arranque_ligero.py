"""Arrancar ``asistente servir`` no carga las bibliotecas pesadas que solo usan algunos comandos: las
gráficas (matplotlib), la lectura de notas (trafilatura, que arrastra numpy), las hojas de cálculo
(openpyxl) y el almacén S3 (boto3) se importan dentro de la función que las usa. El tiempo de arranque
se mide en ``bench/`` (SPEC §6); aquí solo se comprueba qué módulos quedan cargados."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
PESADAS = ("matplotlib", "trafilatura", "openpyxl", "boto3", "numpy")


def _cargadas(modulo: str) -> list[str]:
    codigo = (f"import sys, {modulo}\n"
              f"print(' '.join(m for m in {PESADAS!r} if m in sys.modules))")
    salida = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, check=True)
    return salida.stdout.split()


def test_el_servidor_no_importa_bibliotecas_pesadas() -> None:
    assert _cargadas("asistente.procesos.servidor") == []


def test_la_linea_de_comandos_no_importa_bibliotecas_pesadas() -> None:
    assert _cargadas("asistente.procesos.cli") == []
