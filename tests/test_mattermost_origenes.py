"""Botones de Mattermost que alguien reenvía: un clic capturado y mandado otra vez (mismo
``trigger_id``) no se atiende dos veces, un botón pulsado desde otro canal que el de su mensaje no
hace nada, y con ``MATTERMOST_ORIGENES`` solo el servidor de Mattermost
llega a ``/mattermost/…``: desde otra dirección, 403 y nada cambia."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.plataformas.mattermost.web import crear_wsgi
from asistente.plataformas.trabajo import TRABAJO
from asistente.procesos.app import crear_app
from asistente.procesos.entorno import desde_entorno
from tests.test_mattermost import TOKEN, Mundo, falso, mundo  # noqa: F401  (accesorios compartidos)
from tests.test_mattermost_rutina import _es_dm_para


def test_un_clic_reenviado_tal_cual_no_se_atiende_otra_vez(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/equipo", como=mundo.ana)
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12")
    mundo.di("/cobertura asignar 1 @ana foto")
    dm = mundo.falso.esperar_post(_es_dm_para(mundo, mundo.ana), texto="Sesión de cabildo")
    primero = mundo.falso.pulsar(dm["props"]["attachments"], "No puedo", usuario=mundo.ana, canal=dm["channel_id"],
                                 post_id=dm["id"], trigger="clic-capturado")
    assert primero.status_code == 200 and "update" in primero.json()
    otra_vez = mundo.falso.pulsar(dm["props"]["attachments"], "Acepto", usuario=mundo.ana, canal=dm["channel_id"],
                                  post_id=dm["id"], trigger="clic-capturado")
    assert otra_vez.status_code == 200 and "update" not in otra_vez.json()
    assert "ya se atendió" in otra_vez.json()["ephemeral_text"]
    assert "foto ✅" not in mundo.di("/agenda mañana")["text"]  # sigue rechazada, el segundo clic no contó
    # Un clic nuevo (otro trigger_id) sí se atiende.
    nuevo = mundo.falso.pulsar(dm["props"]["attachments"], "Acepto", usuario=mundo.ana, canal=dm["channel_id"],
                               post_id=dm["id"])
    assert "update" in nuevo.json()


def test_un_boton_pulsado_desde_otro_canal_no_hace_nada(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/equipo", como=mundo.ana)
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12")
    mundo.di("/cobertura asignar 1 @ana foto")
    dm = mundo.falso.esperar_post(_es_dm_para(mundo, mundo.ana), texto="Sesión de cabildo")
    contexto = dm["props"]["attachments"][0]["actions"][0]["integration"]["context"]
    assert contexto["canal"] == dm["channel_id"]  # firmado con el canal de su mensaje
    ajeno = mundo.falso.pulsar(dm["props"]["attachments"], "Acepto", usuario=mundo.ana, canal=mundo.canal)
    assert "update" not in ajeno.json() and "otro canal" in ajeno.json()["ephemeral_text"]
    sin_canal = dict(contexto)
    del sin_canal["canal"]  # quitarlo rompe la firma
    quitado = mundo.falso.pulsar(dm["props"]["attachments"], "Acepto", usuario=mundo.ana, canal=mundo.canal,
                                 contexto=sin_canal)
    assert "update" not in quitado.json()
    assert "foto ⏳" in mundo.di("/agenda mañana")["text"]
    propio = mundo.falso.pulsar(dm["props"]["attachments"], "Acepto", usuario=mundo.ana, canal=dm["channel_id"])
    assert "update" in propio.json()


def _llamar(wsgi: Any, ruta: str, cuerpo: bytes, remoto: str, tipo: str = "application/x-www-form-urlencoded",
            ) -> tuple[str, dict[str, Any]]:
    visto: dict[str, str] = {}

    def iniciar(estado: str, _cabeceras: Any) -> None:
        visto["estado"] = estado

    salida = b"".join(wsgi({"PATH_INFO": ruta, "REQUEST_METHOD": "POST", "REMOTE_ADDR": remoto,
                            "CONTENT_TYPE": tipo, "CONTENT_LENGTH": str(len(cuerpo)), "wsgi.input": io.BytesIO(cuerpo)},
                           iniciar))
    return visto["estado"], json.loads(salida or b"{}")


def test_con_mattermost_origenes_solo_el_servidor_de_mattermost_llega(mundo: Mundo) -> None:
    app = crear_app(replace(mundo.app.config, mattermost_origenes=("10.20.0.0/16", "192.0.2.7")))
    wsgi = crear_wsgi(app)
    try:
        comando = (f"token={TOKEN}&team_id={mundo.falso.equipo_id}&user_id={mundo.dir}&channel_id={mundo.canal}"
                   "&command=%2Fagenda&text=nueva+Foro+%7C+ma%C3%B1ana+a+las+10").encode()
        for remoto in ("203.0.113.9", "127.0.0.1", "", "no-es-ip"):
            estado, datos = _llamar(wsgi, "/mattermost/comandos", comando, remoto)
            assert estado.startswith("403") and "MATTERMOST_ORIGENES" in datos["text"]
        estado, _ = _llamar(wsgi, "/mattermost/acciones", b'{"context": {}}', "198.51.100.1", "application/json")
        assert estado.startswith("403")
        assert mundo.eventos() == 0
        estado, _ = _llamar(wsgi, "/mattermost/comandos", comando, "10.20.3.4")
        assert estado.startswith("200") and mundo.eventos() == 1
    finally:
        TRABAJO.esperar(10)  # el anuncio sale en segundo plano
        wsgi.plataforma.cliente.cerrar()
        app.motor.dispose()


def test_mattermost_origenes_mal_escrito_detiene_el_arranque(tmp_path: Path) -> None:
    with pytest.raises(ErrorDeConfiguracion, match="MATTERMOST_ORIGENES: «10.0.0.300»"):
        desde_entorno({"MATTERMOST_ORIGENES": "10.0.0.1, 10.0.0.300"}, archivo_env=None)
    assert desde_entorno({"MATTERMOST_ORIGENES": "10.0.0.1, 10.0.0.0/24"},
                         archivo_env=None).mattermost_origenes == ("10.0.0.1", "10.0.0.0/24")
