"""Numeración bajo concurrencia real: varias conexiones a la vez (PostgreSQL cuando está)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from asistente.nucleo.aplicacion import Aplicacion
from modelos import Evento
from tests.conftest import Charla


def test_eventos_creados_en_paralelo_reciben_numeros_distintos_y_consecutivos(app: Aplicacion) -> None:
    Charla(app).di("/equipo", como="dir")

    def crear(i: int) -> str:
        return Charla(app).di(f"/agenda nueva Evento {i} | mañana 10", como=f"persona{i % 4}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        respuestas = list(pool.map(crear, range(24)))
    assert all("registrado" in r for r in respuestas), respuestas
    with app.fabrica() as s:
        numeros = sorted(s.scalars(select(Evento.numero)).all())
    assert numeros == list(range(1, 25))


def test_consultar_la_agenda_no_espera_a_quien_escribe(app: Aplicacion, tmp_path: object) -> None:
    """Una consulta no hace fila detrás de una escritura larga (un respaldo, una ingesta): en SQLite
    empieza sin el candado de escritura; en PostgreSQL leer nunca espera a quien escribe."""
    import threading

    charla = Charla(app)
    charla.di("/equipo", como="dir")
    charla.di("/agenda nueva Rueda de prensa | hoy 23:00 | Palacio", como="dir")
    charla.di("/agenda hoy", como="ana")  # «ana» ya quedó registrada: su consulta solo lee
    listo = threading.Event()
    respuestas: list[str] = []
    with app.motor.connect() as otra:
        otra.exec_driver_sql("UPDATE eventos SET lugar = 'Auditorio'")  # toma y retiene el candado
        hilo = threading.Thread(target=lambda: (respuestas.append(charla.di("/agenda hoy", como="ana")), listo.set()))
        hilo.start()
        contesto = listo.wait(timeout=10)
        otra.rollback()
    hilo.join()
    assert contesto, "la consulta esperó a que terminara la escritura"
    assert "Rueda de prensa" in respuestas[0] and "Palacio" in respuestas[0]


def test_un_comando_que_escribe_tras_consultar_se_repite_como_escritura(app: Aplicacion) -> None:
    """El primer intento de un comando es de solo lectura; si escribe, se repite como escritura y
    el resultado es el de siempre, también para una persona nueva (que se registra al pedir)."""
    charla = Charla(app)
    charla.di("/equipo", como="dir")
    for i in range(3):
        assert "registrado" in charla.di(f"/agenda nueva Evento {i} | mañana 10", como=f"nueva{i}")
    assert "Evento 2" in charla.di("/agenda mañana", como="otra_nueva")
    with app.fabrica() as s:
        assert sorted(s.scalars(select(Evento.numero)).all()) == [1, 2, 3]


def _turno_libre(motor: object) -> bool:
    """El turno de escritura de SQLite (ver asistente.datos.bd) está libre: nadie lo retiene."""
    from asistente.datos.bd import _turno_de

    turno = _turno_de(str(motor.url))  # type: ignore[attr-defined]
    if not turno.hilos.acquire(blocking=False):
        return False
    turno.hilos.release()
    return True


def test_el_turno_de_escribir_en_sqlite_se_suelta_al_confirmar_revertir_o_fallar(tmp_path: Path) -> None:
    """Si una transacción dejara tomado el turno, toda escritura siguiente del proceso esperaría 30 s:
    se suelta al confirmar, al revertir, cuando la sentencia falla y cuando se cierra la conexión."""
    from sqlalchemy import text

    from asistente.datos.bd import crear_motor

    motor = crear_motor(f"sqlite:///{tmp_path / 'turno.db'}")
    try:
        with motor.begin() as c:
            c.exec_driver_sql("CREATE TABLE t (x INTEGER PRIMARY KEY)")
            assert not _turno_libre(motor)  # mientras escribe, lo tiene
        assert _turno_libre(motor)
        with motor.connect() as c:
            c.execute(text("INSERT INTO t VALUES (1)"))
            c.rollback()
        assert _turno_libre(motor)
        with pytest.raises(IntegrityError), motor.begin() as c:
            c.execute(text("INSERT INTO t VALUES (2)"))
            c.execute(text("INSERT INTO t VALUES (2)"))
        assert _turno_libre(motor)
        c = motor.connect()
        c.execute(text("INSERT INTO t VALUES (3)"))  # transacción abierta y la conexión se suelta sin cerrarla bien
        c.invalidate()
        c.close()
        assert _turno_libre(motor)
        with motor.begin() as c:  # y se sigue escribiendo: nada de lo anterior quedó
            c.execute(text("INSERT INTO t VALUES (5)"))
        with motor.connect() as c:
            assert c.execute(text("SELECT x FROM t")).scalars().all() == [5]
    finally:
        motor.dispose()


def _escribir_en_otro_proceso(url: str, veces: int) -> None:
    from sqlalchemy import text

    from asistente.datos.bd import crear_motor

    motor = crear_motor(url)
    for _ in range(veces):
        with motor.begin() as c:
            n = c.execute(text("SELECT COUNT(*) FROM t")).scalar_one()
            c.execute(text("INSERT INTO t VALUES (:n)"), {"n": n + 1})
    motor.dispose()


def test_dos_procesos_escriben_en_la_misma_base_sqlite_sin_chocar(tmp_path: Path) -> None:
    """Como ``servir --procesos 2`` sobre un mismo archivo: cada escritura lee el total y agrega el siguiente;
    si dos transacciones se cruzaran, chocarían en la llave primaria o SQLite diría «database is locked»."""
    import multiprocessing

    from asistente.datos.bd import crear_motor

    url = f"sqlite:///{tmp_path / 'procesos.db'}"
    motor = crear_motor(url)
    with motor.begin() as c:
        c.exec_driver_sql("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    contexto = multiprocessing.get_context("fork")
    procesos = [contexto.Process(target=_escribir_en_otro_proceso, args=(url, 150)) for _ in range(2)]
    for p in procesos:
        p.start()
    _escribir_en_otro_proceso(url, 150)  # y este proceso también, con sus propios hilos
    for p in procesos:
        p.join(timeout=120)
        assert p.exitcode == 0
    with motor.connect() as c:
        assert c.exec_driver_sql("SELECT COUNT(*), MAX(x) FROM t").one() == (450, 450)
    motor.dispose()
