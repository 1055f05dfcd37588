"""Ningún original que sale del archivo dice dónde estaba quien lo tomó: ni el ``©xyz``/``loci`` de un
video, ni la clave de ubicación de un iPhone, ni el GPS o la ciudad del XMP de una foto. Se archivan
archivos de verdad (videos hechos con ffmpeg, ver ``tests/muestras/README.md``; fotos hechas con Pillow)
por el camino normal, se bajan por el portal y su ZIP, y se buscan las coordenadas en los bytes y con
los lectores de verdad (mutagen, hachoir, Pillow, ElementTree).
"""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image, PngImagePlugin

from asistente.archivo.privacidad import parches_sin_gps, quitar_gps, ubicacion_de_video
from tests.archivos import imagen, jpeg
from tests.conftest import Charla
from tests.test_archivo import medios, raiz, soltar

MUESTRAS = Path(__file__).parent / "muestras"
# Lo que un periodista buscaría: las coordenadas (en texto ISO 6709, en grados y minutos del XMP, y en
# el binario 16.16 de ``loci``: 19.4326 → 0x00136EBE, -99.1332 → 0xFF9CDDE7) y la ciudad.
RASTROS = (b"19.4326", b"099.1332", b"19,25.956", b"99,7.992", b"Coyoacan", b"\x00\x13\x6e\xbe", b"\xff\x9c\xdd\xe7")

XMP_CON_LUGAR = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
    b' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    b'  <rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"\n'
    b'    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    b'    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"\n'
    b'    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"\n'
    b'    exif:GPSLatitude="19,25.956N" exif:GPSLongitude=\'99,7.992W\' photoshop:City="Coyoacan"\n'
    b'    photoshop:Credit="Foto: Ana">\n'
    b'   <exif:GPSAltitude>2240/1</exif:GPSAltitude>\n'
    b'   <exif:GPSTimeStamp>2026-03-02T17:30:00Z</exif:GPSTimeStamp>\n'
    b'   <photoshop:State>Ciudad de M&#xE9;xico</photoshop:State>\n'
    b'   <Iptc4xmpCore:Location><![CDATA[Jardin Hidalgo, Coyoacan]]></Iptc4xmpCore:Location>\n'
    b'   <Iptc4xmpExt:LocationShown><rdf:Bag><rdf:li rdf:parseType="Resource">\n'
    b'     <Iptc4xmpExt:City>Coyoacan</Iptc4xmpExt:City><Iptc4xmpExt:GPSLatitude>19.4326</Iptc4xmpExt:GPSLatitude>\n'
    b'   </rdf:li></rdf:Bag></Iptc4xmpExt:LocationShown>\n'
    b'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Inauguracion de la cancha</rdf:li></rdf:Alt></dc:title>\n'
    b'  </rdf:Description>\n'
    b' </rdf:RDF>\n'
    b'</x:xmpmeta>\n'
    b'<?xpacket end="w"?>'
)
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")


def muestra(nombre: str) -> bytes:
    return (MUESTRAS / nombre).read_bytes()


def _caja(tipo: bytes, *hijos: bytes) -> bytes:
    cuerpo = b"".join(hijos)
    return struct.pack(">I", 8 + len(cuerpo)) + tipo + cuerpo


def video_de_android() -> bytes:
    """Como lo graba un Android (MediaMuxer): ``moov/udta/©xyz`` (texto QuickTime: largo, idioma y el
    ISO 6709) en un MP4, y un XMP de cámara en una caja ``uuid`` al final. Se parte del MP4 de ffmpeg
    de las muestras, cuyo ``moov`` es la última caja: crecerlo no mueve los desfases de ``mdat``."""
    base = muestra("video_con_imagen.mp4")
    moov = base.index(b"moov") - 4
    assert moov + struct.unpack(">I", base[moov:moov + 4])[0] == len(base)  # moov es lo último
    texto = b"+19.4326-099.1332/"
    udta = _caja(b"udta", _caja(b"\xa9xyz", struct.pack(">HH", len(texto), 0x15C7), texto))
    nuevo_moov = struct.pack(">I", len(base) - moov + len(udta)) + base[moov + 4:] + udta
    return base[:moov] + nuevo_moov + _caja(b"uuid", _XMP_UUID, XMP_CON_LUGAR)


