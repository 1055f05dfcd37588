"""Qué es un archivo y qué dice de sí mismo: tipo por contenido (y extensión), EXIF de las fotos,
copia de 1600 px con la rotación aplicada y miniatura de 320 px, las dos en sRGB (convertidas con el
perfil ICC de la foto: Display P3 del iPhone, Adobe RGB de una réflex, CMYK) y sin EXIF (sin GPS).

Una foto se decodifica una sola vez y, si es JPEG, en modo *draft* (el decodificador entrega la
imagen ya reducida a 1/2, 1/4 u 1/8, sin decodificarla completa). Un HEIC usa su miniatura incrustada
si alcanza para la copia; si no, libheif lo decodifica a su propio búfer y de ahí se reduce por franjas
(``_heic_reducida``), sin armar nunca la imagen completa de Pillow (que ocupa 4 bytes por pixel): así
cabe la foto de 200 MP de un teléfono de hoy.

Antes de decodificar se mira la medida de la cabecera: más de ``MAX_PIXELES`` es una bomba de
descompresión y se rechaza, igual que una imagen truncada o corrupta.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from PIL import Image, ImageCms, UnidentifiedImageError
from pillow_heif import register_heif_opener

from asistente.archivo.memoria import Presupuesto, SinMemoria, estimar, estimar_heif
from asistente.archivo.parecidos import huella_de

LADO_COPIA = 1600
LADO_MINIATURA = 320
CALIDAD_JPEG = 85

TIPOS_ACEPTADOS = ("fotos (JPEG, PNG, HEIC, WebP, GIF, TIFF), video (MP4, MOV), audio (MP3, M4A, AAC, WAV, OGG), PDF, "
                   "documentos de oficina (docx, xlsx, pptx, odt, ods, odp) y diseño (svg, psd, ai)")

# El límite de pixeles: cabe la foto de 200 MP de un teléfono de hoy (16320 × 12240 = 199.8 MP) con
# holgura; más de eso no es una foto sino una bomba de descompresión. Se revisa con la cabecera, antes de
# decodificar. Pillow avisa (y aquí es error) desde este mismo número.
MAX_PIXELES = 260_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELES

_heif_registrado = False


def _registrar_heif() -> None:
    global _heif_registrado
    if not _heif_registrado:
        register_heif_opener()
        _heif_registrado = True


class ArchivoRechazado(Exception):
    """El archivo no se puede archivar; el mensaje (en español) se le dice a quien lo subió."""


@dataclass(frozen=True)
class Tipo:
    tipo: str  # foto, video, audio, pdf, documento (oficina), diseno (svg, psd, ai)
    mime: str
    extension: str  # la extensión con la que se guarda (sin punto)


_HEIC = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_M4A = {b"M4A ", b"M4B ", b"M4P "}
_ATOMOS_QT = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def detectar_tipo(cabecera: bytes, nombre: str) -> Tipo | None:
    """El tipo por los primeros bytes; la extensión solo desempata (MP3 sin ID3, MOV sin ``ftyp``,
    MP4 de solo audio). ``None`` si no es un tipo que se archive."""
    ext = nombre.rpartition(".")[2].lower() if "." in nombre else ""
    c = cabecera
    if c.startswith(b"\xff\xd8\xff"):
        return Tipo("foto", "image/jpeg", "jpeg" if ext == "jpeg" else "jpg")
    if c.startswith(b"\x89PNG\r\n\x1a\n"):
        return Tipo("foto", "image/png", "png")
    if c[:4] == b"RIFF" and c[8:12] == b"WEBP":
        return Tipo("foto", "image/webp", "webp")
    if c[:6] in (b"GIF87a", b"GIF89a"):
        return Tipo("foto", "image/gif", "gif")
    # Muchos formatos RAW (CR2, NEF, DNG, ARW) son TIFF por dentro: solo se toma por TIFF lo que se
    # llama así (de un RAW, Pillow solo vería la vista previa).
    if c[:4] in (b"II*\x00", b"MM\x00*") and ext in ("tif", "tiff", ""):
        return Tipo("foto", "image/tiff", "tiff" if ext == "tiff" else "tif")
    if c.startswith(b"%PDF-"):
        return Tipo("pdf", "application/pdf", "pdf")
    if c[:4] == b"RIFF" and c[8:12] == b"WAVE":
        return Tipo("audio", "audio/wav", "wav")
    if c.startswith(b"OggS"):
        return Tipo("audio", "audio/ogg", "oga" if ext == "oga" else ("opus" if ext == "opus" else "ogg"))
    if c.startswith(b"ID3"):
        if ext in ("aac", "adts"):  # AAC crudo con etiqueta ID3 delante (lo hacen algunas grabadoras)
            return Tipo("audio", "audio/aac", "aac")
        return Tipo("audio", "audio/mpeg", "mp3")
    if _es_adts(c):
        return Tipo("audio", "audio/aac", "aac")
    if len(c) >= 2 and c[0] == 0xFF and (c[1] & 0xE0) == 0xE0 and ext == "mp3":
        return Tipo("audio", "audio/mpeg", "mp3")
    if c[4:8] == b"ftyp":
        marca = c[8:12]
        if marca in _HEIC:
            return Tipo("foto", "image/heic", "heic")
        if marca in _M4A or (ext == "m4a"):
            return Tipo("audio", "audio/mp4", "m4a")
        if marca == b"qt  " or ext == "mov":
            return Tipo("video", "video/quicktime", "mov")
        return Tipo("video", "video/mp4", "mp4")
    if c[4:8] in _ATOMOS_QT and ext == "mov":
        return Tipo("video", "video/quicktime", "mov")
    return None


def _es_adts(c: bytes) -> bool:
    """AAC crudo (ADTS): 12 bits de sincronía, capa 00 (la de MP3 nunca es 00) y una frecuencia de
    muestreo válida (índice < 13)."""
    return len(c) >= 4 and c[0] == 0xFF and (c[1] & 0xF6) == 0xF0 and ((c[2] >> 2) & 0x0F) < 13


@dataclass
class DatosFoto:
    ancho: int
    alto: int
    capturado: datetime | None = None
    camara: str = ""
    latitud: float | None = None
    longitud: float | None = None
    huella: str = ""  # huella perceptual (``parecidos.huella_de``) de la imagen ya girada


# --- EXIF ----------------------------------------------------------------------------------------
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825


def _texto_exif(valor: Any) -> str:
    if isinstance(valor, bytes):
        valor = valor.decode("utf-8", "replace")
    return " ".join(str(valor).replace("\x00", " ").split())[:60]


_DESFASE = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def _zona_de(desfase: Any, tz: ZoneInfo) -> tzinfo:
    """La zona del reloj de la cámara: ``OffsetTimeOriginal`` («+09:00») si la trae y es válida; si
    no, la de la oficina (EXIF clásico no trae zona y la cámara suele marcar la hora local)."""
    m = _DESFASE.match(_texto_exif(desfase)) if desfase else None
    if m is None:
        return tz
    minutos = int(m.group(2)) * 60 + int(m.group(3))
    if minutos > 14 * 60 or int(m.group(3)) >= 60:
        return tz
    return timezone(timedelta(minutes=-minutos if m.group(1) == "-" else minutos))


def _fecha_exif(valor: Any, zona: tzinfo) -> datetime | None:
    """La fecha tal como la dice la cámara, aunque sea increíble (``confiable`` decide si se usa)."""
    texto = _texto_exif(valor)
    try:
        ingenua = datetime.strptime(texto[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if ingenua.year < 1900:  # «0000:00:00» ya no pasa strptime; antes de 1900 es basura, no una fecha
        return None
    return ingenua.replace(tzinfo=zona)


# Una fecha de captura en la que no se confía: antes de que hubiera cámaras digitales en la oficina,
# el reinicio del reloj (1 de enero de 2000 a medianoche, o de 1970) o más de un día después de subida.
ANIO_MINIMO = 1990
_REINICIOS = {(2000, 1, 1), (1970, 1, 1), (1980, 1, 1)}


def motivo_de_duda(capturado: datetime | None, subido: datetime) -> str:
    """Por qué no se confía en una fecha de captura («» si se confía o no hay)."""
    if capturado is None:
        return ""
    if capturado.year < ANIO_MINIMO:
        return "es anterior a las cámaras digitales"
    if (capturado.year, capturado.month, capturado.day) in _REINICIOS and capturado.hour == 0 and capturado.minute < 5:
        return "es la del reloj de la cámara recién reiniciado"
    if capturado > subido + timedelta(days=1):
        return "está en el futuro"
    return ""


def _grados(valor: Any, referencia: Any) -> float | None:
    try:
        g, m, s = (float(x) for x in valor)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    grados = g + m / 60 + s / 3600
    if _texto_exif(referencia).upper() in ("S", "W"):
        grados = -grados
    return round(grados, 6)


def leer_exif(img: Image.Image, tz: ZoneInfo) -> tuple[datetime | None, str, float | None, float | None]:
    exif = img.getexif()
    datos_exif = exif.get_ifd(_EXIF_IFD)
    if datos_exif.get(36867):  # DateTimeOriginal con su OffsetTimeOriginal
        capturado = _fecha_exif(datos_exif[36867], _zona_de(datos_exif.get(36881), tz))
    else:  # DateTime con su OffsetTime
        capturado = _fecha_exif(exif.get(306), _zona_de(datos_exif.get(36880), tz))
    marca, modelo = _texto_exif(exif.get(271, "")), _texto_exif(exif.get(272, ""))
    camara = modelo if modelo.lower().startswith(marca.lower()) else " ".join(x for x in (marca, modelo) if x)
    gps = exif.get_ifd(_GPS_IFD)
    lat = lon = None
    # GPSStatus «V» (medición inválida): el teléfono dice que no sirve; igual que no tenerla.
    if 2 in gps and 4 in gps and _texto_exif(gps.get(9, "A")).upper() != "V":
        lat, lon = _grados(gps[2], gps.get(1, "N")), _grados(gps[4], gps.get(3, "E"))
        if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
        if lat == 0 and lon == 0:  # GPS en ceros: el teléfono no tenía señal, no es el golfo de Guinea
            lat = lon = None
    return capturado, camara[:120], lat, lon


# --- copias ----------------------------------------------------------------------------------------
def analizar_foto(origen: Path, copia: BinaryIO, miniatura: BinaryIO, tz: ZoneInfo,
                  presupuesto: Presupuesto | None = None) -> DatosFoto:
    """Lee el EXIF y escribe la copia de 1600 px y la miniatura de 320 px (JPEG, rotación aplicada).

    Antes de decodificar reserva en ``presupuesto`` la memoria que ocupará (ver
    ``asistente.archivo.memoria``). Lanza ``ArchivoRechazado`` si la imagen es una bomba de
    descompresión, no cabe en el presupuesto, está truncada o corrupta.
    """
    _registrar_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(origen) as img:
                ancho, alto = img.size
                if ancho * alto > MAX_PIXELES:
                    raise Image.DecompressionBombError(f"{ancho}×{alto}")
                capturado, camara, lat, lon = leer_exif(img, tz)
                orientacion = img.getexif().get(0x0112, 1)
                perfil = img.info.get("icc_profile") or b""
                medida = medida_de_copia(ancho, alto)
                heif = img.format == "HEIF"
                if img.format == "JPEG":
                    img.draft("RGB", medida)
                elif heif and img.draft(None, medida) is not None:
                    heif = False  # la miniatura incrustada alcanza: se decodifica esa, como cualquier imagen
                gira = orientacion not in (None, 1)
                if heif:  # lo que ocupa libheif decodificando, y franjas chicas
                    reserva = estimar_heif(ancho, alto, len(img.getbands())) + estimar(*medida, 4, convierte=True,
                                                                                       gira=gira)
                else:
                    reserva = estimar(*img.size, len(img.getbands()), convierte=img.mode not in ("RGB", "L"),
                                      gira=gira)
                with presupuesto.reservar(reserva) if presupuesto else nullcontext():
                    if heif:
                        decodificada = _heic_reducida(origen, medida)
                    else:
                        img.load()
                        decodificada = img
                    huella = copias_de_imagen(decodificada, img.getexif(), perfil, copia, miniatura)
    except SinMemoria as error:
        raise ArchivoRechazado(f"la imagen es demasiado grande para este servidor: {error}") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ArchivoRechazado("la imagen dice medir demasiados pixeles (posible bomba de descompresión)") from None
    except UnidentifiedImageError:
        raise ArchivoRechazado("la imagen está dañada: no se pudo leer") from None
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError) as error:
        if "truncated" in str(error).lower():
            raise ArchivoRechazado("la imagen está incompleta (se cortó al subirla)") from None
        raise ArchivoRechazado("la imagen está dañada: no se pudo leer") from None
    if orientacion in (5, 6, 7, 8):  # de lado: el ancho visible es el alto guardado
        ancho, alto = alto, ancho
    return DatosFoto(ancho, alto, capturado, camara, lat, lon, huella)


def copias_de_imagen(img: Image.Image, exif: Image.Exif, perfil: bytes, copia: BinaryIO, miniatura: BinaryIO) -> str:
    """Las dos copias de una imagen ya decodificada: primero se reduce (el giro y la conversión de
    color cuestan por pixel), luego se gira según su EXIF y se convierte a sRGB; la miniatura sale de la
    copia. Devuelve la huella perceptual."""
    reducida = img
    if reducida.mode not in ("RGB", "L", "CMYK"):
        reducida = _a_rgb(reducida)
    # En su lugar, sin copiar la imagen decodificada (es nuestra: nadie más la usa).
    reducida.thumbnail((LADO_COPIA, LADO_COPIA), Image.Resampling.BICUBIC, reducing_gap=2.0)
    girada = _girar(reducida, exif.get(0x0112, 1))
    girada = a_srgb(girada, perfil)
    # Sin ``exif=``: las copias salen sin EXIF (sin GPS); con la etiqueta sRGB.
    girada.save(copia, "JPEG", quality=CALIDAD_JPEG, optimize=False, icc_profile=SRGB)
    girada.thumbnail((LADO_MINIATURA, LADO_MINIATURA), Image.Resampling.BICUBIC)
    girada.save(miniatura, "JPEG", quality=80, icc_profile=SRGB)
    return huella_de(girada)


_TRANSPUESTAS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _girar(img: Image.Image, orientacion: Any) -> Image.Image:
    """La imagen derecha según la etiqueta EXIF ``Orientation`` (la misma tabla que ``exif_transpose``)."""
    transpuesta = _TRANSPUESTAS.get(orientacion) if isinstance(orientacion, int) else None
    return img.transpose(transpuesta) if transpuesta is not None else img


_FRANJA = 64  # filas de la imagen reducida por franja


def _heic_reducida(origen: Path, medida: tuple[int, int]) -> Image.Image:
    """Un HEIC decodificado por libheif (rotación del contenedor ya aplicada) y reducido por franjas a
    la escala entera más grande que todavía alcanza ``medida``: nunca se arma en Pillow la imagen
    completa, que para 200 MP serían 800 MB más los 600 del búfer de libheif."""
    import pillow_heif

    archivo = pillow_heif.open_heif(origen, convert_hdr_to_8bit=True)
    cuadro = archivo[archivo.primary_index]
    ancho, alto = cuadro.size
    factor = max(1, min(ancho // max(1, medida[0]), alto // max(1, medida[1])))
    if factor == 1:
        return cuadro.to_pillow()
    datos, paso, modo = cuadro.data, cuadro.stride, cuadro.mode
    salida = Image.new(modo, (ancho // factor, alto // factor))
    filas = _FRANJA * factor
    for y in range(0, (alto // factor) * factor, filas):
        alto_franja = min(filas, (alto // factor) * factor - y)
        franja = Image.frombytes(modo, (ancho, alto_franja), datos[y * paso:(y + alto_franja) * paso], "raw", modo, paso)
        salida.paste(franja.reduce(factor), (0, y // factor))
    del datos
    del archivo, cuadro  # suelta el búfer de libheif antes de seguir
    return salida


def medida_de_copia(ancho: int, alto: int, lado: int = LADO_COPIA) -> tuple[int, int]:
    """La medida final de la copia; a ``draft`` hay que pedirle esa (no el cuadro de 1600×1600), o
    en una foto 4:3 no reduce nada: escoge la escala con la que *ambos* lados siguen alcanzando."""
    proporcion = min(1.0, lado / max(ancho, alto, 1))
    return max(1, int(ancho * proporcion)), max(1, int(alto * proporcion))


# --- color ------------------------------------------------------------------------------------------------
_PERFIL_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
SRGB = _PERFIL_SRGB.tobytes()  # la etiqueta sRGB que llevan las copias
_cerrojo_color = threading.Lock()


@lru_cache(maxsize=32)
def _conversion(perfil: bytes, modo: str) -> ImageCms.ImageCmsTransform | None:
    """La conversión de un perfil incrustado a sRGB (se guarda: las fotos de un mismo teléfono traen
    el mismo perfil). ``None`` si el perfil ya es sRGB o no se puede leer (se usa tal cual)."""
    try:
        origen = ImageCms.ImageCmsProfile(io.BytesIO(perfil))
        if modo != "CMYK" and ImageCms.getProfileDescription(origen).strip().lower().startswith("srgb"):
            return None
        return ImageCms.buildTransform(origen, _PERFIL_SRGB, modo, "RGB",
                                       renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                       flags=ImageCms.Flags.NOCACHE)  # sin caché de pixel: varios hilos la usan
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def a_srgb(img: Image.Image, perfil: bytes) -> Image.Image:
    """La imagen en sRGB (modo RGB o L): convierte con su perfil ICC (Display P3, Adobe RGB, CMYK de
    imprenta); sin perfil, RGB y gris se toman como sRGB y CMYK se convierte por fórmula."""
    if perfil and img.mode in ("RGB", "CMYK", "L"):
        with _cerrojo_color:
            conversion = _conversion(perfil, img.mode)
        if conversion is not None:
            try:
                return conversion.apply(img)
            except (ImageCms.PyCMSError, ValueError):
                pass
    return img if img.mode in ("RGB", "L") else img.convert("RGB")


def _a_rgb(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        fondo = Image.new("RGB", rgba.size, (255, 255, 255))
        fondo.paste(rgba, mask=rgba.getchannel("A"))
        return fondo
    return img.convert("RGB")
