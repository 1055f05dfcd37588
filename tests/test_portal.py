"""El portal (/portal/…): la galería de un evento por un enlace firmado, servida por el mismo servidor
web que Slack y Mattermost (waitress en el puerto 0), con peticiones HTTP de verdad."""

from __future__ import annotations

import http.client
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.archivo.privacidad import quitar_gps
from asistente.portal.comprimido import TROZO, nombres_unicos, zip_en_flujo
from asistente.portal.web import crear_wsgi as wsgi_portal
from asistente.procesos.app import crear_app
from modelos import Base, EnlacePortal, Medio
from tests.archivos import jpeg, pdf
from tests.conftest import AHORA, Charla, hacer_config
from tests.servidor_en_hilo import correr_en_hilo
from tests.test_archivo import soltar


@dataclass
class Portal:
    charla: Charla
    url: str
    reloj: list[datetime]

    def get(self, ruta: str) -> httpx.Response:
        return httpx.get(ruta if ruta.startswith("http") else self.url + ruta, timeout=10)

    def crudo(self, ruta: str) -> tuple[int, bytes]:
        """Una ruta tal cual, sin que el cliente la normalice (``..``, ``%2e%2e``)."""
        conexion = http.client.HTTPConnection(self.url.removeprefix("http://"), timeout=10)
        try:
            conexion.request("GET", ruta)
            respuesta = conexion.getresponse()
            return respuesta.status, respuesta.read()
        finally:
            conexion.close()

    def compartir(self, texto: str = "1", como: str = "dir") -> str:
        r = self.charla.respuesta(f"/archivo compartir {texto}", como=como)
        assert not r.es_error, r.cuerpo
        return str(r.datos["url"])


def armar_portal(bd_url: str, tmp_path: Path, **cambios: Any) -> Iterator[tuple[Aplicacion, str, list[datetime]]]:
    """Un servidor web real; la URL pública es la suya (se sabe el puerto antes de armar la app)."""
    destino: list[Callable[..., Any]] = []
    web = crear_servidor(lambda environ, start_response: destino[0](environ, start_response), "127.0.0.1", 0)
    url = f"http://127.0.0.1:{web.effective_port}"
    app = crear_app(hacer_config(bd_url, tmp_path, url_publica=url, secreto="secreto-de-prueba", **cambios))
    Base.metadata.create_all(app.motor)
    reloj = [AHORA]
    destino.append(crear_wsgi(app, mattermost=lambda e, s: [], portal=wsgi_portal(app, reloj=lambda: reloj[0])))
    detener = correr_en_hilo(web)
    try:
        yield app, url, reloj
    finally:
        detener()
        app.motor.dispose()


def portal_con_evento(bd_url: str, tmp_path: Path) -> Iterator[Portal]:
    """El portal de una oficina con su equipo y un evento (#1, mañana), para soltarle archivos."""
    for app, url, reloj in armar_portal(bd_url, tmp_path):
        charla = Charla(app)
        charla.di("/equipo")
        charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10 | Unidad deportiva")
        yield Portal(charla, url, reloj)


@pytest.fixture
def portal(bd_url: str, tmp_path: Path) -> Iterator[Portal]:
    yield from portal_con_evento(bd_url, tmp_path)


def _fotos(portal: Portal) -> dict[str, bytes]:
    archivos = {"IMG_0001.jpg": jpeg(2400, 1800, semilla=1), "IMG_0002.jpg": jpeg(semilla=2), "programa.pdf": pdf()}
    soltar(portal.charla, archivos, texto="#1")
    portal.charla.di("/archivo pie 1 Corte del listón con vecinos")
    return archivos


def _enlace(portal: Portal) -> EnlacePortal:
    with portal.charla.app.fabrica() as s:
        return s.scalars(select(EnlacePortal).order_by(EnlacePortal.id.desc())).first()  # type: ignore[return-value]


