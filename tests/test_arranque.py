"""El primer día de quien instala: ``asistente servir`` con un token de Slack malo o sin Slack
alcanzable dice en español qué ajuste está mal y qué hacer; sin municipio configurado se avisa."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.plataformas.slack.conexion import EstadoDeSlack, conectar
from tests.conftest import Charla
from tests.falso_slack import FalsoSlack

# El proceso importa este árbol (y no el proyecto instalado en el entorno virtual).
RAIZ = {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}


@pytest.fixture
def falso() -> Iterator[FalsoSlack]:
    with FalsoSlack() as f:
        yield f


def _puerto_cerrado() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _servir_y_terminar(carpeta: Path, **entorno: str) -> subprocess.CompletedProcess[str]:
    import os

    limpio = {k: v for k, v in os.environ.items() if not k.startswith(("ASISTENTE_", "SLACK_", "MATTERMOST_"))}
    return subprocess.run(
        [sys.executable, "-m", "asistente", "servir", "--puerto", str(_puerto_cerrado()), "--anfitrion", "127.0.0.1"],
        env=limpio | RAIZ | {"ASISTENTE_BD": f"sqlite:///{carpeta / 'a.db'}", **entorno}, cwd=carpeta, capture_output=True,
        text=True, timeout=60)


@pytest.mark.parametrize("revocar, explicacion", [
    ("token_revoked", "SLACK_BOT_TOKEN fue revocado (la app se reinstaló o alguien lo revocó): Slack contestó «token_revoked»"),
    ("", "SLACK_BOT_TOKEN no es un token válido de este Slack (¿mal copiado, o de otra app?): Slack contestó «invalid_auth»"),
])
def test_un_token_de_slack_malo_detiene_el_arranque_con_que_hacer(tmp_path: Path, falso: FalsoSlack, revocar: str,
                                                                  explicacion: str) -> None:
    if revocar:
        falso.revocar(revocar)
    token = "xoxb-prueba" if revocar else "xoxb-mal-copiado"
    r = _servir_y_terminar(tmp_path, SLACK_BOT_TOKEN=token, SLACK_SIGNING_SECRET="s" * 32, SLACK_API_URL=falso.url)
    assert r.returncode == 2, r.stderr
    assert f"asistente: problema de configuración: {explicacion}" in r.stderr
    assert "OAuth & Permissions" in r.stderr
    assert "Traceback" not in r.stderr and "Error" not in r.stderr.replace("ErrorDe", "")


def _salud(url: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{url}/salud", timeout=5) as r:
        datos: dict[str, str] = json.loads(r.read())
        return datos


def test_sin_slack_alcanzable_el_servidor_sigue_y_salud_dice_degradado(tmp_path: Path) -> None:
    apagado = f"http://127.0.0.1:{_puerto_cerrado()}/api/"
    entorno = dict(ASISTENTE_BD=f"sqlite:///{tmp_path / 'a.db'}", SLACK_BOT_TOKEN="xoxb-prueba",
                   SLACK_SIGNING_SECRET="s" * 32, SLACK_API_URL=apagado, **RAIZ)
    import os

    limpio = {k: v for k, v in os.environ.items() if not k.startswith(("ASISTENTE_", "SLACK_", "MATTERMOST_"))}
    puerto = _puerto_cerrado()
    proceso = subprocess.Popen([sys.executable, "-m", "asistente", "servir", "--puerto", str(puerto), "--anfitrion",
                                "127.0.0.1"], env=limpio | entorno, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        limite = time.monotonic() + 30
        while True:
            try:
                salud = _salud(f"http://127.0.0.1:{puerto}")
                break
            except OSError:
                assert proceso.poll() is None and time.monotonic() < limite
                time.sleep(0.1)
        assert salud["estado"] == "degradado"
        assert salud["slack"].startswith("Slack no contesta (") and "reintento en segundo plano" in salud["slack"]
    finally:
        proceso.terminate()
        _, err = proceso.communicate(timeout=10)
    assert "Revisa la red del servidor (o SLACK_API_URL)" in err and "Traceback" not in err


def test_cuando_slack_vuelve_a_contestar_se_conecta_solo(falso: FalsoSlack) -> None:
    config = Config(slack_bot_token="xoxb-prueba", slack_api_url=f"http://127.0.0.1:{_puerto_cerrado()}/api/")
    cliente = WebClient(token=config.slack_bot_token, base_url=config.slack_api_url, timeout=2)
    estado = EstadoDeSlack()
    conectado: list[bool] = []
    texto = conectar(config, cliente, lambda: conectado.append(True), estado, espera=0.05)
    assert texto == "Slack: sin conexión todavía, reintentando" and estado.problema and not conectado
    cliente.base_url = falso.url  # la red vuelve
    limite = time.monotonic() + 10
    while estado.problema:
        assert time.monotonic() < limite, estado.problema
        time.sleep(0.05)
    assert conectado == [True]


def test_un_token_bueno_conecta_y_dice_a_que_espacio(falso: FalsoSlack) -> None:
    config = Config(slack_bot_token="xoxb-prueba", slack_api_url=falso.url)
    estado = EstadoDeSlack()
    estado.degradar("de antes")
    texto = conectar(config, WebClient(token="xoxb-prueba", base_url=falso.url), estado=estado)
    assert texto == "Slack conectado al espacio «Prensa»" and estado.problema == ""


def test_un_token_de_app_malo_en_socket_mode_se_explica(tmp_path: Path, falso: FalsoSlack) -> None:
    r = _servir_y_terminar(tmp_path, SLACK_BOT_TOKEN="xoxb-prueba", SLACK_APP_TOKEN="xapp-mal", SLACK_API_URL=falso.url)
    assert r.returncode == 2, r.stderr
    assert "asistente: problema de configuración: SLACK_APP_TOKEN no sirve: Slack contestó «invalid_auth»" in r.stderr
    assert "Traceback" not in r.stderr


def test_error_de_configuracion_no_es_de_quien_usa_el_chat() -> None:
    from asistente.nucleo.errores import ErrorDeUsuario

    assert not issubclass(ErrorDeConfiguracion, ErrorDeUsuario)


# --- sin municipio ni estado ---------------------------------------------------------------------------
def test_sin_municipio_avisa_al_arrancar_la_consola(tmp_path: Path) -> None:
    import os

    guion = tmp_path / "guion.txt"
    guion.write_text("/ayuda\n", encoding="utf-8")
    limpio = {k: v for k, v in os.environ.items() if not k.startswith(("ASISTENTE_", "SLACK_", "MATTERMOST_"))}
    r = subprocess.run([sys.executable, "-m", "asistente", "consola", "--guion", str(guion)],
                       env=limpio | RAIZ | {"ASISTENTE_BD": f"sqlite:///{tmp_path / 'a.db'}"}, cwd=tmp_path,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert ("faltan ASISTENTE_MUNICIPIO y ASISTENTE_ESTADO: los boletines dirán «H. Ayuntamiento» y su fecha irá "
            "sin municipio ni estado") in r.stderr
    assert "/asistente config municipio Tlalchapa" in r.stderr
    r = subprocess.run([sys.executable, "-m", "asistente", "consola", "--guion", str(guion)],
                       env=limpio | RAIZ | {"ASISTENTE_BD": f"sqlite:///{tmp_path / 'a.db'}",
                                            "ASISTENTE_MUNICIPIO": "Tlalchapa", "ASISTENTE_ESTADO": "Gro."},
                       cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "ASISTENTE_MUNICIPIO" not in r.stderr


def test_sin_municipio_asistente_avisa_y_un_director_lo_fija_desde_el_chat(app: Aplicacion) -> None:
    from dataclasses import replace

    from tests.test_boletin import evento

    c = Charla(replace(app, config=replace(app.config, municipio="", estado="")))
    c.di("/equipo", como="dir")
    texto = c.di("/asistente")
    assert texto.startswith("⚠️ Falta el municipio y el estado: los boletines dirán «H. Ayuntamiento» y su fecha "
                            "«A 12 de marzo…».")
    assert "/asistente config municipio Tlalchapa" in texto and "• Municipio: sin configurar" in texto
    evento(c)
    assert "H. Ayuntamiento\nDirección de Comunicación Social" in c.di("/boletin borrador 1")

    # Quien no dirige no lo cambia; un valor que no es un municipio no cambia nada.
    c.di("/equipo", como="ana")
    assert "director" in c.di("/asistente config municipio Tlalchapa", como="ana")
    assert "Uso:" not in c.di("/asistente config municipio Tlalchapa", como="ana")
    assert "no parece un municipio" in c.di("/asistente config municipio <@U123>")
    assert "Municipio: sin configurar" in c.di("/asistente")

    assert "Listo: cambié el municipio." in c.di("/asistente config municipio Tlalchapa")
    texto = c.di("/asistente config estado Gro.")
    assert "Listo: cambié el estado." in texto and "Falta" not in texto
    assert "• Municipio: Tlalchapa\n" in texto and "• Estado: Gro.\n" in texto
    texto = c.di("/boletin borrador 1")
    assert "H. Ayuntamiento de Tlalchapa\nDirección de Comunicación Social" in texto
    assert "Tlalchapa, Gro., a 3 de marzo de 2026.-" in texto

    texto = c.di("/asistente config municipio predeterminado")
    assert "• Municipio: el del entorno (ASISTENTE_MUNICIPIO)" in texto
    assert "Falta el municipio: los boletines dirán «H. Ayuntamiento» y su fecha «Gro., a 12 de marzo…»" in c.di(
        "/asistente")


def test_el_municipio_del_chat_manda_sobre_el_del_entorno(charla: Charla) -> None:
    assert "• Municipio: Tlalchapa (del entorno)" in charla.di("/asistente")
    texto = charla.di("/asistente config municipio Ajuchitlán del Progreso")
    assert "• Municipio: Ajuchitlán del Progreso\n" in texto and "Falta" not in texto
    charla.di("/asistente config municipio predeterminado")
    assert "• Municipio: Tlalchapa (del entorno)" in charla.di("/asistente")


# --- el registro, en español ---------------------------------------------------------------------------
_RUIDO = """
import logging, warnings
from asistente.procesos.app import configurar_log
configurar_log({nivel!r})
warnings.warn("The default datetime adapter is deprecated as of Python 3.12", UserWarning)
logging.getLogger("httpx").info('HTTP Request: POST https://slack.com/api/auth.test "HTTP/1.1 200 OK"')
logging.getLogger("waitress").info("Serving on http://0.0.0.0:3000")
logging.getLogger("slack_sdk.socket_mode.builtin.client").info("A new session has been established")
logging.getLogger("asistente.servidor").info("escuchando en http://0.0.0.0:3000 (GET /salud)")
logging.getLogger("slack_sdk").warning("Slack no contesta: aviso que sí importa")
"""


@pytest.mark.parametrize("nivel", ["INFO", "DEBUG"])
def test_las_bibliotecas_no_llenan_el_registro_de_ingles(nivel: str) -> None:
    r = subprocess.run([sys.executable, "-c", _RUIDO.format(nivel=nivel)], env={**RAIZ, "PATH": ""},
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "INFO asistente.servidor: escuchando en http://0.0.0.0:3000 (GET /salud)" in r.stderr
    assert "aviso que sí importa" in r.stderr
    ingles = ("datetime adapter", "HTTP Request", "Serving on", "new session")
    if nivel == "INFO":
        assert not [t for t in ingles if t in r.stderr], r.stderr
    else:  # con DEBUG, quien depura ve todo
        assert all(t in r.stderr for t in ingles), r.stderr
