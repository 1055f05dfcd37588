"""Donde las funciones del asistente se encuentran con Slack y Mattermost, de punta a punta por HTTP
real contra el Slack de mentiras: el programador (agenda, recordatorios, canal cerrado, token
revocado) y las descargas pendientes que se terminan al arrancar. Lo mismo en Mattermost está en
``test_mattermost_rutina.py``."""

from __future__ import annotations

import io
import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.plataforma import EspacioInaccesible
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.reanudar import reanudar_descargas
from asistente.plataformas.slack import crear_plataforma as plataforma_slack
from asistente.procesos.app import crear_app
from asistente.programador import correr_pasada
from modelos import Boletin, DescargaPendiente, Espacio, Evento, Medio
from tests.archivos import jpeg
from tests.conftest import Charla, hacer_config
from tests.falso_slack import EQUIPO, FalsoSlack
from tests.grabadora import Grabadora
from tests.test_slack import SECRETO, Servidor, _envio, _mensajes_a, _pulsar, falso, servidor, slack_config  # noqa: F401  (accesorios compartidos)

ESPACIO = f"slack:{EQUIPO}"


def _manana(servidor: Servidor, hora: int, minuto: int = 0) -> datetime:
    """El Slack de las pruebas usa el reloj de verdad: «mañana» es mañana de verdad."""
    return (datetime.now(servidor.config.tz) + timedelta(days=1)).replace(hour=hora, minute=minuto, second=0,
                                                                         microsecond=0)


def _mensajes(falso: FalsoSlack, canal: str, texto: str = "") -> list[dict[str, Any]]:
    return [c.params for c in falso.llamadas("chat.postMessage")
            if c.params.get("channel") == canal and texto in c.params.get("text", "")]


def _preparar(servidor: Servidor) -> None:
    """La directora (U1) registra un evento mañana a las 10 y asigna la foto a Beto (U2)."""
    servidor.anunciar("nueva Inauguración del mercado | mañana a las 10 | Mercado municipal")
    _, _, url = servidor.comando("asignar 1 <@U2|beto> foto", comando="/cobertura")
    servidor.falso.esperar_url(url)
    _mensajes_a(servidor.falso, "DU1", 1)  # «quedaste como director»
    _mensajes_a(servidor.falso, "DU2", 1)  # la asignación a Beto
    servidor.falso.olvidar()


# --- programador por Slack --------------------------------------------------------------------------------
def test_programador_en_slack_agenda_una_vez_en_el_canal_y_recordatorio_por_mensaje_directo(servidor: Servidor) -> None:
    _preparar(servidor)
    plataformas = {"slack": plataforma_slack(servidor.config)}
    correr_pasada(servidor.app, _manana(servidor, 7), plataformas)
    correr_pasada(servidor.app, _manana(servidor, 7, 30), plataformas)  # la segunda pasada no repite

    agendas = _mensajes(servidor.falso, "C-prensa", "Inauguración del mercado")
    assert len(agendas) == 1
    assert "Agenda del día" in agendas[0]["text"] and "10:00" in agendas[0]["text"]
    assert "Mercado municipal" in agendas[0]["text"]
    assert not _mensajes(servidor.falso, "DU2")  # el recordatorio todavía no toca

    correr_pasada(servidor.app, _manana(servidor, 9, 10), plataformas)
    assert servidor.falso.llamadas("conversations.open")[-1].params["users"] == "U2"
    [recordatorio] = _mensajes(servidor.falso, "DU2")
    assert "Inauguración del mercado" in recordatorio["text"] and "foto" in recordatorio["text"]
    assert "Mercado municipal" in recordatorio["text"]
    correr_pasada(servidor.app, _manana(servidor, 9, 20), plataformas)
    assert len(_mensajes(servidor.falso, "DU2")) == 1


@pytest.mark.parametrize("motivo", ["channel_not_found", "not_in_channel"])
def test_canal_donde_el_bot_no_puede_publicar_la_directora_se_entera_de_cual_y_por_que(
    servidor: Servidor, motivo: str
) -> None:
    _preparar(servidor)
    servidor.falso.error_en_canal("C-prensa", motivo)
    plataformas = {"slack": plataforma_slack(servidor.config)}
    correr_pasada(servidor.app, _manana(servidor, 7), plataformas)
    correr_pasada(servidor.app, _manana(servidor, 7, 1), plataformas)

    avisos = _mensajes(servidor.falso, "DU1", "No pude publicar")
    assert len(avisos) == 1  # una vez, no en cada pasada
    assert "C-prensa" in avisos[0]["text"] and motivo in avisos[0]["text"]
    assert "/asistente config canal" in avisos[0]["text"]
    assert not _mensajes(servidor.falso, "DU2")  # a Beto no se le molesta con eso


