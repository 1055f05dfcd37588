"""Accesorios comunes: base de datos real (SQLite y, si ASISTENTE_TEST_PG tiene una URL,
PostgreSQL), configuración limpia y una «charla» para hablarle al asistente como una persona."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import Pool

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import AJUSTES, Config
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta
from asistente.procesos.app import crear_app
from modelos import Base

ZONA = ZoneInfo("America/Mexico_City")
# Un lunes por la mañana: la semana de la oficina empieza.
AHORA = datetime(2026, 3, 2, 9, 0, tzinfo=ZONA)
PG = os.environ.get("ASISTENTE_TEST_PG", "")


@pytest.fixture(autouse=True)
def entorno_limpio(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Ninguna variable del asistente se cuela desde la máquina, ni un .env ajeno."""
    for ajuste in AJUSTES:
        monkeypatch.delenv(ajuste.variable, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def motores_cerrados() -> Iterator[None]:
    """Toda conexión a la base que se abrió durante una prueba se cierra al terminarla, aunque la prueba
    (o un accesorio que falló a la mitad) no lo haya hecho: no queda abierta esperando al recolector de
    basura, que en PostgreSQL la cerraría con un ``ResourceWarning`` en medio de otra prueba cualquiera.

    Primero, como ``asistente servir`` al detenerse, termina lo que el bot ya aceptó; luego se cierran
    los motores usados (referencias fuertes: un motor que la prueba ya soltó es justo el que dejaría sus
    conexiones al recolector). Al final, cada conexión nueva de la prueba que siga abierta: la que un
    hilo devolvió a un pool viejo después de un ``dispose`` (el servidor de prueba cierra su motor antes
    de que el bot termine) queda fuera del alcance de ``dispose``."""
    usados: dict[int, Engine] = {}
    abiertas: list[Any] = []

    def al_usar(conexion: Any) -> None:
        usados.setdefault(id(conexion.engine), conexion.engine)

    def al_abrir(dbapi: Any, _registro: Any) -> None:
        abiertas.append(dbapi)

    event.listen(Engine, "engine_connect", al_usar)
    event.listen(Pool, "connect", al_abrir)
    try:
        yield
    finally:
        event.remove(Engine, "engine_connect", al_usar)
        event.remove(Pool, "connect", al_abrir)
        from asistente.plataformas.trabajo import TRABAJO

        TRABAJO.esperar(30)
        for motor in usados.values():
            motor.dispose()
        for dbapi in abiertas:
            dbapi.close()


BACKENDS = ["sqlite"] + (["postgresql"] if PG else [])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Que nadie crea que probó PostgreSQL sin haberlo probado."""
    if PG:
        terminalreporter.write_line(f"Base de datos: SQLite y PostgreSQL ({make_url(PG).render_as_string()}).")
    else:
        terminalreporter.write_line(
            "AVISO: la mitad de PostgreSQL NO se corrió (falta ASISTENTE_TEST_PG, p. ej. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test); solo se probó SQLite.", yellow=True, bold=True)


@pytest.fixture(params=BACKENDS)
def bd_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'asistente.db'}"
        return
    from sqlalchemy import create_engine

    # Un esquema propio por prueba: varias corridas pueden compartir el servidor.
    esquema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{esquema}"'))
    url = make_url(PG).update_query_dict({"options": f"-csearch_path={esquema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{esquema}" CASCADE'))
        admin.dispose()


def hacer_config(bd_url: str, tmp_path: Path, **cambios: object) -> Config:
    base = dict(
        bd=bd_url, archivo=tmp_path / "archivo", zona="America/Mexico_City",
        municipio="Tlalchapa", estado="Gro.", canal="C-prensa",
    )
    base.update(cambios)
    return Config(**base)  # type: ignore[arg-type]


@pytest.fixture
def config(bd_url: str, tmp_path: Path) -> Config:
    return hacer_config(bd_url, tmp_path)


@pytest.fixture
def app(config: Config) -> Iterator[Aplicacion]:
    aplicacion = crear_app(config)
    Base.metadata.create_all(aplicacion.motor)
    yield aplicacion
    aplicacion.motor.dispose()


@dataclass
class Charla:
    """Habla con el asistente como lo haría una persona desde la consola de pruebas."""

    app: Aplicacion
    ahora: datetime = AHORA
    espacio: str = "consola:prueba"
    ultima: Respuesta | None = None
    avisos: list[tuple[str | None, str]] = field(default_factory=list)

    def peticion(self, comando: str, texto: str, como: str) -> Peticion:
        return Peticion(
            config=self.app.config, espacio=self.espacio, usuario=como, texto=texto, ahora=self.ahora,
            comando=comando, nombre_usuario=como.capitalize(), usuario_handle=como, canal="C-prensa",
        )

    def respuesta(self, linea: str, como: str = "dir") -> Respuesta:
        comando, _, texto = linea.lstrip("/").partition(" ")
        r = self.app.despachador.comando(self.peticion(comando, texto, como))
        self._guardar(r)
        return r

    def di(self, linea: str, como: str = "dir") -> str:
        return renderizar(self.respuesta(linea, como), "texto")

    def pulsa(self, accion: str, valor: str, como: str = "dir") -> str:
        r = self.app.despachador.accion(self.peticion("boton", "", como), accion, valor)
        self._guardar(r)
        return renderizar(r, "texto")

    def _guardar(self, r: Respuesta) -> None:
        self.ultima = r
        for aviso in r.avisos:
            self.avisos.append((aviso.usuario or aviso.canal, renderizar(aviso.respuesta, "texto")))


@pytest.fixture
def charla(app: Aplicacion) -> Charla:
    c = Charla(app)
    c.di("/equipo", como="dir")  # la primera persona queda como directora
    c.avisos.clear()
    return c
