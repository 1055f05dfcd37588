"""Corre los benchmarks y escribe bench/RESULTADOS.md. Uso: python -m bench [slack archivo programador …]

``python -m bench --juntar`` solo vuelve a armar RESULTADOS.md con lo que ya hay en bench/resultados/.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

CARPETA = Path(__file__).resolve().parent
RESULTADOS = CARPETA / "resultados"


def disponibles() -> list[str]:
    return sorted(p.stem for p in CARPETA.glob("*.py") if not p.stem.startswith("_"))


def maquina() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for linea in Path("/proc/cpuinfo").read_text().splitlines():
            if linea.startswith("model name"):
                cpu = linea.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memoria = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memoria = f", {kb / 1024 / 1024:.0f} GiB de RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} núcleos{memoria}, "
            f"Python {platform.python_version()}")


def principal(nombres: list[str]) -> int:
    if nombres == ["--juntar"]:
        juntar()
        return 0
    elegidos = nombres or disponibles()
    desconocidos = [n for n in elegidos if n not in disponibles()]
    if desconocidos:
        print(f"No hay benchmark {', '.join(desconocidos)}. Hay: {', '.join(disponibles())}", file=sys.stderr)
        return 2
    RESULTADOS.mkdir(exist_ok=True)
    for nombre in elegidos:
        print(f"━━━ {nombre} ━━━", flush=True)
        seccion = importlib.import_module(f"bench.{nombre}").correr()
        fecha = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        (RESULTADOS / f"{nombre}.md").write_text(f"{seccion.rstrip()}\n\n_Corrido el {fecha} en: {maquina()}._\n", encoding="utf-8")
    juntar()
    return 0


def juntar() -> None:
    """Arma bench/RESULTADOS.md con las secciones guardadas en bench/resultados/."""
    partes = ["# Resultados de los benchmarks\n",
              "Generado por `make bench` (`python -m bench`). Cada sección dice cuándo y en qué máquina corrió.\n"]
    for archivo in sorted(RESULTADOS.glob("*.md")):
        partes.append(archivo.read_text(encoding="utf-8"))
    (CARPETA / "RESULTADOS.md").write_text("\n".join(partes), encoding="utf-8")
    print(f"Escrito {CARPETA / 'RESULTADOS.md'}")


if __name__ == "__main__":
    raise SystemExit(principal(sys.argv[1:]))
