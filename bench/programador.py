"""Benchmark del programador: una pasada para 100 y 1,000 espacios de trabajo con eventos.

Cada espacio tiene tres eventos el martes (uno a las 08:30 con dos personas asignadas) y su resumen
semanal ese mismo martes a las 07:00; la pasada corre el martes a las 07:45, así que a cada espacio le
tocan 4 publicaciones: la agenda del día, el resumen semanal y dos recordatorios. Los envíos van por el
adaptador de Slack de verdad (slack_sdk, Block Kit) al Slack falso de las pruebas
(``tests/falso_slack.py``, 127.0.0.1, puerto 0), así el costo de enviar es real. Se cuentan las consultas a la base con el evento ``before_cursor_execute`` de SQLAlchemy.

Corre en SQLite y, si ``ASISTENTE_TEST_PG`` tiene una URL, también en PostgreSQL. ``BENCH_ESPACIOS=20,200``
cambia los tamaños (por omisión 100 y 1000).
"""

from __future__ import annotations

import http.client
import json
import os
import tempfile
import threading
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

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.plataformas import HILOS
from asistente.plataformas.slack import crear_plataforma
from asistente.procesos.app import crear_app
from asistente.programador import correr_pasada
from modelos import Asignacion, Base, Espacio, Evento, Persona
from tests.falso_slack import FalsoSlack, Llamada

ZONA = ZoneInfo("America/Mexico_City")
MARTES = datetime(2026, 3, 3, 0, 0, tzinfo=ZONA)
AHORA = MARTES.replace(hour=7, minute=45)
TAMANOS = tuple(int(x) for x in __import__("os").environ.get("BENCH_ESPACIOS", "100,1000").split(","))


# --- datos ---------------------------------------------------------------------------------------------
def poblar(app: Aplicacion, n: int) -> None:
    Base.metadata.create_all(app.motor)
    creado = MARTES - timedelta(days=7)
    with app.motor.begin() as c:
        c.execute(insert(Espacio), [
            dict(id=i, clave=f"slack:T{i:05d}", plataforma="slack", nombre=f"Municipio {i}", canal="C-prensa",
                 hora_agenda="", resumen="martes 07:00", creado=creado) for i in range(1, n + 1)])
        c.execute(insert(Persona), [
            dict(id=(i - 1) * 3 + k + 1, espacio_id=i, usuario_id=f"U{k}", usuario=f"u{k}", nombre=nombre, roles="",
                 es_director=k == 0, activo=True, creado=creado)
            for i in range(1, n + 1) for k, nombre in enumerate(("Laura", "Ana", "Beto"))])
        eventos = []
        for i in range(1, n + 1):
            for k, (hora, titulo) in enumerate(((8, "Entrega de uniformes"), (12, "Sesión de cabildo"), (17, "Feria"))):
                inicio = MARTES.replace(hour=hora, minute=30 if k == 0 else 0)
                eventos.append(dict(
                    id=(i - 1) * 3 + k + 1, espacio_id=i, numero=k + 1, titulo=titulo, inicio=inicio,
                    fin=inicio + timedelta(hours=1), con_hora=True, lugar="Plaza principal", dependencia="Presidencia",
                    preside="Presidente municipal", prioridad="media", roles_necesarios="foto,redacción",
                    invitar_medios=False, notas="", estado="programado", motivo_cancelacion="", canal="",
                    hilo_anuncio="", creado=creado, actualizado=creado))
        c.execute(insert(Evento), eventos)
        c.execute(insert(Asignacion), [
            dict(espacio_id=i, evento_id=(i - 1) * 3 + 1, persona_id=(i - 1) * 3 + k + 1, rol=rol,
                 estado="aceptada", motivo="", creado=creado)
            for i in range(1, n + 1) for k, rol in ((1, "foto"), (2, "redacción"))])