VIDEOS = {
    "VID_20260302_android.mp4": video_de_android,
    "camara.mov": lambda: muestra("camara_con_gps.mov"),
    "IMG_0042.MOV": lambda: muestra("iphone_con_gps.mov"),
    "ffmpeg.mp4": lambda: muestra("ffmpeg_con_gps.mp4"),
}


def _rastros(datos: bytes) -> list[bytes]:
    return [r for r in RASTROS if r in datos]


def _duracion(datos: bytes, carpeta: Path) -> tuple[float, float]:
    """La duración según mutagen y según hachoir (dos lectores que no son los nuestros)."""
    import mutagen.mp4
    from hachoir.metadata import extractMetadata
    from hachoir.parser import createParser

    ruta = carpeta / f"video-{random.random()}.mp4"
    ruta.write_bytes(datos)
    with createParser(str(ruta)) as analizador:
        meta = extractMetadata(analizador)
        duracion_hachoir = meta.get("duration").total_seconds()
    info = mutagen.mp4.MP4(str(ruta)).info
    assert info is not None
    return info.length, duracion_hachoir


def _diferencias(a: bytes, b: bytes) -> list[int]:
    return [i for i, (x, y) in enumerate(zip(a, b)) if x != y]


# --- videos -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("nombre", list(VIDEOS))
def test_un_video_sale_sin_su_ubicacion_y_sigue_siendo_el_mismo_video(nombre: str, tmp_path: Path) -> None:
    original = VIDEOS[nombre]()
    assert _rastros(original)  # la muestra sí trae dónde se grabó
    ruta = tmp_path / nombre
    ruta.write_bytes(original)
    assert ubicacion_de_video(ruta) == pytest.approx((19.4326, -99.1332), abs=1e-4)

    limpio = quitar_gps(original)
    assert len(limpio) == len(original) and _rastros(limpio) == []
    cambios = _diferencias(original, limpio)
    mdat = original.index(b"mdat") - 4
    assert cambios and all(i > mdat + struct.unpack(">I", original[mdat:mdat + 4])[0] for i in cambios)  # ni un byte del video
    assert len(cambios) < 400
    assert _duracion(limpio, tmp_path) == _duracion(original, tmp_path) == pytest.approx((2.0, 2.0), abs=0.1)
    ruta.write_bytes(limpio)
    assert ubicacion_de_video(ruta) is None and quitar_gps(limpio) == limpio  # ya no hay nada que quitar


def test_del_iphone_se_quitan_las_claves_de_ubicacion_y_se_queda_la_marca(tmp_path: Path) -> None:
    original = muestra("iphone_con_gps.mov")
    limpio = quitar_gps(original)
    assert b"com.apple.quicktime.location" in original and b"com.apple.quicktime.location" not in limpio
    assert b"com.apple.quicktime.make" in limpio and b"Apple" in limpio  # lo que no es lugar se queda
    assert b"4.7" in original and b"4.7" not in limpio  # la precisión horizontal también dice algo


@pytest.fixture(scope="module")
def ffprobe() -> str:
    """El ffprobe de Debian (``apt-get install ffmpeg`` si falta): un lector de videos ajeno al nuestro."""
    from tests.navegador import asegurar_de_debian

    motivo = asegurar_de_debian(Path("/usr/bin/ffprobe"), "ffmpeg")
    if motivo:
        pytest.skip(f"SIN FFPROBE, no se comprobó con un lector ajeno que el video ya no dice dónde se grabó: {motivo}")
    return "/usr/bin/ffprobe"


