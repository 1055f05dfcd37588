"""El programador a escala: una pasada para muchos espacios de Slack reutiliza sus conexiones HTTP (un
pool por plataforma, no una conexión por llamada) y reclama y marca lo de cada espacio con una
sentencia por lote, no una por publicación."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from asistente.nucleo.aplicacion import Aplicacion
from asistente.plataformas import HILOS
from asistente.plataformas.registro import configuradas
from asistente.procesos.app import crear_app
from asistente.programador import correr_pasada
from modelos import Base, Espacio, Publicacion
from tests.conftest import ZONA, hacer_config
from tests.falso_slack import FalsoSlack

ESPACIOS = 40
LUNES = datetime(2026, 3, 2, 8, 0, tzinfo=ZONA)  # la agenda del día (atrasada) y el resumen semanal


@pytest.fixture
def falso() -> Iterator[FalsoSlack]:
    with FalsoSlack() as f:
        yield f


@pytest.fixture
def app(bd_url: str, tmp_path: Path, falso: FalsoSlack) -> Iterator[Aplicacion]:
    aplicacion = crear_app(hacer_config(bd_url, tmp_path, slack_api_url=falso.url, slack_bot_token="xoxb-prueba",
                                        slack_signing_secret="x"))
    Base.metadata.create_all(aplicacion.motor)
    with aplicacion.fabrica() as s:
        s.add_all(Espacio(clave=f"slack:T{i:03d}", plataforma="slack", creado=LUNES - timedelta(days=30))
                  for i in range(ESPACIOS))
        s.commit()
    yield aplicacion
    aplicacion.motor.dispose()


def test_muchos_espacios_reusan_conexiones_y_reclaman_en_lotes(app: Aplicacion, falso: FalsoSlack) -> None:
    sentencias: list[str] = []

    def anotar(_c: Any, _cursor: Any, sql: str, *_: Any) -> None:
        sentencias.append(sql.lstrip().split(None, 3)[0].upper() + " " + sql)

    event.listen(app.motor, "before_cursor_execute", anotar)
    resumen = correr_pasada(app, LUNES, configuradas(app))
    event.remove(app.motor, "before_cursor_execute", anotar)

    assert not resumen.fallidas
    assert len(falso.llamadas("chat.postMessage")) == 2 * ESPACIOS  # agenda y resumen de cada uno
    # Cada hilo del programador abre una conexión y la reutiliza: no una por publicación.
    assert falso.conexiones_aceptadas <= HILOS + 1, falso.conexiones_aceptadas
    # Un INSERT para reclamar por espacio, no uno por publicación; las marcas de toda la pasada van
    # juntas (80 caben en un lote del Marcador): un solo UPDATE, no uno por espacio.
    reclamos = [s for s in sentencias if s.startswith("INSERT") and "publicaciones" in s]
    marcas = [s for s in sentencias if s.startswith("UPDATE") and "publicaciones" in s]
    assert len(reclamos) == ESPACIOS and len(marcas) == 1, (len(reclamos), len(marcas))
    with app.fabrica() as s:
        estados = s.scalars(select(Publicacion.estado)).all()
    assert len(estados) == 2 * ESPACIOS and set(estados) == {"enviada"}

    # Otra pasada al mismo instante no reclama ni envía nada otra vez.
    falso.olvidar()
    assert not correr_pasada(app, LUNES, configuradas(app)).enviadas
    assert falso.llamadas("chat.postMessage") == []


def test_lo_fallido_se_reclama_de_nuevo_en_lote_y_sale_una_vez(app: Aplicacion, falso: FalsoSlack) -> None:
    falso.error_en_canal("C-prensa", "channel_not_found")
    primera = correr_pasada(app, LUNES, configuradas(app))
    assert len(primera.fallidas) == 2 * ESPACIOS
    falso._errores_canal.clear()
    segunda = correr_pasada(app, LUNES + timedelta(minutes=1), configuradas(app))
    assert len(segunda.enviadas) == 2 * ESPACIOS and not segunda.fallidas
    with app.fabrica() as s:
        assert {(e, i) for e, i in s.execute(select(Publicacion.estado, Publicacion.intentos))} == {("enviada", 2)}


def test_el_marcador_escribe_por_lotes_y_lo_que_queda_al_vaciar(app: Aplicacion, monkeypatch: pytest.MonkeyPatch) -> None:
    from asistente.programador import reclamos
    from asistente.programador.reclamos import Clave, Marcador

    escritas: list[int] = []
    monkeypatch.setattr(reclamos, "marcar_varios", lambda _f, resultados, _a: escritas.append(len(resultados)))
    marcador = Marcador(app.fabrica, LUNES, lote=3)
    claves = [(Clave(1, "agenda", f"C{i}", "2026-03-02"), None) for i in range(5)]
    marcador.agregar(claves[:2])
    assert escritas == []  # aún no junta un lote
    marcador.agregar(claves[2:4])
    assert escritas == [4]  # el lote completo, de una vez
    marcador.agregar(claves[4:])
    marcador.vaciar()
    marcador.vaciar()
    assert escritas == [4, 1]  # lo que quedaba; vaciar otra vez, sin nada, no escribe
