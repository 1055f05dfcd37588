"""Archivos de prueba hechos aquí mismo: JPEG reales con EXIF, bombas, archivos cortados, y un
servidor HTTP local (puerto 0) que los sirve detrás de un token, como la API de archivos de Slack."""

from __future__ import annotations

import io
import random
import struct
import threading
import wave
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import BinaryIO

from PIL import Image, ImageDraw, ImageOps

from asistente.archivo.entrada import ArchivoRemoto, ErrorDeDescarga


def jpeg(
    ancho: int = 800, alto: int = 600, *, capturado: str | None = "2026:03:03 10:30:00", orientacion: int = 1,
    marca: str = "Canon", modelo: str = "Canon EOS R6", gps: bool | tuple[float, float] = True, semilla: int = 0,
    calidad: int = 90, desfase: str = "",
) -> bytes:
    """Un JPEG de verdad: fondo de color según ``semilla`` y la esquina superior izquierda roja.

    ``desfase`` es la etiqueta EXIF ``OffsetTimeOriginal`` («+09:00»): la zona del reloj de la
    cámara. ``gps`` puede ser ``(0.0, 0.0)``: el GPS en ceros que escriben algunos teléfonos."""
    img = Image.new("RGB", (ancho, alto), ((semilla * 37) % 256, 120, (semilla * 91) % 256))
    dibujo = ImageDraw.Draw(img)
    dibujo.rectangle((0, 0, ancho // 4, alto // 4), fill=(255, 0, 0))
    # Formas según la semilla (fuera de la esquina roja): dos semillas son dos fotos distintas también
    # para la huella perceptual, que mira la forma y no el color.
    azar = random.Random(semilla)
    for _ in range(6):
        x, y = azar.randrange(ancho // 3, ancho), azar.randrange(alto // 3, alto)
        lado = azar.randrange(ancho // 10, ancho // 3)
        dibujo.ellipse((x - lado, y - lado, x + lado, y + lado), fill=tuple(azar.randrange(256) for _ in range(3)))
    dibujo.text((ancho // 2, alto // 2), str(semilla), fill=(255, 255, 255))
    exif = Image.Exif()
    if marca:
        exif[271] = marca
    if modelo:
        exif[272] = modelo
    exif[0x0112] = orientacion
    if capturado:
        exif[306] = capturado
        exif.get_ifd(0x8769)[36867] = capturado
    if desfase:
        exif.get_ifd(0x8769)[36881] = desfase
    if gps == (0.0, 0.0):
        exif.get_ifd(0x8825).update({1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)})
    elif gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (18.0, 21.0, 0.0), 3: "W", 4: (100.0, 28.0, 48.0)})
    salida = io.BytesIO()
    img.save(salida, "JPEG", quality=calidad, exif=exif)
    return salida.getvalue()


def png(ancho: int = 64, alto: int = 48) -> bytes:
    salida = io.BytesIO()
    Image.new("RGBA", (ancho, alto), (0, 200, 0, 128)).save(salida, "PNG")
    return salida.getvalue()


def _trozo(tipo: bytes, datos: bytes) -> bytes:
    return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos) & 0xFFFFFFFF)


def bomba_png(lado: int = 100_000) -> bytes:
    """Un PNG de pocos bytes que dice medir ``lado``×``lado`` pixeles."""
    ihdr = struct.pack(">IIBBBBB", lado, lado, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + _trozo(b"IHDR", ihdr) + _trozo(b"IDAT", idat) + _trozo(b"IEND", b"")


def mp4() -> bytes:
    return struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00isomiso2" + b"\x00" * 200


def mp3() -> bytes:
    return b"ID3\x03\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 + b"\xff\xfb\x90\x64" + b"\x00" * 400


def wav() -> bytes:
    return b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + b"\x00" * 300


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DescargadorMemoria:
    """Sirve bytes guardados por ``origen``; cuenta cuántas veces se le pidió cada uno."""

    def __init__(self, contenidos: dict[str, bytes]) -> None:
        self.contenidos = contenidos
        self.pedidos: list[str] = []

    def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
        self.pedidos.append(archivo.origen)
        if archivo.origen not in self.contenidos:
            raise ErrorDeDescarga("404")
        datos = self.contenidos[archivo.origen]
        for i in range(0, len(datos), 65536):
            destino.write(datos[i:i + 65536])


# --- un servidor de archivos local ---------------------------------------------------------------------
@dataclass
class ServidorDeArchivos:
    token: str
    archivos: dict[str, bytes] = field(default_factory=dict)
    cortar: set[str] = field(default_factory=set)  # rutas que se cortan a la mitad (una vez)
    url: str = ""
    pedidos: list[tuple[str, str]] = field(default_factory=list)


@contextmanager
def servidor_de_archivos(token: str = "xoxb-prueba") -> Iterator[ServidorDeArchivos]:
    estado = ServidorDeArchivos(token)

    class Manejador(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - nombre de la biblioteca
            estado.pedidos.append((self.path, self.headers.get("Authorization", "")))
            if self.headers.get("Authorization") != f"Bearer {estado.token}":
                self.send_response(401)
                self.end_headers()
                return
            datos = estado.archivos.get(self.path)
            if datos is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(datos)))
            self.end_headers()
            if self.path in estado.cortar:
                estado.cortar.discard(self.path)
                self.wfile.write(datos[: len(datos) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(datos)

    servidor = ThreadingHTTPServer(("127.0.0.1", 0), Manejador)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    estado.url = f"http://127.0.0.1:{servidor.server_address[1]}"
    try:
        yield estado
    finally:
        servidor.shutdown()
        servidor.server_close()


class DescargadorHTTP:
    """Baja con el token del bot, como el adaptador de Slack (aquí con la biblioteca estándar)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
        pedido = urllib.request.Request(archivo.url, headers={"Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(pedido, timeout=10) as r:
                esperado = int(r.headers.get("Content-Length") or -1)
                recibidos = 0
                while bloque := r.read(65536):
                    destino.write(bloque)
                    recibidos += len(bloque)
                if esperado >= 0 and recibidos != esperado:
                    raise OSError(f"la descarga se cortó ({recibidos} de {esperado} bytes)")
        except urllib.error.HTTPError as error:
            raise ErrorDeDescarga(f"la plataforma contestó {error.code}") from None


def heic(ancho: int = 640, alto: int = 480) -> bytes:
    import pillow_heif

    salida = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (ancho, alto), (10, 200, 30))).save(salida, quality=80)
    return salida.getvalue()


# --- perfiles de color ICC ------------------------------------------------------------------------------
# Primarios adaptados a D50 (columnas de la matriz RGB→XYZ), como los traen los perfiles de Apple
# (Display P3, el de las fotos del iPhone) y de Adobe (Adobe RGB 1998, el de las cámaras réflex).
PRIMARIOS = {
    "Display P3": ((0.5151, 0.2412, -0.0011), (0.2920, 0.6922, 0.0419), (0.1571, 0.0666, 0.7841), 2.2),
    "Adobe RGB (1998)": ((0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446), 563 / 256),
}


def _s15(x: float) -> bytes:
    return struct.pack(">i", round(x * 65536))


def perfil_icc(nombre: str) -> bytes:
    """Un perfil ICC v2 de monitor RGB (matriz y curvas), byte a byte como lo define ICC.1:2001."""
    rojo, verde, azul, gamma = PRIMARIOS[nombre]

    def xyz(v: tuple[float, float, float]) -> bytes:
        return b"XYZ \x00\x00\x00\x00" + b"".join(_s15(c) for c in v)

    texto = nombre.encode("ascii") + b"\x00"
    desc = (b"desc\x00\x00\x00\x00" + struct.pack(">I", len(texto)) + texto + b"\x00" * 8
            + b"\x00\x00\x00" + b"\x00" * 67)
    curva = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256)) + b"\x00\x00"
    etiquetas = [
        (b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249))), (b"cprt", b"text\x00\x00\x00\x00Sin derechos\x00"),
        (b"rXYZ", xyz(rojo)), (b"gXYZ", xyz(verde)), (b"bXYZ", xyz(azul)),
        (b"rTRC", curva), (b"gTRC", curva), (b"bTRC", curva),
    ]
    tabla = struct.pack(">I", len(etiquetas))
    cuerpo = b""
    desplazamiento = 128 + 4 + 12 * len(etiquetas)
    for firma, datos in etiquetas:
        datos += b"\x00" * (-len(datos) % 4)
        tabla += firma + struct.pack(">II", desplazamiento + len(cuerpo), len(datos))
        cuerpo += datos
    total = 128 + len(tabla) + len(cuerpo)
    cabecera = (struct.pack(">I", total) + b"none" + b"\x02\x10\x00\x00" + b"mntrRGB XYZ " + b"\x07\xea\x00\x03\x00\x03"
                + b"\x00" * 6 + b"acsp" + b"APPL" + b"\x00" * 4 + b"\x00" * 8 + b"\x00" * 8 + b"\x00" * 4
                + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"none" + b"\x00" * 16 + b"\x00" * 28)
    assert len(cabecera) == 128
    return cabecera + tabla + cuerpo


def jpeg_con_perfil(perfil: str, color: tuple[int, int, int], ancho: int = 400, alto: int = 300,
                    modo: str = "RGB") -> bytes:
    """Un JPEG de un solo color con un perfil ICC incrustado (``perfil_icc``); ``modo="CMYK"`` hace un
    JPEG CMYK sin perfil, como los que salen de una imprenta."""
    salida = io.BytesIO()
    if modo == "CMYK":
        Image.new("CMYK", (ancho, alto), color + (0,)).save(salida, "JPEG", quality=95)  # type: ignore[arg-type]
    else:
        Image.new("RGB", (ancho, alto), color).save(salida, "JPEG", quality=95, icc_profile=perfil_icc(perfil))
    return salida.getvalue()


def copia_de_whatsapp(original: bytes, lado: int = 1600, calidad: int = 60, girar: bool = True) -> bytes:
    """Lo que llega cuando alguien reenvía una foto por WhatsApp: reducida, recomprimida, sin EXIF y
    con la rotación de la cámara ya aplicada a los pixeles."""
    with Image.open(io.BytesIO(original)) as img:
        visible = ImageOps.exif_transpose(img) if girar else img.copy()
    visible.thumbnail((lado, lado))
    salida = io.BytesIO()
    visible.convert("RGB").save(salida, "JPEG", quality=calidad)
    return salida.getvalue()


# --- video y audio de verdad (cajas ISO BMFF, páginas Ogg, cuadros MPEG) ---------------------------------------
_EPOCA_MP4 = 2082844800  # segundos de 1904-01-01 a 1970-01-01: así cuentan el tiempo MP4 y MOV


def _caja(tipo: bytes, *hijos: bytes) -> bytes:
    cuerpo = b"".join(hijos)
    return struct.pack(">I", 8 + len(cuerpo)) + tipo + cuerpo


def _matriz() -> bytes:
    return struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _pista(numero: int, video: bool, ancho: int, alto: int, escala: int, duracion: int, creado: int) -> bytes:
    tkhd = _caja(b"tkhd", struct.pack(">I5I2I2hh2x", 7, creado, creado, numero, 0, duracion, 0, 0, 0, 0,
                                      0 if video else 0x0100), _matriz(), struct.pack(">II", ancho << 16, alto << 16))
    mdhd = _caja(b"mdhd", struct.pack(">I4IHH", 0, creado, creado, escala, duracion * escala // 1000, 0x55C4, 0))
    hdlr = _caja(b"hdlr", struct.pack(">II", 0, 0), b"vide" if video else b"soun", b"\x00" * 12,
                 b"VideoHandler\x00" if video else b"SoundHandler\x00")
    if video:
        entrada = _caja(b"avc1", b"\x00" * 6, struct.pack(">H", 1), b"\x00" * 16, struct.pack(">HH", ancho, alto),
                        struct.pack(">II", 0x480000, 0x480000), b"\x00" * 4, struct.pack(">H", 1), b"\x00" * 32,
                        struct.pack(">Hh", 0x18, -1))
        cabecera_medio = _caja(b"vmhd", struct.pack(">I4H", 1, 0, 0, 0, 0))
    else:
        esds = _caja(b"esds", b"\x00" * 4, bytes([3, 25, 0, 1, 0, 4, 17, 0x40, 0x15]) + b"\x00" * 3
                     + struct.pack(">II", 128000, 128000) + bytes([5, 2, 0x12, 0x10, 6, 1, 2]))
        entrada = _caja(b"mp4a", b"\x00" * 6, struct.pack(">H", 1), b"\x00" * 8, struct.pack(">HHHHI", 2, 16, 0, 0,
                                                                                                   escala << 16), esds)
        cabecera_medio = _caja(b"smhd", b"\x00" * 8)
    stbl = _caja(b"stbl", _caja(b"stsd", struct.pack(">II", 0, 1), entrada), _caja(b"stts", b"\x00" * 8),
                 _caja(b"stsc", b"\x00" * 8), _caja(b"stsz", b"\x00" * 12), _caja(b"stco", b"\x00" * 8))
    dinf = _caja(b"dinf", _caja(b"dref", struct.pack(">II", 0, 1), _caja(b"url ", struct.pack(">I", 1))))
    return _caja(b"trak", tkhd, _caja(b"mdia", mdhd, hdlr, _caja(b"minf", cabecera_medio, dinf, stbl)))


def video_mp4(*, creado: datetime | None, segundos: float = 12.5, ancho: int = 1920, alto: int = 1080,
              marca: bytes = b"isom", audio: bool = True, solo_audio: bool = False) -> bytes:
    """Un MP4 (o MOV con ``marca=b"qt  "``, o M4A con ``solo_audio``) con sus cajas de verdad: ``mvhd``
    con la hora de creación (UTC desde 1904, como las graban los teléfonos; 0 si ``creado`` es None)
    y la duración, una pista H.264 de ``ancho``×``alto`` y otra AAC. Las muestras van vacías."""
    cuando = 0 if creado is None else int(creado.timestamp()) + _EPOCA_MP4
    milis = int(segundos * 1000)
    mvhd = _caja(b"mvhd", struct.pack(">I4I", 0, cuando, cuando, 1000, milis), struct.pack(">IH10x", 0x10000, 0x100),
                 _matriz(), b"\x00" * 24, struct.pack(">I", 3))
    pistas = []
    if not solo_audio:
        pistas.append(_pista(1, True, ancho, alto, 90000, milis, cuando))
    if audio or solo_audio:
        pistas.append(_pista(2, False, 0, 0, 44100, milis, cuando))
    ftyp = _caja(b"ftyp", marca, struct.pack(">I", 0x200), marca, b"mp42")
    return ftyp + _caja(b"moov", mvhd, *pistas) + _caja(b"mdat", b"\x00" * 64)


def wav_de(segundos: float, frecuencia: int = 16000) -> bytes:
    """Un WAV de verdad (mono, 16 bits) de ``segundos`` de silencio, escrito con ``wave``."""
    salida = io.BytesIO()
    with wave.open(salida, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(frecuencia)
        w.writeframes(b"\x00\x00" * int(segundos * frecuencia))
    return salida.getvalue()


def mp3_de(segundos: float) -> bytes:
    """Un MP3 de verdad: cuadros MPEG-1 Capa III de 128 kbps a 44.1 kHz (417 bytes, 1152 muestras)."""
    cuadro = b"\xff\xfb\x90\x64" + b"\x00" * 413
    return b"".join(cuadro for _ in range(round(segundos * 44100 / 1152)))


def opus_de(segundos: float) -> bytes:
    """Una nota de voz OGG/Opus (como las de WhatsApp): páginas Ogg con OpusHead, OpusTags y una
    página de audio cuyo granule dice la duración (48 kHz, menos el pre-skip)."""
    from mutagen.ogg import OggPage

    paginas = []
    for numero, (paquete, granulo, bandera) in enumerate([
        (b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0), 0, 0x02),
        (b"OpusTags" + struct.pack("<I", 6) + b"prueba" + struct.pack("<I", 0), 0, 0),
        (b"\xf8\xff\xfe", 312 + int(segundos * 48000), 0x04),
    ]):
        pagina = OggPage()
        pagina.packets = [paquete]
        pagina.position = granulo
        pagina.serial = 1234
        pagina.sequence = numero
        pagina.first, pagina.last = bool(bandera & 0x02), bool(bandera & 0x04)
        paginas.append(pagina)
    return b"".join(p.write() for p in paginas)


def imagen(formato: str, ancho: int = 640, alto: int = 480, **opciones: object) -> bytes:
    """Una foto en otro formato (WEBP, TIFF) con la esquina superior izquierda roja."""
    img = Image.new("RGB", (ancho, alto), (20, 120, 200))
    ImageDraw.Draw(img).rectangle((0, 0, ancho // 4, alto // 4), fill=(255, 0, 0))
    salida = io.BytesIO()
    img.save(salida, formato, **opciones)
    return salida.getvalue()


def gif_animado(ancho: int = 320, alto: int = 240) -> bytes:
    """Tres cuadros: verde, azul, rojo. Las copias deben salir del primero."""
    cuadros = [Image.new("RGB", (ancho, alto), color) for color in ((0, 200, 0), (0, 0, 200), (200, 0, 0))]
    salida = io.BytesIO()
    cuadros[0].save(salida, "GIF", save_all=True, append_images=cuadros[1:], duration=200, loop=0)
    return salida.getvalue()
