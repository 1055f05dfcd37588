"""Mattermost de punta a punta: nuestro WSGI servido por waitress en 127.0.0.1 y un Mattermost de
mentiras (``tests/falso_mattermost.py``) que manda comandos, pulsa botones, envía diálogos, suelta
archivos por WebSocket y anota lo que el bot publicó."""

from __future__ import annotations

import io
import json
import logging
import re
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from servidor_en_hilo import correr_en_hilo
from sqlalchemy import func, select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.despacho import Despachador
from asistente.nucleo.errores import MENSAJE_GENERICO
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.plataforma import Plataforma
from asistente.nucleo.respuesta import Boton, Respuesta
from asistente.plataformas.mattermost import (
    crear_plataforma,
    crear_wsgi,
    escucha,
    iniciar_escucha,
)
from asistente.plataformas.mattermost.escucha import Espera
from asistente.plataformas.mattermost.manifiesto import imprimir
from asistente.plataformas.mattermost.web import AppMattermost
from asistente.plataformas.web import crear_servidor
from asistente.procesos.app import crear_app
from comandos import agenda, registro
from modelos import Base, Espacio, Evento, Medio, Persona
from tests.conftest import AHORA, hacer_config
from tests.falso_mattermost import FalsoMattermost

TOKEN = "tok-del-comando-agenda"


def _alterar(firmado: str) -> str:
    """Cambia el último carácter (siempre por otro distinto: un cambio que a veces no cambia nada
    haría una prueba que a veces no prueba)."""
    return firmado[:-1] + ("1" if firmado[-1] != "1" else "2")


def visible(texto: str) -> str:
    """Lo que la persona ve: Mattermost quita las barras de los caracteres escapados (y el espacio de
    ancho cero que desarma las menciones no se ve)."""
    return re.sub(r"\\([\\*_`~\[\]#|>])", r"\1", texto).replace("\u200b", "")


# --- un comando de prueba con botones (la agenda todavía no trae botones propios) -------------------
def _con_botones(peticion: Peticion, session: Any) -> Respuesta:
    numero = peticion.texto.strip()
    if numero == "pdf":
        ruta = peticion.config.archivo / "boletin-045.pdf"
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_bytes(b"%PDF-1.4 boletin")
        return Respuesta.archivo(ruta, "Boletín No. 045/2026", "application/pdf", "Aquí está el PDF del boletín 045/2026.")
    if numero == "publico":
        return Respuesta.texto("Listo.").con_botones(Boton("Anunciar", accion="prueba.anunciar", valor="1"))
    return Respuesta.texto(f"¿Ya se realizó el evento #{numero}?").con_botones(
        Boton("Sí, realizado", accion="prueba.realizado", valor=numero, estilo="primario"),
    )


def _al_pulsar(peticion: Peticion, session: Any, valor: str) -> Respuesta:
    respuesta = agenda.realizado(peticion, session, valor)
    respuesta.reemplaza_original = True
    return respuesta


def _registrar_prueba(despachador: Despachador) -> None:
    modulo = types.ModuleType("prueba")
    modulo.NOMBRE = "prueba"  # type: ignore[attr-defined]
    modulo.manejar = _con_botones  # type: ignore[attr-defined]
    despachador.comandos = {**despachador.comandos, "prueba": modulo}  # sin tocar el registro global
    despachador.acciones["prueba.realizado"] = _al_pulsar
    despachador.acciones["prueba.anunciar"] = lambda p, s, v: Respuesta.texto(f"Se anuncia el evento #{v}.", publica=True)


@dataclass
class Mundo:
    app: Aplicacion
    falso: FalsoMattermost
    wsgi: AppMattermost
    url: str
    canal: str
    dir: str
    ana: str

    def di(self, linea: str, como: str | None = None, token: str = TOKEN) -> dict[str, Any]:
        r = self.falso.comando(self.url, linea, usuario=como or self.dir, canal=self.canal, token=token)
        assert r.status_code == 200, r.text
        datos: dict[str, Any] = r.json()
        if "text" in datos:
            datos["text"] = visible(datos["text"])
        return datos

    def eventos(self) -> int:
        with self.app.fabrica() as s:
            return int(s.scalar(select(func.count(Evento.id))) or 0)


@pytest.fixture
def falso() -> Iterator[FalsoMattermost]:
    f = FalsoMattermost().iniciar()
    yield f
    f.detener()


@pytest.fixture
def mundo(bd_url: str, tmp_path: Path, falso: FalsoMattermost) -> Iterator[Mundo]:
    config = hacer_config(
        bd_url, tmp_path, mattermost_url=falso.url, mattermost_bot_token=falso.token_bot,
        mattermost_tokens=("otro-token", TOKEN), secreto="secreto-de-prueba",
    )
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    _registrar_prueba(app.despachador)
    wsgi = crear_wsgi(app)
    wsgi.reloj = lambda: AHORA
    servidor = crear_servidor(wsgi, "127.0.0.1", 0)
    detener = correr_en_hilo(servidor)  # al terminar cierra también las conexiones que sigan abiertas
    # ASISTENTE_URL_PUBLICA: adonde Mattermost manda botones y diálogos (aquí, el puerto que tocó).
    wsgi.plataforma.url_publica = f"http://127.0.0.1:{servidor.effective_port}"  # type: ignore[union-attr]
    mundo = Mundo(
        app=app, falso=falso, wsgi=wsgi, url=f"http://127.0.0.1:{servidor.effective_port}",  # type: ignore[union-attr]
        canal=falso.agregar_canal("prensa"), dir=falso.agregar_usuario("dir", "Diana", "Ríos"),
        ana=falso.agregar_usuario("ana", "Ana", "López"),
    )
    yield mundo
    detener()
    wsgi.plataforma.cliente.cerrar()
    app.motor.dispose()


