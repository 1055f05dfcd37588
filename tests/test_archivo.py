"""El archivo, como lo vive la oficina: soltar fotos en el canal y encontrarlas después."""

from __future__ import annotations

import io
import os
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import pytest
from PIL import Image, ImageCms
from sqlalchemy import func, select

from asistente.archivo import almacen as alm
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.consultas import fotos_de_evento
from asistente.archivo.entrada import ArchivoRemoto, Lote
from asistente.archivo.ingesta import reanudar, recibir
from asistente.archivo.respaldo import MANIFIESTO, respaldo, verificar
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.consola.consola import Consola, partir_ruta
from asistente.procesos.consola import conectar_archivo
from modelos import Asignacion, DescargaPendiente, Evento, Medio, Persona
from tests.archivos import (
    DescargadorHTTP,
    DescargadorMemoria,
    bomba_png,
    copia_de_whatsapp,
    gif_animado,
    heic,
    imagen,
    jpeg,
    jpeg_con_perfil,
    mp3,
    mp3_de,
    mp4,
    opus_de,
    pdf,
    perfil_icc,
    png,
    servidor_de_archivos,
    video_mp4,
    wav,
    wav_de,
)
from tests.conftest import ZONA, Charla, hacer_config

CARPETA_1 = "2026/03-marzo/2026-03-03_001-inauguracion-de-la-cancha"
# Las fotos se suben después de tomarlas: el martes 3 a mediodía, ya terminado el evento #1 (10–11).
SUBIDA = datetime(2026, 3, 3, 12, 0, tzinfo=ZONA)


def soltar(charla: Charla, archivos: dict[str, bytes], texto: str = "", como: str = "ana", hilo: str = "",
           ahora: datetime | None = None) -> tuple[Respuesta, str]:
    """Suelta archivos en el canal como lo haría alguien desde Slack."""
    lote = Lote(
        espacio=charla.espacio, usuario=como, canal="C-prensa", ahora=ahora or SUBIDA,
        archivos=[ArchivoRemoto(origen=f"F{i}", nombre=nombre, tamanio=len(datos))
                  for i, (nombre, datos) in enumerate(archivos.items())],
        nombre_usuario=como.capitalize(), hilo=hilo, texto=texto,
    )
    descargador = DescargadorMemoria({a.origen: d for a, d in zip(lote.archivos, archivos.values())})
    r = recibir(charla.app, lote, descargador)
    return r, renderizar(r, "texto")


def medios(app: Aplicacion) -> list[Medio]:
    with app.fabrica() as s:
        return list(s.scalars(select(Medio).order_by(Medio.id)).all())


def raiz(app: Aplicacion) -> Path:
    return app.config.archivo.resolve()


def arbol(app: Aplicacion) -> list[str]:
    """Lo que ve una persona en el disco compartido (sin carpetas ocultas)."""
    return list(almacen_de(app.config).claves())


def sin_temporales(app: Aplicacion) -> bool:
    carpeta = raiz(app) / alm.TEMPORALES
    return not carpeta.exists() or not any(carpeta.iterdir())


@pytest.fixture
def con_evento(charla: Charla) -> Charla:
    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10")  # martes 3, 10:00–11:00
    return charla


# --- carpetas y nombres -------------------------------------------------------------------------------
def test_foto_con_numero_va_a_la_carpeta_del_evento_con_copia_y_miniatura(con_evento: Charla) -> None:
    r, texto = soltar(con_evento, {"IMG_0001.jpg": jpeg()}, texto="fotos del #1")
    assert r.publica
    assert "Archivé 1 archivo" in texto and "#1 «Inauguración de la cancha»" in texto
    assert CARPETA_1 in texto
    assert arbol(con_evento.app) == [f"{CARPETA_1}/IMG_0001.jpg"]
    [m] = medios(con_evento.app)
    assert m.tipo == "foto" and m.mime == "image/jpeg" and m.camara == "Canon EOS R6"
    assert m.capturado == datetime(2026, 3, 3, 10, 30, tzinfo=ZONA)
    assert m.latitud == pytest.approx(18.35) and m.longitud == pytest.approx(-100.48)
    assert (m.ancho, m.alto) == (800, 600)
    copia = raiz(con_evento.app) / m.clave_copia
    mini = raiz(con_evento.app) / m.clave_miniatura
    assert m.clave_copia.startswith(".copias/") and copia.is_file() and mini.is_file()
    with Image.open(mini) as img:
        assert max(img.size) == 320
    assert sin_temporales(con_evento.app)


def test_la_copia_de_1600_aplica_la_rotacion_exif(con_evento: Charla) -> None:
    # Guardada acostada (2000×1000) con orientación 6: la cámara estaba de pie.
    soltar(con_evento, {"vertical.jpg": jpeg(2000, 1000, orientacion=6)}, texto="#1")
    [m] = medios(con_evento.app)
    assert (m.ancho, m.alto) == (1000, 2000)
    with Image.open(raiz(con_evento.app) / m.clave_copia) as copia:
        assert copia.size == (800, 1600)
        # La esquina roja (arriba a la izquierda en lo guardado) queda arriba a la derecha al girar.
        r, g, b = copia.getpixel((copia.width - 20, 20))  # type: ignore[misc]
        assert r > 200 and g < 60


def test_png_y_otros_tipos_se_archivan_por_su_contenido(con_evento: Charla) -> None:
    _, texto = soltar(con_evento, {
        "logo.png": png(), "video.mp4": mp4(), "entrevista.mp3": mp3(), "ambiente.wav": wav(),
        "oficio.pdf": pdf(), "sin_extension": jpeg(semilla=3),
    }, texto="#1")
    assert "Archivé 6 archivos" in texto
    tipos = {m.nombre: m.tipo for m in medios(con_evento.app)}
    assert tipos == {"logo.png": "foto", "video.mp4": "video", "entrevista.mp3": "audio", "ambiente.wav": "audio",
                     "oficio.pdf": "pdf", "sin_extension.jpg": "foto"}


def test_heic_del_telefono_se_archiva_con_copia_jpeg(con_evento: Charla) -> None:
    _, texto = soltar(con_evento, {"IMG_2041.HEIC": heic()}, texto="#1")
    assert "Archivé 1 archivo" in texto
    [m] = medios(con_evento.app)
    assert (m.tipo, m.mime, m.nombre, m.ancho) == ("foto", "image/heic", "IMG_2041.heic", 640)  # extensión en minúsculas
    with Image.open(raiz(con_evento.app) / m.clave_copia) as copia:
        assert copia.format == "JPEG" and copia.size == (640, 480)


def test_nombres_hostiles_quedan_dentro_del_archivo_y_saneados(con_evento: Charla, tmp_path: Path) -> None:
    hostiles = {
        "../../../../etc/passwd.jpg": jpeg(semilla=1),
        "..\\..\\windows\\system32.jpg": jpeg(semilla=2),
        "foto\x00\x1b[31mroja\n.jpg": jpeg(semilla=3),
        "CON.jpg": jpeg(semilla=4),
        "....jpg": jpeg(semilla=5),
        # «invitacion\u202egpj.exe» se ve como «invitacionexe.jpg»: el carácter de dirección se quita.
        "invitacion\u202egpj\u200b.jpg": jpeg(semilla=6),
    }
    _, texto = soltar(con_evento, hostiles, texto="#1")
    assert "Archivé 6 archivos" in texto
    nombres = sorted(m.nombre for m in medios(con_evento.app))
    assert nombres == sorted(["passwd.jpg", "system32.jpg", "foto__[31mroja_.jpg", "CON_.jpg", "archivo.jpg",
                              "invitaciongpj.jpg"])
    for clave in arbol(con_evento.app):
        assert clave.startswith(CARPETA_1 + "/")
        assert not any(ord(c) < 32 or unicodedata.category(c) == "Cf" for c in clave)
    assert not (tmp_path / "etc").exists()