def piso(falso: FalsoSlack, llamadas: list[Llamada], hilos: int = HILOS) -> float:
    """El piso de SPEC §6: las mismas llamadas (los mismos cuerpos JSON, el mismo token) al mismo Slack
    falso, con ``hilos`` hilos y una conexión reutilizada por hilo, sin nada del programador. Segundos."""
    direccion = falso.url.removeprefix("http://").split("/", 1)[0]
    cola = list(llamadas)
    candado = threading.Lock()

    def trabajar() -> None:
        conexion = http.client.HTTPConnection(direccion, timeout=30)
        while True:
            with candado:
                if not cola:
                    break
                llamada = cola.pop()
            cuerpo = json.dumps(llamada.params).encode()
            conexion.request("POST", f"/api/{llamada.metodo}", body=cuerpo, headers={
                "Content-Type": "application/json;charset=utf-8",
                "Authorization": llamada.headers.get("authorization", "")})
            respuesta = conexion.getresponse()
            assert json.loads(respuesta.read()).get("ok"), llamada.metodo
        conexion.close()

    t0 = time.perf_counter()
    trabajadores = [threading.Thread(target=trabajar) for _ in range(hilos)]
    for t in trabajadores:
        t.start()
    for t in trabajadores:
        t.join()
    return time.perf_counter() - t0


def medir(url_bd: str, n: int, falso: FalsoSlack) -> dict[str, float]:
    config = Config(bd=url_bd, archivo=Path(tempfile.mkdtemp()), canal="C-prensa", slack_api_url=falso.url,
                    slack_bot_token="xoxb-bench")
    app = crear_app(config)
    poblar(app, n)
    consultas = [0]

    def contar(*_: Any) -> None:
        consultas[0] += 1

    event.listen(app.motor, "before_cursor_execute", contar)
    plataforma = crear_plataforma(config)
    antes = len(falso.llamadas("chat.postMessage"))
    conexiones_antes = falso.conexiones_aceptadas
    previas = len(falso.llamadas())
    t0 = time.perf_counter()
    resumen = correr_pasada(app, AHORA, {"slack": plataforma})
    primera = time.perf_counter() - t0
    conexiones = falso.conexiones_aceptadas - conexiones_antes
    hechas = [c for c in falso.llamadas()[previas:] if c.metodo in ("chat.postMessage", "conversations.open")]
    consultas_primera, consultas[0] = consultas[0], 0
    recibidos = len(falso.llamadas("chat.postMessage")) - antes
    # El piso, en la misma corrida y contra el mismo Slack falso, justo después.
    segundos_piso = piso(falso, hechas)
    t0 = time.perf_counter()
    segunda_resumen = correr_pasada(app, AHORA + timedelta(seconds=30), {"slack": plataforma})
    segunda = time.perf_counter() - t0
    consultas_segunda = consultas[0]
    app.motor.dispose()
    assert len(resumen.enviadas) == 4 * n == recibidos, (len(resumen.enviadas), recibidos)
    assert not segunda_resumen.enviadas and not resumen.fallidas
    return dict(segundos=primera, publicaciones=recibidos, por_segundo=recibidos / primera,
                consultas=consultas_primera / n, segunda=segunda, consultas_segunda=consultas_segunda / n,
                piso=segundos_piso, llamadas=len(hechas), conexiones=conexiones)


@contextmanager
def bases() -> Iterator[Iterator[tuple[str, str]]]:
    carpeta = Path(tempfile.mkdtemp(prefix="bench-programador-"))
    esquemas: list[str] = []
    pg = os.environ.get("ASISTENTE_TEST_PG", "")
    admin = create_engine(pg, isolation_level="AUTOCOMMIT") if pg else None

    def generar() -> Iterator[tuple[str, str]]:
        for n in TAMANOS:
            yield "SQLite", f"sqlite:///{carpeta / f'p{n}.db'}"
        if admin is not None:
            for _ in TAMANOS:
                esquema = f"bench_{uuid.uuid4().hex[:10]}"
                with admin.connect() as c:
                    c.execute(text(f'CREATE SCHEMA "{esquema}"'))
                esquemas.append(esquema)
                yield "PostgreSQL", make_url(pg).update_query_dict(
                    {"options": f"-csearch_path={esquema}"}).render_as_string(hide_password=False)

    try:
        yield generar()
    finally:
        if admin is not None:
            with admin.connect() as c:
                for esquema in esquemas:
                    c.execute(text(f'DROP SCHEMA "{esquema}" CASCADE'))
            admin.dispose()


