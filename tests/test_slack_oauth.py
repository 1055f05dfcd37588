"""Un despliegue para muchos municipios: la app de Slack se instala por OAuth (``/slack/install`` →
Slack → ``/slack/oauth_redirect``), cada espacio habla con su propio token (comandos, programador,
descargas) y al desinstalarla el espacio queda inactivo con sus datos. De punta a punta: HTTP real a
``asistente servir`` en el puerto 0, peticiones firmadas y el Slack falso con ``oauth.v2.access``."""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from servidor_en_hilo import correr_en_hilo
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import MetaData, select

from asistente.archivo.entrada import ArchivoRemoto
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.plataformas.registro import configuradas, descargadores
from asistente.plataformas.slack.manifiesto import manifiesto
from asistente.plataformas.slack.oyentes import Oyentes, crear_bolt
from asistente.plataformas.web import crear_servidor, crear_wsgi
from asistente.procesos.app import crear_app
from asistente.procesos.entorno import desde_entorno
from asistente.programador import correr_pasada
from modelos import Base, Espacio, Evento, bots_slack, estados_oauth_slack, instalaciones_slack
from tests.conftest import hacer_config
from tests.falso_slack import FalsoSlack, disparo

SECRETO = "secreto-de-firma"
CLIENTE = "123.456"
SECRETO_APP = "secreto-de-la-app"
TLALCHAPA, AJUCHITLAN = "T0TLALCHAPA", "T0AJUCHITLAN"