def test_la_galeria_muestra_miniaturas_la_foto_grande_y_el_original(portal: Portal) -> None:
    archivos = _fotos(portal)
    r = portal.charla.di("/archivo compartir #1")
    assert "Galería del evento #1 «Inauguración de la cancha»" in r and "3 archivos hoy" in r
    assert "Vence el miércoles 1 de abril" in r and "/archivo revocar 1" in r
    url = portal.compartir()
    assert url.startswith(portal.url + "/portal/galeria/")

    pagina = portal.get(url)
    assert pagina.status_code == 200 and pagina.headers["content-type"].startswith("text/html")
    assert pagina.headers["referrer-policy"] == "no-referrer" and "script-src" not in pagina.headers["content-security-policy"]
    html = pagina.text
    assert "<h1>Inauguración de la cancha</h1>" in html and "martes 3 de marzo de 2026, 10:00 horas" in html
    assert "2 fotos y 1 archivo más" in html and "Corte del listón con vecinos" in html and "<script" not in html
    ficha = url.rsplit("/", 1)[1]
    assert f'src="{ficha}/miniatura/1"' in html and f'href="{ficha}/original/3"' in html

    mini = portal.get(f"{url}/miniatura/1")
    assert mini.status_code == 200 and mini.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(mini.content)).size) == 320
    foto = portal.get(f"{url}/foto/1")
    assert foto.status_code == 200 and 'src="../vista/1"' in foto.text and "Foto: Ana" in foto.text
    assert "Descargar original" in foto.text and "2400×1800" in foto.text
    vista = portal.get(f"{url}/vista/1")
    assert max(Image.open(io.BytesIO(vista.content)).size) == 1600
    original = portal.get(f"{url}/original/1")
    assert original.content == quitar_gps(archivos["IMG_0001.jpg"])  # el mismo archivo, sin su GPS
    assert original.headers["content-disposition"].startswith('attachment; filename="IMG_0001.jpg"')
    assert portal.get(f"{url}/original/3").content == archivos["programa.pdf"]


