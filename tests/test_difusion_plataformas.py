"""La difusión de punta a punta en Slack y en Mattermost: comandos firmados a ``asistente servir`` (en un
hilo, puerto 0), el botón **Publicar ya** pulsado como lo pulsa la plataforma, y la Graph API y el
WordPress de mentira registrando lo que reciben; el kit de WhatsApp subido a la conversación."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servidor_en_hilo import correr_en_hilo
from sqlalchemy import select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.plataformas.mattermost import crear_wsgi as crear_wsgi_mattermost
from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.procesos.app import crear_app
from modelos import Base, Boletin, Espacio, Evento, Medio
from tests.conftest import AHORA
from asistente.procesos.falsos.graph import FalsoGraph
from tests.falso_mattermost import FalsoMattermost
from tests.falso_slack import EQUIPO, FalsoSlack, disparo
from asistente.procesos.falsos.wordpress import FalsoWordPress
from tests.test_difusion import HASHTAGS, config_con_canales
from tests.test_mattermost import visible
from tests.test_slack import SECRETO, Servidor, validar_bloques

CUERPO = "Se entregó la cancha a la colonia Centro.\n\nLa obra costó 1.2 millones de pesos."


@pytest.fixture
def graph() -> Iterator[FalsoGraph]:
    falso = FalsoGraph().iniciar()
    yield falso  # type: ignore[misc]
    falso.detener()


@pytest.fixture
def wp() -> Iterator[FalsoWordPress]:
    falso = FalsoWordPress().iniciar()
    yield falso  # type: ignore[misc]
    falso.detener()


def fotos_del_evento(app: Aplicacion, espacio: str, cuantas: int) -> list[bytes]:
    """Fotos ya archivadas del evento #1 (su fila y su copia de 1600 px), como las deja el archivo."""
    from PIL import Image

    datos = []
    with app.fabrica.begin() as s:
        e = s.scalars(select(Evento).join(Espacio, Espacio.id == Evento.espacio_id)
                      .where(Espacio.clave == espacio, Evento.numero == 1)).one()
        for n in range(1, cuantas + 1):
            buf = io.BytesIO()
            Image.new("RGB", (320, 200), (60 * n, 90, 30)).save(buf, "JPEG")
            ruta = app.config.archivo / f"copias/foto-{n}.jpg"
            ruta.parent.mkdir(parents=True, exist_ok=True)
            ruta.write_bytes(buf.getvalue())
            s.add(Medio(espacio_id=e.espacio_id, evento_id=e.id, sha256=hashlib.sha256(buf.getvalue()).hexdigest(),
                        nombre=f"IMG_{n:04d}.jpg", clave=f"2026/03-marzo/IMG_{n:04d}.jpg", tipo="foto",
                        mime="image/jpeg", tamanio=len(buf.getvalue()), fecha=AHORA, pie=f"Foto {n}",
                        clave_copia=f"copias/foto-{n}.jpg", subido=AHORA))
            datos.append(buf.getvalue())
    return datos


def redactar(app: Aplicacion) -> None:
    """Lo que la redactora escribiría con /boletin editar (el formulario ya tiene sus pruebas)."""
    with app.fabrica.begin() as s:
        b = s.scalars(select(Boletin)).one()
        b.cuerpo = CUERPO


# --- Slack ------------------------------------------------------------------------------------------------
@pytest.fixture
def slack(bd_url: str, tmp_path: Path, graph: FalsoGraph, wp: FalsoWordPress) -> Iterator[Servidor]:
    with FalsoSlack() as falso:
        config = config_con_canales(bd_url, tmp_path, graph, wp, slack_api_url=falso.url,
                                    slack_bot_token="xoxb-prueba", slack_signing_secret=SECRETO)
        app = crear_app(config)
        Base.metadata.create_all(app.motor)
        web = crear_servidor(crear_wsgi(app), "127.0.0.1", 0)
        detener = correr_en_hilo(web)
        try:
            yield Servidor(app, falso, f"http://127.0.0.1:{web.effective_port}", config)
        finally:
            detener()
            app.motor.dispose()


def _slack(servidor: Servidor, comando: str, texto: str) -> dict[str, Any]:
    estado, cuerpo, url = servidor.comando(texto, comando=comando, usuario="U1")
    assert estado == 200 and cuerpo == ""
    return servidor.falso.esperar_url(url)


def _pulsar_slack(servidor: Servidor, boton: dict[str, Any]) -> dict[str, Any]:
    url = servidor.falso.url_respuesta()
    carga = {"type": "block_actions", "team": {"id": EQUIPO, "domain": "prensa"},
             "user": {"id": "U1", "username": "u1", "team_id": EQUIPO}, "api_app_id": "A1",
             "trigger_id": disparo(), "response_url": url, "channel": {"id": "C-prensa"},
             "container": {"type": "message", "message_ts": "1.1", "channel_id": "C-prensa"},
             "message": {"ts": "1.1", "text": "difusión"},
             "actions": [{"type": "button", "action_id": boton["action_id"], "block_id": "b", "value": boton["value"],
                          "action_ts": str(time.time())}]}
    estado, _ = servidor.interaccion(carga)
    assert estado == 200
    return servidor.falso.esperar_url(url)


