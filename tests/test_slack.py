"""Slack de punta a punta: peticiones firmadas por HTTP real a ``asistente servir`` (waitress en un
hilo, puerto 0) y un Slack falso que registra lo que el bot le manda."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import io
import itertools
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from servidor_en_hilo import correr_en_hilo
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

from asistente.archivo.entrada import ArchivoRemoto, ErrorDeDescarga
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.errores import MENSAJE_GENERICO
from asistente.nucleo.plataforma import ErrorDeEnvio
from asistente.nucleo.respuesta import Boton, Respuesta
from asistente.plataformas.slack import crear_plataforma
from asistente.plataformas.slack.descargas import DescargadorSlack
from asistente.plataformas.slack.oyentes import Oyentes, crear_bolt
from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.procesos.app import crear_app
from comandos import agenda, registro
from modelos import Asignacion, Base, Espacio, Evento, EventoProcesado, Medio, Persona
from tests.conftest import hacer_config
from tests.falso_slack import EQUIPO, FalsoSlack, FalsoSocketMode, disparo

SECRETO = "secreto-de-firma"


def validar_bloques(bloques: list[dict[str, Any]]) -> None:
    """Lo que Slack rechazaría: más de 50 bloques, secciones de más de 3000 caracteres, etc."""
    assert len(bloques) <= 50
    for bloque in Block.parse_all(bloques):
        bloque.validate_json()
    for b in bloques:
        if b["type"] == "section":
            assert len(b["text"]["text"]) <= 3000
        if b["type"] == "actions":
            assert len(b["elements"]) <= 25


def _disparo(valor: str = "") -> str:
    """Un ``trigger_id`` nuevo: Slack da uno distinto a cada comando y a cada clic (y el Slack falso
    solo abre un modal con uno que dio él)."""
    return disparo(valor)


@dataclass
class Servidor:
    app: Aplicacion
    falso: FalsoSlack
    url: str
    config: Config
    oyentes: Oyentes | None = None  # None cuando el servidor es otro proceso (asistente servir)

    def esperar_pendientes(self) -> None:
        """Espera a que el bot termine lo que ya aceptó (la cola vacía, no un tiempo fijo)."""
        assert self.oyentes is not None and self.oyentes.esperar_pendientes()

    # --- HTTP firmado ------------------------------------------------------------------------------
    def post(self, cuerpo: str, tipo: str, *, secreto: str = SECRETO, marca: int | None = None,
             extra: dict[str, str] | None = None) -> tuple[int, str]:
        marca = int(time.time()) if marca is None else marca
        firma = SignatureVerifier(secreto).generate_signature(timestamp=str(marca), body=cuerpo)
        cabeceras = {"Content-Type": tipo, "X-Slack-Request-Timestamp": str(marca), "X-Slack-Signature": firma,
                     **(extra or {})}
        peticion = urllib.request.Request(f"{self.url}/slack/events", data=cuerpo.encode(), headers=cabeceras, method="POST")
        try:
            with urllib.request.urlopen(peticion, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def comando(self, texto: str, comando: str = "/agenda", usuario: str = "U1", disparo: str = "",
                **kw: Any) -> tuple[int, str, str]:
        """Manda un comando slash (con un ``trigger_id`` nuevo, como Slack); devuelve (estado, cuerpo, response_url)."""
        url = self.falso.url_respuesta()
        datos = {"token": "x", "team_id": EQUIPO, "team_domain": "prensa", "channel_id": "C-prensa",
                 "channel_name": "prensa", "user_id": usuario, "user_name": usuario.lower(), "command": comando,
                 "text": texto, "response_url": url, "trigger_id": _disparo(disparo), "api_app_id": "A1"}
        estado, cuerpo = self.post(urlencode(datos), "application/x-www-form-urlencoded", **kw)
        return estado, cuerpo, url

    def anunciar(self, texto: str, usuario: str = "U1", canal: str = "C-prensa") -> dict[str, Any]:
        """``/agenda nueva …`` en ``canal``: el anuncio sale con chat.postMessage (así su ``ts`` queda como
        hilo del evento). Devuelve los parámetros de ese mensaje."""
        def anuncios() -> list[dict[str, Any]]:
            return [{**c.params, "ts": c.respuesta.get("ts")} for c in self.falso.llamadas("chat.postMessage")
                    if c.params.get("channel") == canal and "registrado" in c.params.get("text", "")]

        previos = len(anuncios())
        estado, cuerpo, _ = self.comando(texto, usuario=usuario)
        assert estado == 200 and cuerpo == ""  # el ack llega vacío, de inmediato
        limite = time.monotonic() + 5
        while len(anuncios()) <= previos:
            assert time.monotonic() < limite, f"el anuncio no llegó a {canal}"
            time.sleep(0.05)
        anuncio = anuncios()[previos]
        while not self.anclado(anuncio["ts"]):  # el ``ts`` se anota justo después de publicar
            assert time.monotonic() < limite, "el anuncio no quedó como hilo de su evento"
            time.sleep(0.05)
        return anuncio

    def anclado(self, ts: str) -> bool:
        with self.app.fabrica() as s:
            return s.scalar(select(func.count()).select_from(Evento).where(Evento.hilo_anuncio == ts)) == 1

    def interaccion(self, carga: dict[str, Any]) -> tuple[int, str]:
        return self.post(urlencode({"payload": json.dumps(carga)}), "application/x-www-form-urlencoded")

    def evento(self, evento: dict[str, Any], event_id: str, reintento: int | None = None) -> tuple[int, str]:
        cuerpo = {"token": "x", "team_id": EQUIPO, "api_app_id": "A1", "type": "event_callback",
                  "event_id": event_id, "event_time": int(time.time()), "event": evento,
                  "authorizations": [{"team_id": EQUIPO, "user_id": "UBOT", "is_bot": True}]}
        extra = {"X-Slack-Retry-Num": str(reintento), "X-Slack-Retry-Reason": "http_timeout"} if reintento else None
        return self.post(json.dumps(cuerpo), "application/json", extra=extra)

    def get(self, ruta: str) -> tuple[int, str]:
        with urllib.request.urlopen(f"{self.url}{ruta}", timeout=10) as r:
            return r.status, r.read().decode()

    def contar(self, modelo: type[Any]) -> int:
        with self.app.fabrica() as s:
            return int(s.scalar(select(func.count()).select_from(modelo)) or 0)


@pytest.fixture
def falso() -> Iterator[FalsoSlack]:
    with FalsoSlack() as f:
        f.nombres.update({"U1": "Ana López", "U2": "Beto Ruiz"})
        yield f


@pytest.fixture
def slack_config(bd_url: str, tmp_path: Path, falso: FalsoSlack) -> Config:
    return hacer_config(bd_url, tmp_path, slack_api_url=falso.url, slack_bot_token="xoxb-prueba",
                        slack_signing_secret=SECRETO)


@pytest.fixture
def servidor(slack_config: Config, falso: FalsoSlack) -> Iterator[Servidor]:
    app = crear_app(slack_config)
    Base.metadata.create_all(app.motor)
    bolt = crear_bolt(app)
    web = crear_servidor(crear_wsgi(app, bolt=bolt), "127.0.0.1", 0)
    detener = correr_en_hilo(web)
    try:
        yield Servidor(app, falso, f"http://127.0.0.1:{web.effective_port}", slack_config, bolt.oyentes)
    finally:
        detener()
        app.motor.dispose()


# --- comandos slash -----------------------------------------------------------------------------------
def test_comando_slash_contesta_por_response_url(servidor: Servidor) -> None:
    _, _, url = servidor.comando("mañana")
    respuesta = servidor.falso.esperar_url(url)
    assert respuesta["response_type"] == "ephemeral" and "No hay eventos" in respuesta["text"]


def test_anuncio_sale_en_el_canal_con_su_ts_como_hilo_del_evento(servidor: Servidor) -> None:
    respuesta = servidor.anunciar("nueva Conferencia <script>& | mañana a las 10 | Palacio")
    assert respuesta["channel"] == "C-prensa" and not respuesta.get("thread_ts")
    assert "Evento #1 registrado" in respuesta["text"]
    assert "&lt;script&gt;&amp;" in respuesta["text"] and "<script>" not in respuesta["text"]
    validar_bloques(respuesta["blocks"] if isinstance(respuesta["blocks"], list) else json.loads(respuesta["blocks"]))
    assert not servidor.falso.respuestas_url()  # nada por response_url
    with servidor.app.fabrica() as s:
        evento = s.scalars(select(Evento)).one()
        assert evento.titulo == "Conferencia <script>&" and evento.canal == "C-prensa"
        assert evento.hilo_anuncio == respuesta["ts"]
        persona = s.scalars(select(Persona)).one()
        assert persona.nombre == "Ana López"  # de users.info
        assert s.scalars(select(Espacio)).one().clave == f"slack:{EQUIPO}"


def test_listado_escapa_mrkdwn_y_es_efimero(servidor: Servidor) -> None:
    servidor.anunciar("nueva Foro *vecinal* <@U9> & más | mañana a las 10")
    _, _, url = servidor.comando("mañana", usuario="U2")
    respuesta = servidor.falso.esperar_url(url)
    assert respuesta["response_type"] == "ephemeral"
    texto = json.dumps(respuesta["blocks"], ensure_ascii=False)
    # La mención del título se guarda legible («@U9»): en Slack eso no avisa a nadie; solo <@U9> lo haría.
    assert "@U9 &amp; más" in texto and "<@U9>" not in texto
    validar_bloques(respuesta["blocks"])


def test_error_de_usuario_llega_en_espanol_con_su_uso(servidor: Servidor) -> None:
    _, _, url = servidor.comando("ver doce")
    texto = servidor.falso.esperar_url(url)["text"]
    assert "no es un número de evento" in texto and "Uso:" in texto


def _explota(*_: object) -> Respuesta:
    raise RuntimeError("se cayó el disco")


def _sin_datos(*_: object) -> Respuesta:
    return Respuesta.plantilla("evento.j2")  # le faltan los datos: falla al dibujarse, ya fuera del despacho


@pytest.mark.parametrize("falla", [_explota, _sin_datos], ids=["en_el_comando", "al_dibujar"])
def test_un_error_inesperado_se_registra_con_su_traza_y_se_contesta_con_el_mensaje_generico(
    servidor: Servidor, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, falla: Any,
) -> None:
    """Dentro del despacho o en el adaptador, la persona lee lo mismo (antes, lo que fallaba al
    dibujar la respuesta no llegaba a Slack: la persona no recibía nada)."""
    monkeypatch.setitem(agenda.enrutador.subcomandos, "ver", falla)
    with caplog.at_level(logging.ERROR):
        _, _, url = servidor.comando("ver 1")
        respuesta = servidor.falso.esperar_url(url)
    assert respuesta["text"] == MENSAJE_GENERICO and respuesta["response_type"] == "ephemeral"
    assert any(r.exc_info and r.levelno == logging.ERROR for r in caplog.records)
    assert "Traceback" in caplog.text


def test_firma_mala_o_marca_vieja_dan_401_y_nada_cambia(servidor: Servidor) -> None:
    estado, _, url = servidor.comando("nueva Foro | mañana a las 10", secreto="otro-secreto")
    assert estado == 401
    viejo = int(time.time()) - 6 * 60
    estado, _, url2 = servidor.comando("nueva Foro | mañana a las 10", marca=viejo)
    assert estado == 401
    servidor.esperar_pendientes()  # la cola vacía: nada se aceptó
    assert servidor.contar(Evento) == 0 and servidor.contar(Espacio) == 0 and servidor.contar(Persona) == 0
    assert not servidor.falso.respuestas_url(url) and not servidor.falso.respuestas_url(url2)


def test_salud(servidor: Servidor) -> None:
    estado, cuerpo = servidor.get("/salud")
    assert estado == 200 and json.loads(cuerpo) == {"estado": "ok"}


# --- formularios como modales ---------------------------------------------------------------------------
def _envio(vista: dict[str, Any], valores: dict[str, Any]) -> dict[str, Any]:
    estado: dict[str, Any] = {}
    for bloque in vista["blocks"]:
        tipo = bloque["element"]["type"]
        valor = valores.get(bloque["block_id"])
        if tipo == "plain_text_input":
            estado[bloque["block_id"]] = {bloque["block_id"]: {"type": tipo, "value": valor}}
        elif tipo in ("static_select", "radio_buttons"):
            estado[bloque["block_id"]] = {bloque["block_id"]: {"type": tipo, "selected_option": {"value": valor} if valor else None}}
        else:
            estado[bloque["block_id"]] = {bloque["block_id"]: {"type": tipo, "selected_options": [{"value": v} for v in valor or []]}}
    return {"type": "view_submission", "team": {"id": EQUIPO, "domain": "prensa"},
            "user": {"id": "U1", "username": "ana", "team_id": EQUIPO}, "api_app_id": "A1",
            "trigger_id": "disparo.456",
            "view": {**vista, "id": "V1", "state": {"values": estado}}}


def test_lo_escrito_con_ampersand_y_signos_se_guarda_como_se_escribio(servidor: Servidor) -> None:
    # Slack manda «&», «<» y «>» escapados en el texto del comando.
    anuncio = servidor.anunciar("nueva Salud &amp; Bienestar &lt;DIF&gt; | mañana a las 10 | Plaza Juárez &amp; Hidalgo")
    with servidor.app.fabrica() as s:
        evento = s.scalars(select(Evento)).one()
        assert (evento.titulo, evento.lugar) == ("Salud & Bienestar <DIF>", "Plaza Juárez & Hidalgo")
    # Y de vuelta a Slack, escapado una sola vez (se ve «Salud & Bienestar <DIF>»).
    assert "Salud &amp; Bienestar &lt;DIF&gt;" in anuncio["text"] and "&amp;amp;" not in anuncio["text"]


def test_agenda_nueva_abre_un_modal_y_valida_en_espanol(servidor: Servidor) -> None:
    _, _, url = servidor.comando("nueva", disparo="disparo.123")
    llamada = servidor.falso.esperar("views.open")
    assert llamada.params["trigger_id"] == "disparo.123"
    vista = llamada.params["view"]
    View(**vista).validate_json()
    assert vista["title"]["text"] == "Nuevo evento"
    assert [b["block_id"] for b in vista["blocks"]][:2] == ["titulo", "cuando"]
    assert not servidor.falso.respuestas_url(url)  # nada más que el modal

    estado, cuerpo = servidor.interaccion(_envio(vista, {"titulo": "Foro", "cuando": "cuando sea", "roles": ["foto"]}))
    assert estado == 200
    errores = json.loads(cuerpo)
    assert errores["response_action"] == "errors"
    assert "No entendí la fecha «cuando sea»" in errores["errors"]["cuando"]
    assert servidor.contar(Evento) == 0

    estado, cuerpo = servidor.interaccion(_envio(vista, {"titulo": "Foro vecinal", "cuando": "mañana a las 10",
                                                         "prioridad": "alta", "roles": ["foto", "video"],
                                                         "medios": "si"}))
    assert estado == 200 and cuerpo == ""  # el modal se cierra
    mensaje = servidor.falso.esperar("chat.postMessage")
    assert mensaje.params["channel"] == "C-prensa" and "Evento #1 registrado: Foro vecinal" in mensaje.params["text"]
    limite = time.monotonic() + 5
    while not servidor.anclado(mensaje.respuesta["ts"]):  # el anuncio del modal también es el hilo del evento
        assert time.monotonic() < limite, "el anuncio del formulario no quedó como hilo del evento"
        time.sleep(0.05)
    with servidor.app.fabrica() as s:
        evento = s.scalars(select(Evento)).one()
        assert (evento.prioridad, evento.roles_necesarios, evento.invitar_medios) == ("alta", "foto,video", True)


# --- botones -------------------------------------------------------------------------------------------------
def _pulsar(accion: str, valor: str, url: str, disparo: str = "") -> dict[str, Any]:
    return {"type": "block_actions", "team": {"id": EQUIPO, "domain": "prensa"},
            "user": {"id": "U2", "username": "beto", "team_id": EQUIPO}, "api_app_id": "A1",
            "trigger_id": _disparo(disparo), "response_url": url, "channel": {"id": "DU2"},
            "container": {"type": "message", "message_ts": "1.1", "channel_id": "DU2"},
            "message": {"ts": "1.1", "text": "¿Cubres el evento?"},
            "actions": [{"type": "button", "action_id": accion, "block_id": "b", "value": valor,
                         "action_ts": str(time.time())}]}


def test_boton_llama_a_su_accion_y_reemplaza_el_mensaje(servidor: Servidor) -> None:
    recibidos: list[tuple[str, str]] = []

    def aceptar(peticion: Any, _s: Any, valor: str) -> Respuesta:
        recibidos.append((peticion.usuario, valor))
        r = Respuesta.texto(f"Aceptaste cubrir el evento #{valor}.")
        r.reemplaza_original = True
        return r

    servidor.app.despachador.acciones["prueba.aceptar"] = aceptar
    url = servidor.falso.url_respuesta()
    estado, _ = servidor.interaccion(_pulsar("prueba.aceptar|2", "12", url))
    assert estado == 200
    respuesta = servidor.falso.esperar_url(url)
    assert respuesta["replace_original"] is True and respuesta["text"] == "Aceptaste cubrir el evento #12."
    assert recibidos == [("U2", "12")]


def test_boton_viejo_se_explica(servidor: Servidor) -> None:
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar("ya.no.existe", "1", url))
    respuesta = servidor.falso.esperar_url(url)
    assert "Ese botón ya no sirve" in respuesta["text"] and respuesta["replace_original"] is False


def test_botones_de_una_respuesta_son_acciones_validas(servidor: Servidor) -> None:
    def con_botones(_p: Any, _s: Any, _v: str) -> Respuesta:
        return Respuesta.texto("¿Cubres el evento #3?").con_botones(
            Boton("Acepto", "cobertura.aceptar", "3", "primario"), Boton("No puedo", "cobertura.rechazar", "3", "peligro"))

    servidor.app.despachador.acciones["prueba.preguntar"] = con_botones
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar("prueba.preguntar", "", url))
    bloques = servidor.falso.esperar_url(url)["blocks"]
    validar_bloques(bloques)
    botones = bloques[-1]["elements"]
    assert [(b["action_id"], b["value"], b.get("style")) for b in botones] == [
        ("cobertura.aceptar", "3", "primary"), ("cobertura.rechazar", "3", "danger")]


# --- límites de Block Kit ----------------------------------------------------------------------------------
def test_listado_de_200_eventos_cabe_en_block_kit(servidor: Servidor) -> None:
    servidor.anunciar("nueva Primero | mañana a las 8")
    with servidor.app.fabrica() as s, s.begin():
        espacio = s.scalars(select(Espacio)).one()
        manana = (datetime.now(servidor.config.tz) + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
        for i in range(2, 201):
            s.add(Evento(espacio_id=espacio.id, numero=i, titulo=f"Evento con un título largo número {i} <b>",
                         inicio=manana, fin=manana + timedelta(hours=1), lugar="Auditorio municipal & anexo",
                         dependencia="Desarrollo Social", prioridad="media", roles_necesarios="foto,redacción",
                         creado=manana, actualizado=manana))
    _, _, url = servidor.comando("mañana")
    bloques = servidor.falso.esperar_url(url)["blocks"]
    validar_bloques(bloques)
    notas = [b for b in bloques if b["type"] == "context" and "… y " in b["elements"][0]["text"]]
    assert len(notas) == 1
    mostrados = sum(b["text"]["text"].count("*#") for b in bloques if b["type"] == "section")
    faltan = int(notas[0]["elements"][0]["text"].split("… y ")[1].split(" ")[0])
    assert mostrados + faltan == 200


# --- eventos: archivos, reintentos, Inicio ------------------------------------------------------------------
def _archivo_en_canal(falso: FalsoSlack, ts: str) -> dict[str, Any]:
    url = falso.servir_archivo("IMG_0001.jpg", b"\xff\xd8 foto", "image/jpeg")
    return {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U1", "text": "fotos del #1",
            "ts": ts, "files": [falso.descripcion(falso.archivo(url))]}


def test_archivo_en_canal_contesta_en_el_hilo(servidor: Servidor) -> None:
    """Una foto no válida se rechaza en el hilo y no deja nada."""
    estado, _ = servidor.evento(_archivo_en_canal(servidor.falso, "1700000000.000100"), "Ev1")
    assert estado == 200
    mensaje = servidor.falso.esperar("chat.postMessage")
    assert mensaje.params["thread_ts"] == "1700000000.000100" and mensaje.params["channel"] == "C-prensa"
    assert "IMG_0001.jpg" in mensaje.params["text"] and "No archivé" in mensaje.params["text"]
    assert servidor.contar(Medio) == 0


def test_foto_soltada_con_numero_de_evento_queda_en_su_carpeta(servidor: Servidor) -> None:
    from tests.archivos import jpeg

    servidor.anunciar("nueva Inauguración de la cancha | mañana a las 10 | Col. Centro")
    url = servidor.falso.servir_archivo("DSC_0001.jpg", jpeg(1200, 800), "image/jpeg")
    evento = {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U1",
              "text": "fotos de la inauguración #1", "ts": "1700000000.000900",
              "files": [servidor.falso.descripcion(servidor.falso.archivo(url))]}
    assert servidor.evento(evento, "EvFoto")[0] == 200
    mensaje = servidor.falso.esperar("chat.postMessage", n=3)  # el anuncio y el aviso a la directora de su rol
    assert mensaje.params["thread_ts"] == "1700000000.000900"
    assert "#1" in mensaje.params["text"] and "inauguracion-de-la-cancha" in mensaje.params["text"]
    with servidor.app.fabrica() as s:
        medio = s.scalars(select(Medio)).one()
        assert medio.evento_id is not None and medio.tipo == "foto" and medio.camara
        clave = medio.clave
    assert "inauguracion-de-la-cancha" in clave and (servidor.config.archivo / clave).is_file()


def test_una_copia_reenviada_se_archiva_ligada_a_la_original_y_la_ubicacion_no_sale_en_el_hilo(
        servidor: Servidor) -> None:
    from tests.archivos import copia_de_whatsapp, jpeg

    servidor.anunciar("nueva Inauguración de la cancha | mañana a las 10 | Col. Centro")
    original = jpeg(1200, 800, semilla=4)
    for i, (nombre, datos) in enumerate([("DSC_0004.jpg", original), ("IMG-WA0004.jpg", copia_de_whatsapp(original))]):
        url = servidor.falso.servir_archivo(nombre, datos, "image/jpeg")
        evento = {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U1",
                  "text": "#1", "ts": f"1700000000.00{i}950",
                  "files": [servidor.falso.descripcion(servidor.falso.archivo(url))]}
        assert servidor.evento(evento, f"EvCopia{i}")[0] == 200
        mensaje = servidor.falso.esperar("chat.postMessage", n=3 + i)
        assert mensaje.params["thread_ts"] == f"1700000000.00{i}950"
    assert "IMG-WA0004.jpg (ID 2) — parece copia de DSC_0004.jpg (ID 1)" in mensaje.params["text"]
    assert "18.35" not in mensaje.params["text"]
    with servidor.app.fabrica() as s:
        dsc, wa = s.scalars(select(Medio).order_by(Medio.id)).all()
        assert wa.parecido_a_id == dsc.id and dsc.latitud is not None


def test_un_comando_firmado_reenviado_no_se_atiende_otra_vez(servidor: Servidor) -> None:
    """Quien captura una petición firmada puede reenviarla tal cual dentro de los 5 minutos de la
    firma: el mismo ``/agenda nueva`` tres veces es un solo evento y una sola respuesta."""
    cuerpo = urlencode({
        "token": "x", "team_id": EQUIPO, "team_domain": "prensa", "channel_id": "C-prensa", "channel_name": "prensa",
        "user_id": "U1", "user_name": "u1", "command": "/agenda", "text": "nueva Cabildo abierto | mañana a las 10",
        "response_url": servidor.falso.url_respuesta(), "trigger_id": "disparo.capturado", "api_app_id": "A1",
    })
    for _ in range(3):
        assert servidor.post(cuerpo, "application/x-www-form-urlencoded") == (200, "")
    servidor.esperar_pendientes()
    assert servidor.contar(Evento) == 1
    anuncios = [c for c in servidor.falso.llamadas("chat.postMessage") if "registrado" in c.params.get("text", "")]
    assert len(anuncios) == 1
    # Un clic reenviado tampoco: el botón corre una sola vez.
    veces = []
    servidor.app.despachador.acciones["prueba.contar"] = lambda _p, _s, v: veces.append(v) or Respuesta.texto("ok")
    clic = _pulsar("prueba.contar", "1", servidor.falso.url_respuesta(), disparo="disparo.clic")
    for _ in range(2):
        assert servidor.interaccion(clic)[0] == 200
    servidor.esperar_pendientes()
    assert veces == ["1"]


def test_evento_reintentado_se_atiende_una_sola_vez(servidor: Servidor) -> None:
    evento = _archivo_en_canal(servidor.falso, "1700000000.000200")
    assert servidor.evento(evento, "EvRepetido")[0] == 200
    assert servidor.evento(evento, "EvRepetido", reintento=1)[0] == 200
    assert servidor.evento(evento, "EvRepetido", reintento=2)[0] == 200
    servidor.falso.esperar("chat.postMessage")
    servidor.esperar_pendientes()  # la cola vacía (también los oyentes perezosos), no una espera fija
    assert len(servidor.falso.llamadas("chat.postMessage")) == 1
    with servidor.app.fabrica() as s:
        claves = set(s.scalars(select(EventoProcesado.clave)).all())
    assert "slack:EvRepetido" in claves


def test_file_shared_y_message_del_mismo_archivo_contestan_una_vez(servidor: Servidor) -> None:
    evento = _archivo_en_canal(servidor.falso, "1700000000.000300")
    archivo = evento["files"][0]
    servidor.evento(evento, "EvMensaje")
    servidor.evento({"type": "file_shared", "file_id": archivo["id"], "user_id": "U1", "channel_id": "C-prensa",
                     "event_ts": "1700000000.000301"}, "EvCompartido")
    servidor.falso.esperar("files.info")
    servidor.falso.esperar("chat.postMessage")
    servidor.esperar_pendientes()  # la cola vacía (también los oyentes perezosos), no una espera fija
    assert len(servidor.falso.llamadas("chat.postMessage")) == 1


def test_los_archivos_que_sube_el_propio_bot_no_se_archivan(servidor: Servidor) -> None:
    url = servidor.falso.servir_archivo("boletin-045-2026.pdf", b"%PDF", "application/pdf")
    archivo = servidor.falso.archivo(url)
    servidor.evento({"type": "file_shared", "file_id": archivo.id, "user_id": "UBOT", "channel_id": "C-prensa",
                     "event_ts": "1700000000.000401"}, "EvPropio")
    servidor.evento({"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "UBOT", "bot_id": "BBOT",
                     "ts": "1700000000.000400", "files": [servidor.falso.descripcion(archivo)]}, "EvPropio2")
    servidor.esperar_pendientes()  # también los oyentes perezosos de Bolt: la cola vacía, no una espera fija
    assert not servidor.falso.llamadas("files.info") and not servidor.falso.llamadas("chat.postMessage")


def test_descarga_solo_desde_slack_con_el_token(slack_config: Config, falso: FalsoSlack) -> None:
    descargador = DescargadorSlack(slack_config)
    url = falso.servir_archivo("boletin.pdf", b"%PDF-1.7 prueba")
    destino = io.BytesIO()
    descargador.descargar(ArchivoRemoto("F1", "boletin.pdf", url), destino)
    assert destino.getvalue() == b"%PDF-1.7 prueba"
    assert falso.esperar("descarga").headers["authorization"] == "Bearer xoxb-prueba"

    falso.olvidar()
    with pytest.raises(ErrorDeDescarga, match="no es de Slack"):
        descargador.descargar(ArchivoRemoto("F2", "x.jpg", "https://ladrones.example.com/x.jpg"), io.BytesIO())
    with pytest.raises(ErrorDeDescarga, match="no es de Slack"):
        descargador.descargar(ArchivoRemoto("F3", "x.jpg", "file:///etc/passwd"), io.BytesIO())
    assert not falso.llamadas()


def test_pestana_inicio_muestra_mis_coberturas_y_la_agenda_de_hoy(servidor: Servidor) -> None:
    servidor.anunciar("nueva Entrega de becas | hoy a las 23")
    with servidor.app.fabrica() as s, s.begin():
        evento = s.scalars(select(Evento)).one()
        persona = s.scalars(select(Persona)).one()
        s.add(Asignacion(espacio_id=evento.espacio_id, evento_id=evento.id, persona_id=persona.id, rol="foto",
                         estado="aceptada", creado=evento.creado))
    servidor.evento({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home",
                     "event_ts": "1700000000.1"}, "EvInicio")
    llamada = servidor.falso.esperar("views.publish")
    assert llamada.params["user_id"] == "U1"
    vista = llamada.params["view"]
    View(**vista).validate_json()
    texto = json.dumps(vista["blocks"], ensure_ascii=False)
    assert "Hola, Ana López" in texto and "Tus próximas coberturas" in texto
    assert texto.count("Entrega de becas") == 2  # en mis coberturas (foto, aceptó) y en la agenda de hoy
    assert "foto (aceptó)" in texto


# --- la plataforma: publicar, mensajes directos, subir, 429 ------------------------------------------------------
def test_un_429_se_reintenta_tras_retry_after(slack_config: Config, falso: FalsoSlack) -> None:
    falso.responder_429_una_vez("chat.postMessage")
    plataforma = crear_plataforma(slack_config)
    inicio = time.monotonic()
    ts = plataforma.publicar(f"slack:{EQUIPO}", "C-prensa", Respuesta.texto("Agenda del día"))
    assert ts and time.monotonic() - inicio >= 0.9  # esperó el Retry-After: 1
    assert [c.metodo for c in falso.llamadas()] == ["chat.postMessage:429", "chat.postMessage"]


def test_canal_inexistente_es_error_de_envio_con_el_error_de_slack(slack_config: Config, falso: FalsoSlack) -> None:
    falso.error_en_canal("C-borrado")
    with pytest.raises(ErrorDeEnvio, match="channel_not_found"):
        crear_plataforma(slack_config).publicar(f"slack:{EQUIPO}", "C-borrado", Respuesta.texto("hola"))


def test_mensaje_directo_abre_la_conversacion(slack_config: Config, falso: FalsoSlack) -> None:
    plataforma = crear_plataforma(slack_config)
    plataforma.mensaje_directo(f"slack:{EQUIPO}", "U2", Respuesta.texto("Te asignaron el evento #3"))
    assert falso.esperar("conversations.open").params["users"] == "U2"
    assert falso.esperar("chat.postMessage").params["channel"] == "DU2"


def test_subir_un_pdf_usa_el_flujo_externo(slack_config: Config, falso: FalsoSlack, tmp_path: Path) -> None:
    pdf = tmp_path / "boletin-045-2026.pdf"
    pdf.write_bytes(b"%PDF-1.7 boletin")
    plataforma = crear_plataforma(slack_config)
    plataforma.subir_archivo(f"slack:{EQUIPO}", "C-prensa", pdf, "Boletín No. 045/2026", hilo="1.2")
    falso.esperar("files.completeUploadExternal")
    assert list(falso.subidas().values()) == [b"%PDF-1.7 boletin"]
    completo = falso.llamadas("files.completeUploadExternal")[0].params
    assert completo["channel_id"] == "C-prensa" and completo["thread_ts"] == "1.2"
    assert all(c.headers.get("authorization") == "Bearer xoxb-prueba" for c in falso.llamadas() if c.metodo.startswith("files."))


# --- manifiesto ----------------------------------------------------------------------------------------------------
def test_manifiesto_declara_cada_comando_y_solo_los_permisos_usados(slack_config: Config) -> None:
    from asistente.nucleo.texto import recortar
    from asistente.plataformas.slack.manifiesto import imprimir

    salida = io.StringIO()
    assert imprimir(slack_config, "https://prensa.tlalchapa.gob.mx", salida) == 0
    m = json.loads(salida.getvalue())  # JSON es YAML válido
    comandos = {c["command"]: c for c in m["features"]["slash_commands"]}
    assert set(comandos) == {f"/{n}" for n in registro()}
    for nombre, modulo in registro().items():
        c = comandos[f"/{nombre}"]
        assert c["description"] == recortar(modulo.RESUMEN, 100) and len(c["usage_hint"]) <= 100
        assert c["url"] == "https://prensa.tlalchapa.gob.mx/slack/events"
    assert m["settings"]["socket_mode_enabled"] is False
    assert m["settings"]["interactivity"]["request_url"] == "https://prensa.tlalchapa.gob.mx/slack/events"
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == {
        "message.channels", "message.groups", "file_shared", "app_home_opened", "app_uninstalled", "tokens_revoked"}
    assert "admin" not in " ".join(m["oauth_config"]["scopes"]["bot"])
    # Sin «message.im» el bot no lee lo que le escriben por mensaje directo: la pestaña de mensajes es
    # de solo lectura (ahí llegan sus avisos), así nadie le escribe para que no conteste.
    assert m["features"]["app_home"]["messages_tab_read_only_enabled"] is True

    salida = io.StringIO()
    imprimir(slack_config, "", salida)
    sin_url = json.loads(salida.getvalue())
    assert sin_url["settings"]["socket_mode_enabled"] is True and "url" not in sin_url["features"]["slash_commands"][0]


def test_manifiesto_rechaza_una_url_sin_https(capsys: pytest.CaptureFixture[str]) -> None:
    from asistente.procesos.cli import principal

    assert principal(["manifiesto", "slack", "--url", "http://inseguro"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("asistente: problema de configuración: --url «http://inseguro»") and "https://" in error


def test_firma_hmac_de_las_pruebas_es_la_de_slack() -> None:
    cuerpo, marca = "a=1", "1700000000"
    esperada = "v0=" + hmac.new(SECRETO.encode(), f"v0:{marca}:{cuerpo}".encode(), hashlib.sha256).hexdigest()
    assert SignatureVerifier(SECRETO).generate_signature(timestamp=marca, body=cuerpo) == esperada


# --- el proceso de verdad y el montaje ----------------------------------------------------------------------------
def test_asistente_servir_arranca_migra_y_contesta(tmp_path: Path, falso: FalsoSlack) -> None:
    """``asistente servir`` como proceso: migra la base SQLite, contesta /salud y un comando firmado."""
    from tests.procesos import asistente_servir

    with asistente_servir(tmp_path, ASISTENTE_BD=f"sqlite:///{tmp_path / 'servir.db'}", SLACK_BOT_TOKEN="xoxb-prueba",
                          SLACK_SIGNING_SECRET=SECRETO, SLACK_API_URL=falso.url, ASISTENTE_LOG="WARNING") as url:
        assert falso.llamadas("auth.test")  # Bolt verificó el token contra SLACK_API_URL
        app = crear_app(hacer_config(f"sqlite:///{tmp_path / 'servir.db'}", tmp_path))
        servidor = Servidor(app, falso, url, app.config)
        anuncio = servidor.anunciar("nueva Cabildo abierto | mañana a las 10")
        assert "Evento #1 registrado: Cabildo abierto" in anuncio["text"]
        assert servidor.contar(Evento) == 1
        app.motor.dispose()


def test_sin_secreto_de_firma_en_modo_http_se_explica(tmp_path: Path, bd_url: str, falso: FalsoSlack) -> None:
    from asistente.nucleo.errores import ErrorDeConfiguracion, ErrorDeUsuario

    config = hacer_config(bd_url, tmp_path, slack_api_url=falso.url, slack_bot_token="xoxb-prueba")
    app = crear_app(config)
    with pytest.raises(ErrorDeConfiguracion, match="SLACK_SIGNING_SECRET") as error:
        crear_wsgi(app)
    assert not isinstance(error.value, ErrorDeUsuario)  # es de quien instala, no de quien usa el chat
    app.motor.dispose()


def test_socket_mode_no_monta_http_y_mattermost_se_monta_si_existe(tmp_path: Path, bd_url: str, falso: FalsoSlack) -> None:
    from asistente.plataformas.slack.oyentes import crear_bolt
    from asistente.plataformas.web import crear_wsgi as armar

    config = hacer_config(bd_url, tmp_path, slack_api_url=falso.url, slack_bot_token="xoxb-prueba",
                          slack_app_token="xapp-prueba")
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    crear_bolt(app, socket_mode=True)  # sin secreto de firma: en Socket Mode no hace falta

    def mattermost(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [f"mattermost {environ['PATH_INFO']}".encode()]

    web = crear_servidor(armar(app, mattermost=mattermost), "127.0.0.1", 0)
    detener = correr_en_hilo(web)
    try:
        base = f"http://127.0.0.1:{web.effective_port}"
        with urllib.request.urlopen(f"{base}/mattermost/comandos", timeout=5) as r:
            assert r.read() == b"mattermost /mattermost/comandos"
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(urllib.request.Request(f"{base}/slack/events", data=b"{}", method="POST"), timeout=5)
        assert error.value.code == 404 and "Socket Mode" in error.value.read().decode()
        error.value.close()
    finally:
        detener()
        app.motor.dispose()


def test_la_primera_persona_recibe_por_mensaje_directo_que_es_director(servidor: Servidor) -> None:
    _, _, url = servidor.comando("hoy")
    servidor.falso.esperar_url(url)
    assert servidor.falso.esperar("conversations.open").params["users"] == "U1"
    directo = servidor.falso.esperar("chat.postMessage")
    assert directo.params["channel"] == "DU1" and "quedaste como director" in directo.params["text"]


def test_boton_que_abre_un_formulario_usa_su_trigger_id(servidor: Servidor) -> None:
    from comandos.agenda import formulario_nuevo

    servidor.app.despachador.acciones["prueba.formulario"] = lambda _p, _s, _v: Respuesta.formulario(formulario_nuevo())
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar("prueba.formulario", "", url, disparo="disparo.789"))
    llamada = servidor.falso.esperar("views.open")
    assert llamada.params["trigger_id"] == "disparo.789"
    assert json.loads(llamada.params["view"]["private_metadata"])["canal"] == "DU2"


def test_un_pdf_de_la_respuesta_se_sube_a_la_conversacion(servidor: Servidor, tmp_path: Path) -> None:
    pdf = tmp_path / "boletin-045-2026.pdf"
    pdf.write_bytes(b"%PDF-1.7 boletin 045")
    servidor.app.despachador.acciones["prueba.pdf"] = lambda _p, _s, _v: Respuesta.archivo(
        pdf, "Boletín No. 045/2026", "application/pdf", "Aquí está el PDF del boletín 045/2026.")
    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar("prueba.pdf", "", url))
    assert "PDF del boletín" in servidor.falso.esperar_url(url)["text"]
    completo = servidor.falso.esperar("files.completeUploadExternal").params
    archivos = completo["files"] if isinstance(completo["files"], list) else json.loads(completo["files"])
    assert completo["channel_id"] == "DU2" and archivos[0]["title"] == "Boletín No. 045/2026"
    assert b"%PDF-1.7 boletin 045" in list(servidor.falso.subidas().values())


def _mensajes_a(falso: FalsoSlack, canal: str, n: int, timeout: float = 5, filtro: str = "") -> list[dict[str, Any]]:
    limite = time.monotonic() + timeout
    while True:
        mensajes = [c.params for c in falso.llamadas("chat.postMessage")
                    if c.params.get("channel") == canal and filtro in c.params.get("text", "")]
        if len(mensajes) >= n:
            return mensajes
        assert time.monotonic() < limite, f"no llegaron {n} mensajes a {canal}"
        time.sleep(0.05)


def test_asignar_cobertura_y_aceptar_con_el_boton_del_mensaje_directo(servidor: Servidor) -> None:
    """De punta a punta con ``/cobertura`` (cuando el comando existe en esta rama)."""
    pytest.importorskip("comandos.cobertura")
    servidor.anunciar("nueva Cabildo abierto | mañana a las 10")
    _, _, url = servidor.comando("asignar 1 <@U2|beto> foto", comando="/cobertura")
    assert not servidor.falso.esperar_url(url)["text"].startswith("No ")
    aviso = _mensajes_a(servidor.falso, "DU2", 1)[0]
    validar_bloques(aviso["blocks"])
    botones = [e for b in aviso["blocks"] if b["type"] == "actions" for e in b["elements"]]
    acepto = next(b for b in botones if b["action_id"].startswith("cobertura.aceptar"))

    url = servidor.falso.url_respuesta()
    servidor.interaccion(_pulsar(acepto["action_id"], acepto["value"], url))
    respuesta = servidor.falso.esperar_url(url)
    assert respuesta["replace_original"] is True
    with servidor.app.fabrica() as s:
        assert s.scalars(select(Asignacion.estado)).one() == "aceptada"
    director = _mensajes_a(servidor.falso, "DU1", 2)  # «quedaste como director» y «Beto aceptó…»
    assert any("aceptó cubrir foto en el evento #1" in m["text"] for m in director)


def test_cobertura_asignar_sin_argumentos_abre_un_modal_valido(servidor: Servidor) -> None:
    pytest.importorskip("comandos.cobertura")
    servidor.anunciar("nueva Cabildo abierto | mañana a las 10")
    servidor.comando("asignar", comando="/cobertura")
    vista = servidor.falso.esperar("views.open").params["view"]
    View(**vista).validate_json()
    assert vista["callback_id"] == "formulario" and len(vista["blocks"]) >= 2


@contextmanager
def _bot_por_socket_mode(tmp_path: Path, bd_url: str, falso: FalsoSlack) -> Iterator[FalsoSocketMode]:
    """El bot conectado por Socket Mode al WebSocket falso; al salir se desconecta y limpia."""
    from asistente.plataformas.web import iniciar_socket_mode

    socket_mode = FalsoSocketMode(falso).iniciar()
    config = hacer_config(bd_url, tmp_path, slack_api_url=falso.url, slack_bot_token="xoxb-prueba",
                          slack_app_token="xapp-prueba")
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    manejador = iniciar_socket_mode(app)
    try:
        yield socket_mode
    finally:
        manejador.close()
        socket_mode.detener()
        app.motor.dispose()


def _comando_socket(comando: str, texto: str, falso: FalsoSlack) -> dict[str, Any]:
    return {"team_id": EQUIPO, "team_domain": "prensa", "channel_id": "C-prensa", "user_id": "U1", "user_name": "ana",
            "command": comando, "text": texto, "response_url": falso.url_respuesta(),
            "trigger_id": _disparo(), "api_app_id": "A1"}


def test_socket_mode_atiende_un_comando_sin_url_publica(tmp_path: Path, bd_url: str, falso: FalsoSlack) -> None:
    """Con ``SLACK_APP_TOKEN`` el bot se conecta él mismo (``apps.connections.open`` por
    ``SLACK_API_URL``) y los comandos llegan por el WebSocket."""
    with _bot_por_socket_mode(tmp_path, bd_url, falso) as socket_mode:
        assert falso.esperar("apps.connections.open").headers["authorization"] == "Bearer xapp-prueba"
        sobre = socket_mode.enviar("slash_commands", _comando_socket("/agenda", "nueva Cabildo abierto | mañana a las 10",
                                                                      falso))
        socket_mode.esperar_ack(sobre)
        anuncio = next(c for c in [falso.esperar("chat.postMessage")] if c.params["channel"] == "C-prensa")
        assert "Evento #1 registrado: Cabildo abierto" in anuncio.params["text"]


@pytest.mark.parametrize("aviso", [True, False], ids=["slack-renueva", "red-caida"])
def test_socket_mode_se_reconecta_y_sigue_atendiendo(tmp_path: Path, falso: FalsoSlack, aviso: bool) -> None:
    """Slack renueva la conexión de Socket Mode cada tantas horas (sobre ``disconnect``) y la red se cae:
    en los dos casos el bot pide otra conexión y los comandos siguen llegando. (Solo en SQLite: la base
    no tiene nada que ver, y reconectar tras una caída tarda lo que el monitor de slack_sdk, ~10 s.)"""
    with _bot_por_socket_mode(tmp_path, f"sqlite:///{tmp_path / 'socket.db'}", falso) as socket_mode:
        falso.esperar("apps.connections.open")
        socket_mode.esperar_ack(socket_mode.enviar("slash_commands", _comando_socket("/agenda", "semana", falso)))
        socket_mode.cortar(aviso)
        falso.esperar("apps.connections.open", n=2, timeout=30)
        sobre = socket_mode.enviar("slash_commands", _comando_socket("/agenda", "nueva Cabildo abierto | mañana a las 10",
                                                                      falso), timeout=30)
        socket_mode.esperar_ack(sobre)
        assert _mensajes_a(falso, "C-prensa", 1, timeout=10, filtro="Evento #1 registrado: Cabildo abierto")


def _crudo(servidor: Servidor, cuerpo: bytes, cabeceras: dict[str, str]) -> tuple[int, str]:
    """Un POST con cabeceras arbitrarias (las que manda un atacante, no Slack)."""
    conexion = http.client.HTTPConnection("127.0.0.1", int(servidor.url.rsplit(":", 1)[1]), timeout=10)
    try:
        conexion.putrequest("POST", "/slack/events")
        for nombre, valor in {"Content-Length": str(len(cuerpo)), **cabeceras}.items():
            conexion.putheader(nombre, valor.encode("utf-8"))
        conexion.endheaders(cuerpo)
        r = conexion.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conexion.close()


def test_cabeceras_de_firma_basura_se_rechazan_sin_error_del_servidor(servidor: Servidor,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    """Una marca de tiempo que no es número, una firma con caracteres no ASCII o un modal sin bloques
    son peticiones falsas: 400/401, nada cambia y nada se registra como falla del asistente."""
    cuerpo = urlencode({"team_id": EQUIPO, "user_id": "U1", "command": "/agenda", "text": "nueva X | mañana 10",
                        "trigger_id": _disparo(), "response_url": servidor.falso.url_respuesta()}).encode()
    tipo = {"Content-Type": "application/x-www-form-urlencoded"}
    with caplog.at_level(logging.ERROR):
        for cabeceras in (
            {"X-Slack-Request-Timestamp": "mañana", "X-Slack-Signature": "v0=abc"},
            {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=ñandú"},
            {"X-Slack-Request-Timestamp": "1e99", "X-Slack-Signature": "v0=abc"},
            {"X-Slack-Signature": "v0=abc"},
        ):
            estado, _ = _crudo(servidor, cuerpo, {**tipo, **cabeceras})
            assert estado in (400, 401), cabeceras
        # Un modal firmado de verdad pero sin bloques ni valores.
        carga = {"type": "view_submission", "team": {"id": EQUIPO}, "user": {"id": "U1"}, "api_app_id": "A1",
                 "trigger_id": _disparo(), "view": {"id": "V1", "type": "modal", "callback_id": "formulario",
                                                    "private_metadata": "{}", "blocks": [], "state": {}}}
        estado, _ = servidor.interaccion(carga)
        assert estado in (200, 400)
        servidor.esperar_pendientes()
    assert servidor.contar(Evento) == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


def test_sigterm_termina_lo_que_ya_acepto(tmp_path: Path, falso: FalsoSlack) -> None:
    """Un despliegue manda SIGTERM: los 24 comandos a los que ya se les dio «recibido» reciben su
    respuesta antes de que el proceso salga (Slack contesta lento: el trabajo sigue en curso)."""
    import signal

    from tests.procesos import proceso_servir

    falso.demora_respuesta = 0.4
    bd = f"sqlite:///{tmp_path / 'servir.db'}"
    with proceso_servir(tmp_path, ASISTENTE_BD=bd, SLACK_BOT_TOKEN="xoxb-prueba", SLACK_SIGNING_SECRET=SECRETO,
                        SLACK_API_URL=falso.url, ASISTENTE_LOG="WARNING") as (url, proceso):
        servidor = Servidor(crear_app(hacer_config(bd, tmp_path)), falso, url, hacer_config(bd, tmp_path))
        urls = []
        for _ in range(24):
            estado, cuerpo, respuesta = servidor.comando("semana")
            assert (estado, cuerpo) == (200, "")
            urls.append(respuesta)
        proceso.send_signal(signal.SIGTERM)
        assert proceso.wait(timeout=30) == 0
        servidor.app.motor.dispose()
    sin_respuesta = [u for u in urls if not falso.respuestas_url(u)]
    assert sin_respuesta == []


def test_el_slack_falso_es_tan_estricto_como_slack(falso: FalsoSlack) -> None:
    """Las pruebas valen lo que su Slack falso: un token ajeno, un método que no existe, bloques que no
    son Block Kit y un trigger_id inventado o ya usado se rechazan como en Slack."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    def error(llamada: Any) -> str:
        with pytest.raises(SlackApiError) as e:
            llamada()
        return str(e.value.response["error"])

    bueno = WebClient(token="xoxb-prueba", base_url=falso.url)
    assert error(lambda: WebClient(token="xoxb-ajeno", base_url=falso.url).auth_test()) == "invalid_auth"
    assert error(lambda: bueno.api_call("chat.inventado")) == "unknown_method"
    assert error(lambda: bueno.chat_postMessage(channel="C1", text="x", blocks=[{"type": "section"}])) == "invalid_blocks"
    vista = {"type": "modal", "title": {"type": "plain_text", "text": "Prueba"},
             "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hola"}}]}
    assert error(lambda: bueno.views_open(trigger_id="inventado", view=vista)) == "invalid_trigger_id"
    dado = disparo()
    assert bueno.views_open(trigger_id=dado, view=vista)["ok"]
    assert error(lambda: bueno.views_open(trigger_id=dado, view=vista)) == "invalid_trigger_id"  # uno solo sirve una vez


