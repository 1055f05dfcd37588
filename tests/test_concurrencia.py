"""Numeración bajo concurrencia real: varias conexiones a la vez (PostgreSQL cuando está)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

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
