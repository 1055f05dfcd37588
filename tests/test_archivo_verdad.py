"""El archivo dice la verdad de cada archivo (issue 22, lo que faltaba): la foto de 200 MP de un
teléfono, el AAC crudo de una grabadora, la portada de un video, el botón «¿de qué evento?» que mueve
solo lo que pregunta, ``verificar`` que también mira las copias y lo que nadie conoce, y los originales
que salen del archivo sin GPS.

Los archivos de formato real viven en ``tests/muestras/`` (ver su README: cómo se hicieron).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from asistente.archivo.medios import MAX_PIXELES
from modelos import Medio
from tests.archivos import bomba_png, jpeg
from tests.conftest import ZONA, Charla
from tests.test_archivo import SUBIDA, arbol, medios, raiz, soltar

MUESTRAS = Path(__file__).parent / "muestras"


def muestra(nombre: str) -> bytes:
    return (MUESTRAS / nombre).read_bytes()


@pytest.fixture
def con_evento(charla: Charla) -> Charla:
    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10")  # martes 3, 10:00–11:00
    return charla


# --- AAC crudo ------------------------------------------------------------------------------------------
def test_un_aac_crudo_de_una_grabadora_se_archiva_con_su_duracion(con_evento: Charla) -> None:
    _, texto = soltar(con_evento, {"nota_de_voz.aac": muestra("nota_de_voz.aac"),
                                   "sin_nombre": muestra("nota_de_voz.aac")[:1] + b"x"}, texto="#1")
    assert "Archivé 1 archivo" in texto
    [m] = medios(con_evento.app)
    assert (m.tipo, m.mime, m.nombre, m.codec) == ("audio", "audio/aac", "nota_de_voz.aac", "AAC")
    assert m.duracion == pytest.approx(3.5, abs=0.15)
    assert "nota_de_voz.aac (ID 1) [0:04 · AAC]" in con_evento.di("/archivo evento 1")
    assert "sin_nombre: no es un tipo que archive; acepto" in texto and "AAC" in texto


def test_un_mp3_no_se_toma_por_aac(con_evento: Charla) -> None:
    from tests.archivos import mp3_de

    soltar(con_evento, {"discurso.mp3": mp3_de(5)}, texto="#1")
    [m] = medios(con_evento.app)
    assert m.mime == "audio/mpeg" and m.codec == "MP3"


# --- el botón «¿de qué evento?» ------------------------------------------------------------------------------
def test_el_boton_mueve_solo_los_archivos_por_los_que_pregunta(con_evento: Charla) -> None:
    con_evento.di("/agenda nueva Rueda de prensa | mañana a las 18")  # #2, martes 3 18:00
    r, texto = soltar(con_evento, {
        "durante.jpg": jpeg(capturado="2026:03:03 10:30:00", semilla=1),  # en el evento #1
        "despues.jpg": jpeg(capturado="2026:03:03 11:40:00", semilla=2),  # fuera de todo evento
        "sin_hora.jpg": jpeg(capturado=None, semilla=3),  # la subida (12:00): fuera de todo evento
    })
    assert "1 en el evento #1" in texto and "2 sin evento" in texto
    assert "¿De qué evento son despues.jpg, sin_hora.jpg? Elige uno de los del martes 3 de marzo" in texto
    assert "(solo a esos)" in texto
    durante, despues, sin_hora = medios(con_evento.app)
    # Los botones de evento (quien soltó la foto del #1 sin estar asignada recibe aparte el de «Sí, cubrí foto»).
    eventos = [b for b in r.botones if b.accion == "archivo.enlazar_lote"]
    assert [b.etiqueta for b in eventos] == ["#1 Inauguración de la cancha", "#2 Rueda de prensa"]
    assert [b.valor for b in eventos] == [f"1:{despues.id},{sin_hora.id}", f"2:{despues.id},{sin_hora.id}"]
    assert [b.etiqueta for b in r.botones if b not in eventos] == ["Sí, cubrí foto en #1"]
    boton = eventos[1]
    assert "2 archivos pasados al evento #2" in con_evento.pulsa(boton.accion, boton.valor, como="ana")
    assert arbol(con_evento.app) == [
        "2026/03-marzo/2026-03-03_001-inauguracion-de-la-cancha/durante.jpg",
        "2026/03-marzo/2026-03-03_002-rueda-de-prensa/despues.jpg",
        "2026/03-marzo/2026-03-03_002-rueda-de-prensa/sin_hora.jpg",
    ]


def test_un_boton_viejo_no_mueve_lo_que_ya_tiene_evento(con_evento: Charla) -> None:
    con_evento.di("/agenda nueva Rueda de prensa | mañana a las 18")
    r, texto = soltar(con_evento, {"a.jpg": jpeg(capturado="2026:03:03 11:40:00", semilla=1)})
    assert "¿De qué evento es? Elige uno" in texto
    assert not con_evento.respuesta("/archivo enlazar 1 1").es_error  # alguien lo enlazó a mano
    boton = r.botones[1]
    assert "ya tienen evento" in con_evento.pulsa(boton.accion, boton.valor, como="ana")
    assert arbol(con_evento.app) == ["2026/03-marzo/2026-03-03_001-inauguracion-de-la-cancha/a.jpg"]
    # Pulsar el del mismo evento no cambia nada y no es error.
    assert "1 archivo pasado al evento #1" in con_evento.pulsa(r.botones[0].accion, r.botones[0].valor, como="ana")


def test_todo_sin_evento_se_pregunta_junto(con_evento: Charla) -> None:
    con_evento.di("/agenda nueva Rueda de prensa | mañana a las 18")
    r, texto = soltar(con_evento, {"a.jpg": jpeg(capturado=None, semilla=1), "b.jpg": jpeg(capturado=None, semilla=2)},
                      ahora=datetime(2026, 3, 3, 12, 0, tzinfo=ZONA))
    assert "¿De qué evento son? Elige uno" in texto and "solo a esos" not in texto
    assert r.botones[0].valor == "1:1,2"


# --- fotos enormes ----------------------------------------------------------------------------------------
def test_una_bomba_apenas_pasada_del_limite_se_rechaza_sin_decodificarla(con_evento: Charla) -> None:
    lado = int(MAX_PIXELES ** 0.5) + 10
    _, texto = soltar(con_evento, {"bomba.png": bomba_png(lado), "bomba_grande.png": bomba_png()}, texto="#1")
    assert "bomba.png: la imagen dice medir demasiados pixeles" in texto
    assert "bomba_grande.png: la imagen dice medir demasiados pixeles" in texto
    assert arbol(con_evento.app) == []


def test_la_foto_de_200_megapixeles_de_un_telefono_se_archiva(con_evento: Charla) -> None:
    from asistente.archivo.memoria import presupuesto_de

    original = muestra("samsung_200mp.heic")  # 16320 × 12240 en mosaicos de 512, como la guarda el teléfono
    _, texto = soltar(con_evento, {"20260303_103000.heic": original})
    assert "1 en el evento #1 «Inauguración de la cancha»" in texto  # por su hora de captura (-06:00)
    [m] = medios(con_evento.app)
    assert (m.mime, m.ancho, m.alto, m.camara) == ("image/heic", 16320, 12240, "samsung Galaxy S25 Ultra")
    assert m.latitud == pytest.approx(19.433333) and m.longitud == pytest.approx(-99.133333)
    with Image.open(raiz(con_evento.app) / m.clave_copia) as copia:
        assert copia.format == "JPEG" and copia.size == (1600, 1200)
        rojo, amarillo = copia.getpixel((100, 100)), copia.getpixel((1000, 700))
    assert rojo[0] > 240 and rojo[1] < 20  # type: ignore[index]
    assert amarillo[0] > 230 and amarillo[1] > 200 and amarillo[2] < 40  # type: ignore[index]
    with Image.open(raiz(con_evento.app) / m.clave_miniatura) as mini:
        assert mini.size == (320, 240)
    presupuesto = presupuesto_de(con_evento.app.config.memoria_fotos_mb)
    assert 0 < presupuesto.maximo_visto <= presupuesto.total and presupuesto.en_uso == 0
    assert (raiz(con_evento.app) / m.clave).read_bytes() == original  # el original, intacto


# --- verificar ------------------------------------------------------------------------------------------------
def test_verificar_revisa_las_copias_y_encuentra_lo_que_ninguna_fila_conoce(con_evento: Charla) -> None:
    from asistente.archivo import almacen as alm
    from asistente.archivo.respaldo import verificar

    soltar(con_evento, {"IMG_1.jpg": jpeg(semilla=1), "IMG_2.jpg": jpeg(semilla=2)}, texto="#1")
    config = con_evento.app.config
    salida = io.StringIO()
    assert verificar(config, salida) == 0
    assert "Todo en orden: 2 archivos presentes y con su hash, con sus copias." in salida.getvalue()
    uno, dos = medios(con_evento.app)
    base = raiz(con_evento.app)
    (base / uno.clave_copia).unlink()
    mini = (base / dos.clave_miniatura).read_bytes()
    (base / dos.clave_miniatura).write_bytes(mini[: len(mini) // 2])
    (base / "2026/03-marzo/suelto.jpg").write_bytes(jpeg(semilla=3))  # copiado a mano, sin fila
    (base / alm.COPIAS / "ff").mkdir(parents=True)
    (base / alm.COPIAS / "ff" / ("f" * 64 + ".jpg")).write_bytes(b"de nadie")
    salida = io.StringIO()
    assert verificar(config, salida) == 1
    texto = salida.getvalue()
    assert f"FALTA LA COPIA DE 1600 PX de consola:prueba {uno.clave} ({uno.clave_copia})" in texto
    assert f"DAÑADA LA MINIATURA de consola:prueba {dos.clave} ({dos.clave_miniatura})" in texto
    assert "SIN FILA   2026/03-marzo/suelto.jpg" in texto
    assert f"SIN FILA   {alm.COPIAS}/ff/{'f' * 64}.jpg" in texto
    assert "2 archivos bien, 0 faltan, 0 cambiaron, 2 copias derivadas que faltan" in texto
    assert "2 archivos en el disco que ninguna fila conoce" in texto
    assert "FALTA      " not in texto and "CAMBIÓ" not in texto


# --- los originales que salen, sin GPS -------------------------------------------------------------------------
def _gps(datos: bytes) -> dict[int, object]:
    with Image.open(io.BytesIO(datos)) as img:
        return dict(img.getexif().get_ifd(0x8825))


@pytest.mark.parametrize("formato", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_quitar_gps_no_recodifica_la_imagen(formato: str) -> None:
    from asistente.archivo.privacidad import quitar_gps
    from tests.archivos import imagen

    exif = Image.Exif()
    exif[272] = "Pixel 9"
    exif.get_ifd(0x8825).update({1: "N", 2: (18.0, 21.0, 0.0), 3: "W", 4: (100.0, 28.0, 48.0)})
    original = imagen(formato, exif=exif.tobytes())
    limpio = quitar_gps(original)
    assert _gps(original) and _gps(limpio) == {}
    assert len(limpio) == len(original) and sum(a != b for a, b in zip(original, limpio)) < 64  # solo el GPS
    with Image.open(io.BytesIO(original)) as a, Image.open(io.BytesIO(limpio)) as b:
        assert a.tobytes() == b.tobytes() and b.getexif()[272] == "Pixel 9"
    assert quitar_gps(limpio) == limpio and quitar_gps(b"%PDF-1.4") == b"%PDF-1.4"


def test_el_heic_de_200_mp_sale_sin_gps_sin_tocar_la_imagen() -> None:
    import pillow_heif

    from asistente.archivo.privacidad import quitar_gps

    original = muestra("samsung_200mp.heic")
    limpio = quitar_gps(original)
    assert len(limpio) == len(original) and sum(a != b for a, b in zip(original, limpio)) < 64
    exif = Image.Exif()
    exif.load(pillow_heif.open_heif(io.BytesIO(limpio)).info["exif"])
    assert dict(exif.get_ifd(0x8825)) == {} and exif[271] == "samsung"


def test_el_portal_sirve_los_originales_sin_gps_y_el_archivo_lo_conserva(bd_url: str, tmp_path: Path) -> None:
    import zipfile

    from tests.test_portal import portal_con_evento

    for portal in portal_con_evento(bd_url, tmp_path):
        charla, app = portal.charla, portal.charla.app
        foto = jpeg(2400, 1800, semilla=4)
        soltar(charla, {"IMG_9.jpg": foto}, texto="#1")
        galeria = portal.compartir()
        servido = portal.get(f"{galeria}/original/1")
        assert servido.status_code == 200 and int(servido.headers["content-length"]) == len(foto)
        assert _gps(foto) and _gps(servido.content) == {}
        with Image.open(io.BytesIO(servido.content)) as a, Image.open(io.BytesIO(foto)) as b:
            assert a.tobytes() == b.tobytes()  # la misma imagen, sin recodificar
        with zipfile.ZipFile(io.BytesIO(portal.get(f"{galeria}/todo.zip").content)) as zf:
            assert _gps(zf.read("IMG_9.jpg")) == {}
        [m] = medios(app)
        assert (raiz(app) / m.clave).read_bytes() == foto and m.latitud is not None  # el guardado lo conserva
        assert "18.350000" in charla.di("/archivo ubicacion 1")


# --- la portada de los videos ----------------------------------------------------------------------------------
@pytest.mark.skipif(__import__("shutil").which("ffmpeg") is None, reason="sin ffmpeg no hay portada")
def test_un_video_con_ffmpeg_tiene_portada_como_miniatura(con_evento: Charla) -> None:
    from tests.archivos import mp4

    _, texto = soltar(con_evento, {"clip.mp4": muestra("video_con_imagen.mp4"), "roto.mp4": mp4()}, texto="#1")
    assert "Archivé 2 archivos" in texto
    clip, roto = medios(con_evento.app)
    assert clip.clave_miniatura and clip.clave_copia and (clip.ancho, clip.alto, clip.codec) == (320, 240, "H.264 · AAC LC")
    with Image.open(raiz(con_evento.app) / clip.clave_miniatura) as mini:
        assert mini.format == "JPEG" and mini.size == (320, 240)
        assert len(mini.convert("RGB").getcolors(100_000) or []) > 50  # un cuadro de verdad (las barras de testsrc)
    assert (raiz(con_evento.app) / clip.clave_copia).exists()
    assert roto.clave_miniatura == "" and roto.clave_copia == ""  # ffmpeg no entendió: sin portada, sin error


def test_sin_ffmpeg_el_video_se_archiva_sin_portada(con_evento: Charla, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # ningún ffmpeg a la vista
    _, texto = soltar(con_evento, {"clip.mp4": muestra("video_con_imagen.mp4")}, texto="#1")
    assert "Archivé 1 archivo" in texto and "No archivé" not in texto
    [clip] = medios(con_evento.app)
    assert clip.clave_miniatura == "" and clip.duracion == pytest.approx(2, abs=0.1)


# --- verdades chicas ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("gps", [
    {1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)},  # en ceros: sin señal
    {1: "S", 2: (0.0, 0.0, 0.0), 3: "W", 4: (0.0, 0.0, 0.0)},  # en ceros con otras referencias
    {9: "V", 1: "N", 2: (18.0, 21.0, 0.0), 3: "W", 4: (100.0, 28.0, 48.0)},  # el teléfono dice que no vale
    {1: "N", 2: (95.0, 0.0, 0.0), 3: "W", 4: (100.0, 0.0, 0.0)},  # fuera del mundo
])
def test_un_gps_que_no_dice_nada_se_guarda_como_ninguno(gps: dict[int, object]) -> None:
    from zoneinfo import ZoneInfo

    from asistente.archivo.medios import leer_exif

    exif = Image.Exif()
    exif.get_ifd(0x8825).update(gps)
    salida = io.BytesIO()
    Image.new("RGB", (40, 30)).save(salida, "JPEG", exif=exif)
    with Image.open(salida) as img:
        _, _, lat, lon = leer_exif(img, ZoneInfo("America/Mexico_City"))
    assert lat is None and lon is None


def test_un_heic_que_dice_medir_mas_que_el_limite_se_rechaza_antes_de_decodificar(tmp_path: Path) -> None:
    import struct
    from zoneinfo import ZoneInfo

    from asistente.archivo.medios import ArchivoRechazado, analizar_foto
    from asistente.archivo.memoria import MB, Presupuesto

    datos = bytearray(muestra("samsung_200mp.heic"))
    ispe = datos.find(b"ispe")  # la medida de la rejilla: 16320 × 12240 → 20000 × 14000 (280 MP)
    assert struct.unpack(">II", datos[ispe + 8:ispe + 16]) == (16320, 12240)
    datos[ispe + 8:ispe + 16] = struct.pack(">II", 20000, 14000)
    bomba = tmp_path / "bomba.heic"
    bomba.write_bytes(bytes(datos))
    presupuesto = Presupuesto(4096 * MB)
    with pytest.raises(ArchivoRechazado, match="demasiados pixeles"):
        analizar_foto(bomba, io.BytesIO(), io.BytesIO(), ZoneInfo("America/Mexico_City"), presupuesto)
    assert presupuesto.maximo_visto == 0  # ni reservó memoria: no llegó a decodificar


# --- lotes en paralelo -------------------------------------------------------------------------------------------
def test_un_lote_se_analiza_en_paralelo_y_se_registra_en_orden(con_evento: Charla, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from asistente.archivo import ingesta
    from tests.archivos import copia_de_whatsapp

    monkeypatch.setattr(ingesta, "HILOS", 2)
    hilos: set[str] = set()
    analizar = ingesta.analizar_foto

    def anotando(*args: object, **kwargs: object) -> object:
        hilos.add(threading.current_thread().name)
        return analizar(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingesta, "analizar_foto", anotando)
    original = jpeg(1600, 1200, semilla=7)
    archivos = {f"IMG_{i}.jpg": jpeg(semilla=20 + i) for i in range(5)}
    archivos |= {"DSC_7.jpg": original, "reenviada.jpg": copia_de_whatsapp(original), "igual.jpg": original}
    _, texto = soltar(con_evento, archivos, texto="#1")
    assert len(hilos) == 2  # dos hilos analizaron fotos a la vez
    assert [m.nombre for m in medios(con_evento.app)] == [*list(archivos)[:7]]  # los IDs en el orden del mensaje
    assert "reenviada.jpg (ID 7) — parece copia de DSC_7.jpg (ID 6)" in texto
    assert "igual.jpg es el mismo que" in texto and "DSC_7.jpg (ID 6)" in texto