def test_colisiones_de_nombre_llevan_menos_2_y_menos_3(con_evento: Charla) -> None:
    soltar(con_evento, {"IMG_0001.jpg": jpeg(semilla=1)}, texto="#1")
    soltar(con_evento, {"IMG_0001.jpg": jpeg(semilla=2)}, texto="#1")
    soltar(con_evento, {"IMG_0001.jpg": jpeg(semilla=3)}, texto="#1")
    assert arbol(con_evento.app) == [f"{CARPETA_1}/IMG_0001-2.jpg", f"{CARPETA_1}/IMG_0001-3.jpg",
                                     f"{CARPETA_1}/IMG_0001.jpg"]


def test_un_duplicado_no_se_guarda_dos_veces_y_se_dice_cual_es(con_evento: Charla) -> None:
    datos = jpeg()
    soltar(con_evento, {"IMG_0001.jpg": datos}, texto="#1")
    _, texto = soltar(con_evento, {"copia de IMG_0001.jpg": datos}, texto="#1", como="beto")
    assert "Ya estaban en el archivo" in texto
    assert f"copia de IMG_0001.jpg es el mismo que {CARPETA_1}/IMG_0001.jpg" in texto
    assert len(medios(con_evento.app)) == 1 and len(arbol(con_evento.app)) == 1
    assert sin_temporales(con_evento.app)


def test_el_mismo_mensaje_reintentado_se_archiva_una_vez(con_evento: Charla) -> None:
    soltar(con_evento, {"IMG_0001.jpg": jpeg()}, texto="#1")
    _, texto = soltar(con_evento, {"IMG_0001.jpg": jpeg()}, texto="#1")
    assert "es el mismo que" in texto and len(arbol(con_evento.app)) == 1