@pytest.mark.parametrize("nombre", list(VIDEOS))
def test_ffprobe_ya_no_ve_la_ubicacion(nombre: str, tmp_path: Path, ffprobe: str) -> None:
    import json
    import subprocess

    def etiquetas(datos: bytes) -> tuple[dict[str, str], float]:
        ruta = tmp_path / nombre
        ruta.write_bytes(datos)
        salida = subprocess.run([ffprobe, "-v", "error", "-show_format", "-show_streams", "-of", "json", str(ruta)],
                                capture_output=True, check=True, timeout=30).stdout
        formato = json.loads(salida)["format"]
        return formato.get("tags", {}), float(formato["duration"])

    antes, duracion = etiquetas(VIDEOS[nombre]())
    despues, duracion_limpio = etiquetas(quitar_gps(VIDEOS[nombre]()))
    assert duracion_limpio == duracion
    if nombre != "VID_20260302_android.mp4":  # ffmpeg no lee ©xyz en un MP4, pero los otros sí
        assert any("location" in k for k in antes)
    assert not any("location" in k or "19.43" in v for k, v in despues.items())


def test_el_portal_y_su_zip_sirven_los_videos_sin_ubicacion_y_el_archivo_la_guarda(bd_url: str, tmp_path: Path) -> None:
    from tests.test_portal import portal_con_evento

    for portal in portal_con_evento(bd_url, tmp_path):
        charla, app = portal.charla, portal.charla.app
        archivos = {nombre: hacer() for nombre, hacer in VIDEOS.items()}
        archivos["IMG_0007.jpg"] = foto_con_xmp()
        _, texto = soltar(charla, archivos, texto="#1")
        assert "Archivé 5 archivos" in texto
        galeria = portal.compartir()
        for medio in medios(app):
            original = archivos[medio.nombre_original]
            servido = portal.get(f"{galeria}/original/{medio.id}")
            assert servido.status_code == 200 and int(servido.headers["content-length"]) == len(original)
            assert servido.content == quitar_gps(original) and _rastros(servido.content) == [], medio.nombre
            assert (raiz(app) / medio.clave).read_bytes() == original  # el guardado no se toca
        por_nombre = {m.nombre: archivos[m.nombre_original] for m in medios(app)}
        with zipfile.ZipFile(io.BytesIO(portal.get(f"{galeria}/todo.zip").content)) as zf:
            assert sorted(zf.namelist()) == sorted(por_nombre)
            for nombre in zf.namelist():
                assert zf.read(nombre) == quitar_gps(por_nombre[nombre]) and _rastros(zf.read(nombre)) == [], nombre
        # Un director sigue sabiendo dónde se grabó: se leyó al archivar y vive en la fila.
        android = next(m for m in medios(app) if m.nombre_original == "VID_20260302_android.mp4")
        respuesta = charla.di(f"/archivo ubicacion {android.id}")
        assert "19.432600, -99.133200" in respuesta and "openstreetmap" in respuesta
        iphone = next(m for m in medios(app) if m.nombre_original == "IMG_0042.MOV")
        assert (iphone.latitud, iphone.longitud) == pytest.approx((19.4326, -99.1332))
        assert "19.432" in charla.di(f"/archivo ubicacion {iphone.id}")


def test_un_video_sin_ubicacion_sale_tal_cual(tmp_path: Path) -> None:
    original = muestra("video_con_imagen.mp4")
    ruta = tmp_path / "clip.mp4"
    ruta.write_bytes(original)
    assert parches_sin_gps(ruta) == [] and ubicacion_de_video(ruta) is None


# --- cajas raras y hostiles ------------------------------------------------------------------------------------
def _mp4(*cajas: bytes) -> bytes:
    return _caja(b"ftyp", b"isom", b"\x00\x00\x02\x00", b"isommp41") + b"".join(cajas)


def _xyz(texto: bytes = b"+19.4326-099.1332/") -> bytes:
    return _caja(b"\xa9xyz", struct.pack(">HH", len(texto), 0x15C7), texto)