# --- comandos slash ----------------------------------------------------------------------------------
def test_agenda_nueva_en_una_linea_y_el_listado(mundo: Mundo) -> None:
    r = mundo.di("/agenda nueva Rueda de prensa | mañana a las 10 | Palacio Municipal")
    # El anuncio lo publica el bot en el canal (así su post queda como hilo del evento); al comando
    # no se le contesta nada más.
    assert r == {"response_type": "ephemeral", "text": ""}
    anuncio = mundo.falso.esperar_post(texto="registrado: Rueda de prensa")
    assert anuncio["channel_id"] == mundo.canal and not anuncio["efimero"] and not anuncio["root_id"]
    assert visible(anuncio["message"]).startswith("Evento #1 registrado: Rueda de prensa")
    with mundo.app.fabrica() as s:
        assert s.scalars(select(Evento.hilo_anuncio)).one() == anuncio["id"]
    r = mundo.di("/agenda mañana", como=mundo.ana)
    assert r["response_type"] == "ephemeral"
    # Markdown de Mattermost: negritas con doble asterisco.
    assert "**#1**" in r["text"] and "**Rueda de prensa**" in r["text"] and "Palacio Municipal" in r["text"]


def test_la_primera_persona_recibe_un_mensaje_directo_de_que_es_directora(mundo: Mundo) -> None:
    mundo.di("/agenda hoy")
    post = mundo.falso.esperar_post(texto="quedaste como director(a)")
    canal = mundo.falso.canales[post["channel_id"]]
    assert canal["type"] == "D" and mundo.dir in canal["miembros"]


def test_token_equivocado_401_y_nada_cambia(mundo: Mundo) -> None:
    for token, en_encabezado in (("token-falso", True), ("", True), ("token-falso", False)):
        r = mundo.falso.comando(mundo.url, "/agenda nueva Feria | mañana a las 10", usuario=mundo.dir,
                                canal=mundo.canal, token=token, en_encabezado=en_encabezado)
        assert r.status_code == 401
        assert "token" in r.json()["text"]
    assert mundo.eventos() == 0
    # El token también vale en el campo del formulario.
    r = mundo.falso.comando(mundo.url, "/agenda nueva Feria | mañana a las 10", usuario=mundo.dir,
                            canal=mundo.canal, token=TOKEN, en_encabezado=False)
    assert r.status_code == 200 and mundo.eventos() == 1


def test_comando_desconocido_y_error_de_uso_en_espanol(mundo: Mundo) -> None:
    r = mundo.di("/noexiste hola")
    assert r["response_type"] == "ephemeral" and "No conozco el comando" in r["text"]
    r = mundo.di("/agenda nueva | mañana")
    assert "Falta el título" in r["text"] and "Uso:" in r["text"]


def test_un_error_de_usuario_llega_con_su_linea_de_uso(mundo: Mundo) -> None:
    r = mundo.di("/agenda ver doce")
    assert r["response_type"] == "ephemeral"
    assert "«doce» no es un número de evento (escribe por ejemplo #12).\nUso: /agenda ver" in r["text"]


def _sin_datos(*_: object) -> Respuesta:
    return Respuesta.plantilla("evento.j2")  # le faltan los datos: falla al dibujarse, ya fuera del despacho


