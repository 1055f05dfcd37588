"""Las solicitudes de punta a punta en Mattermost (su falso REST y WebSocket): el anuncio en el canal queda
como hilo de la solicitud, el mensaje directo a quien la hace y una versión soltada en ese hilo."""

from __future__ import annotations

import time

from sqlalchemy import select

from asistente.plataformas.mattermost.escucha import Espera, iniciar_escucha
from modelos import Solicitud
from tests.test_mattermost import Mundo, falso, mundo, visible  # noqa: F401  (accesorios compartidos)
from tests.test_solicitudes import docx


def _hilo_de(app: object, folio: int, limite: float) -> str:
    while True:
        with app.fabrica() as s:  # type: ignore[attr-defined]
            hilo = s.scalar(select(Solicitud.hilo).where(Solicitud.numero == folio))
        if hilo:
            return str(hilo)
        assert time.monotonic() < limite, "el anuncio no quedó como hilo de la solicitud"
        time.sleep(0.05)


def test_solicitud_en_mattermost_con_su_hilo_y_una_version(mundo: Mundo) -> None:
    falso_mm = mundo.falso
    r = mundo.di("/solicitud nueva Obras | lona | 20 de marzo | Lona de la obra del drenaje | 3 x 1 m | 1")
    assert r == {"response_type": "ephemeral", "text": ""}
    anuncio = falso_mm.esperar_post(texto="S-001")
    assert anuncio["channel_id"] == mundo.canal and not anuncio["efimero"]
    assert "Obras Públicas" in visible(anuncio["message"])
    assert _hilo_de(mundo.app, 1, time.monotonic() + 5) == anuncio["id"]

    r = mundo.di("/solicitud asignar S-001 @ana")
    assert "S-001 asignada a" in r["text"]
    falso_mm.esperar_post(lambda p: p["channel_id"] != mundo.canal, texto="se la asignó")

    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    try:
        falso_mm.esperar_conexiones(1)
        archivo = falso_mm.agregar_archivo("lona.docx", docx(), "application/octet-stream")
        post = falso_mm.emitir_posted(mundo.canal, mundo.ana, [archivo], mensaje="va la lona", raiz=anuncio["id"])
        respuesta = falso_mm.esperar_post(lambda p: p["root_id"] in (post, anuncio["id"]) and p["id"] != anuncio["id"],
                                          texto="S-001")
        assert "como versión S-001 v1" in visible(respuesta["message"])
    finally:
        escucha.detener()
    ver = mundo.di("/solicitud ver S-001")["text"]
    assert "v1-lona.docx" in ver and "asignada" in ver


def test_el_formulario_de_solicitud_es_un_dialogo_de_mattermost_de_punta_a_punta(mundo: Mundo) -> None:
    from tests.test_mattermost import _alterar

    def solicitudes() -> int:
        with mundo.app.fabrica() as s:
            return len(s.scalars(select(Solicitud.id)).all())

    assert mundo.di("/solicitud") == {}
    dialogo = mundo.falso.dialogos[-1]
    assert dialogo["url"] == f"{mundo.url}/mattermost/dialogos"
    d = dialogo["dialog"]
    assert d["title"] == "Nueva solicitud" and d["submit_label"] == "Enviar"
    nombres = [e["name"] for e in d["elements"]]
    assert nombres == ["area", "tipo", "para", "descripcion", "impreso", "medida", "piezas"]
    tipo = next(e for e in d["elements"] if e["name"] == "tipo")
    assert tipo["type"] == "select" and tipo["default"] == "cartel" and {"value": "lona", "text": "Lona"} in tipo["options"]

    valores = {"area": "Obras", "tipo": "lona", "para": "cuando llueva", "descripcion": "Lona de la obra del drenaje",
               "impreso": "si", "medida": "3 x 1 m", "piezas": "2"}
    e = mundo.falso.enviar_dialogo(dialogo, valores, usuario=mundo.dir, canal=mundo.canal)
    assert e.status_code == 200 and "cuando llueva" in e.json()["errors"]["para"]
    e = mundo.falso.enviar_dialogo(dialogo, {**valores, "para": "20 de marzo", "descripcion": ""}, usuario=mundo.dir,
                                   canal=mundo.canal)
    assert e.json()["errors"] == {"descripcion": "Este campo es obligatorio."}
    e = mundo.falso.enviar_dialogo(dialogo, {**valores, "para": "20 de marzo", "piezas": "muchas"}, usuario=mundo.dir,
                                   canal=mundo.canal)
    assert "piezas" in e.json()["errors"]
    e = mundo.falso.enviar_dialogo(dialogo, {**valores, "para": "20 de marzo"}, usuario=mundo.dir, canal=mundo.canal,
                                   estado=_alterar(d["state"]))
    assert "no es válido" in e.json()["error"]
    assert solicitudes() == 0  # nada de lo malo guardó algo

    e = mundo.falso.enviar_dialogo(dialogo, {**valores, "para": "20 de marzo"}, usuario=mundo.dir, canal=mundo.canal)
    assert e.status_code == 200 and not e.content
    anuncio = mundo.falso.esperar_post(texto="S-001")
    assert anuncio["channel_id"] == mundo.canal and not anuncio["efimero"]
    mensaje = visible(anuncio["message"])
    assert "Obras Públicas" in mensaje and "lona" in mensaje.lower()
    assert _hilo_de(mundo.app, 1, time.monotonic() + 5) == anuncio["id"]  # el anuncio del diálogo es su hilo
    assert solicitudes() == 1
    with mundo.app.fabrica() as s:
        solicitud = s.scalars(select(Solicitud)).one()
        assert (solicitud.tipo, solicitud.impreso, solicitud.medida, solicitud.piezas) == ("lona", True, "3 x 1 m", 2)