def test_medios_agregar_abre_un_modal_valido_y_el_correo_malo_se_marca_en_su_campo(servidor: Servidor) -> None:
    _, _, url = servidor.comando("agregar", comando="/medios")
    vista = servidor.falso.esperar("views.open").params["view"]
    View(**vista).validate_json()
    assert vista["title"]["text"] == "Nuevo medio"
    assert [b["block_id"] for b in vista["blocks"]] == ["nombre", "tipo", "contacto", "correo", "telefono"]
    valores = {"nombre": "Radio Altamirano", "tipo": "radio", "contacto": "Juan", "correo": "juan en radio"}
    estado, cuerpo = servidor.interaccion(_envio(vista, valores))
    errores = json.loads(cuerpo)
    assert estado == 200 and errores["response_action"] == "errors" and list(errores["errors"]) == ["correo"]
    assert "no es un correo electrónico válido" in errores["errors"]["correo"]
    estado, cuerpo = servidor.interaccion(_envio(vista, {**valores, "correo": "noticias@radioaltamirano.mx"}))
    assert estado == 200 and cuerpo == ""
    mensaje = servidor.falso.esperar("chat.postMessage")
    assert "Medio 1 registrado: Radio Altamirano (radio), contacto Juan." in mensaje.params["text"]
    assert mensaje.params["channel"] == "C-prensa"