def test_el_zip_trae_todos_los_originales_y_se_anotan_los_acuses(portal: Portal) -> None:
    archivos = _fotos(portal)
    url = portal.compartir()
    assert _enlace(portal).abierto is None
    portal.reloj[0] = AHORA + timedelta(hours=2)
    portal.get(url)
    enlace = _enlace(portal)
    assert enlace.abierto == AHORA + timedelta(hours=2) and enlace.descargado is None
    r = portal.get(f"{url}/todo.zip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert "content-length" not in r.headers  # va en flujo
    assert 'filename="inauguracion-de-la-cancha.zip"' in r.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert zf.testzip() is None
        assert {n: zf.read(n) for n in zf.namelist()} == {n: quitar_gps(d) for n, d in archivos.items()}
    assert _enlace(portal).descargado == AHORA + timedelta(hours=2)


def test_un_enlace_alterado_vencido_o_revocado_da_la_misma_pagina_403(portal: Portal) -> None:
    _fotos(portal)
    url = portal.compartir("1 2 días")
    ficha = url.rsplit("/", 1)[1]
    datos, firma = ficha.rsplit(".", 1)
    otra = "A" if firma[0] != "A" else "B"
    alteradas = [
        datos + "." + otra + firma[1:],                           # firma tocada
        datos[:-2] + ("xx" if datos[-2:] != "xx" else "yy") + "." + firma,  # datos tocados
        "eyJhIjoxfQ.c29tZXRoaW5nZWxzZQ",                           # inventada
    ]
    prohibida = portal.get(f"{portal.url}/portal/galeria/{alteradas[0]}")
    assert prohibida.status_code == 403 and "Este enlace no es válido" in prohibida.text
    for mala in alteradas:
        for resto in ("", "/miniatura/1", "/original/1", "/todo.zip", "/foto/1"):
            r = portal.get(f"{portal.url}/portal/galeria/{mala}{resto}")
            assert r.status_code == 403 and r.text == prohibida.text, (mala, resto)
    assert "Inauguración" not in prohibida.text and "Tlalchapa" not in prohibida.text

    assert portal.get(url).status_code == 200
    portal.reloj[0] = AHORA + timedelta(days=2)
    assert portal.get(url).status_code == 403 and portal.get(f"{url}/original/1").status_code == 403

    portal.reloj[0] = AHORA
    otro = portal.compartir()
    assert portal.get(otro).status_code == 200
    assert "Solo quien compartió el enlace o un director" in portal.charla.di("/archivo revocar 2", como="ana")
    assert portal.charla.di("/archivo revocar 2") == "Enlace 2 revocado: ya no abre."
    assert portal.get(otro).status_code == 403 and portal.get(f"{otro}/todo.zip").status_code == 403


def test_trucos_de_ruta_y_archivos_de_otro_evento_no_pasan(portal: Portal) -> None:
    _fotos(portal)
    portal.charla.di("/agenda nueva Cabildo abierto | mañana a las 17")
    soltar(portal.charla, {"ajena.jpg": jpeg(semilla=9)}, texto="#2")
    url = portal.compartir()
    ruta = url.removeprefix(portal.url)
    assert portal.get(f"{url}/original/4").status_code == 403  # es del evento #2
    for truco in ("/original/../../../salud", "/original/..%2f..%2fsalud", "/original/%2e%2e", "/original/1/",
                  "/original/01", "/original/-1", "/original/1.jpg", "/../galeria", "/todo.zip/x", "/nada/1"):
        estado, cuerpo = portal.crudo(ruta + truco)
        assert estado in (403, 404) and b"IMG_0001" not in cuerpo and b"ajena" not in cuerpo, truco
    estado, _ = portal.crudo("/portal/galeria/..%2f..%2fasistente.db")
    assert estado == 403
    assert portal.crudo("/portal/")[0] == 403 and portal.crudo("/portal/galeria")[0] == 403


def test_el_enlace_de_un_espacio_no_alcanza_los_archivos_de_otro(portal: Portal) -> None:
    _fotos(portal)
    url = portal.compartir()
    otro = Charla(portal.charla.app, espacio="consola:otro-municipio")
    otro.di("/equipo", como="jefa")
    otro.di("/agenda nueva Feria del elote | mañana a las 12", como="jefa")
    soltar(otro, {"elote.jpg": jpeg(semilla=5)}, texto="#1", como="jefa")
    with portal.charla.app.fabrica() as s:
        ajena = s.scalars(select(Medio).where(Medio.nombre == "elote.jpg")).one().id
    for clase in ("miniatura", "vista", "original", "foto"):
        assert portal.get(f"{url}/{clase}/{ajena}").status_code == 403
    assert "elote" not in portal.get(f"{url}/todo.zip").content.decode("latin-1")


def test_un_archivo_borrado_del_disco_se_explica_sin_romper_la_galeria(portal: Portal) -> None:
    _fotos(portal)
    url = portal.compartir()
    with portal.charla.app.fabrica() as s:
        clave = s.get(Medio, 2).clave  # type: ignore[union-attr]
    (portal.charla.app.config.archivo / clave).unlink()
    r = portal.get(f"{url}/original/2")
    assert r.status_code == 404 and "ya no está disponible" in r.text
    assert portal.get(url).status_code == 200
    with zipfile.ZipFile(io.BytesIO(portal.get(f"{url}/todo.zip").content)) as zf:
        assert sorted(zf.namelist()) == ["IMG_0001.jpg", "programa.pdf"]


def test_compartir_explica_lo_que_falta(portal: Portal, bd_url: str, tmp_path: Path) -> None:
    c = portal.charla
    assert "No hay" in c.di("/archivo compartir 9")
    assert "no es un número de días" in c.di("/archivo compartir 1 mucho")
    assert "Los días van de 1 a 366" in c.di("/archivo compartir 1 400")
    assert "Uso: /archivo compartir N [días]" in c.di("/archivo compartir")
    sin_url = crear_app(hacer_config(bd_url, tmp_path / "otra"))
    Base.metadata.create_all(sin_url.motor)
    try:
        otra = Charla(sin_url)
        otra.di("/agenda nueva Evento | mañana a las 10")
        r = otra.respuesta("/archivo compartir 1")
        assert r.es_error and "ASISTENTE_URL_PUBLICA" in r.cuerpo
        with sin_url.fabrica() as s:
            assert s.scalars(select(EnlacePortal)).first() is None
    finally:
        sin_url.motor.dispose()


def test_el_zip_sale_en_trozos_sin_juntarlo_en_memoria() -> None:
    grande = bytes(range(256)) * (3 * TROZO // 256)
    entradas = [(n, (lambda: io.BytesIO(grande))) for n in nombres_unicos(["a.jpg", "A.jpg", "a.jpg", "b"])]
    trozos = list(zip_en_flujo(entradas))
    assert len(trozos) > 8 and max(len(t) for t in trozos) <= TROZO + 64 * 1024
    with zipfile.ZipFile(io.BytesIO(b"".join(trozos))) as zf:
        assert zf.namelist() == ["a.jpg", "A-2.jpg", "a-3.jpg", "b"] and zf.read("a-3.jpg") == grande


# --- la agenda como calendario del teléfono (/agenda calendario) ------------------------------------------------
def test_el_calendario_de_la_oficina_y_el_personal_se_suscriben_desde_el_telefono(portal: Portal) -> None:
    """Un enlace firmado que el teléfono pide cada hora: la agenda de la oficina, o solo lo que cubre una
    persona; un evento cancelado sale marcado como tal; un enlace alterado o revocado da 403."""
    from icalendar import Calendar

    c = portal.charla
    c.di("/agenda nueva Sesión de cabildo | pasado mañana")  # sin hora: un día completo
    c.di("/equipo", como="ana")
    c.di("/cobertura asignar 1 @ana foto")
    c.di("/agenda cancelar 2 se pospone")
    texto = c.di("/agenda calendario")
    url = next(p for p in texto.split() if p.startswith("http"))
    assert url.endswith(".ics") and "/agenda calendario revocar 1" in texto
    r = portal.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    eventos = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(eventos) == {"#1 Inauguración de la cancha", "#2 Sesión de cabildo"}
    cancha = eventos["#1 Inauguración de la cancha"]
    assert cancha.decoded("dtstart") == datetime(2026, 3, 3, 10, 0, tzinfo=AHORA.tzinfo)
    assert str(cancha["location"]) == "Unidad deportiva" and str(cancha["status"]) == "CONFIRMED"
    assert "Cobertura:\nfoto: Ana (sin confirmar)" in str(cancha["description"])
    assert b"DTSTART;TZID=America/Mexico_City:20260303T100000" in r.content and b"BEGIN:VTIMEZONE" in r.content
    cabildo = eventos["#2 Sesión de cabildo"]
    assert cabildo.decoded("dtstart") == date(2026, 3, 4) and str(cabildo["status"]) == "CANCELLED"

    # Se mueve el evento: el mismo UID, a su nueva hora (así el teléfono lo cambia de lugar).
    c.di("/agenda mover 1 a las 12")
    movido = {str(e["uid"]): e for e in Calendar.from_ical(portal.get(url).content).walk("VEVENT")}
    assert movido[str(cancha["uid"])].decoded("dtstart") == datetime(2026, 3, 3, 12, 0, tzinfo=AHORA.tzinfo)

    # El de Ana: solo lo que ella cubre.
    suyo = next(p for p in c.di("/agenda calendario mío", como="ana").split() if p.startswith("http"))
    suyos = [str(e["summary"]) for e in Calendar.from_ical(portal.get(suyo).content).walk("VEVENT")]
    assert suyos == ["#1 Inauguración de la cancha"]

    # Alterado: 403 sin decir nada. Revocado: 403 también.
    alterado = url.replace(".ics", "x.ics")
    assert portal.get(alterado).status_code == 403
    assert "no es válido" not in c.di("/agenda calendario revocar 1")
    assert portal.get(url).status_code == 403
    assert portal.get(suyo).status_code == 200
    r = c.respuesta("/agenda calendario revocar 2", como="carla")
    assert r.es_error and "director" in r.cuerpo
