"""Leer un ``multipart/form-data`` con archivos en flujo: cada archivo va a disco mientras llega y se corta
en cuanto pasa su tope (no después de bajarlo entero); los campos de texto tienen su propio tope en
memoria. Nada del cuerpo se carga entero en memoria. Al salir del ``with`` se borran los temporales."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import parse_form_data

MAX_CAMPOS_BYTES = 64 * 1024
MAX_PARTES = 40
# Lo que pesan los bordes y los campos de texto además de los archivos.
HOLGURA = 256 * 1024


class SubidaRechazada(Exception):
    """El envío no se acepta; el mensaje (en español) se le muestra a quien lo mandó."""


@dataclass(frozen=True)
class ArchivoSubido:
    nombre: str
    ruta: Path
    tamanio: int


@dataclass
class Envio:
    campos: dict[str, str] = field(default_factory=dict)
    archivos: list[ArchivoSubido] = field(default_factory=list)


def _megas(n: int) -> str:
    megas = n / (1024 * 1024)
    return f"{megas:.0f} MB" if megas == int(megas) else f"{megas:.1f} MB"


class _Limitado:
    """Un archivo en disco que se niega a crecer más de ``tope`` bytes."""

    def __init__(self, ruta: Path, tope: int, nombre: str) -> None:
        self.ruta = ruta
        self.archivo: BinaryIO = open(ruta, "w+b")
        self.tope = tope
        self.nombre = nombre
        self.escritos = 0

    def write(self, datos: bytes) -> int:
        self.escritos += len(datos)
        if self.escritos > self.tope:
            raise SubidaRechazada(f"«{self.nombre}» pesa más de {_megas(self.tope)}, el límite por archivo.")
        return self.archivo.write(datos)

    def __getattr__(self, nombre: str) -> Any:
        return getattr(self.archivo, nombre)


@contextmanager
def leer_envio(environ: dict[str, Any], *, max_por_archivo: int, max_total: int, max_archivos: int,
               campo_archivos: str = "archivos") -> Iterator[Envio]:
    try:
        largo = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise SubidaRechazada("El formulario llegó incompleto; intenta de nuevo.") from None
    if largo > max_total + HOLGURA:
        raise SubidaRechazada(f"Los archivos pesan {_megas(largo)} en total y pasan del límite de {_megas(max_total)}.")
    carpeta = Path(tempfile.mkdtemp(prefix="asistente-portal-"))
    abiertos: list[_Limitado] = []

    def fabrica(total_content_length: int | None, content_type: str | None, filename: str | None,
                content_length: int | None = None) -> IO[bytes]:
        # Una parte de archivo vacía (nadie eligió archivo) también pasa por aquí: cuenta una de más.
        if len(abiertos) > max_archivos:
            raise SubidaRechazada(f"Son a lo más {max_archivos} archivos por solicitud.")
        contenedor = _Limitado(carpeta / f"{len(abiertos):03d}", max_por_archivo, filename or "archivo")
        abiertos.append(contenedor)
        return cast(IO[bytes], contenedor)

    try:
        try:
            _, campos, archivos = parse_form_data(
                environ, stream_factory=fabrica, max_form_memory_size=MAX_CAMPOS_BYTES,
                max_content_length=max_total + HOLGURA, silent=False, max_form_parts=MAX_PARTES)
        except RequestEntityTooLarge:
            raise SubidaRechazada(f"El envío pasa de {_megas(max_total)}.") from None
        except ValueError:
            raise SubidaRechazada("El formulario llegó incompleto o dañado; intenta de nuevo.") from None
        envio = Envio(campos={k: str(v) for k, v in campos.items()})
        total = 0
        for subido in archivos.getlist(campo_archivos):
            contenedor = cast(_Limitado, subido.stream)
            contenedor.archivo.flush()
            if not subido.filename and contenedor.escritos == 0:
                continue
            total += contenedor.escritos
            if total > max_total:
                raise SubidaRechazada(f"Los archivos pasan de {_megas(max_total)} en total.")
            envio.archivos.append(ArchivoSubido(subido.filename or "archivo", contenedor.ruta, contenedor.escritos))
        yield envio
    finally:
        for contenedor in abiertos:
            contenedor.archivo.close()
        shutil.rmtree(carpeta, ignore_errors=True)
