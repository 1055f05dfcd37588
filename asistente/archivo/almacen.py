"""Dónde viven los bytes del archivo: una interfaz (``Almacen``) y la carpeta local.

El resto del proyecto habla de *claves* (``2026/03-marzo/2026-03-12_012-inauguracion/IMG_0001.jpg``,
siempre con ``/``) y nunca arma rutas: así un almacén S3 puede tomar el lugar de la carpeta. Las
claves de carpeta y de nombre también se construyen aquí (``carpeta_de_evento``, ``clave_en``).

Dos almacenes cumplen la interfaz: ``AlmacenLocal`` (la carpeta, por omisión) y ``AlmacenS3``
(``asistente/archivo/s3.py``, cuando ``ASISTENTE_ARCHIVO=s3://bucket/prefijo``); ``almacen_de``
(``asistente/archivo/almacenes.py``) elige.

Durabilidad: todo archivo se escribe primero en ``<ARCHIVO>/.tmp/`` (el mismo sistema de archivos,
así el paso final es un ``rename`` atómico) y solo llega a su clave completo. Las copias de 1600 px y
las miniaturas de 320 px viven fuera del árbol que se navega (``.copias/``, ``.miniaturas/``), con
el SHA-256 del original por nombre: mover un archivo a otro evento no las toca.
"""

from __future__ import annotations

import os
import re
import socket
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

from asistente.fechas.palabras import carpeta_mes
from asistente.nucleo.texto import normalizar

TEMPORALES = ".tmp"
COPIAS = ".copias"
MINIATURAS = ".miniaturas"
SIN_EVENTO = "sin-evento"
MAX_NOMBRE = 120
# Un temporal que nadie ha tocado en este tiempo es de un proceso que murió.
EDAD_TEMPORAL_ABANDONADO = 10 * 60
# Quién escribe un temporal: la máquina (sin guiones, que separan las partes del nombre).
_DUENO = re.sub(r"[^A-Za-z0-9.]", "", socket.gethostname())[:40] or "local"

_CONTROL_O_PROHIBIDO = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]')
_RESERVADOS_WINDOWS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


# --- claves y nombres ----------------------------------------------------------------------------
def slug(texto: str, largo: int = 60) -> str:
    """«Inauguración de la cancha» → «inauguracion-de-la-cancha»."""
    limpio = re.sub(r"[^a-z0-9]+", "-", normalizar(texto)).strip("-")
    return limpio[:largo].rstrip("-") or "evento"


def sanear_nombre(nombre: str) -> str:
    """Un nombre de archivo seguro para cualquier disco: sin carpetas, sin ``..``, sin caracteres de
    control ni los que Windows prohíbe, sin nombres reservados, de largo razonable."""
    nombre = unicodedata.normalize("NFC", nombre or "")
    # Los caracteres invisibles de formato se quitan: «foto\u202egpj.exe» se vería como «fotoexe.jpg».
    nombre = "".join(c for c in nombre if unicodedata.category(c) != "Cf")
    nombre = re.split(r"[\\/]", nombre)[-1]  # solo la última parte de una ruta
    nombre = _CONTROL_O_PROHIBIDO.sub("_", nombre)
    base, punto, ext = nombre.rpartition(".")
    if not punto:
        base, ext = nombre, ""
    ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:8].lower()
    base = re.sub(r"\s+", " ", re.sub(r"\.{2,}", ".", base)).strip(" .") or "archivo"
    if base.lower() in _RESERVADOS_WINDOWS:
        base = f"{base}_"
    base = base[: MAX_NOMBRE - len(ext) - 1]
    return f"{base}.{ext}" if ext else base


def con_extension(nombre: str, extension: str) -> str:
    """El nombre con ``extension`` (sin punto) si no la tiene ya."""
    base, punto, ext = nombre.rpartition(".")
    if punto and ext.lower() == extension:
        return nombre
    return f"{nombre if not punto else base}.{extension}"


def carpeta_de_evento(inicio: date, numero: int, titulo: str) -> str:
    """``2026/03-marzo/2026-03-12_012-inauguracion-de-la-cancha``."""
    return f"{inicio.year}/{carpeta_mes(inicio)}/{inicio.isoformat()}_{numero:03d}-{slug(titulo)}"


