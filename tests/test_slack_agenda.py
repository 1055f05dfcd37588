"""La agenda en Slack, de punta a punta: un evento que se repite se lee de vuelta en una respuesta
efímera con botones válidos para Slack, y el botón **Registrar** crea cada fecha (SPEC §13)."""

from __future__ import annotations

import io
import json
import time
from datetime import datetime
from typing import Any

from PIL import Image
from slack_sdk.models.views import View
from sqlalchemy import select

from asistente.plataformas.slack import crear_plataforma as plataforma_slack
from asistente.programador import correr_pasada
from modelos import Evento
from tests.test_slack import (  # noqa: F401  (accesorios compartidos)
    Servidor,
    _disparo,
    _mensajes_a,
    falso,
    servidor,
    slack_config,
    validar_bloques,
)
from tests.falso_slack import EQUIPO


def _pulsar_como(usuario: str, accion: str, valor: str, url: str) -> dict[str, Any]:
    return {"type": "block_actions", "team": {"id": EQUIPO, "domain": "prensa"},
            "user": {"id": usuario, "username": usuario.lower(), "team_id": EQUIPO}, "api_app_id": "A1",
            "trigger_id": _disparo(), "response_url": url, "channel": {"id": "C-prensa"},
            "container": {"type": "message", "message_ts": "1.1", "channel_id": "C-prensa"},
            "message": {"ts": "1.1", "text": "serie"},
            "actions": [{"type": "button", "action_id": accion, "block_id": "b", "value": valor,
                         "action_ts": str(time.time())}]}


def test_serie_se_lee_de_vuelta_y_el_boton_la_registra(servidor: Servidor) -> None:
    _, _, url = servidor.comando("nueva Reunión de gabinete | cada lunes a las 10 3 veces | Sala de juntas")
    propuesta = servidor.falso.esperar_url(url)
    assert propuesta["response_type"] == "ephemeral"
    assert "se repite cada lunes, a las 10:00, 3 veces: 3 fechas" in propuesta["text"]
    validar_bloques(propuesta["blocks"])
    botones = [e for b in propuesta["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in botones] == ["Registrar 3 fechas", "Descartar"]
    with servidor.app.fabrica() as s:
        assert s.scalars(select(Evento)).all() == []

    registrar = botones[0]
    url_boton = servidor.falso.url_respuesta()
    estado, _ = servidor.interaccion(_pulsar_como("U1", registrar["action_id"], registrar["value"], url_boton))
    assert estado == 200
    servidor.esperar_pendientes()
    with servidor.app.fabrica() as s:
        eventos = s.scalars(select(Evento).order_by(Evento.numero)).all()
        assert [e.numero for e in eventos] == [1, 2, 3] and len({e.serie_id for e in eventos}) == 1
        assert [(e.inicio - eventos[0].inicio).days for e in eventos] == [0, 7, 14]
        assert {e.lugar for e in eventos} == {"Sala de juntas"}
    # La confirmación reemplaza la propuesta (sin botones ya) y se publica en el canal.
    reemplazo = servidor.falso.esperar_url(url_boton)
    assert reemplazo["replace_original"] is True and reemplazo["text"].startswith("Serie registrada: Reunión de gabinete, 3 fechas")
    assert not [b for b in reemplazo.get("blocks", []) if b["type"] == "actions"]
    [aviso] = _mensajes_a(servidor.falso, "C-prensa", 1, filtro="Serie registrada")
    assert "eventos #1 a #3" in aviso["text"]
    servidor.esperar_pendientes()


def test_mes_sube_la_imagen_al_canal_con_la_lista(servidor: Servidor) -> None:
    _, _, url = servidor.comando("mes")
    respuesta = servidor.falso.esperar_url(url)
    assert respuesta["response_type"] == "in_channel" and "Agenda de " in respuesta["text"]
    validar_bloques(respuesta["blocks"])
    completo = servidor.falso.esperar("files.completeUploadExternal").params
    archivos = completo["files"] if isinstance(completo["files"], list) else json.loads(completo["files"])
    assert completo["channel_id"] == "C-prensa" and archivos[0]["title"].startswith("Agenda de ")
    [png] = [d for d in servidor.falso.subidas().values() if d.startswith(b"\x89PNG")]
    with Image.open(io.BytesIO(png)) as imagen:
        assert imagen.size == (1080, 1350)
    servidor.esperar_pendientes()


def test_oficio_pegado_abre_el_modal_lleno(servidor: Servidor) -> None:
    carta = ("Dirección de Obras Públicas\nAsunto: Invitación\nMe permito invitarle a la Inauguración de la cancha "
             "de usos múltiples, el 12 de diciembre de 2099 a las 10:00 horas, en la Explanada municipal.\n"
             "Atentamente")
    _, _, url = servidor.comando("nueva " + carta, disparo="disparo.oficio")
    llamada = servidor.falso.esperar("views.open")
    assert llamada.params["trigger_id"] == "disparo.oficio"
    vista = llamada.params["view"]
    View(**vista).validate_json()
    iniciales = {b["block_id"]: b["element"].get("initial_value") for b in vista["blocks"] if b["type"] == "input"}
    assert iniciales["titulo"] == "Inauguración de la cancha de usos múltiples"
    assert iniciales["cuando"] == "12/12/2099 10:00" and iniciales["lugar"] == "Explanada municipal"
    assert "Dirección de Obras Públicas" in iniciales["notas"]
    assert not servidor.falso.respuestas_url(url)
    with servidor.app.fabrica() as s:
        assert s.scalars(select(Evento)).all() == []


def test_tarjeta_informativa_por_mensaje_directo_en_slack(servidor: Servidor) -> None:
    """La víspera a las 18:00 el programador manda la tarjeta a quien preside (aquí, Beto: U2)."""
    _, _, url = servidor.comando("", comando="/equipo", usuario="U2")
    servidor.falso.esperar_url(url)
    servidor.anunciar("nueva Inauguración del mercado | mañana a las 10 | Mercado municipal")
    with servidor.app.fabrica.begin() as s:
        s.scalars(select(Evento)).one().preside = "@u2"
    plataformas = {"slack": plataforma_slack(servidor.config)}
    hoy = datetime.now(servidor.config.tz).replace(second=0, microsecond=0)
    servidor.falso.olvidar()
    correr_pasada(servidor.app, hoy.replace(hour=17, minute=59), plataformas)
    assert not _tarjetas(servidor, "DU2")
    correr_pasada(servidor.app, hoy.replace(hour=18, minute=0), plataformas)
    correr_pasada(servidor.app, hoy.replace(hour=18, minute=5), plataformas)
    [tarjeta] = _tarjetas(servidor, "DU2")
    assert "Inauguración del mercado" in tarjeta["text"] and "Mercado municipal" in tarjeta["text"]
    assert "10:00 a 11:00" in tarjeta["text"]
    validar_bloques(tarjeta["blocks"])
    assert not _tarjetas(servidor, "DU1")  # la directora no: preside alguien del equipo


def _tarjetas(servidor: Servidor, canal: str) -> list[dict[str, Any]]:
    return [c.params for c in servidor.falso.llamadas("chat.postMessage")
            if c.params.get("channel") == canal and "Tarjeta informativa" in c.params.get("text", "")]
