"""El monitoreo de medios en Mattermost de punta a punta: comandos con su token, el WebSocket del bot
(un enlace soltado en el canal de monitoreo) y un medio de noticias falso, todo en el puerto 0."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from asistente.canales.lector import LectorHttp
from asistente.plataformas.mattermost import iniciar_escucha
from asistente.plataformas.mattermost.escucha import Espera
from modelos import Nota
from tests.medio_falso import MedioFalso, Ruta, medio_falso
from tests.test_mattermost import Mundo, falso, mundo
from tests.test_monitoreo import pagina_og

__all__ = ["falso", "mundo"]  # los accesorios de tests/test_mattermost.py


@pytest.fixture
def medio() -> Iterator[MedioFalso]:
    with medio_falso({"/cancha": Ruta(pagina_og("Inauguran la cancha de usos múltiples en Tlalchapa"))}) as m:
        yield m


@pytest.fixture
def con_red_local(mundo: Mundo) -> Mundo:
    mundo.app.despachador.lector = LectorHttp(replace(mundo.app.config, permitir_red_local=True))
    return mundo


def test_nota_por_comando_y_sintesis(con_red_local: Mundo, medio: MedioFalso) -> None:
    mundo = con_red_local
    datos = mundo.di(f"/nota {medio.en('/cancha')}")
    assert "Inauguran la cancha" in str(datos)
    botones = [a["name"] for adj in datos.get("attachments", []) for a in adj.get("actions", [])]
    assert botones == ["Positiva", "Neutral", "Negativa", "Editar"]
    assert "1 nota:" in mundo.di("/sintesis")["text"]
    assert "no es un enlace" in mundo.di("/nota ftp://x.mx/a")["text"]


def test_enlace_soltado_en_el_canal_de_monitoreo_por_nombre(con_red_local: Mundo, medio: MedioFalso) -> None:
    mundo = con_red_local
    falso = mundo.falso
    assert "Canal de monitoreo: #prensa" in mundo.di("/asistente monitoreo ~prensa")["text"]
    otro = falso.agregar_canal("general")
    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    try:
        falso.esperar_conexiones(1)
        post = falso.emitir_posted(mundo.canal, mundo.ana, [], mensaje=f"Nota: {medio.en('/cancha')}")
        respuesta = falso.esperar_post(lambda p: p["root_id"] == post)
        assert "Inauguran la cancha" in respuesta["message"] and respuesta["channel_id"] == mundo.canal
        falso.emitir_posted(mundo.canal, mundo.ana, [], mensaje=f"Nota: {medio.en('/cancha')}", post_id=post)
        fuera = falso.emitir_posted(otro, mundo.ana, [], mensaje=f"mira {medio.en('/cancha')}")
        time.sleep(0.3)
        assert not [p for p in falso.posts() if p.get("root_id") == fuera]
        assert len([p for p in falso.posts() if p.get("root_id") == post]) == 1
    finally:
        escucha.detener()
    with mundo.app.fabrica() as s:
        assert s.scalar(select(func.count(Nota.id))) == 1


def test_la_foto_soltada_en_el_hilo_de_la_ficha_es_la_pagina_de_la_nota(mundo: Mundo) -> None:
    from modelos import Medio, PaginaDeNota
    from tests.archivos import jpeg

    falso_mm = mundo.falso
    assert mundo.di("/nota impreso El Sur | Alcaldesa inaugura cancha | página 5") == {"response_type": "ephemeral", "text": ""}
    ficha = falso_mm.esperar_post(texto="Alcaldesa inaugura cancha")
    assert ficha["channel_id"] == mundo.canal and not ficha["efimero"]
    limite = time.monotonic() + 5
    while True:  # el adaptador anota el hilo al publicar la ficha
        with mundo.app.fabrica() as s:
            if s.scalars(select(Nota.hilo)).one() == ficha["id"]:
                break
        assert time.monotonic() < limite, "la ficha no quedó como hilo de la nota"
        time.sleep(0.05)
    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    try:
        falso_mm.esperar_conexiones(1)
        archivo = falso_mm.agregar_archivo("elsur-p5.jpg", jpeg(800, 600), "image/jpeg")
        post = falso_mm.emitir_posted(mundo.canal, mundo.ana, [archivo], mensaje="la página", raiz=ficha["id"])
        respuesta = falso_mm.esperar_post(lambda p: p["root_id"] in (post, ficha["id"]) and p["id"] != ficha["id"],
                                          texto="como página de la nota 1")
        assert "/monitoreo/" in respuesta["message"]
    finally:
        escucha.detener()
    with mundo.app.fabrica() as s:
        medio = s.scalars(select(Medio)).one()
        assert s.scalars(select(PaginaDeNota.medio_id)).all() == [medio.id] and medio.evento_id is None
