"""La difusión (SPEC §7), como la usa la oficina: las piezas de un documento aprobado, publicarlas ya en
Facebook y en el sitio web (contra una Graph API y un WordPress de mentira que revisan y registran lo
que reciben) y el kit de WhatsApp."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.formularios import ErroresDeFormulario
from asistente.procesos.app import crear_app
from modelos import Base, Boletin, Difusion, Medio
from tests.conftest import Charla, hacer_config
from asistente.procesos.falsos.graph import FalsoGraph
from asistente.procesos.falsos.wordpress import FalsoWordPress
from tests.test_boletin import evento, foto

HASHTAGS = "#Tlalchapa #GobiernoDeTlalchapa"


@pytest.fixture
def graph() -> Iterator[FalsoGraph]:
    falso = FalsoGraph()
    falso.iniciar()
    yield falso
    falso.detener()


@pytest.fixture
def wp() -> Iterator[FalsoWordPress]:
    falso = FalsoWordPress()
    falso.iniciar()
    yield falso
    falso.detener()


def config_con_canales(bd_url: str, tmp_path: Path, graph: FalsoGraph, wp: FalsoWordPress, **cambios: object):  # type: ignore[no-untyped-def]
    canales: dict[str, object] = dict(
        hashtags=HASHTAGS, facebook_pagina=graph.pagina, facebook_token=graph.token, facebook_api_url=graph.url,
        wordpress_url=wp.base, wordpress_usuario=wp.usuario, wordpress_clave=wp.clave)
    return hacer_config(bd_url, tmp_path, **(canales | cambios))


@pytest.fixture
def app_difusion(bd_url: str, tmp_path: Path, graph: FalsoGraph, wp: FalsoWordPress) -> Iterator[Aplicacion]:
    aplicacion = crear_app(config_con_canales(bd_url, tmp_path, graph, wp))
    Base.metadata.create_all(aplicacion.motor)
    yield aplicacion
    aplicacion.motor.dispose()


@pytest.fixture
def oficina(app_difusion: Aplicacion) -> Charla:
    c = Charla(app_difusion)
    c.di("/equipo", como="dir")
    c.avisos.clear()
    return c


def boletin_aprobado_con_fotos(charla: Charla, fotos: int = 3) -> list[Path]:
    evento(charla)
    rutas = [foto(charla, "ana", f"Corte de listón {n}" if n != 2 else "", n) for n in range(1, fotos + 1)]
    charla.di("/boletin borrador 1")
    assert "aprobado" in charla.di("/boletin aprobar 1")
    return rutas


def documento(charla: Charla) -> Boletin:
    with charla.app.fabrica() as s:
        return s.scalars(select(Boletin).order_by(Boletin.id)).first()  # type: ignore[return-value]


def difusiones(charla: Charla) -> dict[str, Difusion]:
    with charla.app.fabrica() as s:
        return {d.canal: d for d in s.scalars(select(Difusion))}


def ids_de_fotos(charla: Charla) -> list[int]:
    with charla.app.fabrica() as s:
        return list(s.scalars(select(Medio.id).order_by(Medio.id)))


# --- las piezas ------------------------------------------------------------------------------------------
def test_las_piezas_de_cada_canal_con_sus_fotos_y_botones(oficina: Charla) -> None:
    boletin_aprobado_con_fotos(oficina)
    r = oficina.respuesta("/difusion 1")
    texto = oficina.di("/difusion 1")
    assert "Difusión: Boletín No. 001/2026" in texto
    # Facebook: el titular, el resumen y los hashtags del municipio.
    assert "Inauguración de la cancha de usos múltiples" in texto and HASHTAGS in texto
    uno, dos, tres = ids_de_fotos(oficina)
    # Las mejores primero: las que tienen pie, luego la que no.
    assert f"Fotos (3): {uno}, {tres}, {dos}" in texto
    assert "El sitio web" in texto and "La nota completa" in texto
    assert "/difusion kit 1" in texto
    assert [(b.etiqueta, b.accion, b.valor) for b in r.botones] == [
        ("Publicar ya", "difusion.publicar", "001/2026|todo"), ("Programar", "difusion.programar", "001/2026"),
        ("Editar", "difusion.editar", "001/2026")]


def test_un_borrador_se_muestra_pero_no_se_publica(oficina: Charla, graph: FalsoGraph, wp: FalsoWordPress) -> None:
    evento(oficina)
    oficina.di("/boletin borrador 1")
    r = oficina.respuesta("/difusion 1")
    assert "Todavía es borrador" in oficina.di("/difusion 1")
    assert [b.etiqueta for b in r.botones] == ["Editar"]
    r = oficina.respuesta("/difusion publicar 1 todo")
    assert r.es_error and "todavía es borrador: primero debe aprobarlo un director (/boletin aprobar 1)" in r.cuerpo
    assert graph.peticiones == [] and wp.peticiones == [] and difusiones(oficina) == {}


# --- publicar ya ----------------------------------------------------------------------------------------
def test_publicar_todo_sube_las_fotos_publica_y_registra_los_enlaces(oficina: Charla, graph: FalsoGraph,
                                                                    wp: FalsoWordPress) -> None:
    rutas = boletin_aprobado_con_fotos(oficina)
    r = oficina.respuesta("/difusion publicar 1 todo")
    assert not r.es_error and r.publica, r.cuerpo
    # El sitio web: cada foto como cuerpo, y una entrada publicada con la galería y la primera como destacada.
    assert [m.datos for m in wp.medios] == [rutas[0].read_bytes(), rutas[2].read_bytes(), rutas[1].read_bytes()]
    assert [m.tipo for m in wp.medios] == ["image/jpeg"] * 3
    (entrada,) = wp.entradas
    assert entrada.title == "Inauguración de la cancha de usos múltiples" and entrada.status == "publish"
    assert entrada.featured_media == wp.medios[0].id
    assert "<strong>Tlalchapa, Gro., a 3 de marzo de 2026.-</strong>" in entrada.content
    assert "Se invirtieron 1.2 millones de pesos." in entrada.content
    assert all(m.source_url in entrada.content for m in wp.medios)
    assert "Corte de listón 1. Foto: Ana" in entrada.content
    # Facebook: las fotos sin publicar, luego una entrada con todas, enlazando la nota del sitio.
    assert [(f.datos, f.published) for f in graph.fotos] == [(rutas[0].read_bytes(), "false"),
                                                             (rutas[2].read_bytes(), "false"),
                                                             (rutas[1].read_bytes(), "false")]
    (post,) = graph.publicaciones
    assert post.attached_media == [f.id for f in graph.fotos]
    assert post.message.startswith("Inauguración de la cancha de usos múltiples\n\n• ")
    assert f"Nota completa: {entrada.link}" in post.message and post.message.endswith(HASHTAGS)
    # La respuesta da cada enlace; el documento queda publicado con ellos.
    assert entrada.link in r.cuerpo and post.permalink in r.cuerpo
    assert "Boletín No. 001/2026 publicado en el sitio web y Facebook" in r.cuerpo
    b = documento(oficina)
    assert b.estado == "publicado" and b.urls.splitlines() == [entrada.link, post.permalink]
    filas = difusiones(oficina)
    assert {c: (f.estado, f.permalink) for c, f in filas.items()} == {
        "web": ("publicada", entrada.link), "facebook": ("publicada", post.permalink)}
    assert filas["facebook"].id_externo == post.id
    # Otra vez: nada se publica dos veces.
    antes = (len(graph.peticiones), len(wp.peticiones))
    otra = oficina.di("/difusion publicar 1 todo")
    assert "ya estaba publicado" in otra and post.permalink in otra
    assert (len(graph.peticiones), len(wp.peticiones)) == antes
    assert "✅ Publicado" in oficina.di("/difusion 1") and oficina.respuesta("/difusion 1").botones == []


def test_el_boton_publicar_ya_y_un_solo_canal(oficina: Charla, graph: FalsoGraph, wp: FalsoWordPress) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    texto = oficina.di("/difusion publicar 001/2026 FB")
    assert graph.publicaciones and graph.publicaciones[0].permalink in texto
    assert "Nota completa" not in graph.publicaciones[0].message  # el sitio aún no tiene la nota
    assert wp.peticiones == []
    texto = oficina.pulsa("difusion.publicar", "001/2026|todo")
    assert wp.entradas[0].link in texto and "Facebook: ya estaba publicado" in texto
    assert len(graph.publicaciones) == 1


def test_un_comunicado_sin_fotos_va_al_sitio_sin_imagen_destacada(oficina: Charla, wp: FalsoWordPress,
                                                                  graph: FalsoGraph) -> None:
    oficina.di("/boletin nuevo comunicado Suspensión del servicio de agua")
    form = oficina.respuesta("/boletin editar comunicado 1").form
    assert form is not None
    oficina.app.despachador.formulario(oficina.peticion("formulario", "", "dir"), form.id, {
        "titular": "Suspensión del servicio de agua", "resumen": "", "cuerpo_1": "El jueves no habrá agua en el Centro.",
    }, form.contexto)
    oficina.di("/boletin aprobar comunicado 1")
    texto = oficina.di("/difusion publicar comunicado 1 web")
    (entrada,) = wp.entradas
    assert entrada.featured_media == 0 and wp.medios == [] and entrada.link in texto
    assert "Comunicado No. 001/2026" in entrada.content
    oficina.di("/difusion publicar comunicado 1 facebook")
    assert graph.fotos == [] and graph.publicaciones[0].attached_media == []
    assert graph.publicaciones[0].message.startswith("Suspensión del servicio de agua\n\nEl jueves no habrá agua")


def test_solo_un_director_publica(oficina: Charla, graph: FalsoGraph) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    oficina.di("/equipo", como="beto")
    r = oficina.respuesta("/difusion publicar 1 todo", como="beto")
    assert r.es_error and "Solo un director puede publicar" in r.cuerpo
    assert graph.peticiones == []


# --- errores --------------------------------------------------------------------------------------------
def test_canal_sin_configurar_dice_que_variables_definir(charla: Charla) -> None:
    evento(charla)
    charla.di("/boletin borrador 1")
    charla.di("/boletin aprobar 1")
    r = charla.respuesta("/difusion publicar 1 facebook")
    assert r.es_error and "Facebook no está configurado: define FACEBOOK_PAGINA y FACEBOOK_TOKEN" in r.cuerpo
    r = charla.respuesta("/difusion publicar 1 todo")
    assert r.es_error and "No hay ningún canal configurado" in r.cuerpo
    assert "WORDPRESS_URL, WORDPRESS_USUARIO y WORDPRESS_CLAVE" in r.cuerpo
    texto = charla.di("/difusion 1")
    assert "define FACEBOOK_PAGINA y FACEBOOK_TOKEN" in texto
    assert [b.etiqueta for b in charla.respuesta("/difusion 1").botones] == ["Editar"]


@pytest.mark.parametrize("linea, esperado", [
    ("/difusion publicar 1", "Falta el canal: facebook, web o todo."),
    ("/difusion publicar 1 instagram", "No conozco el canal «instagram»"),
    ("/difusion publicar", "Falta el número del boletín"),
    ("/difusion 9", "No hay un boletín 009/2026"),
    ("/difusion nada", "No conozco «/difusion nada»"),
    ("/difusion kit 1 2", "No entendí «2»"),
])
def test_errores_de_escritura(oficina: Charla, graph: FalsoGraph, linea: str, esperado: str) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    r = oficina.respuesta(linea)
    assert r.es_error and esperado in r.cuerpo, r.cuerpo
    # «No hay tal boletín» no es un error de cómo se escribió: sin la línea de uso.
    assert ("Uso: /difusion" in r.cuerpo) == (not esperado.startswith("No hay")), r.cuerpo
    assert graph.peticiones == []


@pytest.mark.parametrize("codigo, estado, esperado, reintentable", [
    (190, 400, "venció o fue revocado. Genera un token de página nuevo", False),
    (200, 403, "el token no tiene permiso para publicar en la página", False),
    (10, 403, "el token no tiene permiso para publicar en la página", False),
    (32, 400, "la página llegó a su límite de publicaciones", True),
    (4, 400, "la página llegó a su límite de publicaciones", True),
    (2, 500, "Facebook tuvo un problema de su lado", True),
])
def test_los_errores_de_facebook_en_espanol_y_se_puede_reintentar(
        oficina: Charla, graph: FalsoGraph, codigo: int, estado: int, esperado: str, reintentable: bool) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    graph.fallar(codigo, "(#x) Graph dice que no", estado=estado)
    r = oficina.respuesta("/difusion publicar 1 facebook")
    assert r.es_error and "Facebook: no se publicó." in r.cuerpo and esperado in r.cuerpo, r.cuerpo
    assert ("Se puede volver a intentar más tarde." in r.cuerpo) == reintentable
    fila = difusiones(oficina)["facebook"]
    assert fila.estado == "fallida" and esperado in fila.motivo and fila.intentos == 1
    assert documento(oficina).estado == "aprobado" and graph.publicaciones == []
    assert "El último intento falló" in oficina.di("/difusion 1")
    # Arreglado del lado de Facebook, se vuelve a intentar y sale una sola vez.
    texto = oficina.di("/difusion publicar 1 facebook")
    assert graph.publicaciones[0].permalink in texto and len(graph.publicaciones) == 1
    assert difusiones(oficina)["facebook"].intentos == 2 and documento(oficina).estado == "publicado"


@pytest.mark.parametrize("cambios, esperado", [
    ({"facebook_token": "EAAotro"}, "venció o fue revocado"),
    ({"facebook_pagina": "999"}, "Facebook no encuentra la página 999, o el token no es de esa página"),
])
def test_token_equivocado_y_pagina_equivocada(bd_url: str, tmp_path: Path, graph: FalsoGraph, wp: FalsoWordPress,
                                              cambios: dict[str, str], esperado: str) -> None:
    app = crear_app(config_con_canales(bd_url, tmp_path, graph, wp, **cambios))
    Base.metadata.create_all(app.motor)
    try:
        c = Charla(app)
        c.di("/equipo")
        boletin_aprobado_con_fotos(c, fotos=1)
        r = c.respuesta("/difusion publicar 1 facebook")
        assert r.es_error and esperado in r.cuerpo, r.cuerpo
    finally:
        app.motor.dispose()
    assert graph.publicaciones == []


def test_una_foto_demasiado_grande_se_explica_antes_de_subir_nada(oficina: Charla, graph: FalsoGraph) -> None:
    rutas = boletin_aprobado_con_fotos(oficina, fotos=2)
    rutas[1].write_bytes(rutas[1].read_bytes() + b"\0" * (4 * 1024 * 1024))
    r = oficina.respuesta("/difusion publicar 1 facebook")
    assert r.es_error and "La foto IMG_0002.jpg pesa 4.1 MB y Facebook acepta fotos de hasta 4 MB" in r.cuerpo
    assert graph.peticiones == []


@pytest.mark.parametrize("estado, esperado, reintentable", [
    (401, "no aceptó el usuario o la contraseña de aplicación: revisa WORDPRESS_USUARIO y WORDPRESS_CLAVE", False),
    (403, "no tiene permiso para subir fotos o publicar entradas", False),
    (413, "El sitio web no aceptó la foto IMG_0001.jpg", False),
    (500, "El sitio web tuvo un problema de su lado (HTTP 500)", True),
])
def test_los_errores_de_wordpress_en_espanol(oficina: Charla, wp: FalsoWordPress, estado: int, esperado: str,
                                             reintentable: bool) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    wp.fallar(estado)
    r = oficina.respuesta("/difusion publicar 1 web")
    assert r.es_error and esperado in r.cuerpo, r.cuerpo
    assert ("Se puede volver a intentar más tarde." in r.cuerpo) == reintentable
    assert wp.entradas == [] and difusiones(oficina)["web"].estado == "fallida"


def test_sitio_caido_se_reintenta_despues(oficina: Charla, wp: FalsoWordPress) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    wp.detener()
    r = oficina.respuesta("/difusion publicar 1 web")
    assert r.es_error and "El sitio web no se pudo conectar; no se publicó nada." in r.cuerpo
    assert "Se puede volver a intentar más tarde." in r.cuerpo


def test_la_mitad_que_sale_bien_queda_registrada(oficina: Charla, graph: FalsoGraph, wp: FalsoWordPress) -> None:
    boletin_aprobado_con_fotos(oficina, fotos=1)
    graph.fallar(190, "expired")
    r = oficina.respuesta("/difusion publicar 1 todo")
    assert not r.es_error and wp.entradas[0].link in r.cuerpo and "Facebook: no se publicó." in r.cuerpo
    assert documento(oficina).estado == "publicado"
    assert {c: f.estado for c, f in difusiones(oficina).items()} == {"web": "publicada", "facebook": "fallida"}


# --- editar las piezas ----------------------------------------------------------------------------------
def test_editar_el_texto_y_las_fotos_de_cada_canal(oficina: Charla, graph: FalsoGraph, wp: FalsoWordPress) -> None:
    rutas = boletin_aprobado_con_fotos(oficina)
    uno, dos, tres = ids_de_fotos(oficina)
    form = oficina.respuesta("/difusion 1").botones[2]
    respuesta = oficina.app.despachador.accion(oficina.peticion("boton", "", "dir"), form.accion, form.valor)
    formulario = respuesta.form
    assert formulario is not None and formulario.id == "difusion.editar"
    assert formulario.campo("fotos_facebook").inicial == f"{uno}, {tres}, {dos}"
    assert HASHTAGS in str(formulario.campo("texto").inicial)
    peticion = oficina.peticion("formulario", "", "dir")
    with pytest.raises(ErroresDeFormulario) as errores:
        oficina.app.despachador.formulario(peticion, formulario.id, {
            "texto": "Hoy", "fotos_facebook": "99999", "fotos_web": "abc"}, formulario.contexto)
    assert "La foto 99999 no es de este documento" in errores.value.errores["fotos_facebook"]
    assert "«abc» no es el ID de una foto" in errores.value.errores["fotos_web"]
    hecho = oficina.app.despachador.formulario(peticion, formulario.id, {
        "texto": "¡Ya tenemos cancha! #Tlalchapa", "fotos_facebook": f"{dos}, #{uno}", "fotos_web": str(tres),
    }, formulario.contexto)
    assert "Piezas guardadas" in hecho.datos["mensaje"]
    oficina.di("/difusion publicar 1 todo")
    assert graph.publicaciones[0].message == "¡Ya tenemos cancha! #Tlalchapa"
    assert [f.datos for f in graph.fotos] == [rutas[1].read_bytes(), rutas[0].read_bytes()]
    assert [m.datos for m in wp.medios] == [rutas[2].read_bytes()]
    # Publicada, la pieza ya no se edita.
    r = oficina.app.despachador.formulario(peticion, formulario.id, {
        "texto": "Otro", "fotos_facebook": "", "fotos_web": ""}, formulario.contexto)
    assert r.es_error and "ya se publicó" in r.cuerpo


# --- el kit de WhatsApp -------------------------------------------------------------------------------
def test_el_kit_de_whatsapp_con_texto_y_zip(oficina: Charla) -> None:
    rutas = boletin_aprobado_con_fotos(oficina)
    r = oficina.respuesta("/difusion kit 1")
    assert r.adjunto is not None and r.adjunto.tipo_mime == "application/zip"
    assert r.adjunto.titulo == "Kit de WhatsApp — Boletín No. 001/2026"
    assert "*Boletín No. 001/2026*" in r.cuerpo and "*Inauguración de la cancha de usos múltiples*" in r.cuerpo
    assert "*Tlalchapa, Gro., a 3 de marzo de 2026.-* " in r.cuerpo and "las 3 fotos en el ZIP" in r.cuerpo
    with zipfile.ZipFile(r.adjunto.ruta) as z:
        nombres = z.namelist()
        assert nombres == ["01-IMG_0001.jpg", "02-IMG_0003.jpg", "03-IMG_0002.jpg", "texto.txt"]
        assert z.read("01-IMG_0001.jpg") == rutas[0].read_bytes()
        assert "*Inauguración de la cancha de usos múltiples*" in z.read("texto.txt").decode()
    assert r.adjunto.ruta.parent == oficina.app.config.archivo / "difusion"
    # Un borrador no tiene kit.
    oficina.di("/boletin nuevo aviso Cierre de calle")
    r = oficina.respuesta("/difusion kit aviso 1")
    assert r.es_error and "todavía es borrador" in r.cuerpo


# --- los canales de cada espacio -----------------------------------------------------------------------
def test_cada_espacio_fija_sus_canales_desde_el_chat(bd_url: str, tmp_path: Path, graph: FalsoGraph,
                                                      wp: FalsoWordPress) -> None:
    """Un despliegue para varios municipios: el entorno no trae página ni sitio; cada espacio fija los
    suyos desde el chat (solo un director) y publica ahí; otro espacio sigue sin canales."""
    app = crear_app(hacer_config(bd_url, tmp_path, facebook_api_url=graph.url))
    Base.metadata.create_all(app.motor)
    try:
        oficina = Charla(app)
        oficina.di("/equipo", como="dir")
        oficina.di("/equipo", como="ana")
        assert "Facebook: sin configurar" in oficina.di("/asistente difusion")
        r = oficina.respuesta(f"/asistente difusion facebook {graph.pagina} {graph.token}", como="ana")
        assert r.es_error and "director" in r.cuerpo
        for mala, explicacion in ((f"facebook pagina-de-tlalchapa {graph.token}", "son solo números"),
                                  (f"web ftp://sitio {wp.usuario} {wp.clave}", "debe empezar con https://"),
                                  ("hashtags Tlalchapa", "van con #"), ("quitar instagram", "no es un canal")):
            r = oficina.respuesta(f"/asistente difusion {mala}")
            assert r.es_error and explicacion in r.cuerpo, mala
        texto = oficina.di(f"/asistente difusion facebook {graph.pagina} {graph.token}")
        assert f"página {graph.pagina}" in texto and "(de este espacio)" in texto and graph.token not in texto
        texto = oficina.di(f"/asistente difusion web {wp.base} {wp.usuario} {wp.clave}")
        assert wp.clave not in texto and "Sitio web: " in texto
        oficina.di("/asistente difusion hashtags #Tlalchapa #GobiernoDeTlalchapa")

        boletin_aprobado_con_fotos(oficina, fotos=1)
        r = oficina.respuesta("/difusion publicar 1 todo")
        assert not r.es_error, r.cuerpo
        (post,) = graph.publicaciones
        (entrada,) = wp.entradas
        assert post.message.endswith("#Tlalchapa #GobiernoDeTlalchapa") and entrada.link in r.cuerpo

        otro = Charla(app, espacio="consola:otro-municipio")
        otro.di("/equipo", como="dir")
        assert "Facebook: sin configurar" in otro.di("/asistente difusion")
        otro.di("/agenda nueva Feria | mañana a las 10")
        otro.di("/boletin nuevo comunicado Aviso de la feria")
        assert "no está configurado" in otro.di("/difusion comunicado 1")

        oficina.di("/asistente difusion quitar facebook")
        assert "Facebook: sin configurar" in oficina.di("/asistente difusion")
    finally:
        app.motor.dispose()
