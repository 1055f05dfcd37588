"""``asistente respaldo DESTINO`` y ``asistente verificar``.

El respaldo es una copia consistente de la base de datos (SQLite: la API de respaldo en línea, que
copia aunque el asistente esté escribiendo; PostgreSQL: se indica el ``pg_dump`` exacto) y un
manifiesto ``manifiesto.sha256`` con el SHA-256 y la clave de cada archivo, en el formato de
``sha256sum`` (desde la carpeta del archivo: ``sha256sum -c manifiesto.sha256``). Los archivos mismos
se copian con la herramienta de siempre (rsync, robocopy): son inmutables.

``verificar`` recalcula el hash de cada archivo registrado y sale con 1 si falta o cambió alguno.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from asistente.archivo.almacen import almacen_de
from asistente.datos.bd import crear_motor
from asistente.nucleo.config import Config
from asistente.nucleo.texto import cuantos
from modelos import Espacio, Medio

MANIFIESTO = "manifiesto.sha256"


class Progreso:
    """Una barra en la terminal; callada si la salida no es una terminal."""

    def __init__(self, total: int, titulo: str, salida: TextIO | None = None) -> None:
        self.total, self.titulo = total, titulo
        self.salida = salida or sys.stderr
        self.activa = self.salida.isatty() and total > 0
        self.hecho = 0

    def avanzar(self, n: int = 1) -> None:
        self.hecho += n
        if self.activa and (self.hecho == self.total or self.hecho % 25 == 0):
            llenas = int(30 * self.hecho / self.total)
            print(f"\r{self.titulo} [{'█' * llenas}{' ' * (30 - llenas)}] {self.hecho}/{self.total}",
                  end="", file=self.salida, flush=True)

    def terminar(self) -> None:
        if self.activa:
            print(file=self.salida, flush=True)


def _filas(config: Config) -> Iterator[tuple[str, str, str, int]]:
    """(espacio, clave, sha256, tamaño) de cada archivo registrado, en orden estable."""
    motor = crear_motor(config.bd)
    try:
        with motor.connect() as conexion:
            consulta = (
                select(Espacio.clave, Medio.clave, Medio.sha256, Medio.tamanio)
                .join(Espacio, Espacio.id == Medio.espacio_id)
                .order_by(Medio.id)
                .execution_options(yield_per=2000)
            )
            for fila in conexion.execute(consulta):
                yield fila[0], fila[1], fila[2], fila[3]
    finally:
        motor.dispose()


def _contar(config: Config) -> int:
    motor = crear_motor(config.bd)
    try:
        with motor.connect() as conexion:
            return int(conexion.scalar(select(func.count(Medio.id))) or 0)
    finally:
        motor.dispose()


def respaldo(config: Config, destino: str | Path, salida: TextIO | None = None) -> int:
    salida = salida or sys.stdout
    carpeta = Path(destino)
    carpeta.mkdir(parents=True, exist_ok=True)
    url = make_url(config.bd)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            print("La base de datos está en memoria: no hay nada que respaldar.", file=salida)
            return 1
        copia = carpeta / "asistente.db"
        copia.unlink(missing_ok=True)
        origen = sqlite3.connect(url.database)
        try:
            destino_bd = sqlite3.connect(copia)
            with destino_bd:
                origen.backup(destino_bd, pages=1024)
            destino_bd.close()
        finally:
            origen.close()
        print(f"Base de datos copiada (respaldo en línea de SQLite): {copia}", file=salida)
    else:
        print("La base de datos es PostgreSQL: respáldala con pg_dump (copia consistente aunque el asistente siga corriendo):\n"
              f"  pg_dump --format=custom --file \"{carpeta / 'asistente.dump'}\" \"{url.set(drivername='postgresql').render_as_string(hide_password=True)}\"\n"
              "  (la contraseña en PGPASSWORD o ~/.pgpass; se restaura con pg_restore)", file=salida)
    total = _contar(config)
    barra = Progreso(total, "Manifiesto")
    n = 0
    with open(carpeta / MANIFIESTO, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# Manifiesto del archivo {almacen_de(config).raiz} — {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC\n")
        for _espacio, clave, sha, _tamanio in _filas(config):
            f.write(f"{sha}  {clave}\n")
            n += 1
            barra.avanzar()
    barra.terminar()
    print(f"Manifiesto de {cuantos(n, 'archivo')}: {carpeta / MANIFIESTO}\n"
          f"Copia también la carpeta del archivo ({almacen_de(config).raiz}) con rsync o robocopy.", file=salida)
    return 0


def _sha(ruta: Path) -> str:
    sha = hashlib.sha256()
    with open(ruta, "rb") as f:
        for bloque in iter(lambda: f.read(1 << 20), b""):
            sha.update(bloque)
    return sha.hexdigest()


def verificar(config: Config, salida: TextIO | None = None) -> int:
    salida = salida or sys.stdout
    almacen = almacen_de(config)
    barra = Progreso(_contar(config), "Verificando")
    faltan: list[str] = []
    cambiados: list[str] = []
    bien = 0
    for espacio, clave, sha, _tamanio in _filas(config):
        barra.avanzar()
        if not almacen.existe(clave):
            faltan.append(f"{espacio} {clave}")
        elif _sha(almacen.ruta_local(clave)) != sha:
            cambiados.append(f"{espacio} {clave}")
        else:
            bien += 1
    barra.terminar()
    for linea in faltan:
        print(f"FALTA      {linea}", file=salida)
    for linea in cambiados:
        print(f"CAMBIÓ     {linea}", file=salida)
    if faltan or cambiados:
        print(f"{cuantos(bien, 'archivo')} bien, {len(faltan)} {'falta' if len(faltan) == 1 else 'faltan'}, "
              f"{len(cambiados)} {'cambió' if len(cambiados) == 1 else 'cambiaron'}. Restáuralos del respaldo.", file=salida)
        return 1
    print(f"Todo en orden: {cuantos(bien, 'archivo presente')} y con su hash.", file=salida)
    return 0
