"""El formulario de solicitudes del portal (/portal/solicitud/<ficha>) con peticiones HTTP de verdad: una
persona de un área sin cuenta en el chat pide un trabajo con sus archivos; llega al canal del equipo con
sus archivos archivados. Archivos grandes o de tipo desconocido, campos malos y enlaces falsos, vencidos
o revocados no guardan nada."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from asistente.plataformas.consola.consola import Consola
from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.portal.web import crear_wsgi as wsgi_portal
from asistente.procesos.app import crear_app
from modelos import Base, DescargaPendiente, EnlacePortal, Medio, Persona, Solicitud
from tests.archivos import jpeg
from tests.conftest import AHORA, Charla, hacer_config
from tests.navegador import ARGUMENTOS, CHROMIUM, asegurar_chromium
from tests.servidor_en_hilo import correr_en_hilo
from tests.test_archivo import soltar
from tests.test_solicitudes import docx, svg


@dataclass
class Mostrador:
    charla: Charla
    url: str
    reloj: list[datetime]
    canal: io.StringIO

    def enlace(self, area: str = "obras", como: str = "dir") -> str:
        r = self.charla.di(f"/solicitud enlace {area}", como=como)
        assert "/portal/solicitud/" in r, r
        return next(linea for linea in r.splitlines() if linea.startswith("http"))

    def cuantas(self) -> tuple[int, int, int]:
        with self.charla.app.fabrica() as s:
            return (s.scalar(select(func.count(Solicitud.id))) or 0, s.scalar(select(func.count(Medio.id))) or 0,
                    s.scalar(select(func.count(DescargaPendiente.id))) or 0)


def armar(bd_url: str, tmp_path: Path, **cambios: Any) -> Iterator[Mostrador]:
    destino: list[Callable[..., Any]] = []
    web = crear_servidor(lambda environ, start_response: destino[0](environ, start_response), "127.0.0.1", 0)
    url = f"http://127.0.0.1:{web.effective_port}"
    app = crear_app(hacer_config(bd_url, tmp_path, url_publica=url, secreto="secreto-de-prueba", canal="C-prensa",
                                 **cambios))
    Base.metadata.create_all(app.motor)
    reloj = [AHORA]
    canal = io.StringIO()
    consola = Consola(config=app.config, despachador=app.despachador, salida=canal)
    destino.append(crear_wsgi(app, mattermost=lambda e, s: [],
                              portal=wsgi_portal(app, reloj=lambda: reloj[0], plataformas={"consola": consola})))
    detener = correr_en_hilo(web)
    try:
        charla = Charla(app)
        charla.di("/equipo")
        yield Mostrador(charla, url, reloj, canal)
    finally:
        detener()
        app.motor.dispose()


@pytest.fixture
def mostrador(bd_url: str, tmp_path: Path) -> Iterator[Mostrador]:
    yield from armar(bd_url, tmp_path, max_mb=1)


CAMPOS = {"nombre": "Ing. Laura Méndez", "tipo": "lona", "para": "2026-03-10",
          "descripcion": "Lona para el arranque de la obra del drenaje", "impreso": "si", "medida": "3 x 1 m",
          "piezas": "2"}


def enviar(url: str, campos: dict[str, str] | None = None,
           archivos: list[tuple[str, bytes]] | None = None) -> httpx.Response:
    return httpx.post(url, data=campos if campos is not None else CAMPOS,
                      files=[("archivos", (n, d)) for n, d in (archivos or [])] or None, timeout=20)


def test_un_area_pide_desde_el_portal_y_llega_al_canal_con_sus_archivos(mostrador: Mostrador) -> None:
    url = mostrador.enlace("obras publicas")
    pagina = httpx.get(url, timeout=10)
    assert pagina.status_code == 200 and "Obras Públicas" in pagina.text and 'enctype="multipart/form-data"' in pagina.text
    r = enviar(url, archivos=[("logo obras.svg", svg()), ("foto.jpg", jpeg(semilla=3)), ("textos.docx", docx())])
    assert r.status_code == 200, r.text
    assert "Solicitud S-001 recibida." in r.text and "foto.jpg" in r.text and "textos.docx" in r.text
    assert mostrador.cuantas() == (1, 3, 0)
    with mostrador.charla.app.fabrica() as s:
        solicitud = s.scalars(select(Solicitud)).one()
        assert (solicitud.origen, solicitud.solicitante_nombre, solicitud.tipo) == (
            "portal", "Ing. Laura Méndez (Obras Públicas)", "lona")
        assert (solicitud.impreso, solicitud.medida, solicitud.piezas) == (True, "3 x 1 m", 2)
        medios = s.scalars(select(Medio).order_by(Medio.id)).all()
        assert {m.version for m in medios} == {0} and all(m.solicitud_id == solicitud.id for m in medios)
        assert all(m.autor_id is None for m in medios)
        assert medios[0].clave == "2026/03-marzo/2026-03-02_S-001-lona/area-logo obras.svg", medios[0].clave
        # Nadie del área quedó dado de alta en el equipo.
        assert s.scalar(select(func.count(Persona.id))) == 1
    anuncio = mostrador.canal.getvalue()
    assert "#C-prensa" in anuncio and "Solicitud S-001 recibida por el portal: lona de Obras Públicas" in anuncio
    assert "Pide: Ing. Laura Méndez (Obras Públicas)" in anuncio and "3 archivos del área archivados" in anuncio
    ver = mostrador.charla.di("/solicitud ver S-001")
    assert "Material del área" in ver and "area-foto.jpg" in ver and "(por el portal)" in ver


def test_el_portal_avisa_de_los_pocos_dias_habiles(mostrador: Mostrador) -> None:
    r = enviar(mostrador.enlace(), CAMPOS | {"para": "2026-03-03"})
    assert r.status_code == 200 and "llegó con 1 día hábil" in r.text


@pytest.mark.parametrize(("campos", "archivos", "explica"), [
    (CAMPOS, [("programa.exe", b"MZ\x90\x00" + b"\x00" * 200)], "no es un tipo que archive"),
    (CAMPOS, [("cartel.pdf", b"hola, no soy PDF")], "se llama .pdf pero por dentro no lo es"),
    (CAMPOS, [("video.jpg", b"\xff\xd8\xff" + b"\x00" * (1024 * 1024 + 10))], "pesa más de 1 MB"),
    (CAMPOS, [("a.jpg", jpeg(semilla=1)), ("b.jpg", b"\xff\xd8\xff" + b"\x01" * (700 * 1024)),
              ("c.jpg", b"\xff\xd8\xff" + b"\x02" * (700 * 1024))], "pas"),
    (CAMPOS | {"para": "2026-02-27"}, [], "ya pasó"),
    (CAMPOS | {"nombre": "  "}, [], "Falta su nombre"),
    (CAMPOS | {"tipo": "pastel"}, [], "no es un tipo de solicitud"),
    (CAMPOS | {"piezas": "muchas"}, [], "no es un número de piezas"),
    ({k: v for k, v in CAMPOS.items() if k != "descripcion"}, [], "Falta la descripción"),
])
def test_lo_malo_se_explica_y_no_guarda_nada(mostrador: Mostrador, campos: dict[str, str],
                                            archivos: list[tuple[str, bytes]], explica: str) -> None:
    url = mostrador.enlace()
    r = enviar(url, campos, archivos)
    assert r.status_code == 400 and explica in r.text and "No se guardó nada" in r.text, r.text
    assert mostrador.cuantas() == (0, 0, 0)
    assert mostrador.canal.getvalue() == ""
    # Lo que ya se había escrito vuelve al formulario.
    if campos.get("nombre", "").strip():
        assert campos["nombre"] in r.text


def test_enlaces_falsos_vencidos_revocados_o_de_otra_cosa_dan_403(mostrador: Mostrador) -> None:
    url = mostrador.enlace()
    base, _, ficha = url.rpartition("/")
    alterada = ficha[:-3] + ("AAA" if not ficha.endswith("AAA") else "BBB")
    for mala in (f"{base}/{alterada}", f"{base}/{ficha}x", url.replace("/solicitud/", "/galeria/")):
        assert httpx.get(mala, timeout=10).status_code == 403
        assert enviar(mala).status_code == 403
    assert mostrador.cuantas() == (0, 0, 0)
    mostrador.reloj[0] = AHORA + timedelta(days=31)
    assert enviar(url).status_code == 403
    mostrador.reloj[0] = AHORA
    with mostrador.charla.app.fabrica() as s:
        enlace_id = s.scalars(select(EnlacePortal.id)).one()
    assert "Solo un director" in mostrador.charla.di(f"/solicitud enlace revocar {enlace_id}", como="ana")
    assert "revocado" in mostrador.charla.di(f"/solicitud enlace revocar {enlace_id}")
    assert enviar(url).status_code == 403
    assert mostrador.cuantas() == (0, 0, 0)


def test_el_enlace_lo_da_un_director_para_un_area_que_existe(mostrador: Mostrador) -> None:
    assert "Solo un director" in mostrador.charla.di("/solicitud enlace obras", como="ana")
    assert "¿Quisiste decir «Protección Civil»?" in mostrador.charla.di("/solicitud enlace proteccion cibil")
    assert "Los días van de 1 a 366" in mostrador.charla.di("/solicitud enlace DIF 400")
    r = mostrador.charla.di("/solicitud enlace DIF 7")
    assert "Enlace del portal para DIF Municipal" in r and "vence el lunes 9 de marzo de 2026" in r


def test_un_svg_de_la_galeria_solo_se_baja_y_nunca_corre(mostrador: Mostrador) -> None:
    charla = mostrador.charla
    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10 | Unidad deportiva")
    soltar(charla, {"logo.svg": svg(), "foto.jpg": jpeg(semilla=4)}, texto="#1")
    r = charla.respuesta("/archivo compartir 1")
    galeria = str(r.datos["url"])
    with charla.app.fabrica() as s:
        svg_id = s.scalars(select(Medio.id).where(Medio.tipo == "diseno")).one()
    original = httpx.get(f"{galeria}/original/{svg_id}", timeout=10)
    assert original.status_code == 200 and original.content == svg()
    assert original.headers["content-disposition"].startswith("attachment;")
    assert original.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in original.headers["content-security-policy"] and original.headers["x-content-type-options"] == "nosniff"
    for clase in ("vista", "miniatura"):
        assert httpx.get(f"{galeria}/{clase}/{svg_id}", timeout=10).status_code == 404
    assert "<img" not in httpx.get(galeria, timeout=10).text.split("logo.svg")[0].rsplit("<li>", 1)[-1]


# --- en un navegador de verdad ---------------------------------------------------------------------------------
@pytest.fixture
def pagina(tmp_path: Path) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="FALTA playwright: pip install '.[test]'")
    razon = asegurar_chromium()
    if razon is not None:
        pytest.skip(f"⚠️  SIN NAVEGADOR: la prueba del formulario en Chromium NO corrió: {razon}")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTOS, headless=True)
        contexto = chromium.new_context(viewport={"width": 390, "height": 844})  # un teléfono
        try:
            yield contexto.new_page()
        finally:
            contexto.close()
            chromium.close()


def test_el_formulario_en_chromium_con_archivos_y_un_error_que_se_corrige(mostrador: Mostrador, pagina: Any,
                                                                         tmp_path: Path) -> None:
    url = mostrador.enlace("dif")
    pagina.goto(url)
    assert pagina.locator("header p").inner_text() == "DIF Municipal"
    # Cabe en la pantalla de un teléfono: nada más ancho que la ventana.
    assert pagina.evaluate("() => document.documentElement.scrollWidth") <= 390
    pagina.fill("#nombre", "Lic. Rosa Díaz, DIF")
    pagina.select_option("#tipo", "cartel")
    pagina.fill("#para", "2026-02-20")  # ya pasó
    pagina.fill("#descripcion", "Cartel de la jornada de vacunación canina")
    extrano = tmp_path / "programa.exe"
    extrano.write_bytes(b"MZ" + b"\x00" * 300)
    pagina.set_input_files("#archivos", [str(extrano)])
    pagina.click("#enviar")
    assert "«programa.exe» no es un tipo que archive" in pagina.locator("#error").inner_text()
    assert pagina.input_value("#nombre") == "Lic. Rosa Díaz, DIF" and pagina.input_value("#para") == "2026-02-20"
    assert mostrador.cuantas() == (0, 0, 0)

    foto, texto = tmp_path / "perrito.jpg", tmp_path / "textos.docx"
    foto.write_bytes(jpeg(semilla=7))
    texto.write_bytes(docx())
    pagina.set_input_files("#archivos", [str(foto), str(texto)])
    pagina.click("#enviar")
    assert "ya pasó" in pagina.locator("#error").inner_text()
    assert mostrador.cuantas() == (0, 0, 0)
    pagina.fill("#para", "2026-03-13")
    pagina.set_input_files("#archivos", [str(foto), str(texto)])
    pagina.click("#enviar")
    assert "Solicitud S-001 recibida." in pagina.locator("#estado").inner_text()
    assert pagina.locator("#archivos li").all_inner_texts() == ["perrito.jpg", "textos.docx"]
    assert mostrador.cuantas() == (1, 2, 0)
    assert "Solicitud S-001 recibida por el portal: cartel de DIF Municipal" in mostrador.canal.getvalue()


# --- lo que queda a medias o ya estaba (#16) -----------------------------------------------------------------
def test_un_archivo_del_portal_que_ya_estaba_en_el_archivo_queda_ligado_a_la_solicitud(mostrador: Mostrador) -> None:
    foto = jpeg(semilla=7)
    soltar(mostrador.charla, {"cancha.jpg": foto}, como="dir")
    assert mostrador.cuantas() == (0, 1, 0)
    r = enviar(mostrador.enlace(), archivos=[("la-misma.jpg", foto), ("textos.docx", docx())])
    assert r.status_code == 200, r.text
    assert "Solicitud S-001 recibida." in r.text and "cancha.jpg" in r.text and "textos.docx" in r.text
    assert 'id="no-guardados"' not in r.text
    assert mostrador.cuantas() == (1, 2, 0)  # la foto no se guardó dos veces
    with mostrador.charla.app.fabrica() as s:
        solicitud = s.scalars(select(Solicitud)).one()
        assert all(m.solicitud_id == solicitud.id for m in s.scalars(select(Medio)))
    assert "2 archivos del área archivados" in mostrador.canal.getvalue()
    assert "cancha.jpg" in mostrador.charla.di("/solicitud ver S-001")


def test_un_archivo_que_no_se_pudo_guardar_se_dice_en_la_pagina_y_en_el_anuncio(
        mostrador: Mostrador, monkeypatch: pytest.MonkeyPatch) -> None:
    from asistente.archivo.ingesta import DescargadorDeDisco

    copiar = DescargadorDeDisco.descargar

    def disco_lleno(self: DescargadorDeDisco, archivo: Any, destino: Any) -> None:
        if archivo.nombre == "foto.jpg":
            raise OSError(28, "No queda espacio en el disco")
        copiar(self, archivo, destino)

    monkeypatch.setattr(DescargadorDeDisco, "descargar", disco_lleno)
    r = enviar(mostrador.enlace(), archivos=[("foto.jpg", jpeg(semilla=4)), ("textos.docx", docx())])
    assert r.status_code == 200, r.text
    assert "Solicitud S-001 recibida." in r.text and 'id="no-guardados"' in r.text
    assert "Estos archivos no se pudieron guardar:</strong> foto.jpg." in r.text
    assert mostrador.cuantas() == (1, 1, 0)  # ninguna fila pendiente que apunte a un temporal que ya no existe
    anuncio = mostrador.canal.getvalue()
    assert "No se pudieron guardar foto.jpg: pídeselos otra vez al área." in anuncio


def test_una_subida_del_portal_cortada_por_un_choque_se_recupera_o_se_descarta_y_se_dice(
        mostrador: Mostrador, tmp_path: Path) -> None:
    from asistente.archivo.descarga import anotar_pendiente
    from asistente.archivo.entrada import ArchivoRemoto, Lote
    from asistente.archivo.ingesta import PERDIDO_EN_EL_PORTAL, reanudar
    from asistente.datos.bd import transaccion
    from asistente.nucleo.render import renderizar
    from modelos import Espacio

    r = enviar(mostrador.enlace())  # la solicitud quedó; sus archivos, a medio archivar cuando el proceso murió
    assert "Solicitud S-001 recibida." in r.text
    temporal = tmp_path / "asistente-portal-x1"
    temporal.mkdir()
    (temporal / "foto.jpg").write_bytes(jpeg(semilla=5))
    lote = Lote(espacio=mostrador.charla.espacio, usuario="portal:1", canal="C-prensa", ahora=AHORA,
                nombre_usuario="Ing. Laura Méndez", texto="S-001",
                archivos=[ArchivoRemoto(origen=str(temporal / "foto.jpg"), nombre="foto.jpg", tamanio=1),
                          ArchivoRemoto(origen=str(temporal / "textos.docx"), nombre="textos.docx", tamanio=1)])
    with transaccion(mostrador.charla.app.fabrica) as s:
        espacio_id = s.scalars(select(Espacio.id).where(Espacio.clave == mostrador.charla.espacio)).one()
        for archivo in lote.archivos:
            anotar_pendiente(s, espacio_id, lote, archivo)
    assert mostrador.cuantas() == (1, 0, 2)
    [(donde, respuesta)] = reanudar(mostrador.charla.app, {})  # al arrancar, aunque no haya plataforma
    texto = renderizar(respuesta, "texto")
    assert "como material del área para S-001" in texto and "foto.jpg" in texto
    assert "textos.docx" in texto and PERDIDO_EN_EL_PORTAL in texto
    assert mostrador.cuantas() == (1, 1, 0)
    assert not temporal.exists()  # el temporal del formulario no se queda en el disco
    assert donde.canal == "C-prensa"
    with mostrador.charla.app.fabrica() as s:
        solicitud = s.scalars(select(Solicitud)).one()
        assert s.scalars(select(Medio.solicitud_id)).one() == solicitud.id
        if solicitud.hilo:  # contestado en el hilo del anuncio de la solicitud
            assert donde.hilo == solicitud.hilo


def test_al_arrancar_no_se_descarta_la_subida_reciente_que_otro_servidor_atiende(mostrador: Mostrador) -> None:
    from asistente.archivo.descarga import anotar_pendiente
    from asistente.archivo.entrada import ArchivoRemoto, Lote
    from asistente.archivo.ingesta import reanudar
    from asistente.datos.bd import transaccion
    from modelos import Espacio

    enviar(mostrador.enlace())
    lote = Lote(espacio=mostrador.charla.espacio, usuario="portal:1", canal="C-prensa", ahora=datetime.now(AHORA.tzinfo),
                nombre_usuario="Ing. Laura Méndez", texto="S-001",
                archivos=[ArchivoRemoto(origen="/tmp/asistente-portal-de-otro-servidor/foto.jpg", nombre="foto.jpg")])
    with transaccion(mostrador.charla.app.fabrica) as s:
        espacio_id = s.scalars(select(Espacio.id).where(Espacio.clave == mostrador.charla.espacio)).one()
        anotar_pendiente(s, espacio_id, lote, lote.archivos[0])
    assert reanudar(mostrador.charla.app, {}) == []
    assert mostrador.cuantas() == (1, 0, 1)  # su fila sigue: la termina (o la borra) el servidor que la recibió


def _bomba_disfrazada_de_docx() -> bytes:
    """Un «docx» de 200 KB que al descomprimirse serían 400 MB de ceros."""
    import zipfile
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("_rels/.rels", b"<Relationships/>")
        with z.open("word/document.xml", "w", force_zip64=True) as entrada:
            ceros = bytes(1 << 20)
            for _ in range(400):
                entrada.write(ceros)
    return salida.getvalue()


def test_archivos_hostiles_del_portal_no_salen_del_archivo_ni_lo_tumban(mostrador: Mostrador) -> None:
    bomba = _bomba_disfrazada_de_docx()
    assert len(bomba) < 1_000_000  # cabe en los 1 MB del portal
    r = enviar(mostrador.enlace(), archivos=[
        ("../../../../../tmp/informe.docx", bomba),
        ("..\\..\\logo.svg", svg()),
        ("foto\x00\x1b[31m.jpg", jpeg(semilla=5)),
    ])
    assert r.status_code in (200, 400), r.text
    raiz = mostrador.charla.app.config.archivo.resolve()
    with mostrador.charla.app.fabrica() as s:
        medios = s.scalars(select(Medio)).all()
        for m in medios:
            assert ".." not in m.clave.split("/") and "\x00" not in m.clave and "\x1b" not in m.clave, m.clave
            assert (raiz / m.clave).resolve().is_relative_to(raiz), m.clave
    assert not Path("/tmp/informe.docx").exists()
    # El SVG con script se archiva, pero su nombre no trae rutas y no se dibuja en el anuncio.
    assert "<script>" not in mostrador.canal.getvalue()