@pytest.mark.parametrize("motivo", ["invalid_auth", "token_revoked", "account_inactive", "not_authed"])
def test_token_revocado_el_espacio_se_salta_y_los_demas_siguen(servidor: Servidor, motivo: str) -> None:
    _preparar(servidor)
    consola = Charla(servidor.app, ahora=_manana(servidor, 6))
    consola.di("/equipo")
    consola.di("/agenda nueva Sesión de cabildo | hoy a las 12 | Sala de cabildo")
    servidor.falso.revocar(motivo)
    slack = plataforma_slack(servidor.config)
    with pytest.raises(EspacioInaccesible, match=motivo):
        slack.publicar(ESPACIO, "C-prensa", Respuesta.texto("hola"))
    with pytest.raises(EspacioInaccesible):
        slack.mensaje_directo(ESPACIO, "U1", Respuesta.texto("hola"))
    servidor.falso.olvidar()

    grabadora = Grabadora(nombre="consola")
    resumen = correr_pasada(servidor.app, _manana(servidor, 7), {"slack": slack, "consola": grabadora})
    assert ESPACIO in resumen.inaccesibles
    assert any("Sesión de cabildo" in t for t in grabadora.en("C-prensa"))  # la consola sí recibió su agenda
    # Una sola llamada a Slack: al primer «token revocado» se deja el espacio en esta pasada.
    assert len(servidor.falso.llamadas("chat.postMessage")) == 1


# --- descargas pendientes al arrancar ---------------------------------------------------------------------------
HILO = "1700000000.000500"


def _pendiente(app: Aplicacion, falso: FalsoSlack) -> None:
    """Un evento #1 y una foto suya que quedó a medio bajar cuando el proceso cayó."""
    ahora = datetime.now(app.config.tz)
    charla = Charla(app, ahora=ahora, espacio=ESPACIO)
    charla.di("/agenda nueva Inauguración del mercado | mañana a las 10 | Mercado municipal", como="U1")
    url = falso.servir_archivo("DSC_0042.jpg", jpeg(semilla=42), "image/jpeg")
    with app.fabrica.begin() as s:
        espacio_id = s.scalars(select(Espacio.id).where(Espacio.clave == ESPACIO)).one()
        s.add(DescargaPendiente(espacio_id=espacio_id, origen=falso.archivo(url).id, url=url, nombre="DSC_0042.jpg",
                                usuario_id="U1", canal="C-prensa", hilo=HILO, texto="fotos del mercado #1",
                                nombre_usuario="Ana López", creado=ahora - timedelta(minutes=5)))


def _contestado(falso: FalsoSlack, timeout: float = 20) -> dict[str, Any]:
    llamada = falso.esperar("chat.postMessage", timeout=timeout)
    return llamada.params


def _comprobar_archivado(app: Aplicacion, contestacion: dict[str, Any]) -> None:
    assert contestacion["channel"] == "C-prensa" and contestacion["thread_ts"] == HILO
    assert "Archivé 1 archivo" in contestacion["text"] and "#1" in contestacion["text"]
    with app.fabrica() as s:
        medio = s.scalars(select(Medio)).one()
        assert medio.evento_id is not None and medio.nombre_original == "DSC_0042.jpg"
        assert s.scalar(select(func.count(DescargaPendiente.id))) == 0
        clave = medio.clave
    assert "inauguracion-del-mercado" in clave and (app.config.archivo / clave).is_file()


def test_reanudar_descargas_archiva_y_contesta_en_el_hilo_original(slack_config: Config, falso: FalsoSlack) -> None:
    from modelos import Base

    app = crear_app(slack_config)
    Base.metadata.create_all(app.motor)
    try:
        _pendiente(app, falso)
        falso.olvidar()
        assert reanudar_descargas(app, {"slack": plataforma_slack(slack_config)}) == 1
        descargas = falso.llamadas("descarga")
        assert len(descargas) == 1 and descargas[0].headers["authorization"] == "Bearer xoxb-prueba"
        _comprobar_archivado(app, _contestado(falso))
        assert reanudar_descargas(app, {"slack": plataforma_slack(slack_config)}) == 0  # nada queda pendiente
    finally:
        app.motor.dispose()