def carpeta_de_solicitud(dia: date, numero: int, tipo: str) -> str:
    """``2026/03-marzo/2026-03-02_S-031-cartel``: las versiones de una solicitud, por el día en que llegó."""
    return f"{dia.year}/{carpeta_mes(dia)}/{dia.isoformat()}_S-{numero:03d}-{slug(tipo)}"


def carpeta_de_monitoreo(dia: date) -> str:
    """``2026/03-marzo/monitoreo``: las páginas impresas de las notas de medios, por el día de la nota."""
    return f"{dia.year}/{carpeta_mes(dia)}/monitoreo"


def carpeta_sin_evento(dia: date) -> str:
    return f"{dia.year}/{carpeta_mes(dia)}/{SIN_EVENTO}"


def carpeta_de_contrato(anio: int, numero: str) -> str:
    """``contratos/2026/cs-001-2026``: las facturas en PDF de un contrato de comunicación social."""
    return f"contratos/{anio}/{slug(numero)}"


def clave_en(carpeta: str, nombre: str) -> str:
    return f"{carpeta}/{nombre}"


def carpeta_de(clave: str) -> str:
    return str(PurePosixPath(clave).parent)


def nombre_de(clave: str) -> str:
    return PurePosixPath(clave).name


def clave_copia(sha256: str) -> str:
    return f"{COPIAS}/{sha256[:2]}/{sha256}.jpg"


def clave_miniatura(sha256: str) -> str:
    return f"{MINIATURAS}/{sha256[:2]}/{sha256}.jpg"


def _variantes(nombre: str) -> Iterator[str]:
    """``IMG.jpg``, ``IMG-2.jpg``, ``IMG-3.jpg``…"""
    yield nombre
    base, punto, ext = nombre.rpartition(".")
    if not punto:
        base, ext = nombre, ""
    n = 2
    while True:
        yield f"{base}-{n}.{ext}" if ext else f"{base}-{n}"
        n += 1


class ClaveInvalida(ValueError):
    """Una clave que saldría del archivo o tocaría sus carpetas internas."""


def validar_clave(clave: str) -> tuple[str, ...]:
    """Las partes de una clave relativa y limpia; ``ClaveInvalida`` si sale del archivo."""
    partes = PurePosixPath(clave).parts
    if not partes or any(p in ("", ".", "..") or "\\" in p or "\x00" in p for p in partes) or clave.startswith("/"):
        raise ClaveInvalida(clave)
    return partes


# --- la interfaz -----------------------------------------------------------------------------------
@dataclass
class Temporal:
    """Un archivo en escritura: ``flujo`` para escribir, ``ruta`` para leerlo después."""

    ruta: Path
    flujo: BinaryIO


class Almacen(Protocol):
    def temporal(self) -> AbstractContextManager[Temporal]:
        """Un archivo temporal en el propio almacén; se borra al salir si no se colocó."""
        ...

    def colocar(self, temporal: Temporal, carpeta: str, nombre: str) -> str:
        """Mueve el temporal (ya cerrado y completo) a ``carpeta/nombre`` sin pisar nada: si el nombre
        existe usa ``-2``, ``-3``… Devuelve la clave final."""
        ...

    def colocar_en(self, temporal: Temporal, clave: str, reemplazar: bool = False) -> None:
        """Mueve el temporal exactamente a ``clave``. Sin ``reemplazar`` lanza ``FileExistsError``."""
        ...

    def clave_libre(self, carpeta: str, nombre: str) -> str: ...

    def mover(self, clave: str, carpeta: str) -> str:
        """Mueve un archivo a otra carpeta (mismo nombre o ``-2``…). Devuelve la clave nueva."""
        ...

    def existe(self, clave: str) -> bool: ...

    def abrir(self, clave: str) -> BinaryIO: ...

    def leer(self, clave: str, desde: int, largo: int) -> bytes:
        """Los bytes ``[desde, desde + largo)`` (menos si el archivo termina antes), sin bajarlo entero:
        para revisar las cajas de un video de varios GB antes de servirlo."""
        ...

    def ruta_local(self, clave: str) -> Path:
        """Una ruta legible en esta máquina (en S3: una copia en caché)."""
        ...

    def tamanio(self, clave: str) -> int: ...

    def raiz_visible(self) -> str:
        """Dónde está todo el archivo, para una persona (la carpeta o ``s3://bucket/prefijo/``)."""
        ...

    def ruta_visible(self, carpeta: str) -> str:
        """Cómo se le nombra a una persona una carpeta (la ruta en el disco compartido)."""
        ...

    def borrar(self, clave: str) -> None: ...

    def claves(self, derivadas: str = "") -> Iterator[str]:
        """Todas las claves del árbol navegable (sin copias, miniaturas ni temporales); con
        ``derivadas`` (``COPIAS`` o ``MINIATURAS``), las de esa carpeta interna."""
        ...

    def listar(self, carpeta: str) -> Iterator[str]:
        """Las claves de los archivos que están directamente en ``carpeta`` (sin bajar a subcarpetas);
        nada si la carpeta no existe."""
        ...

    def limpiar_temporales(self, edad_minima: float = EDAD_TEMPORAL_ABANDONADO) -> int:
        """Borra temporales abandonados; devuelve cuántos."""
        ...


