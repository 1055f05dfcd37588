"""``asistente entrega-recepcion DESTINO``: el archivo entero para el cambio de administración.

Deja en DESTINO:

- ``archivo/…`` — cada archivo con su ruta de siempre (fotos, video, audio, PDF, boletines);
- ``inventarios/inventario-AAAA.xlsx`` — el inventario documental de cada año;
- ``acta_entrega_recepcion.pdf`` — el acta, con el resumen por serie;
- ``manifiesto.sha256`` — el SHA-256 de todo lo anterior en el formato de ``sha256sum``: desde
  DESTINO, ``sha256sum -c manifiesto.sha256`` lo comprueba.

Se escribe en una carpeta oculta junto a DESTINO (``.DESTINO.parcial``) y se renombra al final: un
DESTINO que existe está completo. Si se interrumpe, correrlo otra vez sigue donde iba: lo ya copiado
con su hash correcto no se copia de nuevo. DESTINO debe no existir o estar vacío, y el disco tener
lugar para todo.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from asistente.archivo.almacen import Almacen
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.descarga import sha_de_ruta
from asistente.archivo.respaldo import Progreso
from asistente.datos.bd import crear_motor
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.transparencia.acta import DatosDelActa, ResumenDeSerie, escribir_acta
from asistente.transparencia.clasificacion import cuadro_de
from asistente.transparencia.inventario import Expediente, escribir_inventario, expedientes
from modelos import Boletin, Contrato, Espacio, Evento, Medio

MANIFIESTO = "manifiesto.sha256"
ACTA = "acta_entrega_recepcion.pdf"
MARGEN = 20 * 1024 * 1024  # inventarios, acta y manifiesto


@dataclass(frozen=True)
class Entrega:
    destino: Path
    archivos: int
    copiados: int
    tamanio: int
    anios: list[int]


def _elegir_espacio(session: Session, clave: str) -> Espacio:
    espacios = list(session.scalars(select(Espacio).order_by(Espacio.id)))
    if clave:
        elegido = next((e for e in espacios if e.clave == clave), None)
        if elegido is None:
            raise ErrorDeUsuario(f"No hay un espacio «{clave}». Los espacios son: "
                                 f"{', '.join(e.clave for e in espacios) or 'ninguno'}.")
        return elegido
    if not espacios:
        raise ErrorDeUsuario("La base de datos no tiene ningún espacio de trabajo: no hay archivo que entregar.")
    if len(espacios) > 1:
        raise ErrorDeUsuario("Este despliegue sirve a varios espacios; elige uno con --espacio: "
                             f"{', '.join(e.clave for e in espacios)}.")
    return espacios[0]


def _anios(session: Session, espacio_id: int, config: Config) -> list[int]:
    tz = config.tz
    fechas = [session.scalar(select(func.min(Medio.fecha)).where(Medio.espacio_id == espacio_id)),
              session.scalar(select(func.max(Medio.fecha)).where(Medio.espacio_id == espacio_id)),
              session.scalar(select(func.min(Evento.inicio)).where(Evento.espacio_id == espacio_id)),
              session.scalar(select(func.max(Evento.inicio)).where(Evento.espacio_id == espacio_id))]
    anios = {f.astimezone(tz).year for f in fechas if f is not None}
    anios |= {a for a in (session.scalar(select(func.min(Boletin.anio)).where(Boletin.espacio_id == espacio_id)),
                          session.scalar(select(func.max(Boletin.anio)).where(Boletin.espacio_id == espacio_id))) if a}
    firmados = [session.scalar(select(func.min(Contrato.firmado)).where(Contrato.espacio_id == espacio_id)),
                session.scalar(select(func.max(Contrato.firmado)).where(Contrato.espacio_id == espacio_id))]
    anios |= {f.year for f in firmados if f is not None}
    return list(range(min(anios), max(anios) + 1)) if anios else []


def _destino_libre(destino: Path) -> None:
    if destino.exists() and (not destino.is_dir() or any(destino.iterdir())):
        raise ErrorDeUsuario(f"{destino} ya existe y no está vacío: la entrega va a una carpeta nueva o vacía.")


def _copiar(almacen: Almacen, clave: str, destino: Path, sha: str) -> bool:
    """Copia la clave del almacén (carpeta local o S3) si hace falta: lo que ya está con su hash se
    queda (así se reanuda). Calcula el SHA-256 mientras copia. Devuelve si copió."""
    if not almacen.existe(clave):
        raise ErrorDeUsuario(f"Falta {clave} en el archivo: corre «asistente verificar» y repón lo que falte antes "
                             "de la entrega (lo ya copiado se conserva).")
    if destino.exists() and sha_de_ruta(destino) == sha:
        return False
    destino.parent.mkdir(parents=True, exist_ok=True)
    parte = destino.with_name(f".{destino.name}.parte")
    h = hashlib.sha256()
    with almacen.abrir(clave) as origen, open(parte, "wb") as salida:
        for bloque in iter(lambda: origen.read(1 << 20), b""):
            h.update(bloque)
            salida.write(bloque)
    if h.hexdigest() != sha:
        parte.unlink()
        raise ErrorDeUsuario(f"{clave} no tiene el SHA-256 registrado: corre «asistente verificar».")
    os.replace(parte, destino)
    return True


def _quitar_sobrantes(carpeta: Path, claves: set[str]) -> None:
    """Lo que una corrida interrumpida copió y ya no está en el archivo (se movió de evento entre
    corridas) o quedó a medio copiar: fuera, para que la entrega sea exactamente lo del manifiesto."""
    for ruta in sorted(carpeta.rglob("*"), reverse=True):
        if ruta.is_file() and ruta.relative_to(carpeta).as_posix() not in claves:
            ruta.unlink()
        elif ruta.is_dir() and not any(ruta.iterdir()):
            ruta.rmdir()


def entrega_recepcion(config: Config, destino_texto: str | Path, espacio: str = "", salida: TextIO | None = None,
                      ahora: datetime | None = None,
                      lugar_libre: Callable[[Path], int] = lambda p: shutil.disk_usage(p).free) -> Entrega:
    destino = Path(destino_texto).expanduser().absolute()
    _destino_libre(destino)
    parcial = destino.parent / f".{destino.name}.parcial"
    motor = crear_motor(config.bd)
    try:
        with sessionmaker(motor)() as session:
            elegido = _elegir_espacio(session, espacio)
            cuadro = cuadro_de(session, elegido.id, config.municipio)
            anios = _anios(session, elegido.id, config)
            por_anio: dict[int, list[Expediente]] = {a: expedientes(session, config, elegido.id, a, cuadro)
                                                     for a in anios}
    finally:
        motor.dispose()
    archivos = {a.clave: a for exps in por_anio.values() for e in exps for a in e.archivos}
    total = sum(a.tamanio for a in archivos.values())
    hecho = sum(a.tamanio for a in archivos.values() if (parcial / "archivo" / a.clave).exists())
    existente = next(p for p in (destino.parent, *destino.parent.parents) if p.exists())
    if lugar_libre(existente) < total - hecho + MARGEN:
        necesita = (total - hecho + MARGEN) / 1_000_000
        raise ErrorDeUsuario(f"No hay lugar en {existente}: la entrega necesita {necesita:,.1f} MB libres.")
    parcial.mkdir(parents=True, exist_ok=True)
    almacen = almacen_de(config)
    progreso = Progreso(len(archivos), "Copiando el archivo", salida)
    copiados = 0
    for clave, a in sorted(archivos.items()):
        copiados += _copiar(almacen, clave, parcial / "archivo" / clave, a.sha256)
        progreso.avanzar()
    progreso.terminar()
    _quitar_sobrantes(parcial / "archivo", set(archivos))
    (parcial / "inventarios").mkdir(exist_ok=True)
    lineas = [f"{a.sha256}  archivo/{clave}\n" for clave, a in sorted(archivos.items())]
    for anio, exps in por_anio.items():
        ruta = parcial / "inventarios" / f"inventario-{anio}.xlsx"
        escribir_inventario(exps, cuadro, anio, ruta)
        lineas.append(f"{sha_de_ruta(ruta)}  inventarios/{ruta.name}\n")
    sha_archivos = hashlib.sha256("".join(lineas).encode("utf-8")).hexdigest()
    series: dict[str, dict[str, Any]] = defaultdict(lambda: {"nombre": "", "expedientes": 0, "archivos": 0, "tamanio": 0})
    for exps in por_anio.values():
        for e in exps:
            s = series[e.codigo]
            s["nombre"] = e.serie
            s["expedientes"] += 1
            s["archivos"] += len(e.archivos)
            s["tamanio"] += e.tamanio
    cuando = (ahora or datetime.now(config.tz)).astimezone(config.tz)
    escribir_acta(DatosDelActa(
        municipio=config.municipio, estado=config.estado, cuando=cuando, cuadro=cuadro,
        series=[ResumenDeSerie(c, s["nombre"], s["expedientes"], s["archivos"], s["tamanio"])
                for c, s in sorted(series.items())],
        archivos=len(archivos), tamanio=total, anios=anios, sha_manifiesto=sha_archivos,
    ), parcial / ACTA)
    lineas.append(f"{sha_de_ruta(parcial / ACTA)}  {ACTA}\n")
    (parcial / MANIFIESTO).write_text("".join(lineas), encoding="utf-8")
    if destino.exists():
        destino.rmdir()  # vacía: lo comprobó _destino_libre
    os.replace(parcial, destino)
    return Entrega(destino, len(archivos), copiados, total, anios)