def test_asistente_servir_termina_al_arrancar_las_descargas_pendientes(tmp_path: Path, falso: FalsoSlack) -> None:
    from tests.procesos import asistente_servir

    bd = f"sqlite:///{tmp_path / 'servir.db'}"
    config = hacer_config(bd, tmp_path, slack_api_url=falso.url, slack_bot_token="xoxb-prueba",
                          slack_signing_secret=SECRETO)
    app = crear_app(config, migrar=True)
    try:
        _pendiente(app, falso)
        falso.olvidar()
        with asistente_servir(tmp_path, ASISTENTE_BD=bd, ASISTENTE_ARCHIVO=str(config.archivo),
                              ASISTENTE_ZONA="America/Mexico_City", SLACK_BOT_TOKEN="xoxb-prueba",
                              SLACK_SIGNING_SECRET=SECRETO, SLACK_API_URL=falso.url, ASISTENTE_LOG="WARNING"):
            _comprobar_archivado(app, _contestado(falso))
    finally:
        app.motor.dispose()


# --- el hilo del anuncio lleva los archivos a su evento (SPEC §4, regla 2) ------------------------------------------
def _foto_en_hilo(falso: FalsoSlack, hilo: str, ts: str, texto: str = "aquí van las del corte de listón",
                  capturado: str = "2025:01:01 08:00:00", semilla: int = 3) -> dict[str, Any]:
    """Una foto de verdad contestada en un hilo, con una hora de captura que no cae en ningún evento."""
    url = falso.servir_archivo(f"DSC_{semilla:04d}.jpg", jpeg(capturado=capturado, semilla=semilla), "image/jpeg")
    return {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U2", "text": texto,
            "ts": ts, "thread_ts": hilo, "files": [falso.descripcion(falso.archivo(url))]}


def _contestacion_en_hilo(falso: FalsoSlack, hilo: str, n: int = 1) -> dict[str, Any]:
    limite = time.monotonic() + 10
    while True:
        en_hilo = [c.params for c in falso.llamadas("chat.postMessage") if c.params.get("thread_ts") == hilo]
        if len(en_hilo) >= n:
            return en_hilo[n - 1]
        assert time.monotonic() < limite, f"nadie contestó en el hilo {hilo}"
        time.sleep(0.05)


def test_foto_contestada_en_el_hilo_del_anuncio_va_a_ese_evento(servidor: Servidor) -> None:
    servidor.anunciar("nueva Otra cosa | mañana a las 9")
    anuncio = servidor.anunciar("nueva Inauguración del mercado | mañana a las 10 | Mercado municipal")
    hilo = anuncio["ts"]
    assert hilo and servidor.evento(_foto_en_hilo(servidor.falso, hilo, "1800000000.000100"), "EvHilo")[0] == 200
    contestacion = _contestacion_en_hilo(servidor.falso, hilo)
    assert "Archivé 1 archivo" in contestacion["text"] and "#2" in contestacion["text"]
    assert "inauguracion-del-mercado" in contestacion["text"]
    with servidor.app.fabrica() as s:
        medio = s.scalars(select(Medio)).one()
        assert s.get(Evento, medio.evento_id).numero == 2  # type: ignore[union-attr]
    assert "inauguracion-del-mercado" in medio.clave and (servidor.config.archivo / medio.clave).is_file()


def test_sin_permiso_en_el_canal_el_anuncio_va_por_response_url(servidor: Servidor) -> None:
    servidor.falso.error_en_canal("C-prensa", "not_in_channel")
    _, _, url = servidor.comando("nueva Inauguración del mercado | mañana a las 10")
    respuesta = servidor.falso.esperar_url(url)
    assert respuesta["response_type"] == "in_channel" and "Evento #1 registrado" in respuesta["text"]
    with servidor.app.fabrica() as s:
        assert s.scalars(select(Evento.hilo_anuncio)).one() == ""  # sin ts no hay hilo que ligar


# --- boletines: el PDF subido a la conversación y sus botones ---------------------------------------------------
def _pulsar_en_canal(boton: dict[str, Any], url: str, usuario: str = "U1") -> dict[str, Any]:
    """El botón de un mensaje del canal del equipo, pulsado por ``usuario`` (U1 es la directora)."""
    carga = _pulsar(boton["action_id"], boton["value"], url)
    carga["user"] = {"id": usuario, "username": usuario.lower(), "team_id": EQUIPO}
    carga["channel"] = {"id": "C-prensa"}
    carga["container"] = {"type": "message", "message_ts": "1.2", "channel_id": "C-prensa"}
    return carga


def _pdf_subido(falso: FalsoSlack, n: int) -> tuple[dict[str, Any], bytes]:
    """La n-ésima subida externa: los parámetros de ``files.completeUploadExternal`` y los bytes subidos."""
    completo = falso.esperar("files.completeUploadExternal", n=n, timeout=15).params
    archivos = completo["files"] if isinstance(completo["files"], list) else json.loads(completo["files"])
    return {**completo, "files": archivos}, falso.subidas()[archivos[0]["id"]]


