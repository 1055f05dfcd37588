"""El archivo: cuánto cuesta archivar una foto de 12 megapixeles de punta a punta, junto al piso de
SPEC §6 (Pillow decodificando en modo draft y haciendo las mismas dos reducciones y los mismos dos
guardados, sobre el mismo archivo), y el HEIC al lado. La búsqueda, en ``bench/busqueda.py`` (con los datos sintéticos que arma
``cargar`` de aquí).

La ingesta corre como en producción: un servidor HTTP local (puerto 0) sirve las fotos detrás de un
token, ``recibir`` las baja en lotes de 10 (un mensaje con 10 fotos), calcula el hash, lee el
EXIF, hace la copia de 1600 px y la miniatura y escribe la fila, en SQLite sobre disco.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw
from sqlalchemy import insert, select

from asistente.archivo.busqueda import buscar, leer_criterios
from asistente.archivo.entrada import ArchivoRemoto, Lote
from asistente.archivo.indice import palabras_de
from asistente.archivo.ingesta import HILOS, Cronometro, recibir
from asistente.archivo.medios import CALIDAD_JPEG, LADO_COPIA, LADO_MINIATURA, _registrar_heif, medida_de_copia
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.procesos.app import crear_app
from modelos import Base, Espacio, Evento, Medio, PalabraDeMedio, Persona

FOTOS = int(os.environ.get("BENCH_ARCHIVO_FOTOS", "200"))
FOTOS_HEIC = int(os.environ.get("BENCH_ARCHIVO_HEIC", "40"))  # x265 tarda: con la máquina cargada, 40 tomaron 19 min
POR_LOTE = 10
LADO = (4000, 3000)  # 12 megapixeles
ZONA = ZoneInfo("America/Mexico_City")
TOKEN = "xoxb-bench"


def _fotos(n: int) -> list[bytes]:
    """``n`` JPEG distintos de 4000×3000 con textura de foto y EXIF de cámara."""
    base = Image.effect_noise((LADO[0] // 8, LADO[1] // 8), 64).convert("RGB").resize(LADO, Image.Resampling.BICUBIC)
    fotos = []
    for i in range(n):
        img = base.copy()
        dibujo = ImageDraw.Draw(img)
        dibujo.rectangle((i * 13 % 3600, i * 7 % 2600, i * 13 % 3600 + 400, i * 7 % 2600 + 400),
                         fill=(i % 256, (i * 3) % 256, 200))
        exif = Image.Exif()
        exif[271], exif[272], exif[0x0112] = "Nikon", "Nikon D7500", 1
        exif.get_ifd(0x8769)[36867] = f"2026:03:03 10:{i % 60:02d}:00"
        salida = io.BytesIO()
        img.save(salida, "JPEG", quality=90, exif=exif)
        fotos.append(salida.getvalue())
    return fotos


class _Descargador:
    def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
        pedido = urllib.request.Request(archivo.url, headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(pedido, timeout=30) as r:
            while bloque := r.read(1 << 20):
                destino.write(bloque)


def _servidor(fotos: list[bytes]) -> tuple[ThreadingHTTPServer, str]:
    class Manejador(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self.send_response(401)
                self.end_headers()
                return
            datos = fotos[int(self.path.rsplit("/", 1)[1])]
            self.send_response(200)
            self.send_header("Content-Length", str(len(datos)))
            self.end_headers()
            self.wfile.write(datos)

    servidor = ThreadingHTTPServer(("127.0.0.1", 0), Manejador)
    threading.Thread(target=servidor.serve_forever, daemon=True).start()
    return servidor, f"http://127.0.0.1:{servidor.server_address[1]}"


def _ms(segundos: float) -> str:
    return f"{segundos * 1000:.1f}"


def _ingesta(carpeta: Path, fotos: list[bytes], formato: str = "JPEG") -> list[str]:
    """Archiva ``fotos`` en lotes de ``POR_LOTE`` y mide el piso junto a cada lote: en serie (la
    latencia de una foto) y en ``HILOS`` hilos (lo que da la máquina, con los mismos hilos que el
    archivo)."""
    extension = "heic" if formato == "HEIC" else "jpg"
    config = Config(bd=f"sqlite:///{carpeta / f'ingesta-{extension}.db'}", archivo=carpeta / f"archivo-{extension}",
                    zona="America/Mexico_City")
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    with app.fabrica.begin() as s:
        espacio = Espacio(clave="bench:1", plataforma="bench", creado=datetime.now(ZONA))
        s.add(espacio)
        s.flush()
        inicio = datetime(2026, 3, 3, 10, 0, tzinfo=ZONA)
        s.add(Evento(espacio_id=espacio.id, numero=1, titulo="Inauguración de la cancha", inicio=inicio,
                     fin=inicio + timedelta(hours=2), creado=inicio, actualizado=inicio))
    servidor, url = _servidor(fotos)
    cron = Cronometro()
    decodificadores = _DECODIFICADORES if formato == "JPEG" else {"piso": _piso}
    piso: dict[str, list[float]] = {nombre: [] for nombre in decodificadores}
    piso_en_hilos = 0.0
    total = 0.0
    try:
        for desde in range(0, len(fotos), POR_LOTE):
            # El piso se mide junto a cada lote, en las mismas condiciones de la máquina.
            del_lote = fotos[desde:desde + POR_LOTE]
            for datos in del_lote:
                for nombre, medir in decodificadores.items():
                    t1 = time.perf_counter()
                    medir(datos)
                    piso[nombre].append(time.perf_counter() - t1)
            t1 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=HILOS) as hilos:
                list(hilos.map(_piso, del_lote))
            piso_en_hilos += time.perf_counter() - t1
            t0 = time.perf_counter()
            lote = Lote(
                espacio="bench:1", usuario="U1", canal="C1", ahora=datetime(2026, 3, 3, 12, 0, tzinfo=ZONA),
                archivos=[ArchivoRemoto(origen=f"F{i}", nombre=f"DSC_{i:04d}.{extension}", url=f"{url}/f/{i}",
                                        tamanio=len(fotos[i])) for i in range(desde, min(desde + POR_LOTE, len(fotos)))],
                nombre_usuario="Ana",
            )
            recibir(app, lote, _Descargador(), cron)
            total += time.perf_counter() - t0
    finally:
        servidor.shutdown()
        servidor.server_close()
    with app.fabrica() as s:
        archivadas = len(s.scalars(select(Medio.id)).all())
    app.motor.dispose()
    assert archivadas == len(fotos), f"se archivaron {archivadas} de {len(fotos)}"
    n = len(fotos)
    medidos = sum(cron.etapas.values())
    piso_serie = statistics.mean(piso["piso"])
    lineas = [
        f"### {formato}",
        "",
        f"{n} fotos {formato} distintas de {LADO[0]}×{LADO[1]} ({statistics.mean(len(f) for f in fotos) / 1e6:.1f} MB en "
        f"promedio), en lotes de {POR_LOTE} ({HILOS} hilos por lote), desde un servidor HTTP local con token, a SQLite "
        "en disco. Las etapas suman el tiempo de los hilos (por eso pasan del total, que es de reloj):",
        "",
        "| etapa | ms por foto |",
        "|---|---|",
    ]
    for etapa, segundos in cron.etapas.items():
        lineas.append(f"| {etapa} | {_ms(segundos / n)} |")
    lineas.append(f"| **total de reloj, por foto** | **{_ms(total / n)}** |")
    lineas += [
        "",
        f"**{n / total:.1f} fotos por segundo** de punta a punta ({total:.1f} s para {n}).",
        "",
        f"El piso de SPEC §6 (Pillow: decodificar{' en modo draft' if formato == 'JPEG' else ''} + las mismas dos "
        "reducciones y dos guardados, sobre el mismo archivo), medido junto a cada lote:",
        "",
        "| | ms por foto | archivo ÷ piso |",
        "|---|---|---|",
        f"| piso en {HILOS} hilos (lo que la máquina da con los mismos hilos) | {_ms(piso_en_hilos / n)} | "
        f"**{total / piso_en_hilos:.2f}×** |",
        f"| piso en serie (una foto sola, un núcleo) | {_ms(piso_serie)} | {total / n / piso_serie:.2f}× |",
        f"| (el archivo sin paralelo: suma de sus etapas ÷ piso en serie) | {_ms((medidos) / n)} | "
        f"{medidos / n / piso_serie:.2f}× |",
    ]
    if formato == "JPEG":
        lineas += _tabla_piso(piso)
    return lineas


def _completa(datos: bytes) -> None:
    with Image.open(io.BytesIO(datos)) as img:
        img.load()


def _draft(datos: bytes) -> None:
    with Image.open(io.BytesIO(datos)) as img:
        img.draft("RGB", medida_de_copia(*img.size))
        img.load()


def _caja(datos: bytes) -> None:  # el error fácil: pedir el cuadro de 1600×1600
    with Image.open(io.BytesIO(datos)) as img:
        img.draft("RGB", (1600, 1600))
        img.load()


def _piso(datos: bytes) -> None:
    """El piso de SPEC §6: decodificar en modo draft y las mismas dos reducciones y dos guardados."""
    _registrar_heif()
    with Image.open(io.BytesIO(datos)) as img:
        if img.format == "JPEG":
            img.draft("RGB", medida_de_copia(*img.size))
        img.load()
        img.thumbnail((LADO_COPIA, LADO_COPIA), Image.Resampling.BICUBIC, reducing_gap=2.0)
        img.save(io.BytesIO(), "JPEG", quality=CALIDAD_JPEG)
        img.thumbnail((LADO_MINIATURA, LADO_MINIATURA), Image.Resampling.BICUBIC)
        img.save(io.BytesIO(), "JPEG", quality=80)


_DECODIFICADORES: dict[str, Callable[[bytes], None]] = {"piso": _piso, "completa": _completa, "draft": _draft,
                                                         "caja": _caja}


def _tabla_piso(piso: dict[str, list[float]]) -> list[str]:
    return [
        "",
        "Solo decodificar las mismas fotos (ms por foto, media):",
        "",
        "| decodificar | ms |",
        "|---|---|",
        f"| completa (12 MP) | {_ms(statistics.mean(piso['completa']))} |",
        f"| modo draft a la medida de la copia (lo que hace el archivo: decodifica a 2000×1500) | {_ms(statistics.mean(piso['draft']))} |",
        f"| modo draft pidiendo el cuadro 1600×1600 (no reduce en 4:3) | {_ms(statistics.mean(piso['caja']))} |",
    ]


def _heic(fotos: list[bytes]) -> list[bytes]:
    """Las mismas fotos en HEIC (x265), como las guarda un teléfono."""
    import pillow_heif

    salida = []
    for datos in fotos:
        with Image.open(io.BytesIO(datos)) as img:
            heic = io.BytesIO()
            pillow_heif.from_pillow(img).save(heic, quality=80, exif=img.getexif().tobytes())
            salida.append(heic.getvalue())
    return salida


PALABRAS = ("cancha", "cabildo", "desfile", "feria", "elote", "escuela", "uniformes", "bacheo", "agua", "salud",
            "deporte", "cultura", "mercado", "panteon", "dif", "seguridad", "obras", "turismo", "presidente", "regidora")


def cargar(app: Aplicacion, filas: int) -> tuple[int, list[int], float]:
    """Un archivo sintético de ``filas`` archivos en 3,000 eventos y 8 personas, con sus palabras; devuelve
    el espacio, las personas y los segundos de carga. Lo usa ``bench/busqueda.py``."""
    Base.metadata.create_all(app.motor)
    inicio = datetime(2023, 10, 1, 9, 0, tzinfo=ZONA)
    with app.fabrica.begin() as s:
        espacio = Espacio(clave="bench:2", plataforma="bench", creado=inicio)
        s.add(espacio)
        s.flush()
        personas = [Persona(espacio_id=espacio.id, usuario_id=f"U{i}", usuario=f"foto{i}", nombre=f"Persona {i}", creado=inicio)
                    for i in range(8)]
        s.add_all(personas)
        s.flush()
        eventos = []
        for n in range(1, 3001):  # tres años, unos tres eventos por día
            cuando = inicio + timedelta(hours=8 * n)
            eventos.append(dict(espacio_id=espacio.id, numero=n, titulo=f"{PALABRAS[n % 20]} {PALABRAS[(n * 7) % 20]} {n}",
                                inicio=cuando, fin=cuando + timedelta(hours=2), creado=cuando, actualizado=cuando))
        s.execute(insert(Evento), eventos)
        ids_evento = dict(s.execute(select(Evento.numero, Evento.id)).tuples().all())
        espacio_id, ids_persona = espacio.id, [p.id for p in personas]
    t0 = time.perf_counter()
    tipos = ("foto",) * 8 + ("video", "audio")
    lote: list[dict[str, object]] = []
    palabras: list[dict[str, object]] = []
    por_evento = max(1, filas // 3000)
    for i in range(filas):
        numero = min(3000, i // por_evento + 1)
        evento = ids_evento[numero]
        fecha = inicio + timedelta(hours=8 * numero, minutes=(i % por_evento) * 100 // por_evento)
        titulo = f"{PALABRAS[numero % 20]} {PALABRAS[(numero * 7) % 20]} {numero}"
        pie = f"{PALABRAS[i % 20]} con vecinos" if i % 3 == 0 else ""
        autor = ids_persona[i % 8]
        buscable = f"dsc_{i:07d}.jpg {pie} {titulo} #{numero} persona {i % 8} foto{i % 8}"
        palabras += [{"medio_id": i + 1, "espacio_id": espacio_id, "palabra": p} for p in palabras_de(buscable)]
        lote.append(dict(
            id=i + 1, espacio_id=espacio_id, evento_id=evento, sha256=f"{i:064x}", nombre=f"DSC_{i:07d}.jpg",
            nombre_original=f"DSC_{i:07d}.jpg", clave=f"x/DSC_{i:07d}.jpg", tipo=tipos[i % 10], mime="image/jpeg",
            tamanio=3_000_000, fecha=fecha, autor_id=autor, pie=pie, subido=fecha, canal="C", hilo="",
            buscable=buscable,
        ))
        if len(lote) == 20000:
            with app.fabrica.begin() as s:
                s.execute(insert(Medio), lote)
                s.execute(insert(PalabraDeMedio), palabras)
            lote, palabras = [], []
    if lote:
        with app.fabrica.begin() as s:
            s.execute(insert(Medio), lote)
            s.execute(insert(PalabraDeMedio), palabras)
    return espacio_id, ids_persona, time.perf_counter() - t0


def consultas(ids_persona: list[int]) -> list[tuple[str, str, list[int] | None]]:
    return [
        ("palabra frecuente («cancha»)", "cancha", None),
        ("palabra rara («dsc_0123457»)", "dsc_0123457", None),
        ("sin resultados («zapateado»)", "zapateado", None),
        ("fecha («12 de marzo»)", "12 de marzo", None),
        ("rango («del 1 al 15 de marzo»)", "del 1 al 15 de marzo", None),
        ("tipo y mes («video marzo»)", "video marzo", None),
        ("persona (@foto3)", "", [ids_persona[3]]),
        ("evento («#1500»)", "#1500", None),
        ("pie + tipo + rango («vecinos audio del 1 al 30 de junio»)", "vecinos audio del 1 al 30 de junio", None),
    ]


def medir_busquedas(app: Aplicacion, espacio_id: int, ids_persona: list[int], corridas: int = 9) -> list[tuple[str, float, int]]:
    """Mediana (s) y total de cada forma de búsqueda: ``/archivo buscar`` completo (los 20 más recientes
    y el total, que deja de contar en 1,000)."""
    hoy = datetime(2026, 9, 30, tzinfo=ZONA).date()
    resultado = []
    with app.fabrica() as s:
        for titulo, texto, autores in consultas(ids_persona):
            criterios = leer_criterios(texto or "x", hoy)
            if not texto:
                criterios.palabras = []
            tiempos = []
            total = 0
            for _ in range(corridas):
                t1 = time.perf_counter()
                _, total = buscar(s, espacio_id, criterios, ZONA, autores)
                tiempos.append(time.perf_counter() - t1)
            resultado.append((titulo, statistics.median(tiempos), total))
    return resultado


def correr() -> str:
    with tempfile.TemporaryDirectory(prefix="bench-archivo-") as tmp:
        carpeta = Path(tmp)
        t0 = time.perf_counter()
        fotos = _fotos(FOTOS)
        print(f"  {len(fotos)} fotos generadas en {time.perf_counter() - t0:.0f} s", flush=True)
        lineas = ["## Archivo", ""]
        lineas += _ingesta(carpeta, fotos)
        print("  ingesta JPEG medida", flush=True)
        t0 = time.perf_counter()
        heics = _heic(fotos[:FOTOS_HEIC])
        print(f"  {len(heics)} HEIC generados en {time.perf_counter() - t0:.0f} s", flush=True)
        lineas += [""] + _ingesta(carpeta, heics, "HEIC")
        print("  ingesta HEIC medida", flush=True)
        del fotos, heics
        lineas += ["", "La búsqueda se mide en su propia sección («Búsqueda», `bench/busqueda.py`)."]
        carga = os.getloadavg()[0]
        lineas += ["", f"Carga de la máquina al terminar (promedio de 1 minuto): {carga:.1f} en {os.cpu_count()} núcleos; "
                   "con otros procesos en la máquina las cifras varían de una corrida a otra."]
    return "\n".join(lineas)
