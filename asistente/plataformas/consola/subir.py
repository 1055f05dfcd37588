"""``/subir RUTA [#N]`` en la consola: un archivo (o todos los de una carpeta) soltado en el canal."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from asistente.archivo.entrada import ArchivoRemoto, ErrorDeDescarga, Lote
from asistente.archivo.ingesta import recibir
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.fallos import respuesta_de_error
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.consola.consola import Consola

MAX_POR_CARPETA = 500
registro_log = logging.getLogger("asistente.archivo")


class DescargadorLocal:
    """«Descarga» copiando un archivo del disco (``origen`` es su ruta)."""

    def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
        try:
            with open(archivo.url or archivo.origen, "rb") as f:
                shutil.copyfileobj(f, destino, 1 << 20)
        except FileNotFoundError:
            raise ErrorDeDescarga("el archivo ya no existe en el disco") from None
        except IsADirectoryError:
            raise ErrorDeDescarga("es una carpeta") from None
        except PermissionError:
            raise ErrorDeDescarga("no tengo permiso de leerlo") from None


def archivos_de(ruta: Path) -> list[ArchivoRemoto]:
    rutas = sorted(p for p in ruta.iterdir() if p.is_file() and not p.name.startswith("."))[:MAX_POR_CARPETA] \
        if ruta.is_dir() else [ruta]
    return [ArchivoRemoto(origen=str(p.resolve()), nombre=p.name, url=str(p.resolve()), tamanio=p.stat().st_size)
            for p in rutas]


def subir_desde_consola(app: Aplicacion) -> Callable[[Consola, str, str], Respuesta]:
    """La función que la consola llama con ``/subir RUTA [#N]`` (ver ``consola_cli.conectar_archivo``)."""
    aplicacion = cast(Aplicacion, app)
    descargador = DescargadorLocal()

    def subir(consola: Consola, ruta_texto: str, texto: str) -> Respuesta:
        ruta = Path(ruta_texto).expanduser()
        if not ruta.exists():
            return Respuesta.error(f"No encuentro «{ruta_texto}».", "/subir RUTA [#N]")
        archivos = archivos_de(ruta)
        if not archivos:
            return Respuesta.error(f"La carpeta «{ruta_texto}» no tiene archivos.", "/subir RUTA [#N]")
        peticion = consola.peticion("subir", texto)
        lote = Lote(
            espacio=peticion.espacio, usuario=peticion.usuario, canal=peticion.canal, ahora=peticion.ahora,
            archivos=archivos, nombre_usuario=peticion.nombre_usuario, texto=texto,
        )
        try:
            return recibir(aplicacion, lote, descargador)
        except Exception as error:
            return respuesta_de_error(error, "/subir RUTA [#N]", registro=registro_log, que=f"falló /subir {ruta_texto}")

    return subir