def test_cajas_de_64_bits_de_tamanio_cero_y_meta_con_y_sin_encabezado() -> None:
    # moov con tamaño de 64 bits (size 1) y udta con size 0 (hasta el final de moov).
    udta = struct.pack(">I", 0) + b"udta" + _xyz()
    moov = struct.pack(">I", 1) + b"moov" + struct.pack(">Q", 16 + len(udta)) + udta
    datos = _mp4(_caja(b"mdat", b"\x00" * 32), moov)
    limpio = quitar_gps(datos)
    assert _rastros(limpio) == [] and len(limpio) == len(datos) and b"free" in limpio

    # meta de MP4 (con versión y banderas) y de QuickTime (sin ellas), con la lista estilo iTunes.
    for encabezado in (b"\x00\x00\x00\x00", b""):
        ilst = _caja(b"ilst", _caja(b"\xa9xyz", _caja(b"data", struct.pack(">II", 1, 0), b"+19.4326-099.1332/")),
                     _caja(b"\xa9nam", _caja(b"data", struct.pack(">II", 1, 0), b"Cancha")))
        meta = _caja(b"meta", encabezado, _caja(b"hdlr", b"\x00" * 8, b"mdir", b"\x00" * 13), ilst)
        datos = _mp4(_caja(b"moov", _caja(b"udta", meta)), _caja(b"mdat", b"\x00" * 16))
        limpio = quitar_gps(datos)
        assert _rastros(limpio) == [] and b"Cancha" in limpio, encabezado


def test_tamanios_que_mienten_profundidad_enorme_y_muchas_cajas_no_truenan_ni_cuelgan() -> None:
    hostiles = {
        "mdat que dice medir más que el archivo": _mp4(struct.pack(">I", 0xFFFFFFF0) + b"mdat" + b"\x00" * 64),
        "64 bits gigantes": _mp4(struct.pack(">I", 1) + b"moov" + struct.pack(">Q", 2**63) + _xyz()),
        "caja menor que su encabezado": _mp4(struct.pack(">I", 3) + b"moov" + _xyz()),
        "udta anidado 100 000 veces": _mp4(_anidado(100_000)),
        "un millón de cajas vacías": _mp4(_caja(b"moov", b"\x00\x00\x00\x08free" * 1_000_000)),
        "keys con un millón de claves": _mp4(_caja(b"moov", _caja(b"meta", _caja(b"keys", struct.pack(">II", 0, 2**32 - 1))))),
        "nada": b"",
        "solo ftyp": b"\x00\x00\x00\x08ftyp",
    }
    for nombre, datos in hostiles.items():
        empezo = time.monotonic()
        limpio = quitar_gps(datos)
        assert len(limpio) == len(datos) and time.monotonic() - empezo < 10, nombre


def _anidado(niveles: int) -> bytes:
    """udta dentro de udta dentro de…, con un ©xyz en el fondo (donde no se llega: hay tope)."""
    cuerpo = _xyz()
    cabeceras = b"".join(struct.pack(">I", 8 * (niveles - i) + len(cuerpo)) + b"udta" for i in range(niveles))
    return struct.pack(">I", 8 + len(cabeceras) + len(cuerpo)) + b"moov" + cabeceras + cuerpo


def test_un_video_truncado_se_limpia_hasta_donde_llega() -> None:
    original = video_de_android()
    xyz = original.index(b"\xa9xyz")
    for corte in range(xyz - 8, len(original), 7):  # cortado en cualquier lugar después de empezar ©xyz
        truncado = original[:corte]
        limpio = quitar_gps(truncado)
        assert len(limpio) == len(truncado) and b"19.4326" not in limpio, corte


def test_bytes_al_azar_no_truenan() -> None:
    azar = random.Random(7)
    for hacer in VIDEOS.values():
        original = bytearray(hacer())
        for _ in range(150):
            danado = bytearray(original)
            for _ in range(azar.randrange(1, 40)):
                danado[azar.randrange(len(danado))] = azar.randrange(256)
            assert len(quitar_gps(bytes(danado))) == len(danado)


