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


def test_la_cabeza_leida_de_los_scripts_es_la_de_alembic() -> None:
    """Al arrancar, una base al día se reconoce sin cargar alembic: la última migración se lee de los
    scripts. Tiene que ser la misma que calcula alembic (si no, se migraría de más o de menos)."""
    from alembic.script import ScriptDirectory

    from asistente.datos.bd import MIGRACIONES, cabeza_de_migraciones

    assert cabeza_de_migraciones() == ScriptDirectory(str(MIGRACIONES)).get_current_head()


def test_una_base_al_dia_arranca_sin_cargar_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    codigo = ("import sys\nfrom asistente.datos.bd import actualizar\n"
              f"actualizar({url!r}, al_arrancar=True)\nprint('alembic.script' in sys.modules)")
    primera = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, check=True)
    segunda = subprocess.run([sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, check=True)
    assert primera.stdout.split() == ["True"]  # la base nueva se migra con alembic
    assert segunda.stdout.split() == ["False"]  # ya al día: una lectura de alembic_version y nada más