@dataclass
class Despliegue:
    app: Aplicacion
    falso: FalsoSlack
    url: str
    oyentes: Oyentes

    # --- la instalación, como la haría un navegador ----------------------------------------------------
    def crudo(self, ruta: str, cookie: str = "") -> tuple[int, dict[str, str], str]:
        conexion = http.client.HTTPConnection(self.url.removeprefix("http://"), timeout=10)
        try:
            conexion.request("GET", ruta, headers={"Cookie": cookie} if cookie else {})
            r = conexion.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
        finally:
            conexion.close()

    def empezar(self) -> tuple[str, str]:
        """``GET /slack/install``: la redirección a Slack; devuelve el ``state`` y la cookie."""
        estado, cabeceras, _ = self.crudo("/slack/install")
        assert estado == 302
        destino = urlsplit(cabeceras["location"])
        assert destino.netloc == "slack.com" and destino.path == "/oauth/v2/authorize"
        consulta = parse_qs(destino.query)
        assert consulta["client_id"] == [CLIENTE]
        assert "commands" in consulta["scope"][0].split(",") and "chat:write" in consulta["scope"][0].split(",")
        assert consulta["redirect_uri"] == [f"{self.url}/slack/oauth_redirect"]
        return consulta["state"][0], cabeceras["set-cookie"].split(";")[0]

    def instalar(self, equipo: str, nombre: str) -> str:
        """Instala la app en ``equipo`` y devuelve el token del bot que Slack le dio."""
        state, cookie = self.empezar()
        codigo = self.falso.autorizar(equipo, nombre)
        estado, _, cuerpo = self.crudo(f"/slack/oauth_redirect?{urlencode({'code': codigo, 'state': state})}", cookie)
        assert estado == 200 and "quedó instalado" in cuerpo and nombre in cuerpo, cuerpo
        return [t for t, e in self.falso.equipos.items() if e == equipo][-1]  # el más reciente

    # --- peticiones firmadas de cada espacio -----------------------------------------------------------
    def post(self, cuerpo: str, tipo: str) -> tuple[int, str]:
        marca = str(int(time.time()))
        firma = SignatureVerifier(SECRETO).generate_signature(timestamp=marca, body=cuerpo)
        peticion = urllib.request.Request(f"{self.url}/slack/events", data=cuerpo.encode(), method="POST", headers={
            "Content-Type": tipo, "X-Slack-Request-Timestamp": marca, "X-Slack-Signature": firma})
        try:
            with urllib.request.urlopen(peticion, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def comando(self, equipo: str, texto: str, usuario: str = "U1") -> str:
        url = self.falso.url_respuesta()
        datos = {"token": "x", "team_id": equipo, "team_domain": equipo.lower(), "channel_id": "C-prensa",
                 "user_id": usuario, "command": "/agenda", "text": texto, "response_url": url,
                 "trigger_id": disparo(), "api_app_id": "A1"}
        estado, _ = self.post(urlencode(datos), "application/x-www-form-urlencoded")
        assert estado == 200
        return url

    def evento(self, equipo: str, evento: dict[str, Any]) -> tuple[int, str]:
        cuerpo = {"token": "x", "team_id": equipo, "api_app_id": "A1", "type": "event_callback",
                  "event_id": f"Ev{time.monotonic_ns()}", "event_time": int(time.time()), "event": evento}
        return self.post(json.dumps(cuerpo), "application/json")

    def espacio(self, equipo: str) -> Espacio | None:
        with self.app.fabrica() as s:
            return s.scalars(select(Espacio).where(Espacio.clave == f"slack:{equipo}")).one_or_none()

    def bots(self) -> list[str]:
        with self.app.motor.connect() as c:
            return sorted(r.team_id for r in c.execute(select(bots_slack.c.team_id)))


def _con_token(falso: FalsoSlack, metodo: str, token: str) -> list[dict[str, Any]]:
    return [c.params for c in falso.llamadas(metodo) if c.headers.get("authorization") == f"Bearer {token}"]


@pytest.fixture
def falso() -> Iterator[FalsoSlack]:
    with FalsoSlack() as f:
        f.nombres.update({"U1": "Ana López", "U7": "Rosa Díaz"})
        yield f


def armar(bd_url: str, tmp_path: Path, falso: FalsoSlack, **cambios: Any) -> Iterator[Despliegue]:
    destino: list[Callable[..., Any]] = []
    web = crear_servidor(lambda environ, start_response: destino[0](environ, start_response), "127.0.0.1", 0)
    url = f"http://127.0.0.1:{web.effective_port}"
    config = hacer_config(bd_url, tmp_path, slack_api_url=falso.url, slack_signing_secret=SECRETO,
                          slack_client_id=CLIENTE, slack_client_secret=SECRETO_APP, url_publica=url, **cambios)
    falso.registrar_app(CLIENTE, SECRETO_APP, f"{url}/slack/oauth_redirect")
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    bolt = crear_bolt(app)
    destino.append(crear_wsgi(app, bolt=bolt, mattermost=lambda e, s: []))
    detener = correr_en_hilo(web)
    try:
        yield Despliegue(app, falso, url, bolt.oyentes)  # type: ignore[attr-defined]
    finally:
        detener()
        app.motor.dispose()


@pytest.fixture
def despliegue(bd_url: str, tmp_path: Path, falso: FalsoSlack) -> Iterator[Despliegue]:
    yield from armar(bd_url, tmp_path, falso)


# --- instalar -----------------------------------------------------------------------------------------------
def test_instalar_en_dos_municipios_y_cada_uno_habla_con_su_token(despliegue: Despliegue) -> None:
    token_t = despliegue.instalar(TLALCHAPA, "Ayuntamiento de Tlalchapa")
    token_a = despliegue.instalar(AJUCHITLAN, "Ayuntamiento de Ajuchitlán")
    assert token_t != token_a and despliegue.bots() == [AJUCHITLAN, TLALCHAPA]
    [llamada, _] = despliegue.falso.llamadas("oauth.v2.access")
    assert llamada.params["redirect_uri"] == f"{despliegue.url}/slack/oauth_redirect"

    despliegue.comando(TLALCHAPA, "nueva Inauguración de la cancha | mañana a las 10")
    despliegue.comando(AJUCHITLAN, "nueva Feria del mango | mañana a las 11", usuario="U7")
    assert despliegue.oyentes.esperar_pendientes()
    # Cada anuncio salió con el token del bot de su espacio, y el nombre real se pidió con ese token.
    [anuncio_t] = [p for p in _con_token(despliegue.falso, "chat.postMessage", token_t) if "registrado" in p["text"]]
    [anuncio_a] = [p for p in _con_token(despliegue.falso, "chat.postMessage", token_a) if "registrado" in p["text"]]
    assert "Inauguración de la cancha" in anuncio_t["text"] and "Feria del mango" in anuncio_a["text"]
    assert [p["user"] for p in _con_token(despliegue.falso, "users.info", token_a)] == ["U7"]
    with despliegue.app.fabrica() as s:
        eventos = {e.titulo: e.espacio_id for e in s.scalars(select(Evento))}
    assert eventos["Inauguración de la cancha"] != eventos["Feria del mango"]  # cada municipio su agenda


def test_un_espacio_donde_no_se_instalo_no_recibe_nada(despliegue: Despliegue) -> None:
    despliegue.instalar(TLALCHAPA, "Ayuntamiento de Tlalchapa")
    url = despliegue.comando("T0AJENO", "hoy")
    assert despliegue.oyentes.esperar_pendientes()
    # Solo el aviso, en español, de que la app no está instalada ahí; nada se guarda para ese espacio.
    [aviso] = despliegue.falso.respuestas_url(url)
    assert "ya no está instalado en este espacio" in aviso["text"] and f"{despliegue.url}/slack/install" in aviso["text"]
    assert despliegue.espacio("T0AJENO") is None
    assert not [c for c in despliegue.falso.llamadas() if c.metodo not in ("response_url", "auth.test")
                and c.headers.get("authorization", "").startswith("Bearer xoxb-t0ajeno")]


def test_una_vuelta_sin_state_con_state_ajeno_o_codigo_usado_no_instala(despliegue: Despliegue) -> None:
    state, cookie = despliegue.empezar()
    codigo = despliegue.falso.autorizar(TLALCHAPA, "Ayuntamiento de Tlalchapa")
    intentos = [
        (f"/slack/oauth_redirect?{urlencode({'code': codigo})}", cookie),  # sin state
        (f"/slack/oauth_redirect?{urlencode({'code': codigo, 'state': 'inventado'})}", cookie),  # state ajeno
        (f"/slack/oauth_redirect?{urlencode({'code': codigo, 'state': state})}", ""),  # otro navegador (sin cookie)
        (f"/slack/oauth_redirect?{urlencode({'error': 'access_denied', 'state': state})}", cookie),  # canceló
    ]
    for ruta, galleta in intentos:
        estado, _, cuerpo = despliegue.crudo(ruta, galleta)
        assert "No se pudo instalar el asistente" in cuerpo, (ruta, cuerpo)
        assert estado >= 400 or "access_denied" in cuerpo  # cancelar en Slack no es un error del servidor
    assert despliegue.bots() == []
    # Un código ya cambiado por su token no sirve otra vez.
    state, cookie = despliegue.empezar()
    otro = despliegue.falso.autorizar(TLALCHAPA, "Ayuntamiento de Tlalchapa")
    assert despliegue.crudo(f"/slack/oauth_redirect?{urlencode({'code': otro, 'state': state})}", cookie)[0] == 200
    state, cookie = despliegue.empezar()
    estado, _, cuerpo = despliegue.crudo(f"/slack/oauth_redirect?{urlencode({'code': otro, 'state': state})}", cookie)
    assert estado >= 400 and "No se pudo instalar" in cuerpo
    assert despliegue.bots() == [TLALCHAPA]


def test_instalar_solo_por_get(despliegue: Despliegue) -> None:
    peticion = urllib.request.Request(f"{despliegue.url}/slack/install", data=b"", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(peticion, timeout=10)
    assert error.value.code == 405
    error.value.close()


# --- desinstalar ----------------------------------------------------------------------------------------------
def test_desinstalar_deja_el_espacio_inactivo_con_sus_datos_y_reinstalar_lo_revive(despliegue: Despliegue) -> None:
    token = despliegue.instalar(TLALCHAPA, "Ayuntamiento de Tlalchapa")
    despliegue.instalar(AJUCHITLAN, "Ayuntamiento de Ajuchitlán")
    despliegue.comando(TLALCHAPA, "nueva Inauguración de la cancha | mañana a las 10")
    despliegue.comando(AJUCHITLAN, "hoy", usuario="U7")
    assert despliegue.oyentes.esperar_pendientes()

    despliegue.falso.revocar_token(token)  # Slack ya borró el token cuando avisa
    assert despliegue.evento(TLALCHAPA, {"type": "app_uninstalled"})[0] == 200
    espacio = despliegue.espacio(TLALCHAPA)
    assert espacio is not None and not espacio.activo
    assert despliegue.bots() == [AJUCHITLAN]
    with despliegue.app.fabrica() as s:  # los datos se quedan
        assert s.scalars(select(Evento.titulo)).all() == ["Inauguración de la cancha"]

    # El programador ya no lo mira; el otro municipio sigue recibiendo su agenda del día.
    despliegue.falso.olvidar()
    ahora = datetime.now(despliegue.app.config.tz).replace(hour=7, minute=0, second=0, microsecond=0)
    resumen = correr_pasada(despliegue.app, ahora, configuradas(despliegue.app))
    canales = [c.headers["authorization"] for c in despliegue.falso.llamadas("chat.postMessage")]
    assert canales and all(t != f"Bearer {token}" for t in canales)
    assert not resumen.fallidas

    nuevo = despliegue.instalar(TLALCHAPA, "Ayuntamiento de Tlalchapa")
    espacio = despliegue.espacio(TLALCHAPA)
    assert espacio is not None and espacio.activo and nuevo != token
    url = despliegue.comando(TLALCHAPA, "mañana")
    assert "Inauguración de la cancha" in json.dumps(despliegue.falso.esperar_url(url), ensure_ascii=False)


def test_tokens_revocados_del_bot_marcan_el_espacio_y_los_de_usuario_no(despliegue: Despliegue) -> None:
    despliegue.instalar(TLALCHAPA, "Ayuntamiento de Tlalchapa")
    despliegue.comando(TLALCHAPA, "hoy")
    assert despliegue.oyentes.esperar_pendientes()
    despliegue.evento(TLALCHAPA, {"type": "tokens_revoked", "tokens": {"oauth": ["UX"]}})
    espacio = despliegue.espacio(TLALCHAPA)
    assert espacio is not None and espacio.activo and despliegue.bots() == [TLALCHAPA]
    despliegue.evento(TLALCHAPA, {"type": "tokens_revoked", "tokens": {"bot": ["UBOTT0TLALCHAPA"]}})
    espacio = despliegue.espacio(TLALCHAPA)
    assert espacio is not None and not espacio.activo and despliegue.bots() == []


# --- descargas -------------------------------------------------------------------------------------------------
def test_la_descarga_de_un_archivo_usa_el_token_de_su_espacio(despliegue: Despliegue) -> None:
    token = despliegue.instalar(AJUCHITLAN, "Ayuntamiento de Ajuchitlán")
    url = despliegue.falso.servir_archivo("foto.jpg", b"datos", "image/jpeg")
    descargador = descargadores(despliegue.app, configuradas(despliegue.app))["slack"]
    destino = bytearray()

    class Flujo:
        def write(self, datos: bytes) -> int:
            destino.extend(datos)
            return len(datos)

    descargador.descargar(ArchivoRemoto(origen="F1", nombre="foto.jpg", url=url, espacio=f"slack:{AJUCHITLAN}"),
                          Flujo())  # type: ignore[arg-type]
    assert bytes(destino) == b"datos"
    [bajada] = despliegue.falso.llamadas("descarga")
    assert bajada.headers["authorization"] == f"Bearer {token}"


# --- configuración, manifiesto y tablas --------------------------------------------------------------------------------
def test_un_solo_token_de_bot_sigue_funcionando_sin_oauth(bd_url: str, tmp_path: Path, falso: FalsoSlack) -> None:
    config = hacer_config(bd_url, tmp_path, slack_api_url=falso.url, slack_bot_token="xoxb-prueba",
                          slack_signing_secret=SECRETO)
    app = crear_app(config)
    try:
        plataforma = configuradas(app)["slack"]
        assert plataforma.cliente_de("slack:CUALQUIERA").token == "xoxb-prueba"  # type: ignore[attr-defined]
        wsgi = crear_wsgi(app)
        respuesta: list[str] = []
        cuerpo = b"".join(wsgi({"PATH_INFO": "/slack/install", "REQUEST_METHOD": "GET"},
                               lambda estado, _c: respuesta.append(estado)))
        assert respuesta == ["404 Not Found"] and b"No existe" in cuerpo
    finally:
        app.motor.dispose()


def test_la_configuracion_de_oauth_se_explica(tmp_path: Path) -> None:
    with pytest.raises(ErrorDeConfiguracion, match="van juntos"):
        desde_entorno({"SLACK_CLIENT_ID": "1.2", "SLACK_SIGNING_SECRET": "x"}, archivo_env=None)
    with pytest.raises(ErrorDeConfiguracion, match="hace falta SLACK_SIGNING_SECRET"):
        desde_entorno({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}, archivo_env=None)
    config = desde_entorno({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_SIGNING_SECRET": "x",
                            "SLACK_SCOPES": "commands, chat:write"}, archivo_env=None)
    assert config.slack_oauth and config.slack_scopes == ("commands", "chat:write")


def test_el_manifiesto_trae_la_vuelta_de_oauth_y_los_eventos_de_desinstalar() -> None:
    datos = manifiesto("https://asistente.guerrero.gob.mx")
    assert datos["oauth_config"]["redirect_urls"] == ["https://asistente.guerrero.gob.mx/slack/oauth_redirect"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(datos["settings"]["event_subscriptions"]["bot_events"])
    assert "redirect_urls" not in manifiesto()["oauth_config"]


def test_las_tablas_de_instalaciones_son_las_de_slack_sdk() -> None:
    """Las tablas de ``modelos/slack.py`` (que viajan con nuestras migraciones) son columna por columna
    las que el ``SQLAlchemyInstallationStore`` de slack_sdk lee y escribe."""
    suyas = MetaData()
    pares = [
        (SQLAlchemyInstallationStore.build_installations_table(suyas, "slack_installations"), instalaciones_slack),
        (SQLAlchemyInstallationStore.build_bots_table(suyas, "slack_bots"), bots_slack),
        (SQLAlchemyOAuthStateStore.build_oauth_states_table(suyas, "slack_oauth_states"), estados_oauth_slack),
    ]
    for suya, nuestra in pares:
        assert [(c.name, str(c.type), c.nullable, c.primary_key) for c in suya.columns] == \
               [(c.name, str(c.type), c.nullable, c.primary_key) for c in nuestra.columns], suya.name
        assert {(i.name, tuple(c.name for c in i.columns)) for i in suya.indexes} == \
               {(i.name, tuple(c.name for c in i.columns)) for i in nuestra.indexes}
