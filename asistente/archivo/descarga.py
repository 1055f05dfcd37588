"""La descarga durable de un archivo: fila pendiente, temporal, SHA-256 y límite de tamaño.

La fila en ``descargas_pendientes`` se confirma antes de bajar un solo byte y guarda todo lo necesario
para reintentar; la descarga va a ``<ARCHIVO>/.tmp/`` calculando el SHA-256 y el tamaño mientras se
escribe, y se corta al pasar ``ASISTENTE_MAX_MB``. Un temporal a medias no llega nunca al árbol.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.archivo import almacen as alm
from asistente.archivo.entrada import ArchivoRemoto, Descargador, ErrorDeDescarga, Lote
from asistente.archivo.medios import ArchivoRechazado
from asistente.datos.bd import insertar_si_falta, transaccion
from asistente.nucleo.aplicacion import Aplicacion
from modelos import DescargaPendiente, Espacio

registro_log = logging.getLogger("asistente.archivo")

MAX_INTENTOS = 5
# Una descarga que se corta a medio camino se reintenta al momento, con esperas crecientes, antes de
# rechazarla (segundos antes del 2.º, 3.º y 4.º intento).
ESPERAS_DESCARGA: tuple[float, ...] = (0.5, 2.0, 5.0)


# --- medición (el benchmark la usa) ------------------------------------------------------------------
@dataclass
class Cronometro:
    etapas: dict[str, float] = field(default_factory=dict)
    _cerrojo: threading.Lock = field(default_factory=threading.Lock, repr=False)  # los hilos de un lote

    @contextmanager
    def etapa(self, nombre: str) -> Iterator[None]:
        inicio = time.perf_counter()
        try:
            yield
        finally:
            with self._cerrojo:
                self.etapas[nombre] = self.etapas.get(nombre, 0.0) + time.perf_counter() - inicio


class _Excedido(Exception):
    pass


class _Escritor:
    """Escribe en el temporal calculando el SHA-256 y cortando al pasar el límite."""

    def __init__(self, destino: BinaryIO, limite: int) -> None:
        self.destino = destino
        self.limite = limite
        self.sha = hashlib.sha256()
        self.tamanio = 0

    def write(self, datos: bytes) -> int:
        self.tamanio += len(datos)
        if self.tamanio > self.limite:
            raise _Excedido()
        self.sha.update(datos)
        return self.destino.write(datos)

    def flush(self) -> None:
        self.destino.flush()

    def writable(self) -> bool:
        return True


@dataclass(frozen=True)
class Pendiente:
    """Una copia de la fila pendiente, para trabajar fuera de la transacción."""

    id: int
    espacio_id: int
    origen: str
    url: str
    nombre: str
    tamanio: int | None
    usuario_id: str
    texto: str
    hilo: str
    canal: str
    creado: datetime
    intentos: int
    sha256: str
    clave: str


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_Y_LINEAS = re.compile(r"[\x00-\x1f\x7f]")


def _limpio(texto: str, largo: int | None = None, lineas: bool = False) -> str:
    """Sin caracteres de control (PostgreSQL no guarda ``\\x00`` en un texto)."""
    limpio = (_CONTROL if lineas else _CONTROL_Y_LINEAS).sub("_", texto or "")
    return limpio[:largo] if largo else limpio


def anotar_pendiente(session: Session, espacio_id: int, lote: Lote, archivo: ArchivoRemoto) -> int:
    origen = _limpio(archivo.origen or archivo.url or archivo.nombre, 500)
    insertar_si_falta(
        session, DescargaPendiente, espacio_id=espacio_id, origen=origen, url=_limpio(archivo.url),
        nombre=_limpio(archivo.nombre, 255), tamanio=archivo.tamanio, usuario_id=lote.usuario[:64],
        nombre_usuario=_limpio(lote.nombre_usuario, 120), canal=lote.canal[:120], hilo=lote.hilo[:120],
        texto=_limpio(lote.texto, lineas=True),
        estado="pendiente", intentos=0, error="", sha256="", clave="", creado=lote.ahora,
    )
    return session.scalars(
        select(DescargaPendiente.id).where(DescargaPendiente.espacio_id == espacio_id, DescargaPendiente.origen == origen)
    ).one()


def tomar_pendiente(app: Aplicacion, pendiente_id: int) -> tuple[Pendiente | None, str]:
    """Cuenta un intento más y copia la fila; ``(None, nombre)`` si ya no está pendiente."""
    with transaccion(app.fabrica) as session:
        fila = session.get(DescargaPendiente, pendiente_id)
        if fila is None or fila.estado != "pendiente":
            return None, fila.nombre if fila else ""
        fila.intentos += 1
        return Pendiente(
            id=fila.id, espacio_id=fila.espacio_id, origen=fila.origen, url=fila.url, nombre=fila.nombre,
            tamanio=fila.tamanio, usuario_id=fila.usuario_id, texto=fila.texto, hilo=fila.hilo, canal=fila.canal,
            creado=fila.creado, intentos=fila.intentos, sha256=fila.sha256, clave=fila.clave,
        ), fila.nombre


def megas(tamanio: int) -> str:
    """El tamaño en MB con un decimal: «2.0» y no «2» para un archivo que pasa por poco de 2 MB."""
    return f"{tamanio / 1024 / 1024:.1f}"


def _pesa_demasiado(tamanio: int, limite: int) -> str:
    """«pesa 5.0 MB y el límite es 2 MB»; si con un decimal parece que cabe («pesa 2.0 MB y el
    límite es 2 MB»), también en bytes, para que se vea por cuánto pasa."""
    max_mb = limite // (1024 * 1024)
    if float(megas(tamanio)) * 1024 * 1024 <= limite:
        return f"pesa {megas(tamanio)} MB ({tamanio:,} bytes) y el límite es {max_mb} MB ({limite:,} bytes)"
    return f"pesa {megas(tamanio)} MB y el límite es {max_mb} MB"


@contextmanager
def descargar(almacen: alm.Almacen, p: Pendiente, descargador: Descargador, limite: int,
              cron: Cronometro) -> Iterator[tuple[alm.Temporal, str, int]]:
    """Baja el archivo a un temporal; da ``(temporal, sha256, tamaño)`` mientras el temporal existe."""
    max_mb = limite // (1024 * 1024)
    if p.tamanio is not None and p.tamanio > limite:
        raise ArchivoRechazado(_pesa_demasiado(p.tamanio, limite))
    remoto = ArchivoRemoto(origen=p.origen, nombre=p.nombre, url=p.url, tamanio=p.tamanio)
    with almacen.temporal() as tmp:
        for intento in range(len(ESPERAS_DESCARGA) + 1):
            escritor = _Escritor(tmp.flujo, limite)
            try:
                with cron.etapa("descarga y hash"):
                    descargador.descargar(remoto, cast(BinaryIO, escritor))
                    tmp.flujo.flush()
                break
            except _Excedido:
                raise ArchivoRechazado(f"pesa más de {max_mb} MB, el límite") from None
            except ErrorDeDescarga as error:
                if not error.transitorio:
                    raise ArchivoRechazado(f"no pude bajarlo ({error})") from None
                if intento == len(ESPERAS_DESCARGA):
                    raise ArchivoRechazado(f"no pude bajarlo: {error} {intento + 1} veces seguidas; "
                                           "súbelo otra vez en un momento") from None
                registro_log.warning("la descarga de %s se cortó (%s); reintento en %.1f s", p.nombre, error,
                                     ESPERAS_DESCARGA[intento])
                time.sleep(ESPERAS_DESCARGA[intento])
                tmp.flujo.seek(0)  # lo bajado a medias se descarta: se empieza de nuevo
                tmp.flujo.truncate()
        yield tmp, escritor.sha.hexdigest(), escritor.tamanio


def anotar_fallo(app: Aplicacion, p: Pendiente, error: Exception) -> bool:
    """Anota el error para reintentar (``True``), o se rinde tras ``MAX_INTENTOS`` y olvida la fila."""
    if p.intentos >= MAX_INTENTOS:
        olvidar(app, p.id)
        return False
    with transaccion(app.fabrica) as session:
        fila = session.get(DescargaPendiente, p.id)
        if fila is not None:
            fila.error = f"{type(error).__name__}: {error}"[:1000]
    return True


def olvidar(app: Aplicacion, pendiente_id: int) -> None:
    with transaccion(app.fabrica) as session:
        borrar_pendiente(session, pendiente_id)


def borrar_pendiente(session: Session, pendiente_id: int) -> None:
    fila = session.get(DescargaPendiente, pendiente_id)
    if fila is not None:
        session.delete(fila)


def sha_de(almacen: alm.Almacen, clave: str) -> str:
    """El SHA-256 de un archivo del almacén, leído en flujo (en S3 no llena la caché local)."""
    with almacen.abrir(clave) as f:
        return _sha_de_flujo(f)


def sha_de_ruta(ruta: Path) -> str:
    """El SHA-256 de un archivo en el disco, leído de a 1 MB."""
    with open(ruta, "rb") as f:
        return _sha_de_flujo(f)


def _sha_de_flujo(f: BinaryIO) -> str:
    sha = hashlib.sha256()
    for bloque in iter(lambda: f.read(1 << 20), b""):
        sha.update(bloque)
    return sha.hexdigest()


def lotes_pendientes(app: Aplicacion, antes_de: datetime | None = None) -> list[tuple[Lote, list[int], int]]:
    """Las descargas pendientes agrupadas por su mensaje original: ``(lote, ids, espacio_id)``."""
    with app.fabrica() as session:
        consulta = (
            select(DescargaPendiente, Espacio.clave)
            .join(Espacio, Espacio.id == DescargaPendiente.espacio_id)
            .where(DescargaPendiente.estado == "pendiente")
            .order_by(DescargaPendiente.id)
        )
        if antes_de is not None:
            consulta = consulta.where(DescargaPendiente.creado < antes_de)
        filas = session.execute(consulta).all()
    lotes: dict[tuple[str, str, str, str, str], tuple[Lote, list[int], int]] = {}
    for fila, clave_espacio in filas:
        llave = (clave_espacio, fila.canal, fila.hilo, fila.usuario_id, fila.texto)
        if llave not in lotes:
            lote = Lote(espacio=clave_espacio, usuario=fila.usuario_id, canal=fila.canal, ahora=fila.creado,
                        archivos=[], nombre_usuario=fila.nombre_usuario, hilo=fila.hilo, texto=fila.texto)
            lotes[llave] = (lote, [], fila.espacio_id)
        lote, ids, _ = lotes[llave]
        lote.archivos.append(ArchivoRemoto(origen=fila.origen, nombre=fila.nombre, url=fila.url, tamanio=fila.tamanio,
                                           espacio=clave_espacio))
        ids.append(fila.id)
    return list(lotes.values())
