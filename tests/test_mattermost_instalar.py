"""``asistente manifiesto mattermost --instalar``: instalar en Mattermost es un paso. Con el token de
una administradora se registran (o actualizan) todos los comandos slash por la API REST v4 contra un
Mattermost de mentiras tan estricto como el real, y sus tokens quedan en `.env`: el siguiente
``asistente servir`` ya contesta cada comando."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servidor_en_hilo import correr_en_hilo

from asistente.plataformas.mattermost import crear_wsgi
from asistente.plataformas.web import crear_servidor
from asistente.procesos.app import crear_app
from asistente.procesos.cli import principal
from asistente.procesos.entorno import desde_entorno
from comandos import registro
from modelos import Base
from tests.falso_mattermost import FalsoMattermost

URL = "https://asistente.tlalchapa.gob.mx"


@pytest.fixture
def falso() -> Iterator[FalsoMattermost]:
    f = FalsoMattermost().iniciar()
    yield f
    f.detener()


@pytest.fixture
def oficina(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, falso: FalsoMattermost) -> Path:
    """La carpeta donde corre el asistente, con su `.env` del paso 1 (la cuenta bot)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "# Comunicación Social de Tlalchapa\n"
        f"ASISTENTE_BD=sqlite:///{tmp_path / 'a.db'}\n"
        f"MATTERMOST_URL={falso.url}\nMATTERMOST_BOT_TOKEN={falso.token_bot}\nASISTENTE_URL_PUBLICA={URL}\n",
        encoding="utf-8")
    return tmp_path


def _instalar(capsys: pytest.CaptureFixture[str], *extra: str, token: str | None = None,
              falso: FalsoMattermost) -> tuple[int, str, str]:
    codigo = principal(["manifiesto", "mattermost", "--instalar", "--token-admin",
                        falso.token_admin if token is None else token, *extra])
    salida = capsys.readouterr()
    return codigo, salida.out, salida.err


def test_instalar_registra_todos_los_comandos_y_guarda_sus_tokens(
        oficina: Path, falso: FalsoMattermost, capsys: pytest.CaptureFixture[str]) -> None:
    codigo, salida, error = _instalar(capsys, falso=falso)
    assert codigo == 0, error
    nombres = sorted(registro())
    assert len(nombres) >= 10
    assert sorted(c["trigger"] for c in falso.comandos.values()) == nombres
    for c in falso.comandos.values():
        assert c["url"] == f"{URL}/mattermost/comandos" and c["method"] == "P" and c["auto_complete"]
        assert c["team_id"] == falso.equipo_id and c["description"] and len(c["description"]) <= 128
    assert f"Comandos slash en Mattermost: {len(nombres)} registrados y 0 actualizados." in salida
    assert "Guardé sus tokens en .env (MATTERMOST_TOKENS). Reinicia `asistente servir`" in salida

    env = (oficina / ".env").read_text(encoding="utf-8")
    assert env.startswith("# Comunicación Social de Tlalchapa\n")  # lo demás del archivo, intacto
    config = desde_entorno({}, archivo_env=oficina / ".env")
    assert sorted(config.mattermost_tokens) == sorted(f"{falso.equipo_id}:{c['token']}" for c in falso.comandos.values())


def test_otra_vez_actualiza_sin_duplicar_y_conserva_los_tokens(
        oficina: Path, falso: FalsoMattermost, capsys: pytest.CaptureFixture[str]) -> None:
    _instalar(capsys, falso=falso)
    antes = {c["trigger"]: c["token"] for c in falso.comandos.values()}
    codigo, salida, _ = _instalar(capsys, "--url", "https://nuevo.tlalchapa.gob.mx", falso=falso)
    assert codigo == 0
    assert f"0 registrados y {len(antes)} actualizados" in salida
    assert {c["trigger"]: c["token"] for c in falso.comandos.values()} == antes
    assert {c["url"] for c in falso.comandos.values()} == {"https://nuevo.tlalchapa.gob.mx/mattermost/comandos"}
    assert ("PUT", f"/api/v4/commands/{next(iter(falso.comandos))}") in falso.peticiones


def test_un_comando_hecho_a_mano_se_actualiza_y_uno_ajeno_no_se_toca(
        oficina: Path, falso: FalsoMattermost, capsys: pytest.CaptureFixture[str]) -> None:
    a_mano = falso.agregar_comando("boletin", "http://viejo.local/mattermost/comandos", display_name="Boletin")
    ajeno = falso.agregar_comando("agenda", "https://otra-integracion.mx/slash")
    (oficina / ".env").write_text((oficina / ".env").read_text() + "MATTERMOST_TOKENS=otroequipo:tok1\n")
    codigo, salida, _ = _instalar(capsys, falso=falso)
    assert codigo == 0
    assert "sin tocar, porque ya existen y son de otra integración: /agenda (https://otra-integracion.mx/slash)" in salida
    assert falso.comandos[ajeno["id"]] == ajeno
    boletin = falso.comandos[a_mano["id"]]
    assert boletin["url"] == f"{URL}/mattermost/comandos" and boletin["token"] == a_mano["token"]
    tokens = desde_entorno({}, archivo_env=oficina / ".env").mattermost_tokens
    assert f"{falso.equipo_id}:{a_mano['token']}" in tokens and "otroequipo:tok1" in tokens
    assert f"{falso.equipo_id}:{ajeno['token']}" not in tokens


