"""La cobertura en Slack, de punta a punta: comandos firmados, mensajes directos con botones, el aviso a
la directora y lo que muestra la agenda después (SPEC §1, issue de cobertura)."""

from __future__ import annotations

from typing import Any

from tests.test_slack import (  # noqa: F401  (accesorios compartidos)
    Servidor,
    _mensajes_a,
    _pulsar,
    falso,
    servidor,
    slack_config,
    validar_bloques,
)


def _boton(mensaje: dict[str, Any], prefijo: str) -> dict[str, Any]:
    validar_bloques(mensaje["blocks"])
    botones = [e for b in mensaje["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return next(b for b in botones if b["action_id"].startswith(prefijo))


def _di(servidor: Servidor, texto: str, comando: str = "/agenda", usuario: str = "U1") -> str:
    if comando == "/agenda" and texto.startswith("nueva "):
        return str(servidor.anunciar(texto, usuario=usuario)["text"])  # el bot lo anuncia en el canal
    _, _, url = servidor.comando(texto, comando=comando, usuario=usuario)
    return str(servidor.falso.esperar_url(url)["text"])


def test_aceptar_se_ve_en_la_agenda_y_no_puedo_reabre_el_rol(servidor: Servidor) -> None:
    _di(servidor, "nueva Cabildo abierto | mañana a las 10 | Sala de cabildo")
    _di(servidor, "asignar 1 <@U2|beto> foto", comando="/cobertura")
    assert "foto ⏳" in _di(servidor, "mañana")

    aviso = _mensajes_a(servidor.falso, "DU2", 1)[0]
    assert "Cabildo abierto" in aviso["text"] and "Sala de cabildo" in aviso["text"]
    acepto = _boton(aviso, "cobertura.aceptar")
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar(acepto["action_id"], acepto["value"], url))
    reemplazo = servidor.falso.esperar_url(url)
    assert reemplazo["replace_original"] is True
    assert not [b for b in reemplazo.get("blocks", []) if b["type"] == "actions"]  # sin botones ya
    assert "foto ✅" in _di(servidor, "mañana")

    # Otro evento: Beto no puede; el rol vuelve a faltar y la directora se entera.
    _di(servidor, "nueva Feria del elote | mañana a las 18")
    _di(servidor, "asignar 2 <@U2|beto> foto", comando="/cobertura")
    aviso = _mensajes_a(servidor.falso, "DU2", 2)[1]
    no_puedo = _boton(aviso, "cobertura.rechazar")
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar(no_puedo["action_id"], no_puedo["value"], url))
    servidor.falso.esperar_url(url)
    director = _mensajes_a(servidor.falso, "DU1", 3)
    assert any("no puede cubrir foto en el evento #2" in m["text"] for m in director)
    listado = _di(servidor, "mañana")
    assert "foto ✅" in listado  # el #1 sigue cubierto
    assert "⚠️ (❌" in listado  # el #2 otra vez sin foto, con quién no pudo


def test_empalme_avisa_y_nombra_el_otro_evento(servidor: Servidor) -> None:
    _di(servidor, "nueva Cabildo abierto | mañana a las 10")
    _di(servidor, "nueva Rueda de prensa | mañana a las 11:15")
    _di(servidor, "asignar 1 <@U2|beto> foto", comando="/cobertura")
    respuesta = _di(servidor, "asignar 2 <@U2|beto> foto", comando="/cobertura")
    assert "#1" in respuesta and "Cabildo abierto" in respuesta and "10:00" in respuesta
    assert "traslado" in respuesta


def test_solo_la_persona_asignada_contesta_su_boton(servidor: Servidor) -> None:
    _di(servidor, "nueva Cabildo abierto | mañana a las 10")
    _di(servidor, "asignar 1 <@U2|beto> foto", comando="/cobertura")
    acepto = _boton(_mensajes_a(servidor.falso, "DU2", 1)[0], "cobertura.aceptar")
    carga = _pulsar(acepto["action_id"], acepto["value"], servidor.falso.url_respuesta())
    carga["user"] = {"id": "U1", "username": "dir", "team_id": carga["team"]["id"]}
    servidor.interaccion(carga)
    respuesta = servidor.falso.esperar_url(carga["response_url"])
    assert not respuesta.get("replace_original") and "solo esa persona puede contestarla" in respuesta["text"]
    assert "foto ⏳" in _di(servidor, "mañana")
