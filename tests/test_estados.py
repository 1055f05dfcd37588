"""Los estados como tipos: evento, asignación, boletín y publicación programada son enums, la base de
datos vigila cada columna ``estado`` con un CHECK, y la migración que lo agrega revisa antes las
filas que ya existen (no corrige nada por su cuenta)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from asistente.datos.bd import actualizar, config_alembic, crear_motor
from asistente.nucleo.errores import ErrorDeConfiguracion
from modelos import (
    Asignacion,
    Base,
    Boletin,
    EstadoAsignacion,
    EstadoBoletin,
    EstadoEvento,
    EstadoPublicacion,
    Evento,
    FechaHora,
    Publicacion,
)
from tests.conftest import AHORA

ESTADOS: dict[str, type[StrEnum]] = {
    "eventos": EstadoEvento, "asignaciones": EstadoAsignacion, "boletines": EstadoBoletin,
    "publicaciones": EstadoPublicacion,
}
# Lo que la actualización no debe tocar: también las filas que solo cuelgan de un evento o un boletín.
TABLAS = ("eventos", "asignaciones", "boletines", "versiones_boletin", "medios", "publicaciones")


# --- ayudantes ----------------------------------------------------------------------------------------
@pytest.fixture
def motor(bd_url: str) -> Iterator[Engine]:
    m = crear_motor(bd_url)
    yield m
    m.dispose()


def _insertar(conexion: Connection, tabla: str, **valores: Any) -> None:
    """Un INSERT escrito con las columnas de la revisión 0001, no con los modelos de hoy (que cambiarán
    y que, además, no dejarían guardar un estado desconocido)."""
    columnas = [sa.column(k, FechaHora() if isinstance(v, datetime) else None) for k, v in valores.items()]
    conexion.execute(sa.insert(sa.table(tabla, *columnas)).values(**valores))


def _llenar(motor: Engine, *, evento: str = "programado", asignacion: str = "aceptada", boletin: str = "publicado",
            publicacion: str = "enviada") -> None:
    """Una oficina con dos eventos (uno cancelado), una cobertura, un boletín con su historial, una foto
    del evento y una publicación programada: lo que una instalación en uso ya tiene."""
    with motor.begin() as c:
        _insertar(c, "espacios", id=1, clave="consola:prueba", plataforma="consola", nombre="Tlalchapa",
                  canal="C-prensa", hora_agenda="07:00", resumen="lunes 08:00", creado=AHORA)
        _insertar(c, "personas", id=1, espacio_id=1, usuario_id="U1", usuario="ana", nombre="Ana", roles="foto",
                  es_director=True, activo=True, creado=AHORA)
        for numero, estado in ((1, evento), (2, "cancelado")):
            _insertar(c, "eventos", id=numero, espacio_id=1, numero=numero, titulo=f"Evento {numero}",
                      inicio=AHORA, fin=AHORA + timedelta(hours=1), con_hora=True, lugar="", dependencia="",
                      preside="", prioridad="media", roles_necesarios="foto", invitar_medios=False, notas="",
                      estado=estado, motivo_cancelacion="", creado_por_id=1, canal="", hilo_anuncio="",
                      creado=AHORA, actualizado=AHORA)
        _insertar(c, "asignaciones", id=1, espacio_id=1, evento_id=1, persona_id=1, rol="foto", estado=asignacion,
                  motivo="", creado=AHORA)
        _insertar(c, "boletines", id=1, espacio_id=1, anio=2026, numero=1, evento_id=1, estado=boletin,
                  titular="Titular", resumen="", cuerpo="", fecha=AHORA, urls="", creado=AHORA, actualizado=AHORA)
        _insertar(c, "versiones_boletin", id=1, boletin_id=1, persona_id=1, cuando=AHORA, accion="creado",
                  titular="Titular", resumen="", cuerpo="")
        _insertar(c, "medios", id=1, espacio_id=1, evento_id=1, sha256="a" * 64, nombre="foto.jpg",
                  nombre_original="foto.jpg", clave="2026/03/foto.jpg", tipo="foto", mime="image/jpeg", tamanio=10,
                  fecha=AHORA, camara="", autor_id=1, pie="", clave_copia="", clave_miniatura="", canal="", hilo="",
                  subido=AHORA, buscable="foto")
        _insertar(c, "publicaciones", id=1, espacio_id=1, tipo="agenda", destino="C-prensa", periodo="2026-03-02",
                  estado=publicacion, intentos=1, error="", creado=AHORA)


def _base_0001(bd_url: str, motor: Engine, **estados: str) -> None:
    command.upgrade(config_alembic(bd_url), "0001")
    _llenar(motor, **estados)


def _filas(motor: Engine, columnas: dict[str, list[str]] | None = None) -> dict[str, list[Any]]:
    """Las filas de cada tabla; con ``columnas``, solo esas (las que había antes: una migración
    posterior puede agregar otras, como el tipo de documento)."""
    columnas = columnas or _columnas(motor)
    with motor.connect() as c:
        return {t: [tuple(f) for f in c.execute(sa.text(f"SELECT {', '.join(columnas[t])} FROM {t} ORDER BY 1"))]
                for t in TABLAS}


def _columnas(motor: Engine) -> dict[str, list[str]]:
    with motor.connect() as c:
        return {t: [col["name"] for col in sa.inspect(c).get_columns(t)] for t in TABLAS}


def _cabeza(bd_url: str) -> str | None:
    """La última migración (la 0002 u otra que venga después): ``actualizar`` llega hasta ella."""
    return ScriptDirectory.from_config(config_alembic(bd_url)).get_current_head()


def _revision(motor: Engine) -> str | None:
    with motor.connect() as c:
        return MigrationContext.configure(c).get_current_revision()


def _restricciones(motor: Engine) -> dict[str, set[str]]:
    with motor.connect() as c:
        inspector = sa.inspect(c)
        return {t: {str(r["name"]) for r in inspector.get_check_constraints(t)} for t in ESTADOS}


CON_RESTRICCIONES = {t: {f"ck_{t}_estado"} for t in ESTADOS}
SIN_RESTRICCIONES: dict[str, set[str]] = {t: set() for t in ESTADOS}


# --- la base vigila los estados ------------------------------------------------------------------------
@pytest.mark.parametrize("tabla", list(ESTADOS))
def test_la_base_admite_cada_estado_del_enum_y_rechaza_los_demas(bd_url: str, motor: Engine, tabla: str) -> None:
    actualizar(bd_url)
    _llenar(motor)
    for estado in ESTADOS[tabla]:
        with motor.begin() as c:
            c.execute(sa.text(f"UPDATE {tabla} SET estado = :estado"), {"estado": estado.value})
    # Ni un estado inventado ni el nombre del miembro («PROGRAMADO»): se guarda el texto de siempre.
    for malo in ("inventado", next(iter(ESTADOS[tabla])).name):
        with pytest.raises(IntegrityError), motor.begin() as c:
            c.execute(sa.text(f"UPDATE {tabla} SET estado = :estado"), {"estado": malo})


def test_las_tablas_de_los_modelos_tienen_las_mismas_restricciones_que_las_migraciones(tmp_path: Path) -> None:
    """La comparación de Alembic no mira los CHECK: que ``create_all`` y las migraciones los nombren igual."""
    migrada, de_modelos = f"sqlite:///{tmp_path / 'migrada.db'}", f"sqlite:///{tmp_path / 'modelos.db'}"
    actualizar(migrada)
    motores = crear_motor(migrada), crear_motor(de_modelos)
    Base.metadata.create_all(motores[1])
    reflejadas = []
    for m in motores:
        with m.connect() as c:
            inspector = sa.inspect(c)
            reflejadas.append({t: inspector.get_check_constraints(t) for t in ESTADOS})
        m.dispose()
    assert reflejadas[0] == reflejadas[1]
    assert {t: {r["name"] for r in rs} for t, rs in reflejadas[0].items()} == CON_RESTRICCIONES


def test_se_guarda_el_texto_de_siempre_y_se_lee_el_enum(bd_url: str, motor: Engine) -> None:
    actualizar(bd_url)
    _llenar(motor, evento="realizado", asignacion="cumplida", boletin="aprobado", publicacion="fallida")
    with Session(motor) as s:
        assert s.get_one(Evento, 1).estado is EstadoEvento.REALIZADO
        assert s.get_one(Asignacion, 1).estado is EstadoAsignacion.CUMPLIDA
        assert s.get_one(Boletin, 1).estado is EstadoBoletin.APROBADO
        assert s.get_one(Publicacion, 1).estado is EstadoPublicacion.FALLIDA
        s.get_one(Evento, 1).estado = EstadoEvento.CANCELADO
        s.commit()
    with motor.connect() as c:
        assert c.execute(sa.text("SELECT estado FROM eventos WHERE id = 1")).scalar_one() == "cancelado"


def test_un_estado_mal_escrito_en_el_codigo_falla_antes_de_llegar_a_la_base(bd_url: str, motor: Engine) -> None:
    actualizar(bd_url)
    _llenar(motor)
    with Session(motor) as s:
        evento = s.get_one(Evento, 1)
        evento.estado = "canselado"  # type: ignore[assignment]
        with pytest.raises(StatementError, match="canselado"):
            s.flush()


# --- la migración 0002 ---------------------------------------------------------------------------------
def test_actualizar_una_base_0001_conserva_sus_filas_y_agrega_las_restricciones(bd_url: str, motor: Engine) -> None:
    _base_0001(bd_url, motor)
    columnas = _columnas(motor)
    antes = _filas(motor, columnas)
    assert _restricciones(motor) == SIN_RESTRICCIONES
    actualizar(bd_url)
    assert _revision(motor) == _cabeza(bd_url)
    # En SQLite la migración rehace cada tabla: ni la cobertura, ni la foto, ni el historial del
    # boletín se van en cascada con el evento o el boletín viejos.
    assert _filas(motor, columnas) == antes
    assert _restricciones(motor) == CON_RESTRICCIONES
    with motor.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
        if c.dialect.name == "sqlite":
            assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # el motor de la app las sigue vigilando
    # Y de regreso: la 0001 sin restricciones, con las mismas filas.
    command.downgrade(config_alembic(bd_url), "0001")
    assert _restricciones(motor) == SIN_RESTRICCIONES
    assert _filas(motor, columnas) == antes


def test_la_migracion_no_corre_sobre_estados_desconocidos_y_dice_cuales(bd_url: str, motor: Engine) -> None:
    _base_0001(bd_url, motor, evento="borrado", publicacion="perdida")
    with motor.begin() as c:  # otro evento con el mismo estado desconocido: se cuentan
        c.execute(sa.text("UPDATE eventos SET estado = 'borrado' WHERE id = 2"))
    antes = _filas(motor)
    with pytest.raises(ErrorDeConfiguracion) as error:
        actualizar(bd_url)
    mensaje = error.value.mensaje
    assert "estado que el asistente no conoce" in mensaje
    assert "tabla eventos: «borrado» en 2 filas" in mensaje
    assert "tabla publicaciones: «perdida» en 1 fila " in mensaje
    assert "asignaciones" not in mensaje and "boletines" not in mensaje
    assert "no las cambio por mi cuenta" in mensaje and "asistente bd actualizar" in mensaje
    # Nada cambió: sigue en la 0001, con sus filas y sin restricciones.
    assert _revision(motor) == "0001"
    assert _filas(motor) == antes
    assert _restricciones(motor) == SIN_RESTRICCIONES
    # Corregidas a mano, la actualización pasa.
    with motor.begin() as c:
        c.execute(sa.text("UPDATE eventos SET estado = 'cancelado' WHERE estado = 'borrado'"))
        c.execute(sa.text("UPDATE publicaciones SET estado = 'fallida' WHERE estado = 'perdida'"))
    actualizar(bd_url)
    assert _revision(motor) == _cabeza(bd_url)
    assert _restricciones(motor) == CON_RESTRICCIONES


def test_bd_actualizar_explica_en_la_terminal_que_filas_corregir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from asistente.procesos.cli import principal

    url = f"sqlite:///{tmp_path / 'vieja.db'}"
    motor = crear_motor(url)
    _base_0001(url, motor, asignacion="olvidada")
    motor.dispose()
    monkeypatch.setenv("ASISTENTE_BD", url)
    assert principal(["bd", "actualizar"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("asistente: problema de configuración: No actualicé la base de datos")
    assert "tabla asignaciones: «olvidada» en 1 fila" in error


def test_una_fecha_vuelve_en_utc_con_zona_la_guarde_quien_la_guarde(bd_url: str, motor: Engine) -> None:
    """``FechaHora`` devuelve siempre la hora en UTC y con zona: lo que guardó el asistente (con o sin
    microsegundos), un texto escrito a mano en SQLite (con «T», con su zona, solo la fecha) y el nulo."""
    from zoneinfo import ZoneInfo

    tabla = sa.Table("fechas_prueba", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("cuando", FechaHora(), nullable=True))
    tabla.create(motor)
    mexico = ZoneInfo("America/Mexico_City")
    guardadas = [datetime(2026, 12, 7, 9, 30, tzinfo=mexico), datetime(2026, 3, 8, 1, 59, 59, 123456, tzinfo=mexico), None]
    with motor.begin() as c:
        c.execute(sa.insert(tabla), [{"id": i, "cuando": v} for i, v in enumerate(guardadas, start=1)])
    with motor.connect() as c:
        leidas = c.execute(sa.select(tabla.c.cuando).order_by(tabla.c.id)).scalars().all()
    assert leidas == guardadas
    assert [v.utcoffset() for v in leidas if v is not None] == [timedelta(0), timedelta(0)]
    if bd_url.startswith("sqlite"):
        escritas = {4: "2026-12-07T15:30:00", 5: "2026-12-07 09:30:00-06:00", 6: "2026-12-07"}
        with motor.begin() as c:
            for i, texto in escritas.items():
                c.execute(sa.text("INSERT INTO fechas_prueba (id, cuando) VALUES (:i, :t)"), {"i": i, "t": texto})
        with motor.connect() as c:
            leidas = c.execute(sa.select(tabla.c.cuando).where(tabla.c.id > 3).order_by(tabla.c.id)).scalars().all()
        utc = timezone.utc
        assert leidas == [datetime(2026, 12, 7, 15, 30, tzinfo=utc), datetime(2026, 12, 7, 15, 30, tzinfo=utc),
                          datetime(2026, 12, 7, tzinfo=utc)]
        assert all(v.tzinfo is not None and v.utcoffset() == timedelta(0) for v in leidas)
