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

import os
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

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.plataformas.slack import crear_plataforma
from asistente.procesos.app import crear_app
from asistente.programador import correr_pasada
from modelos import Asignacion, Base, Espacio, Evento, Persona
from tests.falso_slack import FalsoSlack

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
    t0 = time.perf_counter()
    resumen = correr_pasada(app, AHORA, {"slack": plataforma})
    primera = time.perf_counter() - t0
    consultas_primera, consultas[0] = consultas[0], 0
    recibidos = len(falso.llamadas("chat.postMessage")) - antes
    t0 = time.perf_counter()
    segunda_resumen = correr_pasada(app, AHORA + timedelta(seconds=30), {"slack": plataforma})
    segunda = time.perf_counter() - t0
    consultas_segunda = consultas[0]
    app.motor.dispose()
    assert len(resumen.enviadas) == 4 * n == recibidos, (len(resumen.enviadas), recibidos)
    assert not segunda_resumen.enviadas and not resumen.fallidas
    return dict(segundos=primera, publicaciones=recibidos, por_segundo=recibidos / primera,
                consultas=consultas_primera / n, segunda=segunda, consultas_segunda=consultas_segunda / n)


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
    filas = []
    with FalsoSlack() as falso, bases() as urls:
        tamanos = iter(TAMANOS * 2)
        for motor, url in urls:
            n = next(tamanos)
            r = medir(url, n, falso)
            print(f"{motor} {n} espacios: {r['segundos']:.2f} s, {r['por_segundo']:.0f} publicaciones/s, "
                  f"{r['consultas']:.1f} consultas por espacio", flush=True)
            filas.append(
                f"| {motor} | {n:,} | {int(r['publicaciones']):,} | {r['segundos']:.2f} | {r['por_segundo']:.0f} | "
                f"{r['consultas']:.2f} | {r['segunda'] * 1000:.0f} | {r['consultas_segunda']:.3f} |"
            )
    carga = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
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
        "| base | espacios | publicaciones | s por pasada | publicaciones/s | consultas por espacio | 2.ª pasada (ms) | consultas por espacio (2.ª) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *filas,
        "",
        "Cada pasada atiende 8 espacios a la vez; el Slack falso corre en el mismo proceso. Carga media",
        f"de la máquina al terminar: {carga:.1f} (las cifras bajan si la máquina está ocupada con otras cosas).",
    ])


if __name__ == "__main__":
    print(correr())