def test_en_slack_publicar_ya_con_el_boton_y_el_kit(slack: Servidor, graph: FalsoGraph, wp: FalsoWordPress) -> None:
    slack.anunciar("nueva Entrega de la cancha | mañana a las 10 | Col. Centro", usuario="U1")
    _slack(slack, "/boletin", "borrador 1")
    redactar(slack.app)
    assert "aprobado" in _slack(slack, "/boletin", "aprobar 1")["text"]
    fotos = fotos_del_evento(slack.app, f"slack:{EQUIPO}", 2)

    piezas = _slack(slack, "/difusion", "1")
    validar_bloques(piezas["blocks"])
    assert HASHTAGS in piezas["text"] and "Entrega de la cancha" in piezas["text"]
    botones = [e for b in piezas["blocks"] if b["type"] == "actions" for e in b["elements"]]
    publicar = next(b for b in botones if b["action_id"].startswith("difusion.publicar"))
    assert publicar["text"]["text"] == "Publicar ya"

    hecho = _pulsar_slack(slack, publicar)
    (entrada,) = wp.entradas
    (post,) = graph.publicaciones
    assert entrada.link in hecho["text"] and post.permalink in hecho["text"]
    assert hecho["response_type"] == "in_channel"
    assert [m.datos for m in wp.medios] == fotos and [f.datos for f in graph.fotos] == fotos
    assert post.attached_media == [f.id for f in graph.fotos] and entrada.featured_media == wp.medios[0].id
    assert "La obra costó 1.2 millones de pesos." in entrada.content
    # Un segundo clic (el mismo botón, otra vez) no publica dos veces.
    assert "ya estaba publicado" in _pulsar_slack(slack, publicar)["text"]
    assert len(graph.publicaciones) == 1 and len(wp.entradas) == 1

    kit = _slack(slack, "/difusion", "kit 1")
    assert "*Entrega de la cancha*" in kit["text"]
    completo = slack.falso.esperar("files.completeUploadExternal").params
    assert "Kit de WhatsApp" in str(completo["files"])
    assert any(d.startswith(b"PK") for d in slack.falso.subidas().values())


# --- Mattermost -----------------------------------------------------------------------------------------
TOKEN = "tok-difusion"


@pytest.fixture
def mattermost(bd_url: str, tmp_path: Path, graph: FalsoGraph,
               wp: FalsoWordPress) -> Iterator[tuple[FalsoMattermost, Aplicacion, str, str, str]]:
    falso = FalsoMattermost().iniciar()
    config = config_con_canales(bd_url, tmp_path, graph, wp, mattermost_url=falso.url,
                                mattermost_bot_token=falso.token_bot, mattermost_tokens=(TOKEN,),
                                secreto="secreto-de-prueba")
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    wsgi = crear_wsgi_mattermost(app)
    wsgi.reloj = lambda: AHORA
    servidor = crear_servidor(wsgi, "127.0.0.1", 0)
    detener = correr_en_hilo(servidor)
    # ASISTENTE_URL_PUBLICA: adonde Mattermost manda los botones (aquí, el puerto que tocó).
    wsgi.plataforma.url_publica = f"http://127.0.0.1:{servidor.effective_port}"  # type: ignore[union-attr]
    canal = falso.agregar_canal("prensa")
    director = falso.agregar_usuario("dir", "Diana", "Ríos")
    try:
        yield falso, app, f"http://127.0.0.1:{servidor.effective_port}", canal, director  # type: ignore[union-attr]
    finally:
        detener()
        wsgi.plataforma.cliente.cerrar()
        app.motor.dispose()
        falso.detener()


def test_en_mattermost_publicar_ya_con_el_boton_y_el_kit(mattermost: Any, graph: FalsoGraph, wp: FalsoWordPress) -> None:
    falso, app, url, canal, director = mattermost

    def di(linea: str) -> dict[str, Any]:
        r = falso.comando(url, linea, usuario=director, canal=canal, token=TOKEN)
        assert r.status_code == 200, r.text
        datos: dict[str, Any] = r.json()
        if "text" in datos:
            datos["text"] = visible(datos["text"])
        return datos

    di("/agenda nueva Entrega de la cancha | mañana a las 10 | Col. Centro")
    di("/boletin borrador 1")
    redactar(app)
    di("/boletin aprobar 1")
    fotos = fotos_del_evento(app, f"mattermost:{falso.equipo_id}", 3)

    piezas = di("/difusion 1")
    assert HASHTAGS in piezas["text"]
    p = falso.pulsar(piezas["attachments"], "Publicar ya", usuario=director, canal=canal)
    assert p.status_code == 200
    aviso = falso.esperar_post(texto="publicado en el sitio web y Facebook")
    (entrada,) = wp.entradas
    (post,) = graph.publicaciones
    assert aviso["channel_id"] == canal
    assert entrada.link in visible(aviso["message"]) and post.permalink in visible(aviso["message"])
    assert [f.datos for f in graph.fotos] == fotos and [m.datos for m in wp.medios] == fotos
    with app.fabrica() as s:
        assert s.scalars(select(Boletin)).one().estado == "publicado"

    kit = di("/difusion kit 1")
    assert "Entrega de la cancha" in kit["text"]
    subido = falso.esperar_post(texto="Kit de WhatsApp")
    assert falso.archivos[subido["file_ids"][0]][1].startswith(b"PK")
