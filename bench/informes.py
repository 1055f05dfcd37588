"""Benchmark de los informes (SPEC §6 y §11): el informe del año de una oficina con 5,000 eventos,
200,000 archivos y 600 documentos, de punta a punta (cifras en SQL, siete gráficas y el tablero con
matplotlib, el PDF con reportlab y el XLSX con openpyxl), como lo corre la tarea que sigue a
«preparando…». La barra: ≤ 5 s.

Se cuentan las sentencias SQL (evento ``before_cursor_execute``): son un número fijo que no crece con
los eventos ni los archivos, porque todo se agrega en la base. Corre en SQLite y, si
``ASISTENTE_TEST_PG`` tiene una URL, también en PostgreSQL (en un esquema propio que se borra al final).
``BENCH_INFORME_ESCALA=0.1`` reduce los datos (para probar el benchmark mismo).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import make_url

from asistente.datos.bd import transaccion
from asistente.nucleo.config import Config
from asistente.nucleo.peticion import Peticion
from asistente.procesos.app import crear_app
from asistente.resultados import cifras as modulo_cifras
from asistente.resultados.graficas import dibujar_graficas, dibujar_tablero
from asistente.resultados.hoja import escribir_hoja
from asistente.resultados.informes import TareaDeInforme
from asistente.resultados.pdf import escribir_pdf
from asistente.resultados.periodos import periodo
from modelos import (
    Asignacion,
    AvanceManual,
    Base,
    Boletin,
    CorreoSaliente,
    Difusion,
    Espacio,
    Evento,
    Medio,
    Meta,
    Persona,
)
from tests.archivos import jpeg

ZONA = ZoneInfo("America/Mexico_City")
ANIO = 2026
AHORA = datetime(ANIO + 1, 1, 12, 9, 0, tzinfo=ZONA)  # el año ya cerró: el informe es del año completo
ESCALA = float(os.environ.get("BENCH_INFORME_ESCALA", "1"))
EVENTOS, ARCHIVOS, DOCUMENTOS = int(5000 * ESCALA), int(200_000 * ESCALA), int(600 * ESCALA)
CORRIDAS = 3
DEPENDENCIAS = ("Presidencia", "Obras Públicas", "DIF Municipal", "Salud", "Educación", "Cultura", "Deporte",
                "Seguridad Pública", "Protección Civil", "Desarrollo Rural", "Turismo", "Tesorería")
TIPOS = ("boletin", "boletin", "boletin", "comunicado", "aviso", "convocatoria")


def poblar(config: Config) -> None:
    app = crear_app(config)
    Base.metadata.create_all(app.motor)
    inicio_anio = datetime(ANIO, 1, 1, tzinfo=ZONA)
    creado = inicio_anio
    fotos_reales = 24
    for i in range(fotos_reales):  # las fotos de los eventos destacados, de verdad en el almacén
        ruta = config.archivo / "bench" / f"{i:02d}.jpg"
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_bytes(jpeg(1600, 1200, semilla=i))
    segundos_del_anio = 365 * 24 * 3600
    with app.motor.begin() as c:
        c.execute(insert(Espacio), [dict(id=1, clave="consola:bench", plataforma="consola", nombre="Tlalchapa",
                                         canal="C-prensa", hora_agenda="", resumen="", creado=creado)])
        c.execute(insert(Persona), [dict(id=k, espacio_id=1, usuario_id=f"U{k}", usuario=f"u{k}", nombre=f"Persona {k}",
                                         roles="", es_director=k == 1, activo=True, creado=creado) for k in range(1, 7)])
        eventos = []
        for n in range(1, EVENTOS + 1):
            inicio = inicio_anio + timedelta(seconds=(n * segundos_del_anio // (EVENTOS + 1)) // 3600 * 3600)
            eventos.append(dict(
                id=n, espacio_id=1, numero=n, titulo=f"Evento {n} de la agenda municipal", inicio=inicio,
                fin=inicio + timedelta(hours=1), con_hora=True, lugar="Plaza principal",
                dependencia=DEPENDENCIAS[n % len(DEPENDENCIAS)], preside="Presidente municipal",
                prioridad=("alta", "media", "media", "baja")[n % 4], roles_necesarios="foto,redacción",
                invitar_medios=n % 5 == 0, notas="", estado="cancelado" if n % 33 == 0 else "realizado",
                motivo_cancelacion="", canal="", hilo_anuncio="", creado=creado, actualizado=creado))
        c.execute(insert(Evento), eventos)
        c.execute(insert(Asignacion), [
            dict(espacio_id=1, evento_id=n, persona_id=2 + n % 5, rol="foto",
                 estado=("aceptada", "cumplida", "asignada", "rechazada")[n % 4], motivo="", creado=creado)
            for n in range(1, EVENTOS + 1)])
        lote = []
        for m in range(1, ARCHIVOS + 1):
            evento = eventos[m % EVENTOS] if m % 10 else None  # uno de cada diez, sin evento
            cuando = (evento["inicio"] if evento else inicio_anio + timedelta(hours=m % 8700)) + timedelta(minutes=m % 50)
            tipo = "foto" if m % 20 < 17 else ("video" if m % 20 < 19 else "audio")
            lote.append(dict(
                espacio_id=1, evento_id=evento["id"] if evento else None, sha256=f"{m:064x}", nombre=f"IMG_{m:06d}.jpg",
                nombre_original=f"IMG_{m:06d}.jpg", clave=f"bench/{m % fotos_reales:02d}.jpg", tipo=tipo, mime="image/jpeg",
                tamanio=3_000_000, fecha=cuando, subido=cuando, autor_id=2 + m % 5, pie="", buscable=""))
            if len(lote) == 20_000:
                c.execute(insert(Medio), lote)
                lote = []
        if lote:
            c.execute(insert(Medio), lote)
        documentos = []
        contadores: dict[str, int] = {}
        for d in range(1, DOCUMENTOS + 1):
            tipo = TIPOS[d % len(TIPOS)]
            contadores[tipo] = contadores.get(tipo, 0) + 1
            fecha = inicio_anio + timedelta(seconds=d * segundos_del_anio // (DOCUMENTOS + 1))
            documentos.append(dict(
                id=d, espacio_id=1, tipo=tipo, anio=ANIO, numero=contadores[tipo], evento_id=(d * 7) % EVENTOS + 1,
                estado=("publicado", "publicado", "aprobado", "borrador")[d % 4], titular=f"Titular del documento {d}",
                resumen="", cuerpo="", fecha=fecha, urls="", tema="", motivo_cancelacion="", creado=fecha, actualizado=fecha))
        c.execute(insert(Boletin), documentos)
        c.execute(insert(Difusion), [
            dict(espacio_id=1, boletin_id=doc["id"], canal=canal, estado="publicada", texto="", fotos="",
                 publicada=doc["fecha"] + timedelta(hours=2), permalink="", id_externo="", motivo="", intentos=1,
                 creado=doc["fecha"], actualizado=doc["fecha"])
            for doc in documentos if doc["estado"] == "publicado" for canal in ("facebook", "web")])
        c.execute(insert(CorreoSaliente), [
            dict(espacio_id=1, tipo="invitacion", objeto_id=e["id"], correo=f"m{k}@diario.mx", asunto="Invitación",
                 cuerpo="…", estado="enviado", intentos=1, proximo=e["inicio"] - timedelta(days=2), error="",
                 creado=e["inicio"] - timedelta(days=2), enviado=e["inicio"] - timedelta(days=2))
            for e in eventos if e["invitar_medios"] for k in range(3)])
        reglas = (("Boletines", "boletines", 400), ("Cobertura", "eventos cubiertos", 4000), ("Fotos", "fotos", 150_000),
                  ("Publicaciones", "publicaciones", 500), ("Invitaciones", "invitaciones", 900), ("Foros", "manual", 24))
        c.execute(insert(Meta), [dict(id=i, espacio_id=1, anio=ANIO, nombre=nombre, nombre_normalizado=nombre.lower(),
                                      unidad=regla, meta_anual=cifra, regla=regla, creado=creado)
                                 for i, (nombre, regla, cifra) in enumerate(reglas, start=1)])
        c.execute(insert(AvanceManual), [dict(espacio_id=1, meta_id=6, cantidad=1, nota="", persona_id=1,
                                              fecha=inicio_anio + timedelta(days=15 * k)) for k in range(24)])
    app.motor.dispose()


def medir(url: str, carpeta: Path) -> dict[str, float]:
    config = Config(bd=url, archivo=carpeta / "archivo", canal="C-prensa", municipio="Tlalchapa")
    t = time.perf_counter()
    poblar(config)
    carga = time.perf_counter() - t
    app = crear_app(config)
    if url.startswith("postgresql"):
        with app.motor.begin() as c:
            c.execute(text("ANALYZE"))
    consultas = [0]

    @event.listens_for(app.motor, "before_cursor_execute")
    def contar(*_: Any) -> None:
        consultas[0] += 1

    p = periodo("anio", ANIO, 1, 12, AHORA, ZONA)
    peticion = Peticion(config=config, espacio="consola:bench", usuario="U1", texto="año", ahora=AHORA,
                        comando="informe", canal="C-prensa", espacio_id=1, persona_id=1)
    totales, etapas = [], {"cifras": [], "graficas": [], "pdf": [], "xlsx": []}  # type: dict[str, list[float]]
    sentencias = 0
    for _ in range(CORRIDAS):
        consultas[0] = 0
        t = time.perf_counter()
        with transaccion(app.fabrica, solo_lectura=True) as session:
            respuesta = TareaDeInforme(p)(peticion, session)
        totales.append(time.perf_counter() - t)
        sentencias = consultas[0]
        assert respuesta.adjunto is not None
    # Las etapas por separado (una corrida más, para ver dónde se va el tiempo).
    with transaccion(app.fabrica, solo_lectura=True) as session:
        t = time.perf_counter()
        c = modulo_cifras.calcular(session, config, 1, p, "Informe")
        etapas["cifras"].append(time.perf_counter() - t)
    salida = carpeta / "etapas"
    t = time.perf_counter()
    graficas = dibujar_graficas(c, salida)
    dibujar_tablero(c, salida / "tablero.png", graficas=graficas)
    etapas["graficas"].append(time.perf_counter() - t)
    t = time.perf_counter()
    escribir_pdf(c, graficas, salida / "informe.pdf", ZONA, "Tlalchapa")
    etapas["pdf"].append(time.perf_counter() - t)
    t = time.perf_counter()
    escribir_hoja(c, salida / "informe.xlsx", ZONA)
    etapas["xlsx"].append(time.perf_counter() - t)
    app.motor.dispose()
    return dict(carga=carga, mediana=statistics.median(totales), peor=max(totales), consultas=sentencias,
                eventos=c.eventos, archivos=c.archivos, documentos=c.documentos,
                **{k: v[0] for k, v in etapas.items()})


@contextmanager
def bases(carpeta: Path) -> Iterator[list[tuple[str, str]]]:
    urls = [("SQLite", f"sqlite:///{carpeta / 'informes.db'}")]
    pg = os.environ.get("ASISTENTE_TEST_PG", "")
    admin = create_engine(pg, isolation_level="AUTOCOMMIT") if pg else None
    esquema = f"bench_{uuid.uuid4().hex[:10]}"
    if admin is not None:
        with admin.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{esquema}"'))
        urls.append(("PostgreSQL", make_url(pg).update_query_dict({"options": f"-csearch_path={esquema}"})
                     .render_as_string(hide_password=False)))
    try:
        yield urls
    finally:
        if admin is not None:
            with admin.connect() as c:
                c.execute(text(f'DROP SCHEMA "{esquema}" CASCADE'))
            admin.dispose()


def correr() -> str:
    filas = []
    with tempfile.TemporaryDirectory(prefix="bench-informes-") as tmp:
        with bases(Path(tmp)) as urls:
            for motor, url in urls:
                carpeta = Path(tmp) / motor.lower()
                r = medir(url, carpeta)
                print(f"{motor}: informe del año en {r['mediana']:.2f} s (peor {r['peor']:.2f} s), "
                      f"{r['consultas']:.0f} sentencias SQL; cifras {r['cifras']:.2f} s, gráficas {r['graficas']:.2f} s, "
                      f"PDF {r['pdf']:.2f} s, XLSX {r['xlsx']:.2f} s", flush=True)
                filas.append(
                    f"| {motor} | {r['eventos']:,.0f} | {r['archivos']:,.0f} | {r['documentos']:,.0f} | "
                    f"**{r['mediana']:.2f}** | {r['peor']:.2f} | {r['consultas']:.0f} | {r['cifras']:.2f} | "
                    f"{r['graficas']:.2f} | {r['pdf']:.2f} | {r['xlsx']:.2f} | {r['carga']:.0f} |")
    carga = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return "\n".join([
        "## Informes: el informe del año (SPEC §11)",
        "",
        f"Una oficina con {EVENTOS:,} eventos en el año (3 % cancelados, cada uno con su asignación de foto),",
        f"{ARCHIVOS:,} archivos (85 % fotos), {DOCUMENTOS:,} documentos de seis tipos con sus publicaciones en",
        "Facebook y el sitio web, invitaciones a medios y 6 metas del POA (una manual). `/informe año` de",
        "punta a punta, como la tarea que sigue a «preparando…»: las cifras en consultas agregadas, siete",
        "gráficas y el tablero (matplotlib, Agg), el PDF con ocho fotos destacadas de 1600 px (reportlab) y el",
        f"XLSX con cada evento y cada documento (openpyxl). Mediana y peor de {CORRIDAS} corridas; las etapas,",
        "de una corrida aparte. **Barra: ≤ 5 s.** Las sentencias SQL son un número fijo: no crecen con los",
        "eventos ni con los archivos.",
        "",
        "| base | eventos | archivos | documentos emitidos | s (mediana) | s (peor) | sentencias SQL | cifras (s) | gráficas (s) | PDF (s) | XLSX (s) | carga de datos (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *filas,
        "",
        f"Carga media de la máquina al terminar: {carga:.1f} (la comparten otros procesos; las cifras suben con ella).",
    ])


if __name__ == "__main__":
    print(correr())
