"""El monitoreo de medios y la síntesis informativa (SPEC §10), contra un medio de noticias de mentira
en 127.0.0.1 (puerto 0): notas de enlaces (OpenGraph, JSON-LD, solo <title>), a mano, fuentes RSS leídas
por el programador, el empate con nuestros boletines, la síntesis (chat, PDF, sola a su hora una vez) y
la aclaración. Cada entrada mala con su prueba."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from asistente.canales.lector import LectorHttp
from asistente.datos.bd import transaccion
from asistente.monitoreo import contar_notas, contar_por_tono
from asistente.nucleo.render import renderizar
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.formularios import ErroresDeFormulario
from asistente.procesos.app import crear_app
from asistente.programador import correr_pasada
from modelos import FuenteDeMedio, Nota
from tests.conftest import AHORA, ZONA, Charla, hacer_config
from tests.grabadora import Grabadora
from tests.medio_falso import MedioFalso, Ruta, medio_falso

PORTAL = "https://prensa.tlalchapa.gob.mx"


@pytest.fixture
def config(bd_url: str, tmp_path: Path) -> Config:
    return hacer_config(bd_url, tmp_path, permitir_red_local=True, url_publica=PORTAL)


def pagina_og(titulo: str, medio: str = "El Sol de Tierra Caliente", fecha: str = "2026-03-02T07:00:00-06:00") -> bytes:
    return f"""<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>{titulo} | {medio}</title>
