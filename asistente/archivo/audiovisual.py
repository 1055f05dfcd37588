"""Lo que dice de sí mismo un video o un audio: hora de creación, duración, medidas y códec.

- MP4, MOV y M4A: las cajas ISO BMFF con hachoir (``mvhd``: creación en UTC desde 1904 y duración;
  ``stsd``: el formato de la pista de video y sus medidas). Un teléfono que no sabe la hora escribe 0
  (1 de enero de 1904): eso es «sin hora», no una fecha.
- dónde se grabó (``©xyz``, ``loci`` o la clave de ubicación del iPhone; ver ``privacidad.cajas``):
  se guarda en la fila, como el GPS de una foto, y no sale con el original (ver ``privacidad``).
- la duración y el códec de audio con mutagen (MP3, M4A/AAC, AAC crudo (ADTS), WAV, OGG Vorbis y Opus, las notas de voz).

Nada de esto decodifica audio ni video; un archivo que estas bibliotecas no entienden se archiva igual,
sin esos datos. La portada de un video (``portada``) sí decodifica un cuadro, con ``ffmpeg`` si está en
el ``PATH``; sin él, el video se archiva sin portada y sin error.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from asistente.archivo.privacidad import ubicacion_de_video

registro_log = logging.getLogger("asistente.archivo")

_CODECS_VIDEO = {
    "avc1": "H.264", "avc3": "H.264", "hvc1": "HEVC", "hev1": "HEVC", "av01": "AV1", "vp09": "VP9",
    "mp4v": "MPEG-4", "apcn": "ProRes", "apch": "ProRes", "apcs": "ProRes", "apco": "ProRes", "ap4h": "ProRes",
    "jpeg": "Motion JPEG", "mjpa": "Motion JPEG",
}


@dataclass
class DatosAV:
    capturado: datetime | None = None
    duracion: float | None = None  # segundos
    ancho: int | None = None
    alto: int | None = None
    codec: str = ""  # «H.264 · AAC LC», «Opus», «MP3»
    latitud: float | None = None  # dónde se grabó (©xyz, loci o la clave de ubicación del iPhone)
    longitud: float | None = None


def leer_av(ruta: Path, tipo: str, mime: str) -> DatosAV:
    """Los datos de un video o audio ya descargado (``tipo`` «video» o «audio»)."""
    datos = DatosAV()
    if mime in ("video/mp4", "video/quicktime", "audio/mp4"):
        _leer_cajas(ruta, datos)
        lugar = ubicacion_de_video(ruta)
        if lugar is not None:
            datos.latitud, datos.longitud = lugar
    _leer_audio(ruta, datos, mime)
    return datos


def _hijo(campo: Any, etiqueta: str) -> Any:
    """El contenido de la caja hija ``etiqueta`` (hachoir llama «atom» a cada caja)."""
    for atomo in campo:
        if atomo.name.startswith("atom") and atomo["tag"].value == etiqueta:
            return list(atomo)[-1]
    return None


def _leer_cajas(ruta: Path, datos: DatosAV) -> None:
    import hachoir.core.config  # se cargan al archivar el primer video, no al arrancar
    from hachoir.metadata import extractMetadata
    from hachoir.parser import createParser

    hachoir.core.config.quiet = True
    try:
        with createParser(str(ruta)) as analizador:
            if analizador is None:
                return
            meta = extractMetadata(analizador)
            if meta is not None:
                creado = meta.get("creation_date", None)
                if isinstance(creado, datetime) and creado.year > 1904:
                    datos.capturado = creado.replace(tzinfo=timezone.utc)
                duracion = meta.get("duration", None)
                if duracion is not None:
                    datos.duracion = duracion.total_seconds()
                datos.ancho, datos.alto = meta.get("width", None), meta.get("height", None)
            datos.codec = _codec_de_video(analizador)
    except Exception as error:  # hachoir lanza de todo ante un archivo raro: se archiva sin sus datos
        registro_log.info("no pude leer las cajas de %s: %s", ruta.name, error)


def _codec_de_video(analizador: Any) -> str:
    pelicula = _hijo(analizador, "moov")
    if pelicula is None:
        return ""
    for atomo in pelicula:
        if not (atomo.name.startswith("atom") and atomo["tag"].value == "trak"):
            continue
        pista = list(atomo)[-1]
        medio = _hijo(pista, "mdia")
        manejador = _hijo(medio, "hdlr") if medio is not None else None
        if manejador is None or manejador["subtype"].value != "vide":
            continue
        caja = medio
        for etiqueta in ("minf", "stbl", "stsd"):
            caja = _hijo(caja, etiqueta) if caja is not None else None
        if caja is not None and "sample_entry[0]" in caja:
            formato = caja["sample_entry[0]/format"].value
            formato = formato.decode("latin-1") if isinstance(formato, bytes) else str(formato)
            return _CODECS_VIDEO.get(formato.strip(), formato.strip())
    return ""


def _leer_audio(ruta: Path, datos: DatosAV, mime: str) -> None:
    import mutagen

    try:
        if mime == "audio/aac":  # ADTS no tiene cabecera de archivo: se lee como AAC, sin adivinar
            from mutagen.aac import AAC
            archivo: Any = AAC(str(ruta))
        else:
            archivo = mutagen.File(str(ruta))
    except Exception as error:  # mutagen.MutagenError y lo que lance un archivo raro
        registro_log.info("no pude leer el audio de %s: %s", ruta.name, error)
        return
    if archivo is None:
        return
    info: Any = archivo.info
    largo = float(getattr(info, "length", 0.0) or 0.0)
    if not datos.duracion and largo > 0:
        datos.duracion = largo
    nombre = getattr(info, "codec_description", "") or _codec_por_clase(type(archivo).__name__)
    if nombre:
        datos.codec = f"{datos.codec} · {nombre}" if datos.codec else nombre


def _codec_por_clase(clase: str) -> str:
    return {"MP3": "MP3", "WAVE": "PCM", "OggOpus": "Opus", "OggVorbis": "Vorbis", "FLAC": "FLAC", "AAC": "AAC"}.get(clase, "")


def describir(duracion: float | None, ancho: int | None, alto: int | None, codec: str) -> str:
    """«0:12 · 1920×1080 · H.264 · AAC LC» para mostrar en ``/archivo``."""
    partes = []
    if duracion is not None:
        total = round(duracion)
        horas, resto = divmod(total, 3600)
        partes.append(f"{horas}:{resto // 60:02d}:{resto % 60:02d}" if horas else f"{resto // 60}:{resto % 60:02d}")
    if ancho and alto:
        partes.append(f"{ancho}×{alto}")
    if codec:
        partes.append(codec)
    return " · ".join(partes)


# --- la portada ----------------------------------------------------------------------------------------------
LADO_PORTADA = 1600
ESPERA_PORTADA = 60  # segundos: un video dañado no detiene la ingesta


def portada(ruta: Path, duracion: float | None) -> Image.Image | None:
    """Un cuadro del video (al segundo 1, o a la mitad si dura menos), ya girado como se ve y de 1600 px
    a lo más, decodificado por ``ffmpeg``. ``None`` si no hay ``ffmpeg`` o no pudo sacar un cuadro."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    segundo = 1.0 if duracion is None or duracion >= 2 else max(0.0, duracion / 2)
    escala = (f"scale='min(iw,{LADO_PORTADA})':'min(ih,{LADO_PORTADA})':force_original_aspect_ratio=decrease")
    for desde in dict.fromkeys((segundo, 0.0)):
        try:
            hecho = subprocess.run(
                [ffmpeg, "-v", "error", "-nostdin", "-ss", f"{desde:.3f}", "-i", str(ruta), "-frames:v", "1",
                 "-vf", escala, "-f", "image2pipe", "-vcodec", "png", "-"],
                capture_output=True, timeout=ESPERA_PORTADA, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            registro_log.info("ffmpeg no sacó la portada de %s: %s", ruta.name, error)
            return None
        if hecho.returncode == 0 and hecho.stdout:
            try:
                with Image.open(io.BytesIO(hecho.stdout)) as cuadro:
                    cuadro.load()
                    return cuadro.copy()
            except (UnidentifiedImageError, OSError, ValueError):
                return None
    return None
