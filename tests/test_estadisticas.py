"""Las estadísticas del planificador se mantienen al día solas: ``asistente bd actualizar`` y cada
ingesta grande corren ``ANALYZE`` (sin ellas, una base cargada de golpe busca con planes malos)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from asistente.archivo import estadisticas
from asistente.datos.bd import actualizar, crear_motor
from tests.archivos import jpeg
from tests.conftest import Charla
from tests.test_archivo import soltar


def analizadas(motor: Engine) -> set[str]:
    """Las tablas con estadísticas del planificador."""
    with motor.connect() as c:
        if motor.dialect.name == "sqlite":
            hay = c.execute(text("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
            return set(c.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1")).scalars()) if hay else set()
        return set(c.execute(text("SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
                                  "AND last_analyze IS NOT NULL")).scalars())


def test_bd_actualizar_deja_las_estadisticas_al_dia(bd_url: str) -> None:
    actualizar(bd_url)
    motor = crear_motor(bd_url)
    try:
        if motor.dialect.name == "sqlite":
            # SQLite no guarda estadísticas de tablas vacías: basta con que ANALYZE haya corrido.
            with motor.connect() as c:
                assert c.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar() == 1
        else:
            assert {"medios", "medios_palabras", "eventos"} <= analizadas(motor)
    finally:
        motor.dispose()


def test_una_ingesta_grande_analiza_las_tablas_de_la_busqueda(charla: Charla, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(estadisticas, "UMBRAL", 3)
    monkeypatch.setattr(estadisticas, "_desde_el_ultimo", 0)
    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
    soltar(charla, {"IMG_1.jpg": jpeg(semilla=1), "IMG_2.jpg": jpeg(semilla=2)}, texto="#1")
    assert "medios" not in analizadas(charla.app.motor)  # dos archivos: todavía no
    soltar(charla, {"IMG_3.jpg": jpeg(semilla=3)}, texto="#1")
    assert {"medios", "medios_palabras"} <= analizadas(charla.app.motor)
    assert estadisticas._desde_el_ultimo == 0
