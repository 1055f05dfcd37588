"""La rutina de la oficina en Mattermost, de punta a punta: la cobertura con sus botones en mensajes
directos y las publicaciones del programador, contra el Mattermost de mentiras."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from asistente.nucleo.plataforma import EspacioInaccesible
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.mattermost import crear_plataforma, iniciar_escucha
from asistente.plataformas.mattermost.escucha import Escucha, Espera, SinEscucha
from asistente.programador import correr_pasada
from modelos import Evento, Medio
from tests.archivos import jpeg
from tests.conftest import ZONA
from tests.test_mattermost import Mundo, falso, mundo, visible  # noqa: F401  (accesorios compartidos)


def _pasadas(mundo: Mundo, *instantes: datetime) -> None:
    """Pasadas del programador en esos instantes, publicando por el Mattermost falso."""
    plataforma = crear_plataforma(mundo.app.config)
    try:
        for instante in instantes:
            correr_pasada(mundo.app, instante, {"mattermost": plataforma})
    finally:
        plataforma.cliente.cerrar()


def _es_dm_para(mundo: Mundo, usuario: str):  # type: ignore[no-untyped-def]
    def condicion(post: dict) -> bool:  # type: ignore[type-arg]
        canal = mundo.falso.canales.get(post["channel_id"], {})
        return canal.get("type") == "D" and usuario in canal.get("miembros", ())
    return condicion


def test_asignar_mensaje_directo_con_botones_aceptar_y_la_directora_se_entera(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/equipo", como=mundo.ana)
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    r = mundo.di("/cobertura asignar 1 @ana foto")
    assert "ana" in r["text"].lower() and "foto" in r["text"]

    dm = mundo.falso.esperar_post(_es_dm_para(mundo, mundo.ana), texto="Sesión de cabildo")
    adjuntos = dm["props"]["attachments"]
    p = mundo.falso.pulsar(adjuntos, "Acepto", usuario=mundo.ana, canal=dm["channel_id"], post_id=dm["id"])
    assert p.status_code == 200
    actualizado = p.json()["update"]
    # El mensaje queda sin botones y con el estado.
    assert "acept" in actualizado["message"].lower()
    assert not any(a.get("actions") for a in actualizado.get("props", {}).get("attachments", []))

    aviso = mundo.falso.esperar_post(_es_dm_para(mundo, mundo.dir), texto="aceptó")
    assert "Sesión de cabildo" in aviso["message"] or "#1" in aviso["message"]
    listado = mundo.di("/agenda mañana")["text"]
    assert "foto ✅" in listado


def test_otra_persona_no_puede_contestar_por_la_asignada(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/equipo", como=mundo.ana)
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12")
    mundo.di("/cobertura asignar 1 @ana foto")
    dm = mundo.falso.esperar_post(_es_dm_para(mundo, mundo.ana), texto="Sesión de cabildo")
    p = mundo.falso.pulsar(dm["props"]["attachments"], "Acepto", usuario=mundo.dir, canal=dm["channel_id"])
    assert p.status_code == 200 and "update" not in p.json()
    assert "foto ⏳" in mundo.di("/agenda mañana")["text"]


def test_el_programador_publica_la_agenda_del_dia_en_el_canal_del_equipo_una_vez(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/asistente config canal prensa")
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    siete = datetime(2026, 3, 3, 7, 0, tzinfo=ZONA)
    _pasadas(mundo, siete, siete.replace(minute=30))  # la segunda pasada no repite

    en_canal = [p for p in mundo.falso.posts() if p["channel_id"] == mundo.canal and "Sesión de cabildo" in p["message"]
                and "Agenda del día" in p["message"]]
    assert len(en_canal) == 1
    assert "12:00" in en_canal[0]["message"] and "Sala de cabildo" in en_canal[0]["message"]


# --- programador por Mattermost -----------------------------------------------------------------------------
def test_programador_en_mattermost_recordatorio_por_mensaje_directo(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/equipo", como=mundo.ana)
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    mundo.di("/cobertura asignar 1 @ana foto")
    once = datetime(2026, 3, 3, 11, 10, tzinfo=ZONA)
    _pasadas(mundo, once, once + timedelta(minutes=5))

    def directo_a_ana(post: dict[str, Any]) -> bool:
        canal = mundo.falso.canales.get(post["channel_id"], {})
        return canal.get("type") == "D" and mundo.ana in canal.get("miembros", ()) and "Recordatorio" in post["message"]

    recordatorios = [p for p in mundo.falso.posts() if directo_a_ana(p)]
    assert len(recordatorios) == 1
    assert "Sesión de cabildo" in recordatorios[0]["message"] and "Sala de cabildo" in recordatorios[0]["message"]


def test_mattermost_token_revocado_es_espacio_inaccesible(mundo: Mundo) -> None:
    plataforma = crear_plataforma(mundo.app.config)
    mundo.falso.token_bot = "otro-token"  # el administrador revocó el token del bot
    try:
        with pytest.raises(EspacioInaccesible, match="401"):
            plataforma.publicar(f"mattermost:{mundo.falso.equipo_id}", mundo.canal, Respuesta.texto("hola"))
    finally:
        plataforma.cliente.cerrar()


# --- boletines: el PDF subido a la conversación ----------------------------------------------------------
def test_boletin_pdf_en_mattermost_se_sube_y_se_publica_con_su_archivo(mundo: Mundo) -> None:
    from pypdf import PdfReader

    mundo.di("/equipo")
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    r = mundo.di("/boletin borrador 1")
    assert "Boletín No. 001/2026" in r["text"]
    r = mundo.di("/boletin pdf 1")
    assert "Boletín No. 001/2026" in r["text"]
    post = mundo.falso.esperar_post(lambda p: bool(p.get("file_ids")))
    assert post["channel_id"] == mundo.canal and "Boletín No. 001/2026" in post["message"]
    info, datos = mundo.falso.archivos[post["file_ids"][0]]
    assert info["name"].endswith(".pdf") and datos.startswith(b"%PDF")
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(datos)).pages)
    assert "001/2026" in texto and "Sesión de cabildo" in texto
    assert ("POST", "/api/v4/files") in mundo.falso.peticiones


# --- archivo: una foto de verdad soltada por el WebSocket ------------------------------------------------------
def _escuchar(mundo: Mundo) -> Escucha | SinEscucha:
    escucha = iniciar_escucha(mundo.app, mundo.app.config, espera=Espera(inicial=0.05, maxima=0.3))
    mundo.falso.esperar_conexiones(1)
    return escucha


def test_foto_con_numero_va_a_la_carpeta_del_evento_y_su_duplicado_se_dice(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    escucha = _escuchar(mundo)
    try:
        datos = jpeg(1200, 800, semilla=5)
        foto = mundo.falso.agregar_archivo("IMG_0005.jpg", datos)
        post = mundo.falso.emitir_posted(mundo.canal, mundo.ana, [foto], mensaje="Fotos del cabildo #1")
        respuesta = visible(mundo.falso.esperar_post(lambda p: p["root_id"] == post)["message"])
        assert "Archivé 1 archivo" in respuesta and "#1 «Sesión de cabildo»" in respuesta
        assert "sesion-de-cabildo" in respuesta
        with mundo.app.fabrica() as s:
            medio = s.scalars(select(Medio)).one()
            evento = s.scalars(select(Evento)).one()
            assert medio.evento_id == evento.id and medio.camara
        ruta = mundo.app.config.archivo / medio.clave
        assert "sesion-de-cabildo" in medio.clave and ruta.read_bytes() == datos

        copia = mundo.falso.agregar_archivo("copia.jpg", datos)
        otro = mundo.falso.emitir_posted(mundo.canal, mundo.ana, [copia], mensaje="otra vez #1")
        respuesta = visible(mundo.falso.esperar_post(lambda p: p["root_id"] == otro)["message"])
        assert "Ya estaban en el archivo" in respuesta and "copia.jpg es el mismo que" in respuesta
        with mundo.app.fabrica() as s:
            assert s.scalar(select(func.count(Medio.id))) == 1
    finally:
        escucha.detener()


def test_foto_contestada_en_el_hilo_del_anuncio_va_a_ese_evento(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    anuncio = mundo.falso.esperar_post(texto="registrado: Sesión de cabildo")
    escucha = _escuchar(mundo)
    try:
        foto = mundo.falso.agregar_archivo("IMG_0007.jpg", jpeg(capturado="2025:01:01 08:00:00", semilla=7))
        mundo.falso.emitir_posted(mundo.canal, mundo.ana, [foto], mensaje="van las fotos", raiz=anuncio["id"])
        respuesta = visible(mundo.falso.esperar_post(
            lambda p: p["root_id"] == anuncio["id"] and p["user_id"] == mundo.falso.bot_id)["message"])
        assert "#1 «Sesión de cabildo»" in respuesta
        with mundo.app.fabrica() as s:
            assert s.scalars(select(Medio.evento_id)).one() == s.scalars(select(Evento.id)).one()
    finally:
        escucha.detener()


# --- descargas pendientes al arrancar ---------------------------------------------------------------------------
def test_descarga_pendiente_de_mattermost_se_termina_y_se_contesta_en_su_hilo(mundo: Mundo) -> None:
    from asistente.plataformas.reanudar import reanudar_descargas
    from modelos import DescargaPendiente, Espacio

    mundo.di("/equipo")
    mundo.di("/agenda nueva Sesión de cabildo | mañana a las 12 | Sala de cabildo")
    foto = mundo.falso.agregar_archivo("IMG_0011.jpg", jpeg(semilla=11))
    hilo = mundo.falso.emitir_posted(mundo.canal, mundo.ana, [], mensaje="fotos #1")  # el proceso cayó aquí
    with mundo.app.fabrica.begin() as s:
        espacio_id = s.scalars(select(Espacio.id)).one()
        s.add(DescargaPendiente(espacio_id=espacio_id, origen=foto, url=f"{mundo.falso.url}/api/v4/files/{foto}",
                                nombre="IMG_0011.jpg", usuario_id=mundo.ana, canal=mundo.canal, hilo=hilo,
                                texto="fotos #1", creado=datetime(2026, 3, 2, 8, 0, tzinfo=ZONA)))
    plataforma = crear_plataforma(mundo.app.config)
    try:
        assert reanudar_descargas(mundo.app, {"mattermost": plataforma}) == 1
    finally:
        plataforma.cliente.cerrar()
    respuesta = visible(mundo.falso.esperar_post(lambda p: p["root_id"] == hilo)["message"])
    assert "Archivé 1 archivo" in respuesta and "#1 «Sesión de cabildo»" in respuesta
    with mundo.app.fabrica() as s:
        assert s.scalar(select(func.count(DescargaPendiente.id))) == 0
        assert s.scalars(select(Medio.nombre_original)).one() == "IMG_0011.jpg"
