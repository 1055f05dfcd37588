"""``asistente servir --procesos N``: N trabajadores en un puerto (procesos de verdad, HTTP de verdad), que
se detienen con gracia con SIGTERM, se levantan solos si uno muere, y con Socket Mode abren una sola
conexión por token de app."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from asistente.procesos.app import crear_app
from tests.conftest import hacer_config
from tests.falso_slack import FalsoSlack, FalsoSocketMode
from tests.procesos import proceso_servir
from tests.test_slack import SECRETO, Servidor, falso  # noqa: F401  (el fixture del Slack falso)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc").is_dir(), reason="pre-fork en Linux")


def hijos(pid: int) -> set[int]:
    texto = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return {int(p) for p in texto.split()}


def esperar_hijos(pid: int, n: int, distintos_de: set[int] = frozenset()) -> set[int]:  # type: ignore[assignment]
    limite = time.monotonic() + 30
    while True:
        actuales = hijos(pid)
        if len(actuales) == n and not actuales & distintos_de:
            return actuales
        assert time.monotonic() < limite, f"esperaba {n} trabajadores, hay {actuales}"
        time.sleep(0.05)


def salud(url: str) -> int:
    with urllib.request.urlopen(f"{url}/salud", timeout=5) as r:
        return r.status


def test_tres_trabajadores_atienden_y_sigterm_termina_lo_aceptado_en_todos(tmp_path: Path, falso: FalsoSlack) -> None:
    falso.demora_respuesta = 0.3  # Slack lento: al llegar la señal hay trabajo en curso en cada trabajador
    bd = f"sqlite:///{tmp_path / 'servir.db'}"
    with proceso_servir(tmp_path, "--procesos", "3", ASISTENTE_BD=bd, SLACK_BOT_TOKEN="xoxb-prueba",
                        SLACK_SIGNING_SECRET=SECRETO, SLACK_API_URL=falso.url, ASISTENTE_LOG="WARNING") as (url, proceso):
        trabajadores = esperar_hijos(proceso.pid, 3)
        app = crear_app(hacer_config(bd, tmp_path))
        servidor = Servidor(app, falso, url, hacer_config(bd, tmp_path))
        urls = []
        for _ in range(30):  # conexiones nuevas: el núcleo las reparte entre los tres
            estado, cuerpo, respuesta = servidor.comando("semana")
            assert (estado, cuerpo) == (200, "")
            urls.append(respuesta)
        proceso.send_signal(signal.SIGTERM)
        assert proceso.wait(timeout=40) == 0
        app.motor.dispose()
    assert [u for u in urls if not falso.respuestas_url(u)] == []
    assert not any(Path(f"/proc/{p}").exists() for p in trabajadores)


def test_un_trabajador_que_muere_se_levanta_otra_vez(tmp_path: Path) -> None:
    bd = f"sqlite:///{tmp_path / 'servir.db'}"
    with proceso_servir(tmp_path, "--procesos", "2", ASISTENTE_BD=bd, ASISTENTE_LOG="WARNING") as (url, proceso):
        antes = esperar_hijos(proceso.pid, 2)
        muerto = min(antes)
        os.kill(muerto, signal.SIGKILL)
        despues = esperar_hijos(proceso.pid, 2, distintos_de={muerto})
        assert len(despues & antes) == 1
        assert all(salud(url) == 200 for _ in range(10))


def test_con_socket_mode_solo_un_trabajador_se_conecta(tmp_path: Path, falso: FalsoSlack) -> None:
    socket_mode = FalsoSocketMode(falso).iniciar()
    try:
        bd = f"sqlite:///{tmp_path / 'servir.db'}"
        with proceso_servir(tmp_path, "--procesos", "2", ASISTENTE_BD=bd, SLACK_BOT_TOKEN="xoxb-prueba",
                            SLACK_APP_TOKEN="xapp-prueba", SLACK_API_URL=falso.url, ASISTENTE_LOG="WARNING") as (_url, proceso):
            esperar_hijos(proceso.pid, 2)
            falso.esperar("apps.connections.open", timeout=20)
            time.sleep(1.0)  # el segundo trabajador tuvo tiempo de conectarse si fuera a hacerlo
            assert len(falso.llamadas("apps.connections.open")) == 1
    finally:
        socket_mode.detener()


def test_procesos_cero_se_explica(tmp_path: Path) -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "asistente", "servir", "--procesos", "0"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert r.returncode == 2 and "--procesos debe ser al menos 1" in r.stderr
