"""Un Chromium de verdad para las pruebas del portal: el de Debian (``apt-get install chromium``, que se
instala aquí si falta y se puede), manejado con Playwright. La descarga de navegadores de Playwright no
se usa: no siempre hay salida a internet."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTOS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def asegurar_chromium() -> str | None:
    """La ruta del Chromium de Debian, instalándolo si falta; o la razón por la que no se pudo."""
    return asegurar_de_debian(CHROMIUM, "chromium")


def asegurar_de_debian(programa: Path, paquete: str) -> str | None:
    """Instala ``paquete`` de Debian si ``programa`` falta (hace falta root); ``None`` si quedó, o la razón
    por la que no se pudo (la prueba que lo necesita se salta diciéndola)."""
    if programa.exists():
        return None
    if shutil.which("apt-get") is None:
        return f"no hay apt-get en esta máquina para instalar {paquete}"
    if os.geteuid() != 0:
        return f"instalar {paquete} necesita root (apt-get install {paquete})"
    entorno = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for orden in (["apt-get", "install", "-y", "-q", paquete], ["apt-get", "update", "-q"],
                  ["apt-get", "install", "-y", "-q", paquete]):
        resultado = subprocess.run(orden, capture_output=True, text=True, env=entorno, timeout=900)
        if resultado.returncode == 0 and programa.exists():
            return None
    return f"apt-get install {paquete} falló: {resultado.stderr.strip()[-500:]}"
