"""El portal en un navegador de verdad (Chromium de Debian con Playwright): abrir una galería, ver las
miniaturas, abrir una foto, bajar el ZIP y revisarlo; confirmar una invitación; un enlace alterado
muestra la página 403."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from asistente.archivo.privacidad import quitar_gps
from tests.archivos import jpeg
from tests.navegador import ARGUMENTOS, CHROMIUM, asegurar_chromium
from tests.smtp_local import servidor_smtp
from tests.test_archivo import soltar
from tests.test_correo import REMITENTE, _enlace, _vaciar
from tests.test_portal import Portal, armar_portal
from tests.conftest import Charla

sync_api = pytest.importorskip("playwright.sync_api", reason="FALTA playwright: pip install '.[test]'")


@pytest.fixture(scope="module")
def navegador() -> Iterator[Any]:
    razon = asegurar_chromium()
    if razon is not None:
        pytest.skip(f"⚠️  SIN NAVEGADOR: las pruebas del portal en Chromium NO corrieron: {razon}")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTOS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def pagina(navegador: Any, tmp_path: Path) -> Iterator[Any]:
    contexto = navegador.new_context(accept_downloads=True, viewport={"width": 390, "height": 844})  # un teléfono
    try:
        yield contexto.new_page()
    finally:
        contexto.close()


@pytest.fixture
def sala(tmp_path: Path) -> Iterator[tuple[Portal, Any]]:
    with servidor_smtp() as smtp:
        for app, url, reloj in armar_portal(f"sqlite:///{tmp_path / 'asistente.db'}", tmp_path, smtp_url=smtp.url(),
                                            correo_remitente=REMITENTE):
            charla = Charla(app)
            charla.di("/equipo")
            charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10 | Unidad deportiva")
            yield Portal(charla, url, reloj), smtp.buzon


def test_galeria_foto_y_zip_en_chromium(sala: tuple[Portal, Any], pagina: Any, tmp_path: Path) -> None:
    portal, _ = sala
    fotos = {"IMG_0001.jpg": jpeg(2400, 1800, semilla=1), "IMG_0002.jpg": jpeg(semilla=2), "IMG_0003.jpg": jpeg(semilla=3)}
    soltar(portal.charla, fotos, texto="#1")
    portal.charla.di("/archivo pie 2 Vecinos en la cancha")
    url = portal.compartir()

    pagina.goto(url)
    assert pagina.locator("h1").inner_text() == "Inauguración de la cancha"
    miniaturas = pagina.locator("ul.rejilla img")
    assert miniaturas.count() == 3
    pagina.wait_for_function("() => [...document.querySelectorAll('ul.rejilla img')].every(i => i.complete && i.naturalWidth > 0)")
    anchos = pagina.eval_on_selector_all("ul.rejilla img", "imgs => imgs.map(i => Math.max(i.naturalWidth, i.naturalHeight))")
    assert anchos == [320, 320, 320]
    assert "Vecinos en la cancha" in pagina.locator("ul.rejilla").inner_text()

    pagina.locator("ul.rejilla a").first.click()
    pagina.wait_for_function("() => { const i = document.getElementById('vista'); return i.complete && i.naturalWidth > 0 }")
    assert pagina.eval_on_selector("#vista", "i => i.naturalWidth") == 1600
    assert "Descargar original" in pagina.locator("#original").inner_text()
    with pagina.expect_download() as descarga_original:
        pagina.locator("#original").click()
    assert descarga_original.value.suggested_filename == "IMG_0001.jpg"
    destino_original = tmp_path / "original.jpg"
    descarga_original.value.save_as(destino_original)
    assert destino_original.read_bytes() == quitar_gps(fotos["IMG_0001.jpg"])  # el original, sin su GPS

    pagina.locator("header a").click()
    pagina.wait_for_selector("#zip")
    with pagina.expect_download() as descarga:
        pagina.locator("#zip").click()
    assert descarga.value.suggested_filename == "inauguracion-de-la-cancha.zip"
    destino = tmp_path / "galeria.zip"
    descarga.value.save_as(destino)
    with zipfile.ZipFile(destino) as zf:
        assert zf.testzip() is None
        assert {n: zf.read(n) for n in zf.namelist()} == {n: quitar_gps(d) for n, d in fotos.items()}


def test_confirmar_una_invitacion_en_chromium(sala: tuple[Portal, Any], pagina: Any) -> None:
    portal, buzon = sala
    c = portal.charla
    c.di("/medios agregar El Sol | impreso | María López | maria@elsol.mx")
    c.di("/invitacion enviar 1")
    _vaciar(portal)
    [recibido] = buzon.recibidos
    enlace = _enlace(recibido.mensaje.get_body(("plain",)).get_content(), portal)

    pagina.goto(enlace)
    assert "Se sugiere llegar 15 minutos antes." in pagina.content()
    pagina.fill("#asistentes", "María López")
    pagina.click("#confirmar")
    pagina.wait_for_selector("#estado")
    assert "Su asistencia quedó confirmada: María López" in pagina.locator("#estado").inner_text()
    assert "El Sol: enviada · CONFIRMÓ (María López)" in c.di("/invitacion estado 1")


def test_un_enlace_alterado_muestra_la_pagina_403_en_chromium(sala: tuple[Portal, Any], pagina: Any) -> None:
    portal, _ = sala
    soltar(portal.charla, {"IMG_0001.jpg": jpeg()}, texto="#1")
    url = portal.compartir()
    alterado = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    respuesta = pagina.goto(alterado)
    assert respuesta.status == 403
    assert pagina.locator("h1").inner_text() == "Este enlace no es válido"
    assert "Inauguración" not in pagina.content()
    assert pagina.locator("img").count() == 0