def test_boletin_en_slack_pdf_subido_y_botones_pdf_y_aprobar(servidor: Servidor) -> None:
    from pypdf import PdfReader

    servidor.anunciar("nueva Inauguración del mercado | mañana a las 10 | Mercado municipal")
    _, _, url = servidor.comando("borrador 1", comando="/boletin")
    borrador = servidor.falso.esperar_url(url)
    assert "Boletín No. 001/2026" in borrador["text"]
    botones = {e["text"]["text"]: e for b in borrador["blocks"] if b["type"] == "actions" for e in b["elements"]}
    assert {"Aprobar", "Editar", "PDF"} <= set(botones)

    _, _, url = servidor.comando("pdf 1", comando="/boletin")
    assert "📄 Boletín No. 001/2026" in servidor.falso.esperar_url(url)["text"]
    assert servidor.falso.esperar("files.getUploadURLExternal").params["filename"].endswith(".pdf")
    completo, datos = _pdf_subido(servidor.falso, 1)
    assert completo["channel_id"] == "C-prensa" and completo["files"][0]["title"] == "Boletín No. 001/2026"
    assert datos.startswith(b"%PDF")
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(datos)).pages)
    assert "001/2026" in texto and "Inauguración del mercado" in texto

    # El botón «PDF» del borrador, pulsado en Slack: otra subida con el mismo PDF.
    servidor.interaccion(_pulsar_en_canal(botones["PDF"], servidor.falso.url_respuesta()))
    completo, otra = _pdf_subido(servidor.falso, 2)
    assert completo["channel_id"] == "C-prensa" and otra.startswith(b"%PDF")

    # «Aprobar» por alguien que no es director: no cambia nada.
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar_en_canal(botones["Aprobar"], url, usuario="U2"))
    assert "director" in servidor.falso.esperar_url(url)["text"]
    # «Aprobar» por la directora con el relleno de la plantilla sin completar: no se aprueba.
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar_en_canal(botones["Aprobar"], url))
    assert "todavía tiene texto de relleno" in servidor.falso.esperar_url(url)["text"]
    # «Editar» abre el modal; se completa la nota y entonces sí se aprueba.
    servidor.interaccion(_pulsar_en_canal(botones["Editar"], servidor.falso.url_respuesta()))
    vista = servidor.falso.esperar("views.open").params["view"]
    estado, cuerpo = servidor.interaccion(_envio(vista, {
        "titular": "Inauguran el mercado municipal", "resumen": "- Inauguración del mercado.",
        "cuerpo_1": "Comerciantes y vecinos estrenan el mercado municipal.",
    }))
    assert estado == 200 and cuerpo == "", cuerpo
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar_en_canal(botones["Aprobar"], url))
    assert "Boletín No. 001/2026 aprobado" in servidor.falso.esperar_url(url)["text"]
    with servidor.app.fabrica() as s:
        assert s.scalars(select(Boletin.estado)).one() == "aprobado"


# --- sin evento: los botones de la pregunta mueven la foto -------------------------------------------------------
def test_foto_sin_evento_se_mueve_con_el_boton_pulsado_en_slack(servidor: Servidor) -> None:
    servidor.anunciar("nueva Entrega de despensas | hoy a las 23:30 | DIF municipal")
    ts = "1800000000.000700"
    evento = _foto_en_hilo(servidor.falso, ts, ts, texto="fotos", semilla=9)
    del evento["thread_ts"]  # un mensaje suelto en el canal, sin #N y con otra hora de captura
    assert servidor.evento(evento, "EvSinEvento")[0] == 200
    pregunta = _contestacion_en_hilo(servidor.falso, ts)
    assert "sin evento" in pregunta["text"] and "¿De qué evento es?" in pregunta["text"]
    with servidor.app.fabrica() as s:
        medio = s.scalars(select(Medio)).one()
    antes = servidor.config.archivo / medio.clave
    assert medio.evento_id is None and "sin-evento" in medio.clave and antes.is_file()

    bloques = pregunta["blocks"] if isinstance(pregunta["blocks"], list) else json.loads(pregunta["blocks"])
    [boton] = [e for b in bloques if b["type"] == "actions" for e in b["elements"]]
    assert "#1 Entrega de despensas" in boton["text"]["text"]
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar_en_canal(boton, url))
    assert "#1" in servidor.falso.esperar_url(url)["text"]
    with servidor.app.fabrica() as s:
        medio = s.scalars(select(Medio)).one()
        assert medio.evento_id == s.scalars(select(Evento.id)).one()
    despues = servidor.config.archivo / medio.clave
    assert "entrega-de-despensas" in medio.clave and despues.is_file() and not antes.exists()
