"""Las solicitudes de punta a punta en Slack (peticiones firmadas, un Slack local): el anuncio en el canal
queda como hilo de la solicitud, el mensaje directo a quien la hace, una versión soltada en ese hilo, los
permisos y lo que muestra /solicitud ver."""

from __future__ import annotations

import json
import time

from slack_sdk.models.views import View
from sqlalchemy import select

from modelos import Medio, Solicitud
from tests.test_slack import (  # noqa: F401  (accesorios compartidos)
    Servidor,
    _envio,
    _mensajes_a,
    falso,
    servidor,
    slack_config,
)
from tests.test_solicitudes import psd


def _hilo_de(app: object, folio: int, limite: float) -> str:
    while True:
        with app.fabrica() as s:  # type: ignore[attr-defined]
            hilo = s.scalar(select(Solicitud.hilo).where(Solicitud.numero == folio))
        if hilo:
            return str(hilo)
        assert time.monotonic() < limite, "el anuncio no quedó como hilo de la solicitud"
        time.sleep(0.05)


def _di_slack(servidor: Servidor, texto: str, usuario: str = "U1") -> str:
    _, _, url = servidor.comando(texto, comando="/solicitud", usuario=usuario)
    return str(servidor.falso.esperar_url(url)["text"])


def test_solicitud_en_slack_anuncio_hilo_aviso_y_version(servidor: Servidor) -> None:
    estado, cuerpo, _ = servidor.comando("nueva DIF | cartel | viernes | Cartel de vacunación canina",
                                         comando="/solicitud")
    assert estado == 200 and cuerpo == ""
    (anuncio,) = _mensajes_a(servidor.falso, "C-prensa", 1, filtro="S-001")
    assert "Solicitud S-001" in anuncio["text"] and "DIF Municipal" in anuncio["text"]
    ts = next(c.respuesta["ts"] for c in servidor.falso.llamadas("chat.postMessage")
              if c.params.get("channel") == "C-prensa" and "S-001" in c.params.get("text", ""))
    assert _hilo_de(servidor.app, 1, time.monotonic() + 5) == ts

    assert "S-001 asignada a beto" in _di_slack(servidor, "asignar S-001 <@U2|beto>")
    (aviso,) = _mensajes_a(servidor.falso, "DU2", 1)
    assert "S-001 (cartel de DIF Municipal)" in aviso["text"] and "se la asignó" in aviso["text"]
    assert "Solo un director puede aprobar" in _di_slack(servidor, "aprobar S-001", usuario="U2")

    # Beto contesta el diseño en el hilo del anuncio, sin escribir el folio.
    url = servidor.falso.servir_archivo("cartel.psd", psd(), "image/vnd.adobe.photoshop")
    evento = {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U2", "text": "ahí va",
              "ts": "1700000000.000700", "thread_ts": ts, "files": [servidor.falso.descripcion(servidor.falso.archivo(url))]}
    assert servidor.evento(evento, "EvVersion")[0] == 200
    (respuesta,) = _mensajes_a(servidor.falso, "C-prensa", 1, filtro="como versión S-001 v1")
    assert respuesta["thread_ts"] in (ts, "1700000000.000700")
    assert "entregada por Beto Ruiz (la versión v1)" in _di_slack(servidor, "entregar S-001", usuario="U2")
    assert _di_slack(servidor, "aprobar S-001").startswith("S-001 aprobada")
    ver = _di_slack(servidor, "ver S-001")
    assert "*v1*" in ver and "v1-cartel.psd" in ver and "aprobada" in ver
    with servidor.app.fabrica() as s:
        assert s.scalars(select(Medio.version)).one() == 1


def test_solicitud_abre_un_modal_con_errores_por_campo_y_luego_registra(servidor: Servidor) -> None:
    servidor.comando("", comando="/solicitud", disparo="disparo.777")
    vista = servidor.falso.esperar("views.open").params["view"]
    View(**vista).validate_json()
    assert vista["title"]["text"] == "Nueva solicitud"
    assert [b["block_id"] for b in vista["blocks"]][:4] == ["area", "tipo", "para", "descripcion"]
    estado, cuerpo = servidor.interaccion(_envio(vista, {"area": "Obras Publikas", "tipo": "cartel", "para": "viernes",
                                                         "descripcion": "Cartel", "impreso": "no"}))
    assert estado == 200 and "¿Quisiste decir «Obras Públicas»?" in json.loads(cuerpo)["errors"]["area"]
    assert servidor.contar(Solicitud) == 0
    estado, cuerpo = servidor.interaccion(_envio(vista, {"area": "Obras", "tipo": "lona", "para": "20 de marzo",
                                                         "descripcion": "Lona de la obra", "impreso": "si",
                                                         "medida": "3 x 1 m", "piezas": "1"}))
    assert estado == 200 and cuerpo == ""
    (anuncio,) = _mensajes_a(servidor.falso, "C-prensa", 1, filtro="S-001")
    assert "lona de *Obras Públicas*" in anuncio["text"]
    assert _hilo_de(servidor.app, 1, time.monotonic() + 5)


def test_un_channel_o_un_enlace_disfrazado_en_la_solicitud_no_avisa_a_todo_el_canal(servidor: Servidor) -> None:
    # Slack manda «<!channel>» y «<https://x.mx|clic>» escapados como &lt;…&gt; en el texto del comando.
    estado, _, _ = servidor.comando(
        "nueva DIF | cartel | viernes | &lt;!channel&gt; urgente &lt;https://malo.mx|vacunacion.gob.mx&gt; @here",
        comando="/solicitud")
    assert estado == 200
    (anuncio,) = _mensajes_a(servidor.falso, "C-prensa", 1, filtro="S-001")
    publicado = json.dumps(anuncio, ensure_ascii=False)
    assert "<!channel>" not in publicado and "<!here>" not in publicado and "<https://malo.mx|" not in publicado
    assert "&lt;!channel&gt;" in publicado