def primera_libre(carpeta: str, nombre: str, ocupada: Callable[[str], bool]) -> str:
    """La primera de ``nombre``, ``nombre-2``, ``nombre-3``… en ``carpeta`` que no está ``ocupada``."""
    for variante in _variantes(nombre):
        clave = clave_en(carpeta, variante)
        if not ocupada(clave):
            return clave
    raise AssertionError("inalcanzable")


def colocar_sin_pisar(almacen: Almacen, temporal: Temporal, carpeta: str, nombre: str) -> str:
    """``Almacen.colocar`` para cualquier almacén: la primera clave libre; si otro proceso (u otro
    servidor) la toma en ese instante (``FileExistsError`` de ``colocar_en``), la siguiente."""
    while True:
        clave = almacen.clave_libre(carpeta, nombre)
        try:
            almacen.colocar_en(temporal, clave)
            return clave
        except FileExistsError:
            continue


# --- la carpeta local ---------------------------------------------------------------------------------
class AlmacenLocal:
    """El archivo en una carpeta (local o de red montada)."""

    def __init__(self, raiz: Path) -> None:
        self.raiz = raiz.resolve()
        self.raiz.mkdir(parents=True, exist_ok=True)
        (self.raiz / TEMPORALES).mkdir(exist_ok=True)

    def _ruta(self, clave: str) -> Path:
        partes = validar_clave(clave)
        ruta = self.raiz.joinpath(*partes)
        if self.raiz not in ruta.parents:
            raise ClaveInvalida(clave)
        return ruta

    @contextmanager
    def temporal(self) -> Iterator[Temporal]:
        carpeta = self.raiz / TEMPORALES
        carpeta.mkdir(parents=True, exist_ok=True)
        ruta = carpeta / f"{_DUENO}-{os.getpid()}-{uuid.uuid4().hex}.parte"
        flujo = open(ruta, "xb")
        try:
            yield Temporal(ruta, flujo)  # type: ignore[arg-type]
        finally:
            flujo.close()
            ruta.unlink(missing_ok=True)

    def colocar_en(self, temporal: Temporal, clave: str, reemplazar: bool = False) -> None:
        destino = self._ruta(clave)
        destino.parent.mkdir(parents=True, exist_ok=True)
        temporal.flujo.flush()
        os.fsync(temporal.flujo.fileno())
        if reemplazar:
            os.replace(temporal.ruta, destino)
            return
        # Un enlace duro falla si el destino existe: colocar sin pisar es atómico.
        try:
            os.link(temporal.ruta, destino)
        except FileExistsError:
            raise
        except OSError:  # sistemas de archivos sin enlaces duros
            if destino.exists():
                raise FileExistsError(clave) from None
            os.rename(temporal.ruta, destino)
            return
        temporal.ruta.unlink()

    def clave_libre(self, carpeta: str, nombre: str) -> str:
        return primera_libre(carpeta, nombre, lambda clave: self._ruta(clave).exists())

    def colocar(self, temporal: Temporal, carpeta: str, nombre: str) -> str:
        return colocar_sin_pisar(self, temporal, carpeta, nombre)

    def mover(self, clave: str, carpeta: str) -> str:
        origen = self._ruta(clave)
        if carpeta_de(clave) == carpeta:
            return clave
        while True:
            nueva = self.clave_libre(carpeta, nombre_de(clave))
            destino = self._ruta(nueva)
            destino.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(origen, destino)
            except FileExistsError:
                continue
            except OSError:
                if destino.exists():
                    continue
                os.rename(origen, destino)
                return nueva
            origen.unlink()
            self._podar(origen.parent)
            return nueva

    def _podar(self, carpeta: Path) -> None:
        """Quita carpetas de evento que quedaron vacías (no las del año o el mes)."""
        try:
            if carpeta != self.raiz and self.raiz in carpeta.parents and not any(carpeta.iterdir()):
                carpeta.rmdir()
        except OSError:
            pass

    def existe(self, clave: str) -> bool:
        return self._ruta(clave).is_file()

    def abrir(self, clave: str) -> BinaryIO:
        return open(self._ruta(clave), "rb")

    def leer(self, clave: str, desde: int, largo: int) -> bytes:
        with open(self._ruta(clave), "rb") as archivo:
            archivo.seek(desde)
            return archivo.read(max(largo, 0))

    def ruta_local(self, clave: str) -> Path:
        return self._ruta(clave)

    def tamanio(self, clave: str) -> int:
        return self._ruta(clave).stat().st_size

    def ruta_visible(self, carpeta: str) -> str:
        return str(self._ruta(carpeta)) + os.sep

    def raiz_visible(self) -> str:
        return str(self.raiz)

    def borrar(self, clave: str) -> None:
        ruta = self._ruta(clave)
        ruta.unlink(missing_ok=True)
        self._podar(ruta.parent)

    def claves(self, derivadas: str = "") -> Iterator[str]:
        if derivadas:
            if derivadas not in (COPIAS, MINIATURAS):
                raise ClaveInvalida(derivadas)
            base = self.raiz / derivadas
            for ruta in sorted(base.rglob("*")) if base.is_dir() else []:
                if ruta.is_file() and not ruta.name.startswith("."):
                    yield ruta.relative_to(self.raiz).as_posix()
            return
        for carpeta, subcarpetas, archivos in os.walk(self.raiz):
            subcarpetas[:] = sorted(s for s in subcarpetas if not s.startswith("."))
            relativa = Path(carpeta).relative_to(self.raiz)
            for nombre in sorted(archivos):
                if not nombre.startswith("."):
                    yield (relativa / nombre).as_posix()

    def listar(self, carpeta: str) -> Iterator[str]:
        base = self._ruta(carpeta)
        for ruta in sorted(base.iterdir()) if base.is_dir() else []:
            if ruta.is_file() and not ruta.name.startswith("."):
                yield clave_en(carpeta, ruta.name)

    def limpiar_temporales(self, edad_minima: float = EDAD_TEMPORAL_ABANDONADO) -> int:
        limite = time.time() - edad_minima
        borrados = 0
        carpeta = self.raiz / TEMPORALES
        if not carpeta.is_dir():
            return 0
        for ruta in carpeta.iterdir():
            try:
                if ruta.stat().st_mtime <= limite or _de_un_proceso_muerto(ruta.name):
                    ruta.unlink()
                    borrados += 1
            except OSError:
                pass
        return borrados


def _de_un_proceso_muerto(nombre: str) -> bool:
    """Un temporal ``<máquina>-<pid>-….parte`` de esta máquina cuyo proceso ya no existe (un kill -9
    y un arranque inmediato): se borra sin esperar los 10 minutos. Los de otras máquinas que
    comparten el archivo solo se borran por edad."""
    dueno, _, resto = nombre.partition("-")
    pid = resto.partition("-")[0]
    if dueno != _DUENO or not pid.isdecimal() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # existe pero es de otro usuario
        return False
    return False


@lru_cache(maxsize=8)
def almacen_local(raiz: Path) -> AlmacenLocal:
    """Uno por carpeta y proceso (``almacen_de`` en ``almacenes.py`` elige entre la carpeta y S3)."""
    return AlmacenLocal(raiz)