def correr() -> str:
    filas: list[str] = []
    razones: dict[int, list[float]] = {}
    carga_antes = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with FalsoSlack() as falso, bases() as urls:
        tamanos = iter(TAMANOS * 2)
        for motor, url in urls:
            n = next(tamanos)
            r = medir(url, n, falso)
            print(f"{motor} {n} espacios: {r['segundos']:.2f} s (piso {r['piso']:.2f} s), {r['por_segundo']:.0f} "
                  f"publicaciones/s, {r['consultas']:.1f} consultas por espacio", flush=True)
            filas.append(
                f"| {motor} | {n:,} | {int(r['publicaciones']):,} | {r['segundos']:.2f} | {r['piso']:.2f} | "
                f"**{r['segundos'] / r['piso']:.2f}×** | {r['por_segundo']:.0f} | {int(r['conexiones'])} | "
                f"{r['consultas']:.2f} | {r['segunda'] * 1000:.0f} | {r['consultas_segunda']:.3f} |"
            )
            razones.setdefault(n, []).append(r["segundos"] / r["piso"])
    carga = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    grande, chico = max(razones), min(razones)
    return "\n".join([
        "## Programador: una pasada para muchos espacios",
        "",
        "Cada espacio: 3 eventos el martes (uno a las 08:30 con 2 personas asignadas); la pasada corre el martes",
        "a las 07:45 y a cada espacio le tocan 4 publicaciones (agenda del día, resumen semanal y 2 recordatorios),",
        "enviadas por el adaptador de Slack (slack_sdk, Block Kit; un mensaje directo es `conversations.open` +",
        "`chat.postMessage`) al Slack falso de las pruebas en 127.0.0.1. «Consultas por espacio»",
        "cuenta toda sentencia SQL de la pasada (lectura en lote, reclamo y marca de cada publicación) dividida",
        "entre los espacios: no crece con el número de espacios (en SQLite cuenta también el `BEGIN IMMEDIATE`",
        "de cada transacción). La segunda pasada, 30 s después, no tiene nada",
        "que enviar (el costo de cada tic en estado estable).",
        "",
        "**Piso (SPEC §6)**: justo después de cada pasada, en la misma corrida, las mismas llamadas que hizo",
        "(`chat.postMessage` y `conversations.open`, con sus mismos cuerpos JSON y tokens) se repiten contra el",
        "mismo Slack falso desde 8 hilos con una conexión reutilizada cada uno, sin nada del programador: lo",
        "mínimo que cuesta hacer esos POST. «Conexiones» son las conexiones TCP que abrió la pasada (un pool",
        "por plataforma: una por hilo, no una por llamada como antes).",
        "",
        "| base | espacios | publicaciones | s por pasada | piso (s) | razón | publicaciones/s | conexiones | consultas por espacio | 2.ª pasada (ms) | consultas por espacio (2.ª) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *filas,
        "",
        "Cada pasada atiende 8 espacios a la vez; el Slack falso corre en el mismo proceso (y en el piso también).",
        f"Meta de SPEC §6 (con {grande:,} espacios, ≤ 3× el piso): **{'cumplida' if max(razones[grande]) <= 3 else 'no cumplida'}** "
        f"(peor razón {max(razones[grande]):.2f}×; con {chico:,}, donde la pasada dura un segundo y el piso unas décimas, "
        f"{max(razones[chico]):.2f}×). Carga media de la máquina (loadavg de 1 min) al empezar {carga_antes:.1f} y al",
        f"terminar {carga:.1f} en {os.cpu_count()} núcleos, compartidos con otras sesiones de trabajo: las cifras",
        "absolutas varían de una corrida a otra; la razón se toma en el mismo momento.",
    ])


if __name__ == "__main__":
    print(correr())