<meta property="og:title" content="{titulo}">
<meta property="og:site_name" content="{medio}">
<meta property="og:description" content="La presidenta municipal entregó la obra a los vecinos.">
<meta property="article:published_time" content="{fecha}">
</head><body><nav>Inicio · Policiaca · Deportes</nav><article><h1>{titulo}</h1>
<p>La presidenta municipal de Tlalchapa entregó la cancha de usos múltiples de la colonia Centro.</p>
</article></body></html>""".encode()


PAGINA_LD = json.dumps({
    "@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Diario de Guerrero"},
        {"@type": "NewsArticle", "headline": "Vecinos denuncian falta de agua en Tlalchapa",
         "datePublished": "2026-03-02T06:30:00-06:00", "publisher": {"@type": "Organization", "name": "Diario de Guerrero"},
         "description": "Tres colonias sin servicio desde el viernes.",
         "articleBody": "Vecinos de tres colonias de Tlalchapa denunciaron que no tienen agua desde el viernes."}]})
PAGINA_TITULO = "<html><head><title>Bache en la calle Hidalgo - Noticias TC</title></head><body><p>Un bache.</p></body></html>"


def rss(*entradas: tuple[str, str, str]) -> bytes:
    items = "".join(f"<item><title>{t}</title><link>{l}</link><description>{d}</description>"
                    f"<pubDate>Mon, 02 Mar 2026 12:00:00 GMT</pubDate></item>" for t, l, d in entradas)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>El Sol</title>'
            f"<link>http://elsol.mx</link>{items}</channel></rss>").encode()


@pytest.fixture
def medio() -> Iterator[MedioFalso]:
    with medio_falso({
        "/cancha": Ruta(pagina_og("Inauguran la cancha de usos múltiples en Tlalchapa")),
        "/agua": Ruta(PAGINA_LD.join(['<html><head><script type="application/ld+json">', "</script></head><body>"
                                      "<p>Texto</p></body></html>"]).encode()),
        "/bache": Ruta(PAGINA_TITULO.encode()),
        "/sin-titular": Ruta(b"<html><head></head><body><p>Nada</p></body></html>"),
        "/foto.jpg": Ruta(b"\xff\xd8\xff\xe0" + b"0" * 100, tipo="image/jpeg"),
        "/lenta": Ruta(pagina_og("Lenta"), espera=2.0),
        "/vuelta": Ruta(b"", estado=302, encabezados={"Location": "/cancha"}),
        "/feed": Ruta(rss(("Tlalchapa estrena cancha", "http://elsol.mx/tlalchapa-cancha", "La obra se entregó"),
                          ("El DIF reparte cobijas", "http://elsol.mx/dif-cobijas", "En la sierra"),
                          ("Gana el América", "http://elsol.mx/futbol", "Deportes")),
                      tipo="application/rss+xml", encabezados={"ETag": '"v1"'}),
        "/feed-roto": Ruta(b"<html><body>Error 500 de WordPress</body></html>"),
    }) as m:
        yield m


# --- notas de un enlace ---------------------------------------------------------------------------------
def test_nota_de_pagina_opengraph_con_botones_de_tono(charla: Charla, medio: MedioFalso) -> None:
    texto = charla.di(f"/nota {medio.en('/cancha')}")
    assert "Nota 1 · El Sol de Tierra Caliente" in texto
    assert "Inauguran la cancha de usos múltiples en Tlalchapa" in texto
    assert "La presidenta municipal entregó la obra" in texto
    assert "2 de marzo" in texto and "sin calificar" in texto
    assert charla.ultima is not None
    assert [b.etiqueta for b in charla.ultima.botones] == ["Positiva", "Neutral", "Negativa", "Editar"]
    ua = medio.peticiones[-1][1]["User-Agent"]
    assert "Mozilla/5.0" in ua and "AsistenteComunicacionSocial" in ua
    assert "Tono: positiva" in charla.pulsa("nota.tono", "1:positiva")


def test_nota_de_json_ld_news_article(charla: Charla, medio: MedioFalso) -> None:
    texto = charla.di(f"/nota {medio.en('/agua')}")
    assert "Diario de Guerrero" in texto and "Vecinos denuncian falta de agua en Tlalchapa" in texto
    assert "Tres colonias sin servicio" in texto


def test_nota_de_pagina_con_solo_title_y_redireccion(charla: Charla, medio: MedioFalso) -> None:
    assert "Bache en la calle Hidalgo" in charla.di(f"/nota {medio.en('/bache')}")
    assert "Inauguran la cancha" in charla.di(f"/nota {medio.en('/vuelta')}")


def test_enlace_repetido_es_la_misma_nota(charla: Charla, medio: MedioFalso) -> None:
    charla.di(f"/nota {medio.en('/cancha')}")
    texto = charla.di(f"/nota {medio.en('/cancha')}?utm_source=facebook&fbclid=abc#comentarios")
    assert "ya estaba registrado como la nota 1" in texto
    with transaccion(charla.app.fabrica) as s:
        assert s.scalar(select(func.count(Nota.id))) == 1


@pytest.mark.parametrize(("ruta", "frase"), [
    ("/foto.jpg", "no es una página web"),
    ("/sin-titular", "no tiene titular"),
    ("/no-existe", "contestó con error 404"),
])
def test_paginas_que_no_son_nota_se_explican_y_no_registran_nada(
        charla: Charla, medio: MedioFalso, ruta: str, frase: str) -> None:
    texto = charla.di(f"/nota {medio.en(ruta)}")
    assert frase in texto and "/nota portal medio | titular | enlace | tono" in texto
    with transaccion(charla.app.fabrica) as s:
        assert s.scalar(select(func.count(Nota.id))) == 0


def test_sitio_lento_o_caido(charla: Charla, medio: MedioFalso) -> None:
    charla.app.despachador.lector = LectorHttp(charla.app.config, espera=0.5)
    assert "no contestó a tiempo" in charla.di(f"/nota {medio.en('/lenta')}")
    assert "No me pude conectar" in charla.di("/nota http://127.0.0.1:9/nada")
    with transaccion(charla.app.fabrica) as s:
        assert s.scalar(select(func.count(Nota.id))) == 0


def test_direcciones_locales_rechazadas_sin_permiso(app: Aplicacion, medio: MedioFalso, tmp_path: Path) -> None:
    charla = Charla(app)
    app.despachador.lector = LectorHttp(hacer_config(app.config.bd, tmp_path))  # sin ASISTENTE_PERMITIR_RED_LOCAL
    for url in (medio.en("/cancha"), "http://localhost:8080/x", "http://10.0.0.5/x", "http://169.254.169.254/latest"):
        assert "dirección local o privada" in charla.di(f"/nota {url}"), url
    assert medio.peticiones == []


def test_enlaces_malos_y_el_portal_propio(charla: Charla) -> None:
    assert "no es un enlace" in charla.di("/nota ftp://archivos.mx/nota")
    assert "nuestro propio portal" in charla.di(f"/nota {PORTAL}/portal/g/abc")
    assert "No conozco «/nota periodico»" in charla.di("/nota periodico algo")


# --- notas a mano, tono, tema, edición ----------------------------------------------------------------
def test_nota_impresa_a_mano_con_tono(charla: Charla) -> None:
    texto = charla.di("/nota impreso El Sur | Alcaldesa inaugura cancha | página 5 | positiva")
    assert "(impreso)" in texto and "página 5" in texto and "Tono: positiva" in texto
    assert "Tono: negativa" in charla.di("/nota radio Radio Tierra | Quejas por baches | 07:30 noticiero | NEGATIVA")
    # como se dice en la oficina
    cambio = charla.di("/nota tono 1 Negativo")
    assert "Nota 1: ahora es negativa." in cambio and "Tono: negativa" in cambio
    assert "Tono: neutral" in charla.di("/nota tono 1 neutro")
    assert "Tono: positiva" in charla.di("/nota tono 2 positivo")


@pytest.mark.parametrize(("linea", "frase"), [
    ("/nota impreso", "Faltan el medio y el titular"),
    ("/nota impreso El Sur", "Falta el titular"),
    ("/nota tv Canal 5 | Titular | 20:00 | furiosa", "El tono «furiosa» no existe"),
    ("/nota impreso a | b | c | d | e", "Sobran partes"),
    ("/nota tono 99 positiva", "No hay nota 99"),
    ("/nota tono abc positiva", "no es un número de nota"),
])
def test_notas_a_mano_mal_escritas(charla: Charla, linea: str, frase: str) -> None:
    texto = charla.di(linea)
    # La línea de uso solo acompaña a un error de escritura; «no existe» no es de sintaxis.
    assert frase in texto and ("Uso:" in texto) == (frase != "No hay nota 99"), texto
    with transaccion(charla.app.fabrica) as s:
        assert s.scalar(select(func.count(Nota.id))) == 0


def test_tema_y_editar_una_nota(charla: Charla) -> None:
    charla.di("/nota impreso El Sur | Alcaldesa inaugura cancha")
    assert "Tema: obras" in charla.di("/nota tema 1 Obras")
    texto = charla.di("/nota editar 1 Alcaldesa entrega cancha | | neutral |")
    assert "corregida: titular, tono" in texto and "Alcaldesa entrega cancha" in texto
    assert charla.respuesta("/nota editar 1").form is not None
    assert "No dijiste qué cambiar" in charla.di("/nota editar 1 | | |")
    assert "no es un número de nota" in charla.pulsa("nota.tono", "abc:positiva")
    assert "El tono «furiosa» no existe" in charla.pulsa("nota.tono", "1:furiosa")
    form = charla.respuesta("/nota editar 1").form
    assert form is not None
    with pytest.raises(ErroresDeFormulario) as errores:
        charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id,
                                          {"titular": "X", "medio": "Y", "tema": "t" * 61}, form.contexto)
    assert "tema" in errores.value.errores
    charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id,
                                      {"titular": "Entregan cancha", "medio": "El Sur", "tono": "positiva",
                                       "tema": "Deporte"}, form.contexto)
    assert "Entregan cancha" in charla.di("/nota ver 1") and "Tema: deporte" in charla.di("/nota ver 1")


def test_nota_de_otro_espacio_no_se_ve(charla: Charla) -> None:
    charla.di("/nota impreso El Sur | Alcaldesa inaugura cancha")
    otra = Charla(charla.app, espacio="consola:otro")
    assert "No hay nota 1" in otra.di("/nota ver 1")
    assert "No hay nota 1" in otra.pulsa("nota.tono", "1:negativa")


# --- el canal de monitoreo ------------------------------------------------------------------------------
def test_enlace_soltado_en_el_canal_de_monitoreo(charla: Charla, medio: MedioFalso) -> None:
    charla.di("/asistente monitoreo #C-prensa")

    def soltado(texto: str, canal: str = "C-prensa") -> str:
        # Lo que manda el adaptador por un mensaje del canal: siempre con su hilo.
        peticion = charla.peticion("nota", f"canal {texto}", "dir").con(canal=canal, hilo="1700000000.000100")
        return renderizar(charla.app.despachador.comando(peticion), "texto")

    assert "Inauguran la cancha" in soltado(f"mira esto {medio.en('/cancha')} !")
    assert soltado(medio.en("/agua"), canal="C-otro") == ""
    assert "no es una página web" in soltado(medio.en("/foto.jpg"))
    # Quien lo escribe como comando recibe cómo registrar una nota, no el silencio.
    assert "Para registrar una nota: /nota <enlace>" in charla.di(f"/nota canal {medio.en('/agua')}")
    with transaccion(charla.app.fabrica) as s:
        assert s.scalar(select(func.count(Nota.id))) == 1


def test_ajustes_del_monitoreo_solo_directores(charla: Charla) -> None:
    assert "Canal de monitoreo: ninguno" in charla.di("/asistente monitoreo")
    assert "director" in charla.di("/asistente monitoreo #medios", como="ana")
    assert "Canal de monitoreo: #medios" in charla.di("/asistente monitoreo #medios")
    texto = charla.di("/asistente palabras DIF, agua potable, Presidenta")
    assert "agua potable" in texto and "dif" in texto and "tlalchapa" in texto
    assert "a lo más" in charla.di("/asistente palabras " + ", ".join(f"p{i}" for i in range(60)))
    assert "No conozco a «@ana»" in charla.di("/asistente sintesis @ana")
    charla.di("/equipo", como="ana")
    assert "Síntesis por mensaje directo a las 08:30: Ana" in charla.di("/asistente sintesis @ana")


# --- fuentes RSS --------------------------------------------------------------------------------------------
def test_fuente_rss_registra_lo_que_nos_menciona_una_vez(charla: Charla, medio: MedioFalso) -> None:
    grabadora = Grabadora(nombre="consola")
    charla.di("/medios agregar El Sol de Tierra Caliente | impreso | Redacción | redaccion@elsol.mx")
    charla.di("/asistente palabras DIF")
    assert "Fuente de El Sol de Tierra Caliente registrada" in charla.di(f"/medios fuente 1 {medio.en('/feed')}")
    assert "ya estaba registrada" in charla.di(f"/medios fuente 1 {medio.en('/feed')}")
    correr_pasada(charla.app, AHORA, {"consola": grabadora})
    with transaccion(charla.app.fabrica) as s:
        titulares = sorted(n.titular for n in s.scalars(select(Nota)))
        assert titulares == ["El DIF reparte cobijas", "Tlalchapa estrena cancha"]
        assert {n.medio_id for n in s.scalars(select(Nota))} == {1}
    # Antes de 30 minutos no se vuelve a leer; después, con GET condicional (304: nada nuevo).
    leidas = len(medio.peticiones)
    correr_pasada(charla.app, AHORA + timedelta(minutes=10), {"consola": grabadora})
    assert len(medio.peticiones) == leidas
    correr_pasada(charla.app, AHORA + timedelta(minutes=31), {"consola": grabadora})
    assert medio.peticiones[-1][1].get("If-None-Match") == '"v1"'
    with transaccion(charla.app.fabrica) as s:
        assert s.scalar(select(func.count(Nota.id))) == 2
    assert "El Sol de Tierra Caliente" in charla.di("/medios fuentes")


def test_una_fuente_rota_no_detiene_a_las_demas(charla: Charla, medio: MedioFalso) -> None:
    charla.di("/medios agregar El Sol | impreso")
    for ruta in ("/feed-roto", "/no-existe", "/lenta", "/feed"):
        charla.di(f"/medios fuente 1 {medio.en(ruta)}")
    charla.di("/medios fuente 1 http://127.0.0.1:9/feed")
    charla.app.lector = LectorHttp(charla.app.config, espera=0.5)
    correr_pasada(charla.app, AHORA, {"consola": Grabadora(nombre="consola")})
    with transaccion(charla.app.fabrica) as s:
        assert s.scalar(select(func.count(Nota.id))) == 1
        errores = {f.url: f.error for f in s.scalars(select(FuenteDeMedio))}
    assert "no es una fuente RSS" in errores[medio.en("/feed-roto")]
    assert "404" in errores[medio.en("/no-existe")] and "a tiempo" in errores[medio.en("/lenta")]
    assert "No me pude conectar" in errores["http://127.0.0.1:9/feed"] and errores[medio.en("/feed")] == ""
    assert "error:" in charla.di("/medios fuentes")


def test_fuente_de_medio_inexistente_o_mal_escrita(charla: Charla) -> None:
    assert "No hay un medio con ID 7" in charla.di("/medios fuente 7 https://elsol.mx/feed")
    charla.di("/medios agregar El Sol | impreso")
    assert "Falta la dirección" in charla.di("/medios fuente 1")
    assert "no es un enlace" in charla.di("/medios fuente 1 elsol.mx/feed")


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:5432/", "http://localhost/rss",
                                 "http://[::ffff:10.0.0.1]/feed", "https://192.168.1.10/rss"])
def test_una_fuente_en_una_direccion_local_se_rechaza_al_registrarla(charla: Charla, url: str) -> None:
    sin_red_local = Charla(replace(charla.app, config=replace(charla.app.config, permitir_red_local=False)))
    sin_red_local.di("/medios agregar El Sol | impreso")
    assert "es una dirección local o privada: no la leo" in sin_red_local.di(f"/medios fuente 1 {url}")
    assert "No hay fuentes RSS registradas" in sin_red_local.di("/medios fuentes")
    # Con ASISTENTE_PERMITIR_RED_LOCAL=1 (un medio en la intranet) sí se registra.
    assert "registrada" in charla.di(f"/medios fuente 1 {url}")


# --- empate con nuestros documentos y acuses ---------------------------------------------------------------
def test_nota_que_reporta_un_boletin_cuenta_como_publicado(charla: Charla, medio: MedioFalso) -> None:
    charla.di("/medios agregar El Sol de Tierra Caliente | impreso | Redacción | redaccion@elsol.mx")
    charla.di("/boletin nuevo Inauguran la cancha de usos multiples en Tlalchapa")
    form = charla.respuesta("/boletin editar 1").form
    assert form is not None
    charla.app.despachador.formulario(charla.peticion("formulario", "", "dir"), form.id, {
        "titular": "Inauguran la cancha de usos multiples en Tlalchapa", "resumen": "- Cancha",
        "cuerpo_1": "La presidenta municipal entregó la cancha de usos múltiples de la colonia Centro."}, form.contexto)
    assert "aprobado" in charla.di("/boletin aprobar 1")
    texto = charla.di(f"/nota {medio.en('/cancha')}")
    assert "Reporta el boletín 001/2026" in texto
    acuses = charla.di("/boletin acuses 1")
    assert "El Sol de Tierra Caliente" in acuses and f"publicado: {medio.en('/cancha')}" in acuses
    # Una nota de otra cosa no se empata.
    assert "Reporta el" not in charla.di(f"/nota {medio.en('/bache')}")


# --- la síntesis -----------------------------------------------------------------------------------------
def _notas_de_cada_tono(charla: Charla) -> None:
    charla.di("/nota impreso El Sur | Alcaldesa inaugura cancha | página 5 | positiva")
    charla.di("/nota tema 1 obras")
    charla.di("/nota radio Radio Tierra | Quejas por baches | 07:30 | negativa")
    charla.di("/nota tema 2 obras")
    charla.di("/nota tv Canal 5 | Feria del elote | 20:00 | neutral")


def test_sintesis_por_tono_y_tema(charla: Charla) -> None:
    _notas_de_cada_tono(charla)
    texto = charla.di("/sintesis")
    assert "Síntesis informativa · lunes 2 de marzo" in texto
    assert "3 notas: 👍 1 positiva · ⚪ 1 neutral · 👎 1 negativa" in texto
    assert texto.index("Obras (2)") < texto.index("Sin tema (1)")
    assert "El Sur: Alcaldesa inaugura cancha (página 5) · positiva" in texto
    assert "No hay notas" in charla.di("/sintesis 20 de febrero")
    assert "No entendí la fecha «el día del juicio»" in charla.di("/sintesis el día del juicio")
    with transaccion(charla.app.fabrica) as s:
        desde, hasta = AHORA - timedelta(days=1), AHORA + timedelta(days=1)
        assert contar_notas(s, 1, desde, hasta) == 3
        assert contar_por_tono(s, 1, desde, hasta) == {"positiva": 1, "neutral": 1, "negativa": 1, "": 0}


def test_sintesis_de_ayer_y_de_otro_dia_dice_de_que_dias(charla: Charla) -> None:
    _notas_de_cada_tono(charla)
    ayer = charla.di("/sintesis ayer")
    assert "Síntesis informativa · domingo 1 de marzo" in ayer and "No entendí" not in ayer
    assert "Síntesis informativa · sábado 28 de febrero" in charla.di("/sintesis antier")
    vacia = charla.di("/sintesis 20 de febrero")
    assert "No hay notas registradas del jueves 19 de febrero ni del viernes 20 de febrero." in vacia
    assert "de ayer ni de hoy" not in vacia and "2026-02-20" in vacia  # el 20 de febrero que pasó, no el de 2027
    assert "Síntesis informativa · viernes 27 de febrero" in charla.di("/sintesis el viernes")  # el que pasó
    r = charla.respuesta("/sintesis pdf Ayer")
    assert r.adjunto is not None and r.adjunto.titulo.endswith("2026-03-01")


def test_sintesis_de_otro_anio_dice_el_anio(charla: Charla) -> None:
    """En enero, la síntesis del 30 de diciembre (o una vieja) lleva el año en el chat y en el PDF; la de
    este año, no."""
    charla.ahora = datetime(2025, 12, 30, 9, 0, tzinfo=ZONA)
    charla.di("/nota impreso El Sur | Cierre de año en el cabildo | página 3 | neutral")
    charla.ahora = datetime(2026, 1, 5, 9, 0, tzinfo=ZONA)
    charla.di("/nota impreso El Sur | Arranca el año escolar | página 2 | positiva")
    diciembre = charla.di("/sintesis 30 de diciembre")
    assert "Síntesis informativa · martes 30 de diciembre de 2025" in diciembre
    assert "Cierre de año en el cabildo" in diciembre and "En PDF: /sintesis pdf 2025-12-30" in diciembre
    vieja = charla.di("/sintesis 15 de marzo de 2024")
    assert "Síntesis informativa · viernes 15 de marzo de 2024" in vieja
    assert "No hay notas registradas del jueves 14 de marzo de 2024 ni del viernes 15 de marzo de 2024." in vieja
    # El 1 de enero recoge también el 31 de diciembre: solo ese día lleva el año.
    assert ("No hay notas registradas del miércoles 31 de diciembre de 2025 ni del jueves 1 de enero."
            in charla.di("/sintesis 1 de enero"))
    hoy = charla.di("/sintesis")
    assert "Síntesis informativa · lunes 5 de enero\n" in hoy and "de 2026" not in hoy
    r = charla.respuesta("/sintesis pdf 30 de diciembre")
    assert r.adjunto is not None and r.adjunto.titulo == "Síntesis informativa 2025-12-30"
    assert "Síntesis informativa del martes 30 de diciembre de 2025: 1 nota." in renderizar(r, "texto")
    texto = " ".join("".join(p.extract_text() for p in PdfReader(r.adjunto.ruta).pages).split())
    assert "martes 30 de diciembre de 2025" in texto and "Cierre de año en el cabildo" in texto
    r = charla.respuesta("/sintesis pdf")
    assert r.adjunto is not None and "Síntesis informativa del lunes 5 de enero: 1 nota." in renderizar(r, "texto")
    texto = " ".join("".join(p.extract_text() for p in PdfReader(r.adjunto.ruta).pages).split())
    assert "lunes 5 de enero" in texto and "2026" not in texto


def test_sintesis_en_pdf(charla: Charla) -> None:
    _notas_de_cada_tono(charla)
    r = charla.respuesta("/sintesis pdf hoy")
    assert r.adjunto is not None and r.adjunto.tipo_mime == "application/pdf"
    texto = "".join(p.extract_text() for p in PdfReader(r.adjunto.ruta).pages)
    assert "Síntesis informativa" in texto and "Alcaldesa inaugura cancha" in texto and "Obras (2)" in texto


def test_sintesis_sola_a_su_hora_una_vez_al_canal_y_por_directo(charla: Charla) -> None:
    grabadora = Grabadora(nombre="consola")
    _notas_de_cada_tono(charla)
    charla.di("/equipo", como="ana")
    charla.di("/asistente sintesis @ana @dir")
    manana = datetime(2026, 3, 3, 8, 0, tzinfo=ZONA)
    correr_pasada(charla.app, manana, {"consola": grabadora})
    assert not any("Síntesis" in e.texto for e in grabadora.enviados)
    for minutos in (30, 31, 45):
        correr_pasada(charla.app, manana + timedelta(minutes=minutos), {"consola": grabadora})
    sintesis = [e for e in grabadora.enviados if "Síntesis informativa" in e.texto]
    assert sorted((e.destino, e.directo) for e in sintesis) == [("C-prensa", False), ("ana", True), ("dir", True)]
    assert "Alcaldesa inaugura cancha" in sintesis[0].texto


def test_hora_de_la_sintesis_del_espacio(charla: Charla) -> None:
    grabadora = Grabadora(nombre="consola")
    _notas_de_cada_tono(charla)
    assert "no es válida" in charla.di("/asistente sintesis hora 25:00")
    assert "Síntesis por mensaje directo a las 07:15" in charla.di("/asistente sintesis hora 7:15")
    correr_pasada(charla.app, datetime(2026, 3, 3, 7, 20, tzinfo=ZONA), {"consola": grabadora})
    assert [e.destino for e in grabadora.enviados if "Síntesis informativa" in e.texto] == ["C-prensa"]
    assert "a las 08:30" in charla.di("/asistente sintesis hora predeterminado")


def test_sin_monitoreo_no_hay_sintesis(charla: Charla) -> None:
    grabadora = Grabadora(nombre="consola")
    correr_pasada(charla.app, datetime(2026, 3, 3, 8, 45, tzinfo=ZONA), {"consola": grabadora})
    assert not any("Síntesis" in e.texto for e in grabadora.enviados)


def test_dos_programadores_publican_la_sintesis_una_vez(config: Config) -> None:
    app1, app2 = crear_app(config), crear_app(config)
    from modelos import Base
    Base.metadata.create_all(app1.motor)
    try:
        charla = Charla(app1)
        charla.di("/equipo")
        _notas_de_cada_tono(charla)
        grabadora = Grabadora(nombre="consola", demora=0.05)
        cuando = datetime(2026, 3, 3, 8, 30, tzinfo=ZONA)
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda a: correr_pasada(a, cuando, {"consola": grabadora}), [app1, app2, app1, app2]))
        assert len([e for e in grabadora.enviados if "Síntesis informativa" in e.texto]) == 1
    finally:
        app1.motor.dispose()
        app2.motor.dispose()


# --- la aclaración ------------------------------------------------------------------------------------------
def test_aclaracion_de_una_nota_negativa(charla: Charla) -> None:
    charla.di("/nota radio Radio Tierra | Quejas por baches | 07:30 | negativa")
    texto = charla.di("/aclaracion 1")
    assert "Comunicado No. 001/2026 en borrador" in texto and "respuesta a la nota 1 de Radio Tierra" in texto
    ver = charla.di("/boletin ver comunicado 1")
    assert "Quejas por baches" in ver and "Radio Tierra" in ver
    assert "Aclaración: Comunicado No. 001/2026" in charla.di("/nota ver 1")
    assert "ya tiene su aclaración" in charla.di("/aclaracion 1")
    assert "No hay nota 5" in charla.di("/aclaracion 5")
    assert "Uso: /aclaracion" in charla.di("/aclaracion abc")


def _paginas(charla: Charla, nota_id: int = 1) -> list[int]:
    """Los IDs de archivo de las páginas de la nota, en su orden."""
    from modelos import PaginaDeNota

    with transaccion(charla.app.fabrica) as s:
        return list(s.scalars(select(PaginaDeNota.medio_id).where(PaginaDeNota.nota_id == nota_id)
                              .order_by(PaginaDeNota.id)))


def test_foto_de_la_pagina_impresa(charla: Charla) -> None:
    from asistente.archivo.entrada import ArchivoRemoto, Lote
    from asistente.archivo.ingesta import recibir
    from modelos import Medio
    from tests.archivos import DescargadorMemoria, jpeg, mp3

    lote = Lote(espacio=charla.espacio, usuario="dir", canal="C-prensa", ahora=AHORA,
                archivos=[ArchivoRemoto(origen="F1", nombre="elsur-p5.jpg"), ArchivoRemoto(origen="F2", nombre="a.mp3"),
                          ArchivoRemoto(origen="F3", nombre="elsur-p1.jpg")],
                nombre_usuario="Dir", hilo="", texto="")
    recibir(charla.app, lote, DescargadorMemoria({"F1": jpeg(800, 600), "F2": mp3(), "F3": jpeg(800, 600, semilla=3)}))
    with transaccion(charla.app.fabrica) as s:
        ids = {m.nombre: m.id for m in s.scalars(select(Medio))}
    p5, audio, p1 = ids["elsur-p5.jpg"], ids["a.mp3"], ids["elsur-p1.jpg"]
    charla.di("/nota impreso El Sur | Alcaldesa inaugura cancha | portada y página 5")
    assert f"la página es el archivo {p5}" in charla.di(f"/nota foto 1 {p5}")
    assert f"Página: archivo {p5} (elsur-p5.jpg)" in charla.di("/nota ver 1")
    # La portada, después: la nota tiene las dos, en el orden en que se ligaron; la misma no cuenta dos veces.
    assert f"el archivo {p1} (elsur-p1.jpg) es su página 2" in charla.di(f"/nota foto 1 {p1}")
    assert f"el archivo {p5} (elsur-p5.jpg) ya era su página 1" in charla.di(f"/nota foto 1 #{p5}")
    ver = charla.di("/nota ver 1")
    assert f"Páginas (2):\n1. archivo {p5} (elsur-p5.jpg)\n2. archivo {p1} (elsur-p1.jpg)" in ver, ver
    assert _paginas(charla) == [p5, p1]
    # Lo malo se explica y no cambia nada.
    assert "la página de la nota va como foto o PDF" in charla.di(f"/nota foto 1 {audio}")
    assert "No hay archivo 999" in charla.di("/nota foto 1 999")
    assert "Falta el ID del archivo" in charla.di("/nota foto 1")
    assert "Uso: /nota foto" in charla.di("/nota foto 1 quitar")
    assert f"El archivo {audio} no es una página de la nota 1" in charla.di(f"/nota foto 1 quitar {audio}")
    assert _paginas(charla) == [p5, p1]
    # Una ligada por error se quita; el archivo sigue archivado.
    texto = charla.di(f"/nota foto 1 quitar {p5}")
    assert f"el archivo {p5} (elsur-p5.jpg) ya no es una de sus páginas" in texto
    assert f"Página: archivo {p1} (elsur-p1.jpg)" in texto and "Páginas (" not in texto
    assert _paginas(charla) == [p1]
    with transaccion(charla.app.fabrica) as s:
        assert s.get(Medio, p5) is not None


def test_las_fotos_soltadas_en_el_hilo_de_la_ficha_son_las_paginas_de_la_nota(charla: Charla) -> None:
    from asistente.agenda.anuncios import anclar
    from modelos import Medio
    from tests.archivos import jpeg, mp3, pdf
    from tests.test_archivo import soltar

    charla.di("/agenda nueva Sesión de cabildo | hoy a las 9")  # está ocurriendo: la foto no debe irse a él
    r = charla.respuesta("/nota impreso El Sur | Alcaldesa inaugura cancha | portada y página 5")
    assert r.publica and r.ancla is not None and r.ancla_tipo == "nota"
    assert anclar(charla.app.fabrica, r.ancla, "1700000000.000500", r.ancla_tipo)  # lo hace el adaptador al publicar
    assert charla.respuesta("/nota ver 1").ancla is None  # ver la ficha otra vez no abre otro hilo
    assert not anclar(charla.app.fabrica, r.ancla, "1700000000.000900", r.ancla_tipo)  # el primero vale
    _, texto = soltar(charla, {"elsur-portada.jpg": jpeg(800, 600)}, hilo="1700000000.000500", ahora=AHORA)
    assert "1 como página de la nota 1 (El Sur: Alcaldesa inaugura cancha) → 2026/03-marzo/monitoreo/" in texto, texto
    assert "Sesión de cabildo" not in texto and "sin evento" not in texto
    with transaccion(charla.app.fabrica) as s:
        portada = s.scalars(select(Medio).where(Medio.nombre == "elsur-portada.jpg")).one()
        assert portada.evento_id is None and portada.clave == "2026/03-marzo/monitoreo/elsur-portada.jpg"
    assert f"Página: archivo {portada.id}" in charla.di("/nota ver 1")
    # La nota sigue en la página 5 y la 6, en un mensaje: se agregan las dos, en el orden del mensaje.
    _, texto = soltar(charla, {"elsur-p5.jpg": jpeg(800, 600, semilla=5), "elsur-p6.pdf": pdf()},
                      hilo="1700000000.000500", ahora=AHORA)
    assert "2 como páginas de la nota 1 (El Sur: Alcaldesa inaugura cancha)" in texto, texto
    # Un audio en el hilo no es una página; fuera del hilo, una foto no es de la nota.
    _, texto = soltar(charla, {"entrevista.mp3": mp3()}, hilo="1700000000.000500", ahora=AHORA)
    assert "como página" not in texto
    _, texto = soltar(charla, {"otra.jpg": jpeg(640, 480)}, ahora=AHORA)
    assert "como página" not in texto
    with transaccion(charla.app.fabrica) as s:
        ids = {m.nombre: m.id for m in s.scalars(select(Medio))}
    assert _paginas(charla) == [portada.id, ids["elsur-p5.jpg"], ids["elsur-p6.pdf"]]
    ver = charla.di("/nota ver 1")
    assert (f"Páginas (3):\n1. archivo {portada.id} (elsur-portada.jpg)\n2. archivo {ids['elsur-p5.jpg']} "
            f"(elsur-p5.jpg)\n3. archivo {ids['elsur-p6.pdf']} (elsur-p6.pdf)") in ver, ver
    # La misma foto, ya archivada, soltada otra vez en el hilo: no se guarda ni se cuenta dos veces.
    _, texto = soltar(charla, {"copia.jpg": jpeg(800, 600)}, hilo="1700000000.000500", ahora=AHORA)
    assert (f"es el mismo que 2026/03-marzo/monitoreo/elsur-portada.jpg (ID {portada.id}); ya era página de la "
            "nota 1") in texto, texto
    # Una foto que ya estaba en el archivo (la de otra.jpg), soltada en el hilo: queda como página, sin copia.
    _, texto = soltar(charla, {"otra-vez.jpg": jpeg(640, 480)}, hilo="1700000000.000500", ahora=AHORA)
    assert f"(ID {ids['otra.jpg']}); queda como página de la nota 1" in texto, texto
    assert _paginas(charla) == [portada.id, ids["elsur-p5.jpg"], ids["elsur-p6.pdf"], ids["otra.jpg"]]
    # La síntesis dice cuántas fotos de la página tiene la nota, en el chat y en el PDF.
    sintesis = charla.di("/sintesis")
    lista = f"{portada.id}, {ids['elsur-p5.jpg']}, {ids['elsur-p6.pdf']} y {ids['otra.jpg']}"
    assert f"4 fotos de la página (archivos {lista})" in sintesis, sintesis
    r = charla.respuesta("/sintesis pdf")
    assert r.adjunto is not None
    texto = " ".join("".join(p.extract_text() for p in PdfReader(r.adjunto.ruta).pages).split())
    assert f"4 fotos de la página (archivos {lista})" in texto, texto


def test_la_migracion_conserva_la_foto_de_cada_nota(bd_url: str) -> None:
    """Las notas de antes de 0019 tenían una foto (``notas.foto_id``): queda como su primera página; al
    regresar, la última página vuelve a ser la foto."""
    import sqlalchemy as sa
    from alembic import command

    from asistente.datos.bd import actualizar, config_alembic, crear_motor
    from tests.test_estados import _insertar

    command.upgrade(config_alembic(bd_url), "0018")
    motor = crear_motor(bd_url)
    try:
        with motor.begin() as c:
            _insertar(c, "espacios", id=1, clave="consola:prueba", plataforma="consola", nombre="Tlalchapa",
                      canal="C-prensa", hora_agenda="07:00", resumen="lunes 08:00", creado=AHORA)
            for i in (1, 2):
                _insertar(c, "medios", id=i, espacio_id=1, sha256=str(i) * 64, nombre=f"p{i}.jpg",
                          nombre_original=f"p{i}.jpg", clave=f"2026/03-marzo/monitoreo/p{i}.jpg", tipo="foto",
                          mime="image/jpeg", tamanio=10, fecha=AHORA, camara="", pie="", clave_copia="",
                          clave_miniatura="", canal="", hilo="", subido=AHORA, buscable="")
            for i, foto in ((1, 2), (2, None)):
                _insertar(c, "notas", id=i, espacio_id=1, origen="manual", tipo="impreso", medio="El Sur",
                          titular="Alcaldesa inaugura cancha", entradilla="", texto="", pagina="página 5", tono="",
                          tema="", publicada=AHORA, foto_id=foto, creado=AHORA, hilo="")
        actualizar(bd_url)
        with motor.begin() as c:
            assert c.execute(sa.text("SELECT nota_id, medio_id FROM paginas_nota")).all() == [(1, 2)]
            assert "foto_id" not in {col["name"] for col in sa.inspect(c).get_columns("notas")}
            c.execute(sa.text("INSERT INTO paginas_nota (nota_id, medio_id) VALUES (1, 1)"))
        command.downgrade(config_alembic(bd_url), "0018")
        with motor.connect() as c:
            assert c.execute(sa.text("SELECT id, foto_id FROM notas ORDER BY id")).all() == [(1, 1), (2, None)]
    finally:
        motor.dispose()


def test_lector_acotado_redirecciones_y_tamano(app: Aplicacion, medio: MedioFalso) -> None:
    from asistente.nucleo.lector import ErrorDeLectura

    medio.rutas["/bucle"] = Ruta(b"", estado=302, encabezados={"Location": "/bucle"})
    medio.rutas["/a-ftp"] = Ruta(b"", estado=301, encabezados={"Location": "ftp://archivos.mx/x"})
    lector = LectorHttp(app.config, max_bytes=200)
    for ruta, frase in (("/bucle", "Demasiadas redirecciones"), ("/a-ftp", "no es una dirección web"),
                        ("/cancha", "demasiado grande")):
        with pytest.raises(ErrorDeLectura, match=frase):
            lector.leer(medio.en(ruta))
    sin_permiso = LectorHttp(replace(app.config, permitir_red_local=False))
    for url in ("http://[::1]:80/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://127.1/"):
        with pytest.raises(ErrorDeLectura, match="local o privada"):
            sin_permiso.leer(url)


def test_un_enlace_copiado_sin_https_se_entiende() -> None:
    from asistente.monitoreo.notas import normalizar_url

    assert normalizar_url("www.Diario.mx/nota?utm_source=wa") == "https://www.diario.mx/nota"
    assert normalizar_url("<https://diario.mx/nota|diario.mx/nota>") == "https://diario.mx/nota"
