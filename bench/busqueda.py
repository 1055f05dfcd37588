"""``/archivo buscar`` entre muchos archivos (SPEC §6: cada forma de búsqueda ≤ 10 ms de mediana, en
PostgreSQL y SQLite, con las estadísticas que mantiene el propio producto).

Las filas sintéticas (``bench.archivo.cargar``) entran de golpe, como una importación: la tabla nunca
se analizó. Se mide cada forma de búsqueda así, luego se deja que el producto haga lo que hace tras
una ingesta grande (``anotar_archivados``: ``ANALYZE`` de las tablas de la búsqueda) y se mide otra
vez, en la misma corrida. ``BENCH_BUSQUEDA_FILAS=300000,1000000`` elige los tamaños (por omisión
300,000); PostgreSQL con ``ASISTENTE_TEST_PG`` (o ``ASISTENTE_BENCH_PG``).
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from asistente.archivo import estadisticas
from asistente.nucleo.config import Config
from asistente.procesos.app import crear_app
from bench.archivo import cargar, medir_busquedas

TAMANOS = tuple(int(x) for x in os.environ.get("BENCH_BUSQUEDA_FILAS", "300000").split(","))


def _medir(bd: str, filas: int, carpeta: Path) -> tuple[float, list[tuple[str, float, float, int]]]:
    app = crear_app(Config(bd=bd, archivo=carpeta / "archivo", zona="America/Mexico_City"))
    try:
        espacio_id, personas, carga = cargar(app, filas)
        sin = medir_busquedas(app, espacio_id, personas)
        t0 = time.perf_counter()
        estadisticas._desde_el_ultimo = 0
        assert estadisticas.anotar_archivados(app, max(filas, estadisticas.UMBRAL))  # lo que hace el producto
        analisis = time.perf_counter() - t0
        con = medir_busquedas(app, espacio_id, personas)
    finally:
        app.motor.dispose()
    print(f"  {filas:,} filas: carga {carga:.0f} s, ANALYZE {analisis:.2f} s", flush=True)
    return analisis, [(t, a, b, total) for (t, a, total), (_t, b, _n) in zip(sin, con)]


def _tabla(donde: str, filas: int, analisis: float, medidas: list[tuple[str, float, float, int]]) -> list[str]:
    peor = max(b for _t, _a, b, _n in medidas) * 1000
    return [
        "", f"**{donde}, {filas:,} archivos** ({'VACUUM (ANALYZE)' if donde.startswith('PostgreSQL') else 'ANALYZE'} del producto: {analisis * 1000:.0f} ms). Mediana de 9 corridas, en ms:", "",
        "| búsqueda | sin estadísticas | con estadísticas | total |", "|---|---:|---:|---|",
        *[f"| {t} | {a * 1000:.1f} | **{b * 1000:.1f}** | {'> 1,000' if n > 1000 else f'{n:,}'} |" for t, a, b, n in medidas],
        "", f"Peor forma con estadísticas: {peor:.1f} ms — meta ≤ 10 ms **{'cumplida' if peor <= 10 else 'no cumplida'}**.",
    ]


def correr() -> str:
    carga_antes = os.getloadavg()[0]
    lineas = ["## Búsqueda en el archivo", "",
              "`/archivo buscar` completo (los 20 más recientes y el total, que deja de contar en 1,000) entre archivos "
              "sintéticos de 3,000 eventos y 8 personas, cargados de golpe. «Sin estadísticas»: como queda una base "
              "tras una importación; «con estadísticas»: después del `ANALYZE` que el producto corre solo tras una "
              "ingesta grande (y en `asistente bd actualizar`). Misma corrida, mismas consultas."]
    pg = os.environ.get("ASISTENTE_BENCH_PG") or os.environ.get("ASISTENTE_TEST_PG", "")
    with tempfile.TemporaryDirectory(prefix="bench-busqueda-") as tmp:
        carpeta = Path(tmp)
        for filas in TAMANOS:
            analisis, medidas = _medir(f"sqlite:///{carpeta / f'b{filas}.db'}", filas, carpeta)
            lineas += _tabla("SQLite en disco", filas, analisis, medidas)
            if pg:
                esquema = f"bench_{uuid.uuid4().hex[:10]}"
                admin = create_engine(pg, isolation_level="AUTOCOMMIT")
                with admin.connect() as c:
                    c.exec_driver_sql(f'CREATE SCHEMA "{esquema}"')
                try:
                    url = make_url(pg).update_query_dict({"options": f"-csearch_path={esquema}"})
                    analisis, medidas = _medir(url.render_as_string(hide_password=False), filas, carpeta)
                    lineas += _tabla("PostgreSQL", filas, analisis, medidas)
                finally:
                    with admin.connect() as c:
                        c.exec_driver_sql(f'DROP SCHEMA "{esquema}" CASCADE')
                    admin.dispose()
    lineas += ["", f"Carga de la máquina (loadavg de 1 min) al empezar {carga_antes:.1f} y al terminar "
               f"{os.getloadavg()[0]:.1f} en {os.cpu_count()} núcleos, compartidos con otras sesiones de trabajo: "
               "las cifras absolutas varían de una corrida a otra."]
    if 1_000_000 not in TAMANOS:
        lineas += ["", "1,000,000 de archivos no se midió en esta corrida (`BENCH_BUSQUEDA_FILAS=300000,1000000` lo hace; "
                   "solo cargar las filas toma varios minutos en esta máquina compartida)."]
    return "\n".join(lineas)


if __name__ == "__main__":
    print(correr())
