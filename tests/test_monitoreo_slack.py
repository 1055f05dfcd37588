"""El monitoreo de medios en Slack de punta a punta: peticiones firmadas a ``asistente servir``, un Slack
falso y un medio de noticias falso (los tres en el puerto 0)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from asistente.canales.lector import LectorHttp
from modelos import Nota
from tests.medio_falso import MedioFalso, Ruta, medio_falso
from tests.test_monitoreo import pagina_og
from tests.test_slack import Servidor, _pulsar, falso, servidor, slack_config, validar_bloques

__all__ = ["falso", "servidor", "slack_config"]  # los accesorios de tests/test_slack.py


@pytest.fixture
def medio() -> Iterator[MedioFalso]:
    with medio_falso({"/cancha": Ruta(pagina_og("Inauguran la cancha de usos múltiples en Tlalchapa"))}) as m:
        yield m


@pytest.fixture
def con_red_local(servidor: Servidor) -> Servidor:
    servidor.app.despachador.lector = LectorHttp(replace(servidor.config, permitir_red_local=True))
    return servidor


def _en_monitoreo(servidor: Servidor, n: int = 1) -> list[dict[str, object]]:
    """Lo que el bot publicó en el canal de monitoreo, después de esperar ``n`` mensajes (y un momento:
    Bolt corre los oyentes de eventos en sus propios hilos, que la cola del bot no cuenta)."""
    limite = time.monotonic() + 5
    while len(_mensajes(servidor)) < n and time.monotonic() < limite:
        time.sleep(0.05)
    time.sleep(0.3)
    servidor.esperar_pendientes()
    return _mensajes(servidor)


def _mensajes(servidor: Servidor) -> list[dict[str, object]]:
    return [c.params for c in servidor.falso.llamadas("chat.postMessage") if c.params.get("channel") == "CMON"]


def _notas(servidor: Servidor) -> int:
    with servidor.app.fabrica() as s:
        return int(s.scalar(select(func.count(Nota.id))) or 0)


def test_nota_por_comando_con_botones_y_tono_por_boton(con_red_local: Servidor, medio: MedioFalso) -> None:
    servidor = con_red_local
    _, _, url = servidor.comando(medio.en("/cancha"), comando="/nota")
    respuesta = servidor.falso.esperar_url(url)
    texto = json.dumps(respuesta, ensure_ascii=False)
    assert "Inauguran la cancha de usos múltiples en Tlalchapa" in texto and "El Sol de Tierra Caliente" in texto
    validar_bloques(respuesta["blocks"])
    acciones = [e["action_id"] for b in respuesta["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [a.split("|")[0] for a in acciones] == ["nota.tono", "nota.tono", "nota.tono", "nota.editar"]
    boton = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar(acciones[2], "1:negativa", boton))
    assert "Tono: negativa" in json.dumps(servidor.falso.esperar_url(boton), ensure_ascii=False)


def test_enlace_soltado_en_el_canal_de_monitoreo_se_contesta_en_el_hilo(
        con_red_local: Servidor, medio: MedioFalso) -> None:
    servidor = con_red_local
    _, _, url = servidor.comando("monitoreo <#CMON|monitoreo>", comando="/asistente")
    assert "Canal de monitoreo: #CMON" in servidor.falso.esperar_url(url)["text"]
    evento = {"type": "message", "channel": "CMON", "user": "U1", "ts": "1700000000.000200",
              "text": f"Salió en El Sol <{medio.en('/cancha')}?utm_source=wa&amp;x=1>"}
    assert servidor.evento(evento, "EvNota")[0] == 200
    [mensaje] = _en_monitoreo(servidor)
    assert mensaje["thread_ts"] == "1700000000.000200" and "Inauguran la cancha" in str(mensaje["text"])
    # Slack reenvía el evento: se atiende una vez. Un enlace en otro canal no hace nada.
    servidor.evento(evento, "EvNota", reintento=1)
    servidor.evento({**evento, "channel": "C-prensa", "ts": "1700000000.000300"}, "EvOtro")
    assert len(_en_monitoreo(servidor)) == 1
    assert not [c for c in servidor.falso.llamadas("chat.postMessage") if c.params.get("channel") == "C-prensa"]
    assert _notas(servidor) == 1


def test_enlace_malo_en_el_canal_de_monitoreo_se_explica_en_el_hilo(con_red_local: Servidor) -> None:
    servidor = con_red_local
    servidor.comando("monitoreo <#CMON|monitoreo>", comando="/asistente")
    servidor.esperar_pendientes()
    evento = {"type": "message", "channel": "CMON", "user": "U1", "ts": "1700000000.000400",
              "text": "se cayó <http://127.0.0.1:9/caido>"}
    servidor.evento(evento, "EvMalo")
    [mensaje] = _en_monitoreo(servidor)
    assert "No me pude conectar" in str(mensaje["text"]) and mensaje["thread_ts"] == "1700000000.000400"
    assert _notas(servidor) == 0


def test_por_slack_las_fotos_soltadas_en_el_hilo_de_la_ficha_son_las_paginas_de_la_nota(servidor: Servidor) -> None:
    from modelos import Medio, PaginaDeNota
    from tests.archivos import jpeg

    estado, cuerpo, _ = servidor.comando("impreso El Sur | Alcaldesa inaugura cancha | portada y página 5", comando="/nota")
    assert estado == 200 and cuerpo == ""
    limite = time.monotonic() + 5
    while not (fichas := [c for c in servidor.falso.llamadas("chat.postMessage")
                          if "Alcaldesa inaugura cancha" in json.dumps(c.params, ensure_ascii=False)]):
        assert time.monotonic() < limite, "la ficha de la nota no llegó al canal"
        time.sleep(0.05)
    hilo = fichas[0].respuesta["ts"]
    while not _hilo_de_nota(servidor):
        assert time.monotonic() < limite, "la nota no quedó ligada a su hilo"
        time.sleep(0.05)
    assert _hilo_de_nota(servidor) == hilo
    # Portada e interior en un solo mensaje: las dos son páginas de la nota, en el orden del mensaje.
    archivos = [servidor.falso.descripcion(servidor.falso.archivo(servidor.falso.servir_archivo(n, d, "image/jpeg")))
                for n, d in (("elsur-portada.jpg", jpeg(800, 600)), ("elsur-p5.jpg", jpeg(800, 600, semilla=5)))]
    evento = {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U1", "text": "las páginas",
              "ts": "1800000000.000300", "thread_ts": hilo, "files": archivos}
    assert servidor.evento(evento, "EvPagina")[0] == 200
    while servidor.contar(Medio) < 2:
        assert time.monotonic() < limite + 5, "las fotos no se archivaron"
        time.sleep(0.05)
    servidor.esperar_pendientes()
    with servidor.app.fabrica() as s:
        medios = {m.nombre: m for m in s.scalars(select(Medio))}
        paginas = list(s.scalars(select(PaginaDeNota.medio_id).order_by(PaginaDeNota.id)))
        assert paginas == [medios["elsur-portada.jpg"].id, medios["elsur-p5.jpg"].id]
        assert all(m.evento_id is None and "/monitoreo/" in m.clave for m in medios.values())


def _hilo_de_nota(servidor: Servidor) -> str:
    with servidor.app.fabrica() as s:
        return s.scalars(select(Nota.hilo)).first() or ""