def test_un_video_de_3_gb_se_revisa_sin_leerlo_entero(tmp_path: Path) -> None:
    """Un ``mdat`` de 3 GB con tamaño de 64 bits y el ``moov`` al final, como lo deja un teléfono (el
    archivo es disperso: no ocupa disco). Se encuentra el ©xyz y se sirve parchado sin leer las horas de video."""
    from asistente.archivo.almacen import AlmacenLocal
    from asistente.archivo.privacidad import LectorParchado, abrir_para_compartir

    cabeza = _caja(b"ftyp", b"isom", b"\x00\x00\x02\x00", b"isommp41")
    video = 3 * 1024**3
    moov = _caja(b"moov", _caja(b"udta", _xyz()))
    ruta = tmp_path / "VID_largo.mp4"
    with open(ruta, "wb") as f:
        f.write(cabeza + struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", 16 + video))
        f.seek(len(cabeza) + 16 + video)
        f.write(moov)
    empezo = time.monotonic()
    parches = parches_sin_gps(ruta)
    assert ubicacion_de_video(ruta) == pytest.approx((19.4326, -99.1332))
    with abrir_para_compartir(AlmacenLocal(tmp_path), "VID_largo.mp4", "video") as servido:
        assert isinstance(servido, LectorParchado) and servido.read(len(cabeza)) == cabeza
    assert time.monotonic() - empezo < 5
    assert parches and all(p > video for p, _ in parches)


def test_si_no_entiende_nada_lo_sirve_tal_cual(tmp_path: Path) -> None:
    """Un moov ilegible (su tamaño miente desde el principio): no hay dónde encontrar la ubicación ni
    forma de quitarla sin recodificar; sale igual, sin tronar (decisión documentada en el README)."""
    datos = _mp4(struct.pack(">I", 4) + b"moov" + _xyz())
    ruta = tmp_path / "raro.mp4"
    ruta.write_bytes(datos)
    assert parches_sin_gps(ruta) == [] and quitar_gps(datos) == datos


# --- XMP de fotos -----------------------------------------------------------------------------------------------
def foto_con_xmp() -> bytes:
    """Un JPEG de cámara con GPS en su EXIF y lugar en su XMP (Pillow lo escribe en su APP1)."""
    with Image.open(io.BytesIO(jpeg(semilla=9))) as img:
        exif = img.getexif()
        salida = io.BytesIO()
        img.save(salida, "JPEG", quality=90, exif=exif, xmp=XMP_CON_LUGAR)
    return salida.getvalue()


def _xmp_de(datos: bytes) -> ElementTree.Element:
    inicio = datos.index(b"<x:xmpmeta")
    fin = datos.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    return ElementTree.fromstring(datos[inicio:fin])  # sigue siendo XML válido


def _sin_lugar(xmp: ElementTree.Element) -> None:
    textos = " ".join(t for e in xmp.iter() for t in [e.text or "", *e.attrib.values()])
    assert "19" not in textos and "Coyoacan" not in textos and "xico" not in textos and "2240" not in textos
    assert "Inauguracion de la cancha" in textos and "Foto: Ana" in textos  # lo que no es lugar se queda
    descripcion = xmp.find(f".//{_RDF}Description")
    assert descripcion is not None and descripcion.get("{http://ns.adobe.com/exif/1.0/}GPSLatitude", "").strip() == ""
    li = xmp.find(f".//{_RDF}Bag/{_RDF}li")
    assert li is not None and li.get(f"{_RDF}parseType") == "Resource"


def _png_con_xmp(comprimido: bool) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP_CON_LUGAR.decode(), zip=comprimido)
    salida = io.BytesIO()
    Image.open(io.BytesIO(imagen("PNG"))).save(salida, "PNG", pnginfo=info)
    return salida.getvalue()


@pytest.mark.parametrize("formato", ["JPEG", "WEBP", "PNG", "TIFF", "HEIF"])
def test_el_xmp_de_una_foto_sale_sin_lugar_y_sigue_valido(formato: str) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    if formato == "PNG":
        original = _png_con_xmp(comprimido=False)
    elif formato == "TIFF":
        original = imagen("TIFF", tiffinfo={700: XMP_CON_LUGAR})
    else:
        original = imagen(formato, xmp=XMP_CON_LUGAR)
    assert _rastros(original)
    limpio = quitar_gps(original)
    assert len(limpio) == len(original) and _rastros(limpio) == []
    _sin_lugar(_xmp_de(limpio))
    with Image.open(io.BytesIO(original)) as a, Image.open(io.BytesIO(limpio)) as b:
        b.load()  # un PNG con un CRC malo no se abre: se rehízo
        assert a.tobytes() == b.tobytes()
    assert quitar_gps(limpio) == limpio


