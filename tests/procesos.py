"""``asistente servir`` como proceso de verdad (para las pruebas que miran el arranque)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def asistente_servir(carpeta: Path, **entorno_extra: str) -> Iterator[str]:
    """Arranca ``python -m asistente servir`` en un puerto libre con ``entorno_extra`` (solo esas
    variables del asistente, nada de la máquina), espera a que ``GET /salud`` conteste y da su URL."""
    with proceso_servir(carpeta, **entorno_extra) as (url, _proceso):
        yield url


@contextmanager
def proceso_servir(carpeta: Path, *argumentos: str, **entorno_extra: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Como ``asistente_servir``, y además el proceso (para mandarle señales); ``argumentos`` se agregan
    a la línea de ``asistente servir`` (``--procesos 2``)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    entorno = {k: v for k, v in os.environ.items() if not k.startswith(("ASISTENTE_", "SLACK_", "MATTERMOST_"))}
    # El proceso importa este árbol de trabajo, no el proyecto instalado en el entorno virtual (que puede
    # ser otra rama: sus migraciones no serían las de la base que crean las pruebas).
    entorno["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(__file__).resolve().parent.parent),
                                                        entorno.get("PYTHONPATH", "")) if p)
    entorno.update(entorno_extra)
    proceso = subprocess.Popen([sys.executable, "-m", "asistente", "servir", "--puerto", str(puerto), "--anfitrion",
                                "127.0.0.1", *argumentos], env=entorno, cwd=carpeta, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{puerto}"
        limite = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/salud", timeout=1) as r:
                    assert json.loads(r.read()) == {"estado": "ok"}
                    break
            except OSError:
                assert proceso.poll() is None, proceso.communicate()[1].decode()
                assert time.monotonic() < limite, "asistente servir no arrancó"
                time.sleep(0.1)
        yield url, proceso
    finally:
        proceso.terminate()
        proceso.wait(timeout=10)
        proceso.stdout.close()  # type: ignore[union-attr]
        proceso.stderr.close()  # type: ignore[union-attr]