def test_un_error_inesperado_se_registra_con_su_traza_y_se_contesta_con_el_mensaje_generico(
    mundo: Mundo, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """Antes contestaba 500 con «La petición no se pudo leer.», que Mattermost no enseña: ahora, 200 y
    el mismo mensaje genérico que en Slack y en la consola."""
    monkeypatch.setitem(agenda.enrutador.subcomandos, "ver", _sin_datos)
    with caplog.at_level(logging.ERROR):
        r = mundo.di("/agenda ver 1")
    assert r == {"response_type": "ephemeral", "text": MENSAJE_GENERICO}
    assert any(reg.exc_info and "falló" in reg.getMessage() for reg in caplog.records) and "Traceback" in caplog.text


def test_si_archivar_falla_el_hilo_recibe_el_mensaje_generico(
    mundo: Mundo, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """Como en Slack (antes, en Mattermost solo quedaba en el registro y el hilo no recibía nada)."""
    def explota(*_: object) -> Respuesta:
        raise RuntimeError("se cayó el disco")

    monkeypatch.setattr(escucha, "recibir", explota)
    oyente = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    try:
        mundo.falso.esperar_conexiones(1)
        with caplog.at_level(logging.ERROR):
            post = mundo.falso.emitir_posted(mundo.canal, mundo.ana, [mundo.falso.agregar_archivo("IMG_0001.jpg", _jpeg())])
            respuesta = mundo.falso.esperar_post(lambda p: p["root_id"] == post)
        assert respuesta["message"] == MENSAJE_GENERICO
        assert any(reg.exc_info and "se cayó el disco" in str(reg.exc_info[1]) for reg in caplog.records)
    finally:
        oyente.detener()


def test_menciones_se_vuelven_ids_de_mattermost(mundo: Mundo) -> None:
    mundo.di("/equipo rol @ana foto,video")
    r = mundo.di("/equipo")
    assert "**ana** · foto, video" in r["text"]
    with mundo.app.fabrica() as s:
        # Con su id de Mattermost se le pueden mandar mensajes directos (asignaciones, recordatorios).
        assert s.scalars(select(Persona.roles).where(Persona.usuario_id == mundo.ana)).one() == "foto,video"


# --- botones -------------------------------------------------------------------------------------------
def test_boton_actualiza_el_mensaje_y_uno_falsificado_se_rechaza(mundo: Mundo) -> None:
    mundo.di("/agenda nueva Rueda de prensa | hoy a las 10")
    mundo.di("/agenda nueva Feria del elote | hoy a las 12")
    r = mundo.di("/prueba 1")
    accion = r["attachments"][0]["actions"][0]
    assert accion["name"] == "Sí, realizado" and accion["style"] == "primary"
    assert accion["integration"]["url"] == f"{mundo.url}/mattermost/acciones"

    # Alguien cambia el evento del contexto (o quita la firma): se rechaza y nada cambia.
    falsificado = dict(accion["integration"]["context"], valor="2")
    for contexto in (falsificado, {"accion": "prueba.realizado", "valor": "2", "espacio": "mattermost:x"}):
        p = mundo.falso.pulsar(r["attachments"], "Sí, realizado", usuario=mundo.dir, canal=mundo.canal, contexto=contexto)
        assert p.status_code == 200 and "no es válido" in p.json()["ephemeral_text"]
    assert "realizado" not in mundo.di("/agenda ver 2")["text"]

    p = mundo.falso.pulsar(r["attachments"], "Sí, realizado", usuario=mundo.dir, canal=mundo.canal, post_id="p1")
    actualizado = p.json()["update"]
    assert "Evento #1 (Rueda de prensa) marcado como realizado" in visible(actualizado["message"])
    assert actualizado["props"]["attachments"] == []  # los botones desaparecen
    assert "realizado" in mundo.di("/agenda ver 1")["text"]


def test_boton_con_respuesta_publica_la_publica_el_bot_en_el_canal(mundo: Mundo) -> None:
    r = mundo.di("/prueba publico")
    p = mundo.falso.pulsar(r["attachments"], "Anunciar", usuario=mundo.dir, canal=mundo.canal)
    assert p.json() == {}
    post = mundo.falso.esperar_post(texto="Se anuncia el evento")
    assert post["channel_id"] == mundo.canal and not post["efimero"]


def test_un_pdf_de_respuesta_se_sube_a_la_conversacion(mundo: Mundo) -> None:
    r = mundo.di("/prueba pdf")
    assert r["response_type"] == "in_channel" and "PDF del boletín 045/2026" in r["text"]
    post = mundo.falso.esperar_post(texto="Boletín No. 045/2026")
    assert post["channel_id"] == mundo.canal
    assert mundo.falso.archivos[post["file_ids"][0]][1] == b"%PDF-1.4 boletin"


# --- diálogos --------------------------------------------------------------------------------------------
def test_agenda_nueva_abre_un_dialogo_con_error_por_campo_y_luego_registra(mundo: Mundo) -> None:
    r = mundo.di("/agenda nueva")
    assert r == {}
    dialogo = mundo.falso.dialogos[-1]
    assert dialogo["url"] == f"{mundo.url}/mattermost/dialogos"
    d = dialogo["dialog"]
    assert d["title"] == "Nuevo evento" and d["submit_label"] == "Registrar"
    nombres = [e["name"] for e in d["elements"]]
    assert nombres[:2] == ["titulo", "cuando"] and "prioridad" in nombres
    prioridad = next(e for e in d["elements"] if e["name"] == "prioridad")
    assert prioridad["type"] == "select" and prioridad["default"] == "media"

    valores = {"titulo": "Inauguración de la cancha", "cuando": "cuando llueva", "prioridad": "alta", "medios": "si"}
    e = mundo.falso.enviar_dialogo(dialogo, valores, usuario=mundo.dir, canal=mundo.canal)
    assert e.status_code == 200 and "cuando llueva" in e.json()["errors"]["cuando"]
    e = mundo.falso.enviar_dialogo(dialogo, {**valores, "titulo": "", "cuando": "mañana a las 10"},
                                   usuario=mundo.dir, canal=mundo.canal)
    assert e.json()["errors"] == {"titulo": "Este campo es obligatorio."}
    assert mundo.eventos() == 0

    # Un state alterado no guarda nada.
    e = mundo.falso.enviar_dialogo(dialogo, {**valores, "cuando": "mañana a las 10"}, usuario=mundo.dir,
                                   canal=mundo.canal, estado=_alterar(d["state"]))
    assert "no es válido" in e.json()["error"] and mundo.eventos() == 0

    e = mundo.falso.enviar_dialogo(dialogo, {**valores, "cuando": "mañana a las 10"}, usuario=mundo.dir, canal=mundo.canal)
    assert e.status_code == 200 and not e.content
    post = mundo.falso.esperar_post(texto="Evento \\#1 registrado: Inauguración de la cancha")
    assert post["channel_id"] == mundo.canal and not post["efimero"]
    assert "Prioridad alta" in post["message"]
    limite = time.monotonic() + 5
    while True:  # el anuncio del diálogo también queda como hilo del evento (se anota al publicarlo)
        with mundo.app.fabrica() as s:
            if s.scalars(select(Evento.hilo_anuncio)).one() == post["id"]:
                break
        assert time.monotonic() < limite, "el anuncio del diálogo no quedó como hilo del evento"
        time.sleep(0.05)


# --- la plataforma: publicaciones programadas y mensajes directos ---------------------------------------------
def test_publicar_y_mensaje_directo_por_el_puerto_plataforma(bd_url: str, tmp_path: Path, falso: FalsoMattermost) -> None:
    config = hacer_config(bd_url, tmp_path, mattermost_url=falso.url, mattermost_bot_token=falso.token_bot,
                          url_publica="https://asistente.tlalchapa.gob.mx/", secreto="s")
    plataforma = crear_plataforma(config)
    puerto: Plataforma = plataforma
    canal = falso.agregar_canal("prensa")
    ana = falso.agregar_usuario("ana")
    espacio = f"mattermost:{falso.equipo_id}"
    try:
        falso.limitar_siguientes(1)  # Mattermost pide esperar: se reintenta
        pid = puerto.publicar(espacio, "~prensa", Respuesta.texto("Agenda del día: *sin* eventos"))
        post = falso.esperar_post(texto="Agenda del día")
        assert post["id"] == pid and post["channel_id"] == canal
        assert post["message"] == "Agenda del día: \\*sin\\* eventos"  # el texto de usuario se escapa

        aviso = Respuesta.texto("Te asignaron el evento #3 (foto)").con_botones(Boton("Acepto", "cobertura.aceptar", "7"))
        puerto.mensaje_directo(espacio, ana, aviso)
        post = falso.esperar_post(texto="Te asignaron")
        assert ana in falso.canales[post["channel_id"]]["miembros"]
        accion = post["props"]["attachments"][0]["actions"][0]
        assert accion["integration"]["url"] == "https://asistente.tlalchapa.gob.mx/mattermost/acciones"
        assert accion["integration"]["context"]["espacio"] == espacio

        pdf = tmp_path / "boletin-045.pdf"
        pdf.write_bytes(b"%PDF-1.4 prueba")
        plataforma.subir_archivo(espacio, canal, pdf, "Boletín No. 045/2026", hilo=pid)
        post = falso.esperar_post(texto="Boletín No. 045/2026")
        assert post["root_id"] == pid and falso.archivos[post["file_ids"][0]][1] == b"%PDF-1.4 prueba"
    finally:
        plataforma.cliente.cerrar()


def test_un_canal_inexistente_es_error_de_envio_con_el_mensaje_de_mattermost(bd_url: str, tmp_path: Path, falso: FalsoMattermost) -> None:
    from asistente.nucleo.plataforma import ErrorDeEnvio

    config = hacer_config(bd_url, tmp_path, mattermost_url=falso.url, mattermost_bot_token=falso.token_bot)
    plataforma = crear_plataforma(config)
    try:
        with pytest.raises(ErrorDeEnvio, match="Unable to find the existing channel"):
            plataforma.publicar(f"mattermost:{falso.equipo_id}", "no-existe", Respuesta.texto("hola"))
    finally:
        plataforma.cliente.cerrar()


# --- archivos soltados en un canal (WebSocket) --------------------------------------------------------------
def _jpeg() -> bytes:
    """Una foto pequeña pero válida, para que el archivo (cuando esté habilitado) la pueda guardar."""
    from PIL import Image

    salida = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(salida, "JPEG")
    return salida.getvalue()


def _respuestas_en(falso: FalsoMattermost, raiz: str) -> list[dict[str, Any]]:
    return [p for p in falso.posts() if p.get("root_id") == raiz]


def test_archivo_soltado_se_contesta_en_el_hilo_una_vez_y_sobrevive_a_cortes(mundo: Mundo) -> None:
    falso = mundo.falso
    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    try:
        falso.esperar_conexiones(1)
        foto = falso.agregar_archivo("IMG_0001.jpg", _jpeg())
        post = falso.emitir_posted(mundo.canal, mundo.ana, [foto], mensaje="Fotos de la rueda de prensa")
        respuesta = falso.esperar_post(lambda p: p["root_id"] == post)
        # Lo que diga depende del archivo; aquí importa que la respuesta llegue al hilo del mensaje.
        assert respuesta["channel_id"] == mundo.canal and respuesta["user_id"] == falso.bot_id
        assert respuesta["message"] and not respuesta["efimero"]

        # Mattermost repite el evento (p. ej. al reanudar): se atiende una sola vez.
        falso.emitir_posted(mundo.canal, mundo.ana, [foto], mensaje="Fotos de la rueda de prensa", post_id=post)
        # Los mensajes del propio bot y los que no traen archivos no se contestan.
        falso.emitir_posted(mundo.canal, falso.bot_id, [foto])
        sin_archivos = falso.emitir_posted(mundo.canal, mundo.ana, [], mensaje="hola")

        # Se cae la red: reconecta y sigue atendiendo.
        falso.cortar_conexiones()
        falso.esperar_conexiones(2)
        otro = falso.emitir_posted(mundo.canal, mundo.ana, [falso.agregar_archivo("audio.m4a", b"x", "audio/mp4")])
        falso.esperar_post(lambda p: p["root_id"] == otro)

        # Y otra vez, con un mensaje en un hilo: se contesta en ese hilo.
        falso.cortar_conexiones()
        falso.esperar_conexiones(3)
        en_hilo = falso.emitir_posted(mundo.canal, mundo.ana, [falso.agregar_archivo("b.jpg", _jpeg())], raiz=post)
        falso.esperar_post(lambda p: p["root_id"] == post and p["id"] != respuesta["id"])

        # Lo publicado mientras la conexión estaba caída llega al reanudar (connection_id + sequence_number).
        falso.cortar_conexiones()
        perdido = falso.emitir_posted(mundo.canal, mundo.ana, [falso.agregar_archivo("c.pdf", b"z", "application/pdf")])
        falso.esperar_conexiones(4)
        falso.esperar_post(lambda p: p["root_id"] == perdido)
        assert falso.repetidos >= 1

        time.sleep(0.3)
        assert len(_respuestas_en(falso, post)) == 2  # la primera y la del hilo, sin repetidos
        assert not _respuestas_en(falso, sin_archivos) and not _respuestas_en(falso, en_hilo)
        assert escucha.conexiones >= 3
    finally:
        escucha.detener()


def test_descargador_solo_baja_de_mattermost(mundo: Mundo) -> None:
    from asistente.archivo.entrada import ArchivoRemoto, ErrorDeDescarga
    from asistente.plataformas.mattermost.escucha import DescargadorMattermost

    falso = mundo.falso
    fid = falso.agregar_archivo("IMG_0002.jpg", b"bytes de la foto")
    descargador = DescargadorMattermost(mundo.wsgi.plataforma.cliente, max_bytes=10)
    destino = io.BytesIO()
    with pytest.raises(ErrorDeDescarga, match="otro servidor"):
        descargador.descargar(ArchivoRemoto(fid, "x.jpg", url="https://malicioso.example/api/v4/files/" + fid), destino)
    with pytest.raises(ErrorDeDescarga, match="pesa más"):
        descargador.descargar(ArchivoRemoto(fid, "IMG_0002.jpg"), destino)
    with pytest.raises(ErrorDeDescarga, match="404"):
        DescargadorMattermost(mundo.wsgi.plataforma.cliente, 1000).descargar(ArchivoRemoto("zzz", "z.jpg"), destino)
    destino = io.BytesIO()
    DescargadorMattermost(mundo.wsgi.plataforma.cliente, 1000).descargar(
        ArchivoRemoto(fid, "IMG_0002.jpg", url=f"{falso.url}/api/v4/files/{fid}"), destino
    )
    assert destino.getvalue() == b"bytes de la foto"


def test_sin_mattermost_configurado_no_se_escucha(app: Aplicacion) -> None:
    escucha = iniciar_escucha(app)
    assert escucha.conexiones == 0
    escucha.detener()


# --- manifiesto ---------------------------------------------------------------------------------------------
def test_manifiesto_lista_cada_comando_y_las_variables(bd_url: str, tmp_path: Path) -> None:
    salida = io.StringIO()
    assert imprimir(hacer_config(bd_url, tmp_path), "https://asistente.tlalchapa.gob.mx", salida) == 0
    texto = salida.getvalue()
    for nombre in registro():
        assert f"/{nombre}\n" in texto and f"Palabra clave: {nombre}" in texto
    assert texto.count("URL de la petición: https://asistente.tlalchapa.gob.mx/mattermost/comandos") == len(registro())
    for variable in ("MATTERMOST_URL", "MATTERMOST_BOT_TOKEN", "MATTERMOST_TOKENS", "ASISTENTE_URL_PUBLICA"):
        assert variable in texto
    assert "Método de la petición: POST" in texto and "conexiones internas no confiables" in texto


def test_la_espera_entre_reconexiones_crece_con_tope_y_azar() -> None:
    espera = Espera(inicial=1.0, maxima=60.0)
    primeras = [espera.segundos(0) for _ in range(50)]
    assert all(0.5 <= s <= 1.0 for s in primeras) and len(set(primeras)) > 1
    assert all(4.0 <= espera.segundos(3) <= 8.0 for _ in range(20))
    assert all(30.0 <= espera.segundos(50) <= 60.0 for _ in range(20))


def test_archivos_en_un_mensaje_directo_piden_un_canal_del_equipo(mundo: Mundo) -> None:
    falso = mundo.falso
    directo = falso.agregar_canal("dm-ana", tipo="D")
    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    try:
        falso.esperar_conexiones(1)
        post = falso.emitir_posted(directo, mundo.ana, [falso.agregar_archivo("a.jpg", _jpeg())], con_equipo=False)
        respuesta = falso.esperar_post(lambda p: p["root_id"] == post)
        assert "canal del equipo" in respuesta["message"]
    finally:
        escucha.detener()


def test_montado_con_el_prefijo_en_script_name(mundo: Mundo) -> None:
    """Así lo monta un despachador WSGI: ``SCRIPT_NAME=/mattermost`` y ``PATH_INFO=/comandos``. Los
    botones van a ``ASISTENTE_URL_PUBLICA``, diga lo que diga el ``Host`` de la petición."""
    from urllib.parse import urlencode

    wsgi = crear_wsgi(mundo.app)
    wsgi.plataforma.url_publica = "https://asistente.tlalchapa.gob.mx"
    cuerpo = urlencode({"token": TOKEN, "team_id": mundo.falso.equipo_id, "user_id": mundo.dir, "user_name": "dir",
                        "channel_id": mundo.canal, "command": "/prueba", "text": "3"}).encode()
    entorno = {
        "REQUEST_METHOD": "POST", "SCRIPT_NAME": "/mattermost", "PATH_INFO": "/comandos",
        "HTTP_HOST": "asistente.local:8080", "wsgi.url_scheme": "http", "CONTENT_LENGTH": str(len(cuerpo)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "wsgi.input": io.BytesIO(cuerpo),
    }
    estados: list[str] = []
    salida = b"".join(wsgi(entorno, lambda estado, encabezados: estados.append(estado)))
    assert estados == ["200 OK"]
    accion = json.loads(salida)["attachments"][0]["actions"][0]
    assert accion["integration"]["url"] == "https://asistente.tlalchapa.gob.mx/mattermost/acciones"
    wsgi.plataforma.cliente.cerrar()


def test_un_host_ajeno_no_desvia_los_botones(mundo: Mundo) -> None:
    """Antes, sin ASISTENTE_URL_PUBLICA, cualquier POST (aun rechazado con 401) fijaba la URL de los
    botones con su ``Host``. Ahora la URL es la configurada y ninguna petición la cambia."""
    antes = mundo.wsgi.plataforma.url_publica
    r = httpx.post(f"{mundo.url}/mattermost/comandos", data={"token": "falso", "team_id": mundo.falso.equipo_id},
                   headers={"Host": "atacante.example"})
    assert r.status_code == 401
    assert mundo.wsgi.plataforma.url_publica == antes
    r = mundo.di("/prueba 3")
    assert r["attachments"][0]["actions"][0]["integration"]["url"] == f"{antes}/mattermost/acciones"


def test_un_token_solo_vale_para_su_equipo(bd_url: str, tmp_path: Path, falso: FalsoMattermost) -> None:
    """``equipo:token`` ata cada token a su equipo; un token solo vale en los equipos del bot."""
    from urllib.parse import urlencode

    config = hacer_config(bd_url, tmp_path, mattermost_url=falso.url, mattermost_bot_token=falso.token_bot,
                          mattermost_tokens=(f"{falso.equipo_id}:{TOKEN}", "otroequipo:tokendeotro", "tokensuelto"),
                          url_publica="https://asistente.tlalchapa.gob.mx", secreto="s")
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    wsgi = crear_wsgi(app)
    usuario = falso.agregar_usuario("dir", "Diana", "Ríos")

    def estado(token: str, equipo: str) -> str:
        cuerpo = urlencode({"token": token, "team_id": equipo, "user_id": usuario, "user_name": "dir",
                            "command": "/agenda", "text": "ayuda"}).encode()
        estados: list[str] = []
        b"".join(wsgi({"REQUEST_METHOD": "POST", "PATH_INFO": "/mattermost/comandos", "CONTENT_LENGTH": str(len(cuerpo)),
                       "wsgi.input": io.BytesIO(cuerpo)}, lambda e, _h: estados.append(e)))
        return estados[0]

    try:
        assert estado(TOKEN, falso.equipo_id) == "200 OK"
        assert estado(TOKEN, "otroequipo") == "401 Unauthorized"  # el token bueno, en otro equipo
        assert estado("tokendeotro", falso.equipo_id) == "401 Unauthorized"  # el token de otro equipo, aquí
        assert estado("tokensuelto", falso.equipo_id) == "200 OK"  # el bot es de este equipo
        assert estado("tokensuelto", "equipoajeno") == "401 Unauthorized"  # y no de este
        assert estado("", falso.equipo_id) == "401 Unauthorized"
    finally:
        wsgi.plataforma.cliente.cerrar()
        app.motor.dispose()


# Lo que Mattermost toma por mención en el texto crudo de un post.
_MENCION_VIVA = re.compile(r"(?<![\w@])@(channel|here|all|[a-z][\w.-]*)\b", re.IGNORECASE)


def test_lo_que_escribe_la_gente_no_menciona_a_nadie(mundo: Mundo) -> None:
    """Un título con «@channel» se ve igual pero no hace sonar a todo el canal: ni en el anuncio que
    publica el bot, ni en la agenda que vuelve a salir cada mañana."""
    mundo.di("/agenda nueva Junta @channel con @here, @all y @ana | mañana a las 10")
    anuncio = mundo.falso.esperar_post(lambda p: "registrado" in visible(p["message"]))
    assert "Junta @channel con @here, @all y @ana" in visible(anuncio["message"])
    assert not _MENCION_VIVA.search(anuncio["message"])
    crudo = mundo.falso.comando(mundo.url, "/agenda mañana", usuario=mundo.dir, canal=mundo.canal, token=TOKEN).json()
    assert "Junta @channel" in visible(crudo["text"])
    assert not _MENCION_VIVA.search(crudo["text"])


def test_firmas_con_caracteres_no_ascii_se_rechazan_sin_error(mundo: Mundo, caplog: pytest.LogCaptureFixture) -> None:
    """Una firma «ñandú» en el contexto de un botón o en el ``state`` de un diálogo es una firma
    falsa: se rechaza como las demás, sin un 500 ni una traza de falla del asistente."""
    r = mundo.di("/prueba 1")
    contexto = dict(r["attachments"][0]["actions"][0]["integration"]["context"], firma="ñandú")
    with caplog.at_level(logging.ERROR):
        p = mundo.falso.pulsar(r["attachments"], "Sí, realizado", usuario=mundo.dir, canal=mundo.canal, contexto=contexto)
        assert p.status_code == 200 and "no es válido" in p.json()["ephemeral_text"]
        dialogo = {"url": f"{mundo.url}/mattermost/dialogos", "dialog": {"callback_id": "agenda.nueva", "state": ""}}
        for estado in ("e30.ñandú", "ñ.ñ", "%%%.abc"):
            d = mundo.falso.enviar_dialogo(dialogo, {"titulo": "X"}, usuario=mundo.dir, canal=mundo.canal, estado=estado)
            assert d.status_code in (200, 400) and d.status_code != 500, estado
    assert mundo.eventos() == 0
    assert not [x for x in caplog.records if x.levelno >= logging.ERROR], [x.getMessage() for x in caplog.records]


def test_un_boton_solo_vale_para_quien_lo_recibio_y_vence(mundo: Mundo) -> None:
    """Mattermost no firma las llamadas de sus botones: quien alcance el servidor podría reenviar un
    botón ajeno con otro ``user_id``. Los botones de una respuesta efímera o de un mensaje directo
    llevan firmado para quién son, y todos vencen a los 30 días."""
    from asistente.plataformas.mattermost.firma import firmar_contexto

    mundo.di("/agenda nueva Rueda de prensa | hoy a las 10")
    r = mundo.di("/prueba 1")  # efímera: solo la ve quien escribió el comando
    p = mundo.falso.pulsar(r["attachments"], "Sí, realizado", usuario=mundo.ana, canal=mundo.canal)
    assert p.status_code == 200 and p.json()["ephemeral_text"] == "Este botón es de otra persona: no hice nada."
    assert "realizado" not in mundo.di("/agenda ver 1")["text"]
    # Un contexto bien firmado pero vencido (o sin vencimiento, de antes) tampoco sirve.
    secreto = mundo.app.config.secreto_firma
    espacio = f"mattermost:{mundo.falso.equipo_id}"
    for contexto in (firmar_contexto(secreto, "prueba.realizado", "1", espacio, vence=int(AHORA.timestamp()) - 1),
                     {"accion": "prueba.realizado", "valor": "1", "espacio": espacio, "firma": "x"}):
        p = mundo.falso.pulsar(r["attachments"], "Sí, realizado", usuario=mundo.dir, canal=mundo.canal, contexto=contexto)
        assert "ya no es válido" in p.json()["ephemeral_text"]
    assert "realizado" not in mundo.di("/agenda ver 1")["text"]
    p = mundo.falso.pulsar(r["attachments"], "Sí, realizado", usuario=mundo.dir, canal=mundo.canal, post_id="p1")
    assert "marcado como realizado" in visible(p.json()["update"]["message"])


def test_los_botones_de_un_mensaje_directo_son_de_quien_lo_recibe(mundo: Mundo) -> None:
    """«Acepto» / «No puedo» de una cobertura llegan por mensaje directo a la persona asignada: otra
    persona no puede aceptarlos por ella."""
    mundo.di("/agenda nueva Rueda de prensa | mañana a las 10")
    mundo.di("/equipo", como=mundo.ana)
    mundo.di("/cobertura asignar 1 @ana foto")
    directo = mundo.falso.esperar_post(lambda p: bool(p.get("props", {}).get("attachments")) and "Acepto" in str(p))
    adjuntos = directo["props"]["attachments"]
    p = mundo.falso.pulsar(adjuntos, "Acepto", usuario=mundo.dir, canal=directo["channel_id"])
    assert p.json()["ephemeral_text"] == "Este botón es de otra persona: no hice nada."
    p = mundo.falso.pulsar(adjuntos, "Acepto", usuario=mundo.ana, canal=directo["channel_id"], post_id=directo["id"])
    assert p.status_code == 200 and "otra persona" not in p.json().get("ephemeral_text", "")
    with mundo.app.fabrica() as s:
        from modelos import Asignacion

        assert s.scalars(select(Asignacion.estado)).one() == "aceptada"


def test_los_limites_de_un_dialogo_se_cuentan_en_bytes_y_no_cortan_palabras() -> None:
    """Mattermost valida título (24), nombre de campo (24) y ayudas (150) con len() de Go, en bytes:
    «Descripción» ocupa 12. Lo que no cabe se corta entre palabras, con «…»."""
    from asistente.nucleo.formularios import Campo, Formulario
    from asistente.plataformas.mattermost.dibujo import MAX_AYUDA, MAX_NOMBRE_CAMPO, MAX_TITULO_DIALOGO, dialogo

    ayuda = "Días de atención al público según la Dirección de Comunicación Social del H. Ayuntamiento " * 3
    formulario = Formulario(id="x", titulo="Programación de difusión pública", boton="Guardar", campos=(
        Campo("a", "Descripción de la solicitud pública", ayuda=ayuda),
        Campo("b", "Área", tipo="parrafo", ayuda=ayuda),
    ))
    d = dialogo(formulario, b"s", "mattermost:e", "c")
    assert len(d["title"].encode()) <= MAX_TITULO_DIALOGO and d["title"] == "Programación de…"
    for elemento in d["elements"]:
        assert len(elemento["display_name"].encode()) <= MAX_NOMBRE_CAMPO
        for clave in ("help_text", "placeholder"):
            if clave in elemento:
                assert len(elemento[clave].encode()) <= MAX_AYUDA
                assert elemento[clave].endswith("…") and elemento[clave][:-1] in ayuda
                assert ayuda[len(elemento[clave]) - 1] == " "  # cortado entre palabras
    assert d["elements"][1]["display_name"] == "Área"


def test_un_comando_configurado_con_get_tambien_se_atiende(mundo: Mundo) -> None:
    r = mundo.falso.comando(mundo.url, "/agenda nueva Rueda de prensa | mañana a las 10", usuario=mundo.dir,
                            canal=mundo.canal, token=TOKEN, metodo="GET")
    assert r.status_code == 200
    assert mundo.falso.esperar_post(texto="registrado: Rueda de prensa")
    r = mundo.falso.comando(mundo.url, "/agenda hoy", usuario=mundo.dir, canal=mundo.canal, token="malo", metodo="GET")
    assert r.status_code == 401
    assert mundo.eventos() == 1


@pytest.mark.parametrize("admin", [False, True])
def test_una_respuesta_privada_con_botones_llega_aunque_el_bot_no_sea_administrador(mundo: Mundo, admin: bool) -> None:
    """Mattermost solo deja publicar mensajes efímeros a un administrador del sistema. Un botón cuya
    respuesta es privada y trae botones llega efímera si el bot puede, y si no, por mensaje directo:
    nunca se pierde en silencio."""
    mundo.falso.bot_es_admin = admin
    mundo.app.despachador.acciones["prueba.preguntar"] = lambda p, s, v: Respuesta.texto("¿Confirmas?").con_botones(
        Boton("Sí", accion="prueba.realizado", valor="1"))
    r = mundo.di("/prueba 1")
    contexto = dict(r["attachments"][0]["actions"][0]["integration"]["context"])
    from asistente.plataformas.mattermost.firma import firmar_contexto

    contexto = firmar_contexto(mundo.app.config.secreto_firma, "prueba.preguntar", "", contexto["espacio"],
                               vence=int(contexto["vence"]), para=mundo.dir)
    p = mundo.falso.pulsar(r["attachments"], "Sí, realizado", usuario=mundo.dir, canal=mundo.canal, contexto=contexto)
    assert p.status_code == 200 and p.json() == {}
    post = mundo.falso.esperar_post(texto="¿Confirmas?")
    assert post["props"]["attachments"]  # con sus botones
    if admin:
        assert post["efimero"] and post["para"] == mundo.dir and post["channel_id"] == mundo.canal
    else:
        assert not post["efimero"] and post["channel_id"] != mundo.canal  # el canal directo con quien pulsó


def test_medios_agregar_abre_un_dialogo_que_valida_el_correo_y_enmascara_para_quien_no_dirige(mundo: Mundo) -> None:
    mundo.di("/equipo")  # Diana queda como directora
    assert mundo.di("/medios agregar") == {}
    dialogo = mundo.falso.dialogos[-1]
    d = dialogo["dialog"]
    assert d["title"] == "Nuevo medio" and [e["name"] for e in d["elements"]] == [
        "nombre", "tipo", "contacto", "correo", "telefono"]
    valores = {"nombre": "El Sol de Tierra Caliente", "tipo": "impreso", "contacto": "María López",
               "correo": "maria@", "telefono": "767 100 2000"}
    e = mundo.falso.enviar_dialogo(dialogo, valores, usuario=mundo.dir, canal=mundo.canal)
    assert list(e.json()["errors"]) == ["correo"] and "no es un correo electrónico válido" in e.json()["errors"]["correo"]
    e = mundo.falso.enviar_dialogo(dialogo, {**valores, "correo": "maria@elsol.mx"}, usuario=mundo.dir, canal=mundo.canal)
    assert e.status_code == 200
    mundo.falso.esperar_post(texto="Medio 1 registrado: El Sol de Tierra Caliente (impreso)")
    completo = mundo.di("/medios")["text"]
    assert "maria@elsol.mx" in completo and "767 100 2000" in completo
    enmascarado = mundo.di("/medios", como=mundo.ana)["text"]
    assert "maria@elsol.mx" not in enmascarado and "767 100 2000" not in enmascarado
    assert "@elsol.mx" in enmascarado and "solo un director los ve completos" in enmascarado


def test_la_ubicacion_de_una_foto_solo_la_ve_un_director(mundo: Mundo) -> None:
    mundo.di("/agenda hoy")  # la primera persona queda como directora
    with mundo.app.fabrica.begin() as s:
        espacio = s.scalars(select(Espacio)).one()
        ahora = AHORA
        s.add(Medio(espacio_id=espacio.id, sha256="b" * 64, nombre="plaza.jpg", clave="2026/03-marzo/sin-evento/plaza.jpg",
                    tipo="foto", mime="image/jpeg", tamanio=1, fecha=ahora, subido=ahora, latitud=18.35, longitud=-100.48))
    r = mundo.di("/archivo ubicacion 1", como=mundo.ana)
    assert r["response_type"] == "ephemeral" and "Solo un director" in r["text"] and "18.35" not in r["text"]
    r = mundo.di("/archivo ubicación 1")
    assert r["response_type"] == "ephemeral" and "18.350000, -100.480000" in r["text"]