def test_el_xmp_comprimido_de_un_png_con_lugar_se_vacia_entero() -> None:
    import zlib

    original = _png_con_xmp(comprimido=True)
    assert zlib.compress(XMP_CON_LUGAR)[:2] in original  # comprimido: las coordenadas no se ven a simple vista
    limpio = quitar_gps(original)
    assert len(limpio) == len(original) and b"XML:com.adobe.xmp" not in limpio and b"vaCo" in limpio
    with Image.open(io.BytesIO(limpio)) as b, Image.open(io.BytesIO(original)) as a:
        b.load()
        assert a.tobytes() == b.tobytes() and "XML:com.adobe.xmp" not in b.info


def test_el_xmp_extendido_de_un_jpeg_partido_en_dos_segmentos() -> None:
    """El XMP extendido (``http://ns.adobe.com/xmp/extension/``) va en trozos con el mismo GUID; aquí la
    latitud queda partida entre los dos."""
    import hashlib

    guid = hashlib.md5(XMP_CON_LUGAR).hexdigest().upper().encode()
    mitad = XMP_CON_LUGAR.index(b"19,25.956N") + 4
    trozos = [(0, XMP_CON_LUGAR[:mitad]), (mitad, XMP_CON_LUGAR[mitad:])]
    segmentos = b"".join(
        b"\xff\xe1" + struct.pack(">H", 2 + 35 + 40 + len(parte)) + b"http://ns.adobe.com/xmp/extension/\x00" + guid
        + struct.pack(">II", len(XMP_CON_LUGAR), desfase) + parte
        for desfase, parte in reversed(trozos)  # el orden en el archivo no importa: cuenta el desfase
    )
    base = jpeg(gps=False)
    original = base[:2] + segmentos + base[2:]
    limpio = quitar_gps(original)
    assert b"5.956N" in original and b"5.956N" not in limpio and b"19,2" not in limpio
    assert len(limpio) == len(original)
    with Image.open(io.BytesIO(limpio)) as b:
        b.load()


def test_la_foto_con_xmp_por_el_portal_sale_sin_gps_ni_lugar(bd_url: str, tmp_path: Path) -> None:
    from tests.test_portal import portal_con_evento

    for portal in portal_con_evento(bd_url, tmp_path):
        charla, app = portal.charla, portal.charla.app
        foto = foto_con_xmp()
        soltar(charla, {"IMG_0007.jpg": foto}, texto="#1")
        servido = portal.get(f"{portal.compartir()}/original/1").content
        assert len(servido) == len(foto) and _rastros(servido) == []
        _sin_lugar(_xmp_de(servido))
        with Image.open(io.BytesIO(servido)) as img:
            assert dict(img.getexif().get_ifd(0x8825)) == {}
        assert "18.350000" in charla.di("/archivo ubicacion 1")  # el del EXIF, que el archivo guarda


def test_la_ubicacion_de_un_video_solo_la_ve_un_director(charla: Charla) -> None:
    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
    soltar(charla, {"VID_1.mp4": video_de_android(), "clip.mp4": muestra("video_con_imagen.mp4")}, texto="#1")
    con_lugar, sin_lugar = medios(charla.app)
    assert "19.432600, -99.133200" in charla.di(f"/archivo ubicacion {con_lugar.id}")
    assert "no trae ubicación" in charla.di(f"/archivo ubicacion {sin_lugar.id}")
    respuesta = charla.respuesta(f"/archivo ubicacion {con_lugar.id}", como="ana")
    assert respuesta.es_error and "19.43" not in respuesta.cuerpo and "video" in respuesta.cuerpo
