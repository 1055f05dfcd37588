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
