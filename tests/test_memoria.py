"""La memoria de ``asistente servir`` bajo carga de escritura: malloc acotado a pocas arenas antes de
arrancar los hilos (la medida, con la carga firmada de verdad, está en ``bench/memoria.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from asistente.procesos import memoria


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="las arenas son de glibc")
def test_servir_acota_las_arenas_de_malloc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    # En un proceso aparte: mallopt cambia el proceso entero.
    codigo = "from asistente.procesos.memoria import acotar_arenas; print(acotar_arenas())"
    raiz = str(Path(__file__).resolve().parent.parent)
    entorno = {**os.environ, "PYTHONPATH": raiz}
    salida = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, check=True, cwd=raiz,
                            env=entorno).stdout
    assert salida.strip() == "True"


def test_malloc_arena_max_del_entorno_manda(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert memoria.acotar_arenas() is False


def test_servir_lo_llama_antes_de_crear_la_app() -> None:
    import inspect

    from asistente.procesos import servidor

    # Antes de crear trabajadores o la app (que arrancan hilos): servir lo llama primero, y la app se crea
    # después, en _trabajar (un proceso o cada trabajador, que hereda el ajuste al bifurcarse).
    fuente = inspect.getsource(servidor.servir)
    assert fuente.index("acotar_arenas()") < fuente.index("_trabajar(") < fuente.index("_vigilar(")
    assert "crear_app(" in inspect.getsource(servidor._trabajar)
