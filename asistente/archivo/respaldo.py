"""``asistente respaldo DESTINO`` y ``asistente verificar``.

El respaldo es una copia consistente de la base de datos (SQLite: la API de respaldo en línea, que
copia aunque el asistente esté escribiendo; PostgreSQL: se indica el ``pg_dump`` exacto) y un
manifiesto ``manifiesto.sha256`` con el SHA-256 y la clave de cada archivo, en el formato de
``sha256sum`` (desde la carpeta del archivo: ``sha256sum -c manifiesto.sha256``). Los archivos mismos
se copian con la herramienta de siempre (rsync, robocopy; ``aws s3 sync`` si el archivo está en S3):
son inmutables.

``verificar`` recalcula el hash de cada archivo registrado (en la carpeta o leído del bucket), revisa
que sus copias derivadas (la de 1600 px y la miniatura) estén y se puedan abrir, y lista los archivos
que ninguna fila conoce (en el árbol y entre las copias); sale con 1 si encontró cualquiera de esas cosas.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from asistente.archivo.almacen import COPIAS, MINIATURAS, Almacen
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.descarga import sha_de
from asistente.archivo.documentos import es_documento_generado
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


def _filas(config: Config) -> Iterator[tuple[str, str, str, int, str, str]]:
    """(espacio, clave, sha256, tamaño, clave de la copia, clave de la miniatura) de cada archivo
    registrado, en orden estable."""
    motor = crear_motor(config.bd)
    try:
        with motor.connect() as conexion:
            consulta = (
                select(Espacio.clave, Medio.clave, Medio.sha256, Medio.tamanio, Medio.clave_copia,
                       Medio.clave_miniatura)
                .join(Espacio, Espacio.id == Medio.espacio_id)
                .order_by(Medio.id)
                .execution_options(yield_per=2000)
            )
            for fila in conexion.execute(consulta):
                yield fila[0], fila[1], fila[2], fila[3], fila[4] or "", fila[5] or ""
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
        f.write(f"# Manifiesto del archivo {almacen_de(config).raiz_visible()} — {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC\n")
        for _espacio, clave, sha, _tamanio, _copia, _mini in _filas(config):
            f.write(f"{sha}  {clave}\n")
            n += 1
            barra.avanzar()
    barra.terminar()
    print(f"Manifiesto de {cuantos(n, 'archivo')}: {carpeta / MANIFIESTO}\n"
          f"{_como_copiar(config)}", file=salida)
    return 0


def _como_copiar(config: Config) -> str:
    raiz = almacen_de(config).raiz_visible()
    if config.archivo_s3:
        return (f"Copia también el archivo ({raiz}) a otro bucket o a un disco, por ejemplo con "
                f"«aws s3 sync {raiz} ./archivo» (o «mc mirror» en MinIO).")
    return f"Copia también la carpeta del archivo ({raiz}) con rsync o robocopy."


def _copia_legible(ruta: Path) -> bool:
    """Una copia derivada se puede abrir como imagen (no está truncada ni es otra cosa)."""
    try:
        with Image.open(ruta) as img:
            img.draft("RGB", (max(1, img.width // 8), max(1, img.height // 8)))  # lee todo, decodifica a 1/8
            img.load()
        return True
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def verificar(config: Config, salida: TextIO | None = None) -> int:
    salida = salida or sys.stdout
    almacen = almacen_de(config)
    barra = Progreso(_contar(config), "Verificando")
    faltan: list[str] = []
    cambiados: list[str] = []
    copias_mal: list[str] = []
    conocidas: set[str] = set()
    bien = 0
    for espacio, clave, sha, _tamanio, copia, mini in _filas(config):
        barra.avanzar()
        conocidas.add(clave)
        if not almacen.existe(clave):
            faltan.append(f"{espacio} {clave}")
        elif sha_de(almacen, clave) != sha:  # leído en flujo: en S3 no llena la caché local
            cambiados.append(f"{espacio} {clave}")
        else:
            bien += 1
        for que, derivada in (("copia de 1600 px", copia), ("miniatura", mini)):
            if not derivada:
                continue
            conocidas.add(derivada)
            if not almacen.existe(derivada):
                copias_mal.append(f"FALTA LA {que.upper()} de {espacio} {clave} ({derivada})")
            elif not _copia_legible(almacen.ruta_local(derivada)):
                copias_mal.append(f"DAÑADA LA {que.upper()} de {espacio} {clave} ({derivada})")
    barra.terminar()
    huerfanos = [c for c in _en_disco(almacen) if c not in conocidas and not es_documento_generado(c)]
    for linea in faltan:
        print(f"FALTA      {linea}", file=salida)
    for linea in cambiados:
        print(f"CAMBIÓ     {linea}", file=salida)
    for linea in copias_mal:
        print(linea, file=salida)
    for clave in huerfanos:
        print(f"SIN FILA   {clave}", file=salida)
    if not (faltan or cambiados or copias_mal or huerfanos):
        print(f"Todo en orden: {cuantos(bien, 'archivo presente')} y con su hash, con sus copias.", file=salida)
        return 0
    partes = [f"{cuantos(bien, 'archivo')} bien", f"{len(faltan)} {'falta' if len(faltan) == 1 else 'faltan'}",
              f"{len(cambiados)} {'cambió' if len(cambiados) == 1 else 'cambiaron'}"]
    if copias_mal:
        partes.append(f"{cuantos(len(copias_mal), 'copia derivada')} que faltan o están dañadas (se rehacen volviendo a subir "
                      "el original, o desde el respaldo)")
    if huerfanos:
        partes.append(f"{cuantos(len(huerfanos), 'archivo')} en el disco que ninguna fila conoce (copiados a mano, o de "
                      "un archivado que se está terminando ahora mismo: revísalos antes de borrarlos)")
    print(", ".join(partes) + ".", file=salida)
    if faltan or cambiados:
        print("Restaura del respaldo lo que falta o cambió.", file=salida)
    return 1


def _en_disco(almacen: Almacen) -> Iterator[str]:
    """Todo lo que hay en el almacén: el árbol navegable, las copias y las miniaturas."""
    yield from almacen.claves()
    yield from almacen.claves(COPIAS)
    yield from almacen.claves(MINIATURAS)