def test_despues_de_instalar_cada_comando_llega_y_se_contesta(
        oficina: Path, falso: FalsoMattermost, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:  # el puerto donde correrá `asistente servir` (su URL pública, aquí)
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    assert _instalar(capsys, "--url", f"http://127.0.0.1:{puerto}", falso=falso)[0] == 0
    # Como al arrancar `asistente servir`: la configuración se lee con los tokens que quedaron en .env.
    app = crear_app(desde_entorno({}, archivo_env=oficina / ".env"))
    Base.metadata.create_all(app.motor)
    wsgi = crear_wsgi(app)
    detener = correr_en_hilo(crear_servidor(wsgi, "127.0.0.1", puerto))
    try:
        canal, dir_ = falso.agregar_canal("prensa"), falso.agregar_usuario("dir", "Diana", "Ríos")
        r = falso.ejecutar("/ayuda", usuario=dir_, canal=canal)
        assert r.status_code == 200 and "/agenda" in r.json()["text"]
        for nombre in registro():  # cada comando registrado llega con su token y se contesta
            r = falso.ejecutar(f"/{nombre} ayuda", usuario=dir_, canal=canal)
            assert r.status_code == 200 and r.json()["text"], nombre
    finally:
        detener()
        wsgi.plataforma.cliente.cerrar()  # type: ignore[union-attr]
        app.motor.dispose()


@pytest.mark.parametrize("token, explicacion", [
    ("token-del-bot", "Mattermost negó el permiso al leer los comandos slash del equipo"),
    ("token-vencido", "Mattermost no aceptó el token al leer los comandos slash"),
])
def test_un_token_que_no_es_de_administrador_se_explica_y_no_cambia_nada(
        oficina: Path, falso: FalsoMattermost, capsys: pytest.CaptureFixture[str], token: str, explicacion: str) -> None:
    antes = (oficina / ".env").read_text()
    codigo, salida, error = _instalar(capsys, token=token, falso=falso)
    assert codigo == 2 and salida == ""
    assert error.startswith(f"asistente: problema de configuración: {explicacion}")
    assert "Traceback" not in error and not falso.comandos and (oficina / ".env").read_text() == antes


def test_sin_token_de_administrador_o_sin_bot_se_dice_que_falta(
        oficina: Path, falso: FalsoMattermost, capsys: pytest.CaptureFixture[str]) -> None:
    codigo, _, error = _instalar(capsys, token="", falso=falso)
    assert codigo == 2 and "Falta --token-admin" in error
    (oficina / ".env").write_text(f"ASISTENTE_URL_PUBLICA={URL}\n")
    codigo, _, error = _instalar(capsys, falso=falso)
    assert codigo == 2 and "hacen falta MATTERMOST_URL y MATTERMOST_BOT_TOKEN" in error
    assert principal(["manifiesto", "slack", "--instalar"]) == 2
    assert "--instalar es para Mattermost" in capsys.readouterr().err


# --- el falso es tan estricto como el real ---------------------------------------------------------------
def test_el_falso_valida_los_comandos_como_mattermost(falso: FalsoMattermost) -> None:
    api = httpx.Client(base_url=f"{falso.url}/api/v4", headers={"Authorization": f"Bearer {falso.token_admin}"})
    try:
        bueno = {"team_id": falso.equipo_id, "trigger": "Agenda", "url": URL + "/mattermost/comandos", "method": "P"}
        assert api.get("/commands").status_code == 400  # sin team_id
        r = api.post("/commands", json=bueno)
        assert r.status_code == 201 and r.json()["trigger"] == "agenda" and len(r.json()["token"]) == 26
        assert api.post("/commands", json=bueno).json()["id"] == "api.command.duplicate_trigger.app_error"
        for malo, campo in (({"trigger": "/x"}, "trigger"), ({"trigger": "dos palabras"}, "trigger"),
                            ({"url": "ftp://x"}, "url_http"), ({"method": "POST"}, "method"),
                            ({"description": "x" * 129}, "description"), ({"display_name": "x" * 65}, "display_name")):
            r = api.post("/commands", json=bueno | {"trigger": "otro"} | malo)
            assert r.status_code == 400 and r.json()["id"] == f"model.command.is_valid.{campo}.app_error"
        creado = r = api.get("/commands", params={"team_id": falso.equipo_id, "custom_only": "true"}).json()[0]
        assert api.put(f"/commands/{creado['id']}", json=creado | {"id": "otro"}).status_code == 400
        assert api.put(f"/commands/{creado['id']}", json=creado | {"team_id": "x" * 26}).json()["id"] == (
            "api.command.team_mismatch.app_error")
        assert api.put("/commands/" + "z" * 26, json=creado | {"id": "z" * 26}).status_code == 404
        r = api.put(f"/commands/{creado['id']}", json=creado | {"token": "robado", "url": URL + "/otra"})
        assert r.status_code == 200 and r.json()["token"] == creado["token"] and r.json()["url"] == URL + "/otra"
        bot = httpx.post(f"{falso.url}/api/v4/commands", json=bueno,
                         headers={"Authorization": f"Bearer {falso.token_bot}"})
        assert bot.status_code == 403
    finally:
        api.close()