# --- lo que se rechaza ------------------------------------------------------------------------------------
def test_tipo_desconocido_vacio_bomba_y_corrupto_se_rechazan_sin_dejar_nada(con_evento: Charla) -> None:
    buena = jpeg(semilla=9)
    _, texto = soltar(con_evento, {
        "programa.exe": b"MZ\x90\x00" + b"\x00" * 100,
        "notas.txt": "hola".encode(),
        "falsa.jpg": b"esto no es una foto",
        "vacio.jpg": b"",
        "bomba.png": bomba_png(),
        "cortada.jpg": buena[: len(buena) // 2],
        "corrupta.jpg": b"\xff\xd8\xff\xe0" + os.urandom(3000),
        "buena.jpg": buena,
    }, texto="#1")
    assert "Archivé 1 archivo" in texto and "No archivé:" in texto
    assert "programa.exe: no es un tipo que archive; acepto fotos (JPEG, PNG, HEIC, WebP, GIF, TIFF)" in texto
    assert "falsa.jpg: se llama .jpg pero por dentro no lo es: puede estar dañado" in texto
    assert "vacio.jpg: está vacío" in texto
    assert "bomba.png: la imagen dice medir demasiados pixeles" in texto
    assert "cortada.jpg: la imagen está incompleta" in texto
    assert "corrupta.jpg: la imagen está" in texto  # dañada o incompleta, según dónde falle
    assert arbol(con_evento.app) == [f"{CARPETA_1}/buena.jpg"]
    assert len(medios(con_evento.app)) == 1
    assert sin_temporales(con_evento.app)
    with con_evento.app.fabrica() as s:
        assert s.scalar(select(func.count(DescargaPendiente.id))) == 0
    copias = list((raiz(con_evento.app) / alm.COPIAS).rglob("*.jpg"))
    assert len(copias) == 1  # solo la de la buena


def test_archivo_mas_grande_que_el_limite_se_rechaza(bd_url: str, tmp_path: Path) -> None:
    from asistente.procesos.app import crear_app
    from modelos import Base

    app = crear_app(hacer_config(bd_url, tmp_path, max_mb=1))
    Base.metadata.create_all(app.motor)
    try:
        charla = Charla(app)
        grande = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
        lote = Lote(espacio=charla.espacio, usuario="ana", canal="C", ahora=charla.ahora,
                    archivos=[ArchivoRemoto("F1", "informe.pdf"), ArchivoRemoto("F2", "dice.pdf", tamanio=5 * 1024 * 1024),
                              ArchivoRemoto("F3", "justo.pdf", tamanio=len(grande))])
        descargador = DescargadorMemoria({"F1": grande, "F2": grande, "F3": grande})
        texto = renderizar(recibir(app, lote, descargador), "texto")
        assert "informe.pdf: pesa más de 1 MB, el límite" in texto
        assert "dice.pdf: pesa 5.0 MB y el límite es 1 MB" in texto
        # No «pesa 1 MB y el límite es 1 MB»: con un decimal todavía parece que cabe, y se dicen los bytes.
        assert "justo.pdf: pesa 1.0 MB (1,048,595 bytes) y el límite es 1 MB (1,048,576 bytes)" in texto
        assert descargador.pedidos == ["F1"]  # los que declaraban más del límite ni se bajaron
        assert arbol(app) == [] and sin_temporales(app)
    finally:
        app.motor.dispose()


# --- qué evento -----------------------------------------------------------------------------------------
def test_sin_evento_pregunta_con_botones_y_el_boton_mueve_el_archivo(con_evento: Charla) -> None:
    con_evento.di("/agenda nueva Rueda de prensa | hoy a las 18")  # #2, hoy lunes
    r, texto = soltar(con_evento, {"IMG_5.jpg": jpeg(capturado=None)}, como="ana",
                      ahora=con_evento.ahora)  # lunes 9:00, nada a esa hora
    assert "sin evento → 2026/03-marzo/sin-evento/" in texto
    assert "¿De qué evento es?" in texto
    assert [b.etiqueta for b in r.botones] == ["#2 Rueda de prensa"]
    assert arbol(con_evento.app) == ["2026/03-marzo/sin-evento/IMG_5.jpg"]
    boton = r.botones[0]
    respuesta = con_evento.pulsa(boton.accion, boton.valor, como="ana")
    assert "1 archivo pasado al evento #2 «Rueda de prensa»" in respuesta
    assert arbol(con_evento.app) == ["2026/03-marzo/2026-03-02_002-rueda-de-prensa/IMG_5.jpg"]
    [m] = medios(con_evento.app)
    assert m.clave == "2026/03-marzo/2026-03-02_002-rueda-de-prensa/IMG_5.jpg" and m.evento_id is not None
    assert not (raiz(con_evento.app) / "2026/03-marzo/sin-evento").exists()


def test_boton_falsificado_no_mueve_archivos_de_otro_espacio(con_evento: Charla) -> None:
    r, _ = soltar(con_evento, {"IMG_5.jpg": jpeg(capturado=None)})
    otro = Charla(con_evento.app, espacio="consola:otro")
    otro.di("/agenda nueva Ajeno | hoy a las 18")
    [m] = medios(con_evento.app)
    texto = otro.pulsa("archivo.enlazar_lote", f"1:{m.id}", como="intruso")
    assert "ya no están" in texto
    assert arbol(con_evento.app) == ["2026/03-marzo/sin-evento/IMG_5.jpg"]


def test_la_hora_de_captura_elige_el_evento_y_marca_cumplida_la_cobertura(con_evento: Charla) -> None:
    with con_evento.app.fabrica.begin() as s:
        evento = s.scalars(select(Evento)).one()
        ana = s.scalars(select(Persona).where(Persona.usuario_id == "ana")).first()
        if ana is None:
            ana = Persona(espacio_id=evento.espacio_id, usuario_id="ana", nombre="Ana", creado=con_evento.ahora)
            s.add(ana)
            s.flush()
        s.add(Asignacion(espacio_id=evento.espacio_id, evento_id=evento.id, persona_id=ana.id, rol="foto",
                         estado="aceptada", creado=con_evento.ahora))
    _, texto = soltar(con_evento, {"DSC_1.jpg": jpeg(capturado="2026:03:03 10:45:00")}, como="ana")
    assert "#1 «Inauguración de la cancha»" in texto
    with con_evento.app.fabrica() as s:
        assert s.scalars(select(Asignacion.estado)).one() == "cumplida"


def test_la_hora_de_subida_sirve_si_la_foto_no_trae_exif(con_evento: Charla) -> None:
    durante = datetime(2026, 3, 3, 10, 20, tzinfo=ZONA)
    _, texto = soltar(con_evento, {"audio.mp3": mp3()}, ahora=durante)
    assert "#1 «Inauguración de la cancha»" in texto


def test_dos_eventos_a_la_vez_gana_el_de_quien_sube(con_evento: Charla) -> None:
    con_evento.di("/agenda nueva Sesión de cabildo | mañana a las 10")  # #2, misma hora
    with con_evento.app.fabrica.begin() as s:
        dos = s.scalars(select(Evento).where(Evento.numero == 2)).one()
        beto = Persona(espacio_id=dos.espacio_id, usuario_id="beto", nombre="Beto", creado=con_evento.ahora)
        s.add(beto)
        s.flush()
        s.add(Asignacion(espacio_id=dos.espacio_id, evento_id=dos.id, persona_id=beto.id, rol="foto",
                         estado="aceptada", creado=con_evento.ahora))
    _, texto = soltar(con_evento, {"a.jpg": jpeg(semilla=1)}, como="beto")
    assert "#2 «Sesión de cabildo»" in texto
    _, texto = soltar(con_evento, {"b.jpg": jpeg(semilla=2)}, como="carla")  # nadie la asignó: ambiguo
    assert "sin evento" in texto


def test_el_hilo_del_anuncio_elige_el_evento(con_evento: Charla) -> None:
    with con_evento.app.fabrica.begin() as s:
        s.scalars(select(Evento)).one().hilo_anuncio = "1700000000.000100"
    _, texto = soltar(con_evento, {"x.jpg": jpeg(capturado="2026:01:01 10:00:00")}, hilo="1700000000.000100")
    assert "#1 «Inauguración de la cancha»" in texto


def test_numero_inexistente_se_avisa_y_se_sigue_buscando(con_evento: Charla) -> None:
    _, texto = soltar(con_evento, {"x.jpg": jpeg()}, texto="fotos del #99")
    assert "No hay un evento #99." in texto
    assert "#1 «Inauguración de la cancha»" in texto  # por la hora de captura


# --- comandos ----------------------------------------------------------------------------------------------
def test_archivo_evento_cuenta_y_dice_donde(con_evento: Charla) -> None:
    soltar(con_evento, {"IMG_1.jpg": jpeg(semilla=1), "IMG_2.jpg": jpeg(semilla=2), "voz.mp3": mp3()}, texto="#1")
    texto = con_evento.di("/archivo evento 1")
    assert "3 archivos: 2 fotos, 1 audio" in texto
    assert "IMG_1.jpg" in texto and "voz.mp3" in texto
    assert str(raiz(con_evento.app) / CARPETA_1) in texto
    con_evento.di("/agenda nueva Otro | mañana 12")
    assert "Todavía no tiene archivos" in con_evento.di("/archivo evento 2")
    assert con_evento.respuesta("/archivo evento 9").es_error


def test_ver_el_evento_dice_cuanto_hay_en_el_archivo_y_sus_boletines(con_evento: Charla) -> None:
    assert "📁" not in con_evento.di("/agenda ver 1") and "📰" not in con_evento.di("/agenda ver 1")
    soltar(con_evento, {"IMG_1.jpg": jpeg(semilla=1), "IMG_2.jpg": jpeg(semilla=2), "nota.pdf": pdf()}, texto="#1")
    con_evento.di("/boletin borrador 1")
    texto = con_evento.di("/agenda ver 1")
    assert "📁 Archivo: 2 fotos, 1 PDF → /archivo evento 1" in texto
    assert "📰 Boletín No. 001/2026 (borrador) → /boletin ver 001/2026" in texto
    con_evento.di("/boletin cancelar 1 repetido")
    assert "📰" not in con_evento.di("/agenda ver 1")


def test_pie_y_busqueda_por_pie_titulo_persona_tipo_y_fecha(con_evento: Charla) -> None:
    soltar(con_evento, {"IMG_1.jpg": jpeg(semilla=1)}, texto="#1", como="ana")
    soltar(con_evento, {"voz.mp3": mp3()}, texto="#1", como="beto", ahora=con_evento.ahora)
    [foto, audio] = medios(con_evento.app)
    assert "Pie del archivo" in con_evento.di(f"/archivo pie {foto.id} El presidente corta el listón", como="ana")
    assert "El presidente corta el listón" in con_evento.di("/archivo buscar liston")  # sin acento
    assert "IMG_1.jpg" in con_evento.di("/archivo buscar cancha")  # título del evento
    por_persona = con_evento.di("/archivo buscar @beto")
    assert "voz.mp3" in por_persona and "IMG_1.jpg" not in por_persona
    por_tipo = con_evento.di("/archivo buscar audio")
    assert "voz.mp3" in por_tipo and "IMG_1.jpg" not in por_tipo
    # La foto se tomó el 3 de marzo (EXIF); el audio se subió el 2. Se busca el miércoles 4.
    con_evento.ahora = datetime(2026, 3, 4, 9, 0, tzinfo=ZONA)
    el_3 = con_evento.di("/archivo buscar 3 de marzo")
    assert "IMG_1.jpg" in el_3 and "voz.mp3" not in el_3
    rango = con_evento.di("/archivo buscar del 1 al 3 de marzo")
    assert "IMG_1.jpg" in rango and "voz.mp3" in rango and "2 archivos" in rango
    assert "No encontré" in con_evento.di("/archivo buscar fotos del 10 al 12 de marzo de 2025")
    assert "IMG_1.jpg" in con_evento.di("/archivo buscar fotos marzo")
    assert con_evento.respuesta("/archivo buscar").es_error


def test_fechas_sin_anio_se_buscan_hacia_atras() -> None:
    from datetime import date

    from asistente.archivo.busqueda import leer_criterios

    hoy = date(2026, 3, 2)
    assert leer_criterios("12 de marzo", hoy).desde == date(2025, 3, 12)  # aún no llega: el del año pasado
    assert leer_criterios("1 de marzo", hoy).desde == date(2026, 3, 1)
    c = leer_criterios("del 28 de diciembre al 2 de enero", hoy)
    assert (c.desde, c.hasta) == (date(2025, 12, 28), date(2026, 1, 2))
    # Un rango que ya empezó es el de este año aunque no haya terminado: las fotos de ayer y de hoy.
    c = leer_criterios("fotos del 1 al 3 de marzo", hoy)
    assert (c.desde, c.hasta, c.tipo) == (date(2026, 3, 1), date(2026, 3, 3), "foto")
    c = leer_criterios("del 5 al 10 de marzo", hoy)  # aún no empieza: el del año pasado
    assert (c.desde, c.hasta) == (date(2025, 3, 5), date(2025, 3, 10))
    assert leer_criterios("12/02", hoy).desde == date(2026, 2, 12)
    # El año también sin «de»: «marzo 2025», «15 de marzo 2025».
    c = leer_criterios("fotos marzo 2025", hoy)
    assert (c.desde, c.hasta, c.palabras) == (date(2025, 3, 1), date(2025, 3, 31), [])
    c = leer_criterios("15 de marzo 2025 elote", hoy)
    assert (c.desde, c.palabras) == (date(2025, 3, 15), ["elote"])



def test_buscar_por_periodos_como_se_dicen() -> None:
    from datetime import date

    from asistente.archivo.busqueda import leer_criterios

    hoy = date(2026, 3, 4)  # miércoles
    casos = {
        "fotos de esta semana": (date(2026, 3, 2), date(2026, 3, 4), "foto", []),
        "la semana pasada cabildo": (date(2026, 2, 23), date(2026, 3, 1), None, ["cabildo"]),
        "este mes": (date(2026, 3, 1), date(2026, 3, 4), None, []),
        "videos del mes pasado": (date(2026, 2, 1), date(2026, 2, 28), "video", []),
        "fotos de la feria del 2025": (date(2025, 1, 1), date(2025, 12, 31), "foto", ["feria"]),
    }
    for texto, (desde, hasta, tipo, palabras) in casos.items():
        c = leer_criterios(texto, hoy)
        assert (c.desde, c.hasta, c.tipo, c.palabras) == (desde, hasta, tipo, palabras), texto
    c = leer_criterios("el mes pasado", date(2027, 1, 5))  # en enero, el mes pasado es diciembre del año anterior
    assert (c.desde, c.hasta) == (date(2026, 12, 1), date(2026, 12, 31))


def test_pie_solo_de_quien_lo_subio_o_un_director(con_evento: Charla) -> None:
    soltar(con_evento, {"IMG_1.jpg": jpeg()}, texto="#1", como="ana")
    [m] = medios(con_evento.app)
    r = con_evento.respuesta(f"/archivo pie {m.id} Otro pie", como="beto")
    assert r.es_error and "Solo quien subió" in r.cuerpo
    assert "Pie del archivo" in con_evento.di(f"/archivo pie {m.id} Corte de listón", como="dir")
    assert con_evento.respuesta("/archivo pie 99999 hola").es_error
    assert con_evento.respuesta("/archivo pie abc hola").es_error


def test_enlazar_mueve_el_archivo_en_el_disco(con_evento: Charla) -> None:
    con_evento.di("/agenda nueva Feria del elote | hoy a las 18")
    soltar(con_evento, {"IMG_1.jpg": jpeg()}, texto="#1", como="ana")
    [m] = medios(con_evento.app)
    texto = con_evento.di(f"/archivo enlazar {m.id} 2", como="ana")
    assert "pasado al evento #2 «Feria del elote»" in texto
    assert arbol(con_evento.app) == ["2026/03-marzo/2026-03-02_002-feria-del-elote/IMG_1.jpg"]
    assert "IMG_1.jpg" in con_evento.di("/archivo buscar elote")
    assert "Todavía no tiene archivos" in con_evento.di("/archivo evento 1")
    assert con_evento.respuesta(f"/archivo enlazar {m.id} 77").es_error


# --- fotos para el boletín ---------------------------------------------------------------------------------
def test_fotos_de_evento_da_la_copia_legible_con_pie_y_credito(con_evento: Charla) -> None:
    soltar(con_evento, {"IMG_1.jpg": jpeg(4000, 3000, semilla=1), "IMG_2.jpg": jpeg(semilla=2)}, texto="#1", como="ana")
    [uno, dos] = medios(con_evento.app)
    con_evento.di(f"/archivo pie {dos.id} Vecinos en la cancha", como="ana")
    with con_evento.app.fabrica() as s:
        fotos = fotos_de_evento(s, con_evento.app.config, uno.evento_id or 0)
    assert [f.pie for f in fotos] == ["Vecinos en la cancha", ""]
    assert fotos[0].credito == "Ana"
    with Image.open(fotos[1].ruta) as img:
        assert max(img.size) == 1600


# --- durabilidad --------------------------------------------------------------------------------------------
def test_descarga_cortada_no_deja_nada_y_se_reanuda(con_evento: Charla) -> None:
    datos = jpeg(semilla=7)
    with servidor_de_archivos() as srv:
        srv.archivos["/files/F7/IMG_7.jpg"] = datos
        srv.cortar.add("/files/F7/IMG_7.jpg")
        lote = Lote(espacio=con_evento.espacio, usuario="ana", canal="C-prensa", ahora=con_evento.ahora, texto="#1",
                    archivos=[ArchivoRemoto("F7", "IMG_7.jpg", url=srv.url + "/files/F7/IMG_7.jpg")])
        texto = renderizar(recibir(con_evento.app, lote, DescargadorHTTP(srv.token)), "texto")
        assert "lo reintento solo" in texto
        assert arbol(con_evento.app) == [] and sin_temporales(con_evento.app)
        with con_evento.app.fabrica() as s:
            assert s.scalar(select(func.count(DescargaPendiente.id))) == 1
        # El proceso reinicia: reanuda con el descargador de su plataforma.
        [(lote2, respuesta)] = reanudar(con_evento.app, {"consola": DescargadorHTTP(srv.token)})
        assert lote2.canal == "C-prensa"
        assert "Archivé 1 archivo" in renderizar(respuesta, "texto")
        assert all(auth == f"Bearer {srv.token}" for _, auth in srv.pedidos)
    assert arbol(con_evento.app) == [f"{CARPETA_1}/IMG_7.jpg"]
    with con_evento.app.fabrica() as s:
        assert s.scalar(select(func.count(DescargaPendiente.id))) == 0


def test_token_equivocado_se_rechaza_con_mensaje(con_evento: Charla) -> None:
    with servidor_de_archivos() as srv:
        srv.archivos["/f/a.jpg"] = jpeg()
        lote = Lote(espacio=con_evento.espacio, usuario="ana", canal="C", ahora=con_evento.ahora,
                    archivos=[ArchivoRemoto("F1", "a.jpg", url=srv.url + "/f/a.jpg")])
        texto = renderizar(recibir(con_evento.app, lote, DescargadorHTTP("otro")), "texto")
    assert "a.jpg: no pude bajarlo (la plataforma contestó 401)" in texto


def test_caida_entre_mover_y_confirmar_adopta_el_archivo_sin_duplicarlo(con_evento: Charla) -> None:
    """Simula la caída: la fila pendiente ya anotó clave y hash y el archivo ya está en su lugar."""
    import hashlib

    datos = jpeg(semilla=4)
    sha = hashlib.sha256(datos).hexdigest()
    clave = f"{CARPETA_1}/IMG_4.jpg"
    destino = raiz(con_evento.app) / clave
    destino.parent.mkdir(parents=True)
    destino.write_bytes(datos)
    with con_evento.app.fabrica.begin() as s:
        espacio_id = s.scalars(select(Evento.espacio_id)).one()
        s.add(DescargaPendiente(espacio_id=espacio_id, origen="F4", nombre="IMG_4.jpg", usuario_id="dir",
                                texto="#1", creado=con_evento.ahora, sha256=sha, clave=clave))
    descargador = DescargadorMemoria({})
    [(_, respuesta)] = reanudar(con_evento.app, {"consola": descargador})
    assert "Archivé 1 archivo" in renderizar(respuesta, "texto")
    assert descargador.pedidos == []  # no se volvió a bajar
    assert arbol(con_evento.app) == [clave]
    [m] = medios(con_evento.app)
    assert m.clave == clave and m.sha256 == sha and m.clave_copia


def test_temporales_abandonados_se_borran_al_arrancar(con_evento: Charla) -> None:
    almacen = almacen_de(con_evento.app.config)
    viejo = almacen.raiz / alm.TEMPORALES / "muerto.parte"
    viejo.write_bytes(b"medio archivo")
    hace_una_hora = time.time() - 3600
    os.utime(viejo, (hace_una_hora, hace_una_hora))
    reciente = almacen.raiz / alm.TEMPORALES / "en-curso.parte"
    reciente.write_bytes(b"otro proceso escribiendo")
    assert reanudar(con_evento.app, {}) == []
    assert not viejo.exists() and reciente.exists()


def test_el_temporal_vacio_de_un_proceso_muerto_se_borra_al_arrancar_sin_esperar(con_evento: Charla) -> None:
    """kill -9 a media descarga y arranque inmediato: el temporal de 0 bytes de ese proceso (de esta
    máquina, su PID ya no existe) se borra; el de un proceso vivo o de otra máquina se queda."""
    import subprocess
    import sys

    almacen = almacen_de(con_evento.app.config)
    with almacen.temporal() as temporal:
        dueno = temporal.ruta.name.split("-", 1)[0]
    muerto = subprocess.Popen([sys.executable, "-c", "pass"])
    muerto.wait()
    carpeta = almacen.raiz / alm.TEMPORALES
    del_muerto = carpeta / f"{dueno}-{muerto.pid}-abc.parte"
    del_vivo = carpeta / f"{dueno}-{os.getpid()}-def.parte"
    de_otra_maquina = carpeta / f"otramaquina-{muerto.pid}-ghi.parte"
    for ruta in (del_muerto, del_vivo, de_otra_maquina):
        ruta.write_bytes(b"")
    assert reanudar(con_evento.app, {}) == []
    assert not del_muerto.exists() and del_vivo.exists() and de_otra_maquina.exists()


# --- respaldo y verificación ----------------------------------------------------------------------------------
def test_respaldo_y_verificar_encuentran_lo_alterado_y_lo_que_falta(con_evento: Charla, tmp_path: Path) -> None:
    soltar(con_evento, {"IMG_1.jpg": jpeg(semilla=1), "IMG_2.jpg": jpeg(semilla=2), "voz.mp3": mp3()}, texto="#1")
    config = con_evento.app.config
    salida = io.StringIO()
    assert respaldo(config, tmp_path / "respaldo", salida) == 0
    manifiesto = (tmp_path / "respaldo" / MANIFIESTO).read_text().splitlines()
    assert len([l for l in manifiesto if not l.startswith("#")]) == 3
    assert any(l.endswith(f"  {CARPETA_1}/IMG_1.jpg") for l in manifiesto)
    if config.bd.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(tmp_path / "respaldo" / "asistente.db") as c:
            assert c.execute("select count(*) from medios").fetchone() == (3,)
    else:
        assert "pg_dump" in salida.getvalue()
    salida = io.StringIO()
    assert verificar(config, salida) == 0 and "Todo en orden: 3" in salida.getvalue()
    (raiz(con_evento.app) / CARPETA_1 / "IMG_1.jpg").write_bytes(b"alterada")
    (raiz(con_evento.app) / CARPETA_1 / "voz.mp3").unlink()
    salida = io.StringIO()
    assert verificar(config, salida) == 1
    assert f"CAMBIÓ     consola:prueba {CARPETA_1}/IMG_1.jpg" in salida.getvalue()
    assert f"FALTA      consola:prueba {CARPETA_1}/voz.mp3" in salida.getvalue()


# --- consola ------------------------------------------------------------------------------------------------------
def test_subir_desde_la_consola(app: Aplicacion, tmp_path: Path) -> None:
    salida = io.StringIO()
    ahora = datetime(2026, 3, 3, 9, 0, tzinfo=ZONA)
    c = Consola(config=app.config, despachador=app.despachador, usuario="Ana", reloj=lambda: ahora, salida=salida)
    conectar_archivo(c, app)
    assert c.subir is not None
    (tmp_path / "fotos").mkdir()
    (tmp_path / "fotos" / "IMG_1.jpg").write_bytes(jpeg(semilla=1))
    (tmp_path / "fotos" / "IMG_2.jpg").write_bytes(jpeg(semilla=2))
    c.linea("/agenda nueva Inauguración de la cancha | hoy a las 10")
    c.linea(f"/subir {tmp_path / 'fotos' / 'IMG_1.jpg'} #1")
    c.linea(f"/subir {tmp_path / 'fotos'} #1")
    c.linea(f"/subir {tmp_path / 'no-existe.jpg'}")
    texto = salida.getvalue()
    assert "Archivé 1 archivo" in texto and "#1 «Inauguración de la cancha»" in texto
    assert "IMG_1.jpg es el mismo que" in texto  # la carpeta trae la misma foto otra vez
    assert "No encuentro" in texto
    assert len(arbol(app)) == 2


def test_subir_rutas_con_espacios_comillas_o_de_windows(app: Aplicacion, tmp_path: Path) -> None:
    salida = io.StringIO()
    ahora = datetime(2026, 3, 3, 9, 0, tzinfo=ZONA)
    c = Consola(config=app.config, despachador=app.despachador, usuario="Ana", reloj=lambda: ahora, salida=salida)
    conectar_archivo(c, app)
    carpeta = tmp_path / "Fotos del DIF"
    carpeta.mkdir()
    (carpeta / "IMG 1.jpg").write_bytes(jpeg(semilla=1))
    (carpeta / "IMG 2.jpg").write_bytes(jpeg(semilla=2))
    c.linea("/agenda nueva Entrega de despensas | hoy a las 10")
    c.linea(f"/subir {carpeta / 'IMG 1.jpg'} #1")
    c.linea(f'/subir "{carpeta / "IMG 2.jpg"}" #1')
    texto = salida.getvalue()
    assert "No encuentro" not in texto
    assert texto.count("Archivé 1 archivo") == 2 and "IMG 1.jpg" in texto and "IMG 2.jpg" in texto
    assert len(arbol(app)) == 2
    # Una ruta de Windows llega entera: las diagonales invertidas no se pierden.
    assert partir_ruta(r"C:\Users\ana\Fotos\IMG_0001.JPG #4") == (r"C:\Users\ana\Fotos\IMG_0001.JPG", "#4")
    assert partir_ruta(r'"C:\Mis fotos\IMG 1.jpg" #4') == (r"C:\Mis fotos\IMG 1.jpg", "#4")


# --- la demo ---------------------------------------------------------------------------------------------------------
def test_la_escena_de_fotos_de_la_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """La escena de fotos de ``asistente demo`` sobre una base hecha con los modelos (la migración de
    las columnas nuevas del archivo la regenera quien integra)."""
    import asistente.procesos.demo as demo_mod
    from asistente.procesos.app import crear_app
    from modelos import Base, Espacio

    def crear(config: Config, migrar: bool = False) -> Aplicacion:
        app = crear_app(config)
        Base.metadata.create_all(app.motor)
        return app

    monkeypatch.setattr(demo_mod, "crear_app", crear)
    salida = io.StringIO()
    (tmp_path / "semana").mkdir()
    d = demo_mod.Demo(tmp_path / "semana", salida=salida)
    d.di("Laura", "/equipo")
    with d.app.fabrica.begin() as s:
        espacio = s.scalars(select(Espacio)).one()
        inicio = datetime(2026, 3, 5, 10, 0, tzinfo=ZONA)
        s.add(Evento(espacio_id=espacio.id, numero=1, titulo="Inauguración de la cancha de usos múltiples",
                     inicio=inicio, fin=inicio + timedelta(hours=2), creado=inicio, actualizado=inicio))
    demo_mod.escena_fotos(d)
    texto = salida.getvalue()
    d.app.motor.dispose()
    assert "Archivé 3 archivos" in texto and "DSC_0001.jpg es el mismo que" in texto
    assert "¿De qué evento es?" in texto and "pasado al evento #1" in texto
    assert "5 archivos: 5 fotos" in texto and "corta el listón" in texto
    assert "algo salió mal" not in texto and "Uso:" not in texto
    carpeta = tmp_path / "semana" / "archivo" / "2026" / "03-marzo" / "2026-03-05_001-inauguracion-de-la-cancha-de-usos-multiples"
    assert sorted(p.name for p in carpeta.iterdir()) == [f"DSC_000{i}.jpg" for i in range(1, 5)] + ["IMG_0005.jpg"]


def test_buscar_por_el_comienzo_de_una_palabra(con_evento: Charla) -> None:
    soltar(con_evento, {"IMG_1.jpg": jpeg()}, texto="#1")
    assert "IMG_1.jpg" in con_evento.di("/archivo buscar INAUGURA")
    assert "IMG_1.jpg" in con_evento.di("/archivo buscar inauguración cancha")
    assert "No encontré" in con_evento.di("/archivo buscar inauguración desfile")


def test_si_la_transaccion_se_revierte_el_archivo_vuelve_a_su_carpeta(con_evento: Charla) -> None:
    from asistente.archivo.operaciones import enlazar
    from asistente.datos.bd import transaccion

    soltar(con_evento, {"IMG_9.jpg": jpeg(capturado=None)})
    assert arbol(con_evento.app) == ["2026/03-marzo/sin-evento/IMG_9.jpg"]
    with pytest.raises(RuntimeError):
        with transaccion(con_evento.app.fabrica) as s:
            medio = s.scalars(select(Medio)).one()
            evento = s.scalars(select(Evento)).one()
            enlazar(s, con_evento.app.config, medio, evento, con_evento.ahora)
            assert arbol(con_evento.app) == [f"{CARPETA_1}/IMG_9.jpg"]
            raise RuntimeError("se cayó la base")
    assert arbol(con_evento.app) == ["2026/03-marzo/sin-evento/IMG_9.jpg"]
    assert medios(con_evento.app)[0].clave == "2026/03-marzo/sin-evento/IMG_9.jpg"


def test_dos_procesos_con_la_misma_foto_a_la_vez_guardan_una(con_evento: Charla) -> None:
    import threading

    datos = jpeg(semilla=11)
    barrera = threading.Barrier(2)

    class Simultaneo(DescargadorMemoria):
        def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
            barrera.wait(timeout=10)  # los dos bajan al mismo tiempo
            super().descargar(archivo, destino)

    textos: list[str] = []

    def subir(quien: str) -> None:
        lote = Lote(espacio=con_evento.espacio, usuario=quien, canal="C", ahora=con_evento.ahora, texto="#1",
                    archivos=[ArchivoRemoto(f"F-{quien}", "IMG_11.jpg")])
        textos.append(renderizar(recibir(con_evento.app, lote, Simultaneo({f"F-{quien}": datos})), "texto"))

    hilos = [threading.Thread(target=subir, args=(q,)) for q in ("ana", "beto")]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(30)
    assert len(textos) == 2
    assert sum("Archivé 1 archivo" in t for t in textos) == 1
    assert sum("es el mismo que" in t for t in textos) == 1
    [m] = medios(con_evento.app)
    # Queda el archivo del que confirmó primero (puede ser el que tomó IMG_11-2.jpg); el otro se borró.
    assert arbol(con_evento.app) == [m.clave] and m.nombre.startswith("IMG_11")
    assert sin_temporales(con_evento.app)


def test_enlazar_solo_quien_lo_subio_o_un_director(con_evento: Charla) -> None:
    con_evento.di("/agenda nueva Feria del elote | hoy a las 18")
    soltar(con_evento, {"IMG_1.jpg": jpeg()}, texto="#1", como="ana")
    [m] = medios(con_evento.app)
    r = con_evento.respuesta(f"/archivo enlazar {m.id} 2", como="beto")
    assert r.es_error and "Solo quien subió" in r.cuerpo
    assert arbol(con_evento.app) == [f"{CARPETA_1}/IMG_1.jpg"]
    assert "pasado al evento #2" in con_evento.di(f"/archivo enlazar {m.id} #2", como="dir")


def test_archivo_sin_texto_dice_cuantos_hay_y_el_uso(con_evento: Charla) -> None:
    soltar(con_evento, {"IMG_1.jpg": jpeg()}, texto="#1")
    texto = con_evento.di("/archivo")
    assert "El archivo tiene 1 archivo" in texto and "Uso: /archivo evento N" in texto


def _png_grande(ancho: int, alto: int) -> bytes:
    """Un PNG enorme en pixeles y chico en bytes (un solo color se comprime casi a nada)."""
    salida = io.BytesIO()
    Image.new("RGBA", (ancho, alto), (10, 120, 200, 255)).save(salida, "PNG", compress_level=9)
    return salida.getvalue()


def test_fotos_chicas_en_bytes_y_enormes_en_pixeles_no_se_decodifican_todas_a_la_vez(tmp_path: Path) -> None:
    """Cuatro PNG de 2500 × 2500 (pocos KB cada uno) decodificados en cuatro hilos: la memoria
    reservada nunca pasa del presupuesto, y todas se archivan."""
    from asistente.archivo.medios import analizar_foto
    from asistente.archivo.memoria import MB, Presupuesto, estimar

    datos = _png_grande(2500, 2500)
    assert len(datos) < 100_000
    una = estimar(2500, 2500, 4, convierte=True, gira=False)
    presupuesto = Presupuesto(int(una * 1.5))  # cabe una, no dos
    rutas = []
    for i in range(4):
        ruta = tmp_path / f"plano{i}.png"
        ruta.write_bytes(datos)
        rutas.append(ruta)

    def analizar(ruta: Path) -> tuple[int, int]:
        foto = analizar_foto(ruta, io.BytesIO(), io.BytesIO(), ZONA, presupuesto)
        return foto.ancho, foto.alto

    with ThreadPoolExecutor(max_workers=4) as hilos:
        medidas = list(hilos.map(analizar, rutas))
    assert medidas == [(2500, 2500)] * 4
    assert una <= presupuesto.maximo_visto <= presupuesto.total and presupuesto.en_uso == 0
    assert presupuesto.total < 2 * una and presupuesto.total / MB < 100


def test_una_foto_que_sola_no_cabe_en_la_memoria_se_rechaza_con_un_mensaje(bd_url: str, tmp_path: Path) -> None:
    from asistente.procesos.app import crear_app
    from modelos import Base

    app = crear_app(hacer_config(bd_url, tmp_path, memoria_fotos_mb=64))
    Base.metadata.create_all(app.motor)
    try:
        charla = Charla(app)
        lote = Lote(espacio=charla.espacio, usuario="ana", canal="C", ahora=charla.ahora,
                    archivos=[ArchivoRemoto("F1", "mural.png")])
        texto = renderizar(recibir(app, lote, DescargadorMemoria({"F1": _png_grande(5000, 4000)})), "texto")
        assert "mural.png: la imagen es demasiado grande para este servidor: ocuparía 134 MB al decodificarla y el " \
               "límite es 64 MB" in texto
        assert arbol(app) == [] and sin_temporales(app)
    finally:
        app.motor.dispose()


# --- qué evento y qué fecha (issue 22) ------------------------------------------------------------------------
def test_una_foto_tomada_fuera_de_todo_evento_no_va_al_evento_de_la_hora_de_subida(con_evento: Charla) -> None:
    # Se sube durante el evento #1 una foto tomada la semana anterior: su captura manda, no la subida.
    durante = datetime(2026, 3, 3, 10, 20, tzinfo=ZONA)
    _, texto = soltar(con_evento, {"vieja.jpg": jpeg(capturado="2026:02:24 18:00:00")}, ahora=durante)
    assert "#1" not in texto.split("¿De qué evento")[0]
    assert "sin evento → 2026/02-febrero/sin-evento/" in texto
    [m] = medios(con_evento.app)
    assert m.evento_id is None and m.fecha == datetime(2026, 2, 24, 18, tzinfo=ZONA) and not m.fecha_dudosa


@pytest.mark.parametrize("capturado", ["2000:01:01 00:00:00", "1980:06:01 12:00:00", "2099:01:01 10:00:00"])
def test_una_fecha_de_captura_increible_se_archiva_por_la_subida_con_aviso(con_evento: Charla, capturado: str) -> None:
    durante = datetime(2026, 3, 3, 10, 20, tzinfo=ZONA)
    _, texto = soltar(con_evento, {"rara.jpg": jpeg(capturado=capturado)}, ahora=durante)
    assert "#1 «Inauguración de la cancha»" in texto
    assert "rara.jpg: su fecha de captura" in texto and "no es creíble" in texto and "hora de subida" in texto
    [m] = medios(con_evento.app)
    assert m.fecha_dudosa and m.fecha == durante
    assert m.capturado is not None and m.capturado.year == int(capturado[:4])
    lista = con_evento.di("/archivo dudosas")
    assert f"rara.jpg (ID {m.id})" in lista and capturado[:4] in lista
    # Quien la revisa y la pasa a su evento la saca de la lista.
    con_evento.di("/agenda nueva Sesión de cabildo | mañana a las 18")
    assert "pasado al evento #2" in con_evento.di(f"/archivo enlazar {m.id} 2")
    assert "No hay archivos con fecha de captura dudosa" in con_evento.di("/archivo dudosas")


def test_archivo_dudosas_sin_nada_lo_dice(con_evento: Charla) -> None:
    soltar(con_evento, {"bien.jpg": jpeg()})
    assert "No hay archivos con fecha de captura dudosa" in con_evento.di("/archivo Dudosas")


def test_el_desfase_de_la_camara_se_respeta(con_evento: Charla) -> None:
    # Una cámara con el reloj en hora de Madrid (+01:00): 17:30 allá son 10:30 en Ciudad de México.
    _, texto = soltar(con_evento, {"madrid.jpg": jpeg(capturado="2026:03:03 17:30:00", desfase="+01:00")})
    assert "#1 «Inauguración de la cancha»" in texto
    [m] = medios(con_evento.app)
    assert m.capturado == datetime(2026, 3, 3, 10, 30, tzinfo=ZONA)
    # Sin el desfase, 17:30 sería hora de la oficina: fuera del evento.
    _, texto = soltar(con_evento, {"sin.jpg": jpeg(capturado="2026:03:03 17:30:00", semilla=5)})
    assert "sin evento" in texto


# --- color y privacidad de las copias (issue 22) ------------------------------------------------------------
def _pixel(ruta: Path) -> tuple[int, int, int]:
    with Image.open(ruta) as img:
        return img.convert("RGB").getpixel((img.width // 2, img.height // 2))  # type: ignore[return-value]


def _en_srgb(perfil: str, color: tuple[int, int, int]) -> tuple[int, int, int]:
    """Lo que vale ``color`` (en ``perfil``) en sRGB, según LittleCMS, sobre un solo pixel."""
    origen = ImageCms.ImageCmsProfile(io.BytesIO(perfil_icc(perfil)))
    uno = ImageCms.profileToProfile(Image.new("RGB", (1, 1), color), origen, ImageCms.createProfile("sRGB"),
                                    renderingIntent=ImageCms.Intent.PERCEPTUAL)
    return uno.getpixel((0, 0))  # type: ignore[return-value,union-attr]


def _cerca(a: tuple[int, ...], b: tuple[int, ...], tolerancia: int = 6) -> bool:
    return all(abs(x - y) <= tolerancia for x, y in zip(a, b))


@pytest.mark.parametrize("perfil", ["Display P3", "Adobe RGB (1998)"])
def test_las_copias_convierten_el_perfil_de_color_a_srgb_y_lo_dicen(con_evento: Charla, perfil: str) -> None:
    verde = (60, 180, 75)
    soltar(con_evento, {"iphone.jpg": jpeg_con_perfil(perfil, verde)}, texto="#1")
    [m] = medios(con_evento.app)
    esperado = _en_srgb(perfil, verde)
    assert not _cerca(esperado, verde, 10)  # sin convertir se vería otro color
    for clave in (m.clave_copia, m.clave_miniatura):
        assert _cerca(_pixel(raiz(con_evento.app) / clave), esperado)
        with Image.open(raiz(con_evento.app) / clave) as img:
            etiqueta = ImageCms.ImageCmsProfile(io.BytesIO(img.info["icc_profile"]))
            assert ImageCms.getProfileDescription(etiqueta).lower().startswith("srgb")
    # El original se guarda tal cual, con su perfil.
    with Image.open(raiz(con_evento.app) / m.clave) as original:
        assert original.info["icc_profile"] == perfil_icc(perfil)


def test_un_jpeg_cmyk_de_imprenta_da_copias_rgb(con_evento: Charla) -> None:
    soltar(con_evento, {"imprenta.jpg": jpeg_con_perfil("", (0, 255, 255), modo="CMYK")}, texto="#1")  # rojo en CMYK
    [m] = medios(con_evento.app)
    with Image.open(raiz(con_evento.app) / m.clave_copia) as copia:
        assert copia.mode == "RGB" and "icc_profile" in copia.info
    r, g, b = _pixel(raiz(con_evento.app) / m.clave_copia)
    assert r > 200 and g < 60 and b < 60


def test_las_copias_no_llevan_gps_ni_exif(con_evento: Charla) -> None:
    soltar(con_evento, {"con_gps.jpg": jpeg()}, texto="#1")
    [m] = medios(con_evento.app)
    assert m.latitud is not None  # el original y su fila sí lo tienen
    with Image.open(raiz(con_evento.app) / m.clave) as original:
        assert original.getexif().get_ifd(0x8825)
    for clave in (m.clave_copia, m.clave_miniatura):
        with Image.open(raiz(con_evento.app) / clave) as img:
            assert not img.getexif().get_ifd(0x8825) and "exif" not in img.info


def test_gps_en_ceros_es_sin_ubicacion_y_la_ubicacion_solo_la_ve_un_director(con_evento: Charla) -> None:
    soltar(con_evento, {"ceros.jpg": jpeg(gps=(0.0, 0.0)), "plaza.jpg": jpeg(semilla=3)}, texto="#1", como="ana")
    ceros, plaza = medios(con_evento.app)
    assert ceros.latitud is None and ceros.longitud is None
    assert plaza.latitud == pytest.approx(18.35)
    with con_evento.app.fabrica.begin() as s:
        s.scalars(select(Persona).where(Persona.usuario_id == "ana")).one().es_director = False
    respuesta = con_evento.respuesta(f"/archivo ubicacion {plaza.id}", como="ana")
    assert respuesta.es_error and "Solo un director" in renderizar(respuesta, "texto")
    texto = con_evento.di(f"/archivo Ubicación {plaza.id}")
    assert "18.350000, -100.480000" in texto and "openstreetmap.org" in texto and not texto.startswith("⚠")
    assert "no trae ubicación" in con_evento.di(f"/archivo ubicacion {ceros.id}")
    assert "No hay un archivo con ID 999" in con_evento.di("/archivo ubicacion 999")


# --- fotos casi iguales (issue 22) -----------------------------------------------------------------------------
def test_una_copia_reenviada_recomprimida_o_reducida_se_guarda_ligada_a_la_original(con_evento: Charla) -> None:
    original = jpeg(2400, 1800, semilla=7, orientacion=6)  # de pie, girada por EXIF
    soltar(con_evento, {"DSC_7.jpg": original}, texto="#1", como="ana")
    _, texto = soltar(con_evento, {
        "IMG-WA0001.jpg": copia_de_whatsapp(original),  # reducida, calidad 60, sin EXIF, pixeles girados
        "chica.jpg": copia_de_whatsapp(original, lado=640, calidad=35),
        "otra.jpg": jpeg(2400, 1800, semilla=8),  # otra foto del mismo evento
    }, texto="#1", como="beto")
    assert "IMG-WA0001.jpg (ID 2) — parece copia de DSC_7.jpg (ID 1)" in texto
    assert "chica.jpg (ID 3) — parece copia de DSC_7.jpg (ID 1)" in texto
    assert "otra.jpg (ID 4)" in texto and "otra.jpg (ID 4) —" not in texto
    dsc, wa, chica, otra = medios(con_evento.app)
    assert (wa.parecido_a_id, chica.parecido_a_id, otra.parecido_a_id, dsc.parecido_a_id) == (dsc.id, dsc.id, None, None)
    assert len(arbol(con_evento.app)) == 4  # se guardan: el SHA-256 es otro y puede ser la única buena
    lista = con_evento.di("/archivo duplicados")
    assert "IMG-WA0001.jpg (ID 2) parece copia de DSC_7.jpg (ID 1)" in lista and "otra.jpg" not in lista
    assert "2 fotos parecen copia de otra" in lista
    # Una copia de la copia apunta a la original.
    _, texto = soltar(con_evento, {"reenvio.jpg": copia_de_whatsapp(copia_de_whatsapp(original), calidad=50)})
    assert "parece copia de DSC_7.jpg (ID 1)" in texto


def test_archivo_duplicados_sin_nada_lo_dice(con_evento: Charla) -> None:
    soltar(con_evento, {"a.jpg": jpeg(semilla=1), "b.jpg": jpeg(semilla=2)})
    assert "No hay fotos que parezcan copia de otra" in con_evento.di("/archivo duplicados")
    assert con_evento.respuesta("/archivo duplicados 3").es_error


# --- video y audio (issue 22) ------------------------------------------------------------------------------------
def test_la_hora_de_creacion_de_un_video_elige_el_evento_y_se_ve_en_archivo_evento(con_evento: Charla) -> None:
    # Grabado el martes 3 a las 10:30 de la Ciudad de México (16:30 UTC, como lo escribe el teléfono).
    grabado = datetime(2026, 3, 3, 10, 30, tzinfo=ZONA)
    _, texto = soltar(con_evento, {
        "clip.mp4": video_mp4(creado=grabado),
        "clip.mov": video_mp4(creado=grabado + timedelta(minutes=5), marca=b"qt  ", ancho=3840, alto=2160,
                              segundos=75),
    })
    assert "2 en el evento #1 «Inauguración de la cancha»" in texto
    mp4_, mov = medios(con_evento.app)
    assert mp4_.capturado == grabado and mp4_.fecha == grabado
    assert (mp4_.tipo, mp4_.mime, mp4_.ancho, mp4_.alto, mp4_.codec) == ("video", "video/mp4", 1920, 1080, "H.264 · AAC LC")
    assert mp4_.duracion == pytest.approx(12.5) and mov.duracion == pytest.approx(75)
    assert mov.mime == "video/quicktime" and (mov.ancho, mov.alto) == (3840, 2160)
    lista = con_evento.di("/archivo evento 1")
    assert "clip.mp4 (ID 1, 03/03 10:30) [0:12 · 1920×1080 · H.264 · AAC LC]" in lista
    assert "clip.mov (ID 2, 03/03 10:35) [1:15 · 3840×2160 · H.264 · AAC LC]" in lista


def test_un_video_grabado_fuera_del_evento_no_cae_en_el_de_la_subida(con_evento: Charla) -> None:
    durante = datetime(2026, 3, 3, 10, 20, tzinfo=ZONA)
    _, texto = soltar(con_evento, {"viejo.mp4": video_mp4(creado=datetime(2026, 2, 20, 12, tzinfo=ZONA))},
                      ahora=durante)
    assert "sin evento → 2026/02-febrero/sin-evento/" in texto
    # Un teléfono sin hora escribe 0 (1904): cuenta la subida, sin tomarla por fecha dudosa.
    _, texto = soltar(con_evento, {"sin_hora.mov": video_mp4(creado=None, marca=b"qt  ")}, ahora=durante)
    assert "#1 «Inauguración de la cancha»" in texto and "no es creíble" not in texto
    sin_hora = medios(con_evento.app)[1]
    assert sin_hora.capturado is None and not sin_hora.fecha_dudosa and sin_hora.duracion == pytest.approx(12.5)


def test_la_duracion_de_los_audios_se_lee_y_se_muestra(con_evento: Charla) -> None:
    soltar(con_evento, {
        "discurso.mp3": mp3_de(65), "nota.wav": wav_de(3), "PTT-20260303-WA0001.opus": opus_de(42),
        "entrevista.m4a": video_mp4(creado=None, solo_audio=True, marca=b"M4A ", segundos=600),
    }, texto="#1")
    mp3_, wav_, opus_, m4a = medios(con_evento.app)
    assert mp3_.duracion == pytest.approx(65, abs=0.5) and mp3_.codec == "MP3"  # sin cabecera Xing: estimada
    assert wav_.duracion == pytest.approx(3) and wav_.codec == "PCM"
    assert opus_.duracion == pytest.approx(42) and opus_.codec == "Opus" and opus_.mime == "audio/ogg"
    assert m4a.duracion == pytest.approx(600) and m4a.codec == "AAC LC" and m4a.tipo == "audio"
    lista = con_evento.di("/archivo evento 1")
    assert "discurso.mp3 (ID 1) [1:05 · MP3]" in lista and "(ID 4) [10:00 · AAC LC]" in lista
    assert "[0:42 · Opus]" in lista and "nota.wav (ID 2) [0:03 · PCM]" in lista


def test_un_audio_que_no_se_entiende_se_archiva_sin_sus_datos(con_evento: Charla) -> None:
    _, texto = soltar(con_evento, {"raro.mp3": mp3(), "raro.mp4": mp4()}, texto="#1")
    assert "Archivé 2 archivos" in texto
    assert all(m.duracion is None and m.codec == "" for m in medios(con_evento.app))


# --- más formatos (issue 22) ---------------------------------------------------------------------------------------
def test_webp_gif_y_tiff_se_archivan_con_copias(con_evento: Charla) -> None:
    _, texto = soltar(con_evento, {
        "telefono.webp": imagen("WEBP", quality=80), "animado.gif": gif_animado(),
        "escaner.tif": imagen("TIFF", compression="tiff_lzw"), "sin_extension": imagen("TIFF"),
    }, texto="#1")
    assert "Archivé 4 archivos" in texto and "No archivé" not in texto
    webp, gif, tif, sin = medios(con_evento.app)
    assert (webp.mime, gif.mime, tif.mime, sin.mime) == ("image/webp", "image/gif", "image/tiff", "image/tiff")
    assert sin.nombre == "sin_extension.tif"
    for m in (webp, tif):
        with Image.open(raiz(con_evento.app) / m.clave_copia) as copia:
            assert copia.format == "JPEG" and copia.size == (640, 480)
            r, g, b = copia.getpixel((10, 10))  # type: ignore[misc]
            assert r > 200 and g < 60
    r, g, b = _pixel(raiz(con_evento.app) / gif.clave_copia)
    assert g > 150 and r < 60 and b < 60  # el primer cuadro (verde)
    assert gif.huella and webp.huella


def test_un_raw_que_es_tiff_por_dentro_no_se_toma_por_tiff(con_evento: Charla) -> None:
    _, texto = soltar(con_evento, {"DSC_0001.NEF": imagen("TIFF")}, texto="#1")
    assert "DSC_0001.NEF: no es un tipo que archive" in texto and "WebP, GIF, TIFF" in texto


def test_las_candidatas_a_copia_se_buscan_por_el_indice_completo(con_evento: Charla) -> None:
    from asistente.archivo.parecidos import BANDAS, consulta_de_candidatas

    consulta = consulta_de_candidatas(1, "8f3c0a11d2e4b697")
    with con_evento.app.motor.connect() as c:
        if c.dialect.name == "sqlite":
            sql = str(consulta.compile(c, compile_kwargs={"literal_binds": True}))
            plan = " ".join(str(r[-1]) for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert plan.count("(espacio_id=? AND banda=? AND valor=?)") == BANDAS
        else:  # PostgreSQL: que la consulta corra y no devuelva nada en un archivo vacío
            assert c.execute(consulta).all() == []


@pytest.mark.parametrize(("con_plural", "esperado"), [(False, 6), (True, 4)])
def test_el_total_de_una_palabra_frecuente_no_cuenta_dos_veces_un_archivo(
        charla: Charla, monkeypatch: pytest.MonkeyPatch, con_plural: bool, esperado: int) -> None:
    """El total de una palabra frecuente sale de las primeras filas de su índice; cuando el prefijo
    junta dos palabras de los mismos archivos («cancha» y «canchas») se cuenta cada archivo una vez."""
    from sqlalchemy import insert

    from asistente.archivo import busqueda
    from modelos import Espacio, PalabraDeMedio

    monkeypatch.setattr(busqueda, "TOPE_CONTEO", 5)
    monkeypatch.setattr(busqueda, "MAX_IDS", 2)
    cuantos = 4 if con_plural else 12
    with charla.app.fabrica.begin() as s:
        espacio_id = s.scalars(select(Espacio.id)).one()
        for i in range(cuantos):
            fecha = charla.ahora - timedelta(days=i)
            medio_id = s.execute(insert(Medio).returning(Medio.id), [dict(
                espacio_id=espacio_id, sha256=f"{i:064x}", nombre=f"C_{i}.jpg", nombre_original=f"C_{i}.jpg",
                clave=f"x/C_{i}.jpg", tipo="foto", mime="image/jpeg", tamanio=1, fecha=fecha, pie="cancha",
                subido=fecha, canal="C", hilo="", buscable="cancha")]).scalar_one()
            for palabra in ("cancha", "canchas") if con_plural else ("cancha",):
                s.execute(insert(PalabraDeMedio), [dict(medio_id=medio_id, espacio_id=espacio_id, palabra=palabra)])
    with charla.app.fabrica() as s:
        criterios = busqueda.leer_criterios("cancha", charla.ahora.date())
        hallazgos, total = busqueda.buscar(s, espacio_id, criterios, ZONA, limite=2)
    assert len(hallazgos) == 2
    assert total == esperado  # 12 archivos con un tope de 5: «más de 5»; 4 archivos con dos palabras: 4
