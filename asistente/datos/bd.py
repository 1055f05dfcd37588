"""Base de datos: motor, sesiones, una transacción por petición y las migraciones (Alembic).

El ciclo de vida de la sesión vive aquí, fuera de los comandos: ``transaccion`` abre, confirma o
revierte. Nada más adentro hace ``commit``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, create_engine, event, insert, inspect, literal_column, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Executable
from sqlalchemy.orm import Session, sessionmaker

try:
    import fcntl
except ImportError:  # Windows: entre procesos espera SQLite
    fcntl = None  # type: ignore[assignment]

from asistente.nucleo.errores import ErrorDeConfiguracion, ErrorDeUsuario
from modelos import EventoProcesado

Fabrica = sessionmaker[Session]

MIGRACIONES = Path(__file__).parent / "migraciones"


# Opción de ejecución de una transacción que solo lee (ver ``transaccion``).
_LECTURA = "asistente_solo_lectura"


class EscrituraEnLectura(Exception):
    """Se intentó escribir dentro de una transacción abierta como de solo lectura (SQLite)."""

    del_comando = True  # ``False`` si escribía el registro de la persona, no el comando


_ESCRITURAS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


# Conexiones que el pool guarda abiertas (y cuántas más abre de sobra en un pico): las de los hilos de
# waitress, las respuestas a Slack, los archivos y el programador caben sin abrir y cerrar conexiones
# en cada ráfaga (el pool de SQLAlchemy guarda 5 por omisión).
_CONEXIONES = 20
# Cuánto espera una escritura de SQLite su turno dentro del proceso antes de dejárselo a SQLite
# (que espera su ``timeout`` de 30 s y entonces dice «database is locked»).
_ESPERA_TURNO = 30.0
_TURNOS: dict[str, "_Turno"] = {}
_TURNOS_CANDADO = threading.Lock()


class _Turno:
    """El turno de escribir en un archivo de SQLite: un candado entre los hilos del proceso y, para los
    procesos que comparten el archivo (``servir --procesos N``, el programador), ``flock`` sobre un
    archivo vecino (``<base>-turno``). Quien espera se despierta en cuanto el turno se suelta."""

    def __init__(self, ruta: str) -> None:
        self.ruta = ruta
        self.hilos = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    def _descriptor(self) -> int | None:
        # Se abre en cada proceso: tras un fork, un descriptor heredado comparte el candado con el padre.
        if self._pid != os.getpid():
            self._pid, self._fd = os.getpid(), None
            if fcntl is not None and self.ruta:
                try:
                    self._fd = os.open(f"{self.ruta}-turno", os.O_RDWR | os.O_CREAT, 0o600)
                except OSError:
                    self._fd = None  # carpeta de solo lectura: entre procesos espera SQLite
        return self._fd

    def tomar(self, limite: float) -> bool:
        fin = time.monotonic() + limite
        if not self.hilos.acquire(timeout=limite):
            return False
        fd = self._descriptor()
        pausa = 0.0005
        while fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > fin:
                    self.hilos.release()
                    return False
                time.sleep(pausa)
                pausa = min(pausa * 2, 0.004)
            except OSError:
                break
        return True

    def soltar(self) -> None:
        fd = self._fd if self._pid == os.getpid() else None
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            except OSError:
                pass
        self.hilos.release()


def _turno_de(url: str) -> _Turno:
    """El turno de escritura de una base SQLite, uno por archivo en todo el proceso (varios motores
    pueden abrir el mismo archivo)."""
    ruta = make_url(url).database or ""
    clave = str(Path(ruta).resolve()) if ruta and ruta != ":memory:" else url
    with _TURNOS_CANDADO:
        if clave not in _TURNOS:
            _TURNOS[clave] = _Turno(clave if clave != url else "")
        return _TURNOS[clave]


class _ConexionSQLite(sqlite3.Connection):
    """Una conexión de SQLite que escribe por turnos.

    SQLite deja escribir a una transacción a la vez; las demás esperan en su manejador de «ocupado»,
    que duerme y vuelve a probar (1, 2, 5… hasta 100 ms entre intentos). Con muchos hilos escribiendo
    a la vez, una escritura puede perder todos sus intentos y esperar un segundo entero mientras otras
    entran y salen (medido en bench/slack.py: el p99 pasaba de 800 ms). Con el turno, quien espera se
    despierta en cuanto se suelta. El turno se suelta al confirmar o revertir (también con el
    ``rollback`` con que el pool limpia una conexión devuelta) y al cerrar. Si el turno no llega en
    ``_ESPERA_TURNO``, la transacción sigue sin él y espera lo que SQLite espera (su ``timeout``)."""

    _turno: _Turno | None = None

    def tomar_turno(self, turno: _Turno) -> None:
        if self._turno is None and turno.tomar(_ESPERA_TURNO):
            self._turno = turno

    def soltar_turno(self) -> None:
        turno, self._turno = self._turno, None
        if turno is not None:
            turno.soltar()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.soltar_turno()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.soltar_turno()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.soltar_turno()


def crear_motor(url: str, **opciones: Any) -> Engine:
    """Un motor listo para varios hilos. En SQLite: claves foráneas, WAL y transacciones
    ``BEGIN IMMEDIATE`` (así dos escrituras concurrentes esperan su turno en vez de fallar).

    Una transacción de solo lectura (``transaccion(..., solo_lectura=True)``) empieza con ``BEGIN``
    diferido: lee de su instantánea sin tomar el candado de escritura, así las consultas no hacen
    fila detrás de otras. Si intenta escribir, ``EscrituraEnLectura`` (quien la abrió la repite como
    escritura): en WAL, subir de lectura a escritura puede fallar si otro escribió en medio."""
    if url.startswith("sqlite"):
        en_archivo = ":memory:" not in url and url != "sqlite://"
        if en_archivo and opciones.get("poolclass") is None:  # en memoria: un pool de una conexión por hilo
            opciones.setdefault("pool_size", _CONEXIONES)
            opciones.setdefault("max_overflow", _CONEXIONES)
        turno = _turno_de(url)
        motor = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30, "factory": _ConexionSQLite},
                              **opciones)

        @event.listens_for(motor, "connect")
        def _al_conectar(conexion: Any, _registro: Any) -> None:
            conexion.isolation_level = None  # el BEGIN lo emitimos nosotros
            cursor = conexion.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if en_archivo:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(motor, "begin")
        def _al_empezar(conexion: Any) -> None:
            if conexion.get_execution_options().get(_LECTURA):
                conexion.exec_driver_sql("BEGIN")
                return
            dbapi = conexion.connection.dbapi_connection
            dbapi.tomar_turno(turno)
            try:
                conexion.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                dbapi.soltar_turno()
                raise

        @event.listens_for(motor, "before_cursor_execute")
        def _antes_de_ejecutar(conexion: Any, _cursor: Any, sentencia: str, *_resto: Any) -> None:
            if conexion.get_execution_options().get(_LECTURA) and sentencia.lstrip()[:7].upper().startswith(_ESCRITURAS):
                raise EscrituraEnLectura(sentencia.split(None, 1)[0])

        return motor
    if opciones.get("poolclass") is None:
        opciones.setdefault("pool_size", _CONEXIONES)
        opciones.setdefault("max_overflow", _CONEXIONES)
    try:
        return create_engine(url, pool_pre_ping=True, **opciones)
    except ModuleNotFoundError as error:
        # La URL pide un controlador que no se instaló (psycopg es un extra: '.[postgresql]').
        raise ErrorDeConfiguracion(
            f"ASISTENTE_BD pide el controlador «{error.name}», que no está instalado. Para PostgreSQL instala "
            "el asistente con su extra: pip install 'asistente-comunicacion-social[postgresql]' (o pip install '.[postgresql]')."
        ) from None


def crear_fabrica(motor: Engine) -> Fabrica:
    return sessionmaker(bind=motor, expire_on_commit=False)


@contextmanager
def transaccion(fabrica: Fabrica, *, solo_lectura: bool = False) -> Iterator[Session]:
    """Una transacción: se confirma al salir sin error y se revierte con cualquier excepción.

    ``solo_lectura``: en SQLite empieza sin el candado de escritura y una escritura lanza
    ``EscrituraEnLectura`` (en PostgreSQL no cambia nada: ahí leer nunca espera a quien escribe)."""
    with fabrica() as session:
        with session.begin():
            if solo_lectura:
                session.connection(execution_options={_LECTURA: True})
            yield session


def leer(session: Session, consulta: Executable, parametros: dict[str, Any]) -> Sequence[Any]:
    """Las filas de una consulta de Core (columnas sueltas, sin entidades) por la conexión de la
    transacción, sin pasar por la ejecución del ORM: para un listado de solo lectura esa capa es casi
    la mitad de lo que cuesta leer. Lo pendiente de la sesión se escribe antes, como haría
    ``session.execute`` con su autoflush, así la consulta ve lo que el comando ya cambió."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(consulta, parametros).all()


def primera_vez(fabrica: Fabrica, clave: str, ahora: datetime) -> bool:
    """Reclama ``clave`` (un ``event_id`` de Slack, un post de Mattermost) en su propia transacción.

    Devuelve ``True`` solo al primero que la reclama, también entre procesos y reinicios: la
    unicidad la garantiza la llave primaria de la tabla, no una consulta previa.
    """
    return _insertar_evento(fabrica, clave, ahora, terminado=ahora)


def reclamar_evento(fabrica: Fabrica, clave: str, ahora: datetime, concesion: timedelta) -> bool:
    """Como ``primera_vez``, pero con concesión: el evento queda reclamado *sin terminar* hasta
    ``terminar_evento``. Si el proceso murió a la mitad, un reintento de la plataforma que llega
    cuando la concesión ya venció (``recibido`` + ``concesion``) lo vuelve a tomar; antes, no: el
    primero sigue trabajando. El ``UPDATE`` condicionado es atómico: solo un reintento lo gana."""
    if _insertar_evento(fabrica, clave, ahora, terminado=None):
        return True
    with transaccion(fabrica) as session:
        tomado = session.execute(
            update(EventoProcesado)
            .where(EventoProcesado.clave == clave[:200], EventoProcesado.terminado.is_(None),
                   EventoProcesado.recibido < ahora - concesion)
            .values(recibido=ahora)
            .returning(EventoProcesado.clave)
        ).first()
    return tomado is not None


def _insertar_evento(fabrica: Fabrica, clave: str, ahora: datetime, terminado: datetime | None) -> bool:
    # Va en cada comando y cada clic: una sola sentencia de Core por una conexión del motor, sin armar
    # una sesión del ORM ni pasar por su INSERT (la misma transacción, el mismo turno en SQLite).
    motor: Engine = fabrica.kw["bind"]  # el de ``crear_fabrica``
    try:
        with motor.begin() as conexion:
            conexion.execute(_INSERTAR_EVENTO, {"clave": clave[:200], "recibido": ahora, "terminado": terminado})
        return True
    except IntegrityError:
        return False


_INSERTAR_EVENTO = insert(cast(Table, EventoProcesado.__table__))


def terminar_evento(fabrica: Fabrica, clave: str, ahora: datetime) -> None:
    """El trabajo del evento terminó (bien o con un error ya contestado): nunca se vuelve a tomar."""
    with transaccion(fabrica) as session:
        session.execute(update(EventoProcesado).where(EventoProcesado.clave == clave[:200]).values(terminado=ahora))


def insertar_si_falta(session: Session, modelo: type[Any], **valores: Any) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING``: crea la fila si nadie la ha creado, también si otro
    proceso la está creando en este momento (espera a que confirme en vez de fallar).

    Devuelve ``True`` solo si esta llamada insertó la fila: así se «reclama» algo (una publicación
    programada) entre varios procesos sin consultar antes."""
    from sqlalchemy.dialects import postgresql, sqlite

    modulo = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    # RETURNING en vez de rowcount: psycopg y el ORM no siempre informan cuántas filas insertó.
    sentencia = modulo.insert(modelo).values(**valores).on_conflict_do_nothing().returning(literal_column("1"))
    return session.execute(sentencia).first() is not None


def agregar_sin_repetir(session: Session, fila: Any, si_ya_hay: str) -> None:
    """Agrega ``fila`` en un punto de guardado; si choca con una restricción única (un nombre, número o
    folio que ya existe, también si otro proceso lo registró en este instante), lo deshace y dice
    ``si_ya_hay`` a quien escribió, sin tirar la transacción de la petición."""
    try:
        with session.begin_nested():
            session.add(fila)
    except IntegrityError:
        raise ErrorDeUsuario(si_ya_hay) from None


def config_alembic(url: str) -> Any:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRACIONES))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def actualizar(url: str, *, al_arrancar: bool = False) -> None:
    """Aplica todas las migraciones pendientes (``asistente bd actualizar``) y pone al día las
    estadísticas del planificador: sin ellas, una base cargada de golpe busca con planes malos.

    ``al_arrancar`` (``servir`` y la consola): si la base ya está en la última migración no se carga
    alembic (leer sus scripts es casi medio segundo del arranque) ni se analiza la base entera: el
    producto ya analiza tras cada ingesta grande y ``asistente bd actualizar`` lo hace siempre."""
    if al_arrancar and _al_dia(url):
        return
    from alembic import command

    command.upgrade(config_alembic(url), "head")
    motor = crear_motor(url)
    try:
        analizar(motor)
    finally:
        motor.dispose()


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]([^'\"]+)['\"]\s*$", re.MULTILINE)


def cabeza_de_migraciones() -> str | None:
    """La última migración, leída de los scripts sin importarlos: la revisión que ninguna otra
    continúa. None si no es una sola (ramas sin fusionar o un script que no se entiende): entonces
    decide alembic."""
    revisiones, continuadas = set(), set()
    for script in (MIGRACIONES / "versions").glob("*.py"):
        campos = dict((m.group(1), m.group(2)) for m in _REVISION.finditer(script.read_text(encoding="utf-8")))
        if "revision" not in campos:
            return None
        revisiones.add(campos["revision"])
        if "down_revision" in campos:
            continuadas.add(campos["down_revision"])
    cabezas = revisiones - continuadas
    return cabezas.pop() if len(cabezas) == 1 else None


def _al_dia(url: str) -> bool:
    """Si la base ya está en la última migración (una lectura de ``alembic_version``)."""
    cabeza = cabeza_de_migraciones()
    if cabeza is None:
        return False
    motor = create_engine(url)
    try:
        with motor.connect() as conexion:
            if not inspect(conexion).has_table("alembic_version"):
                return False
            versiones = [v for (v,) in conexion.exec_driver_sql("SELECT version_num FROM alembic_version")]
    finally:
        motor.dispose()
    return versiones == [cabeza]


# Las tablas por las que se busca en el archivo (las que crecen de a miles en una ingesta grande).
TABLAS_DE_BUSQUEDA = ("medios", "medios_palabras", "medios_huellas")


def analizar(motor: Engine, tablas: tuple[str, ...] = ()) -> None:
    """``ANALYZE`` (de ``tablas``, o de toda la base); de ``tablas`` en PostgreSQL, ``VACUUM (ANALYZE)``.
    En SQLite, con ``analysis_limit``: estadísticas aproximadas en milisegundos aunque la tabla tenga
    millones de filas."""
    sqlite = motor.dialect.name == "sqlite"
    existentes = set(inspect(motor).get_table_names())
    objetivos = [t for t in tablas if t in existentes] if tablas else [""]
    if not sqlite and tablas:
        # En PostgreSQL, ``VACUUM (ANALYZE)``: además de las estadísticas marca las páginas como
        # visibles, y así el conteo de una búsqueda con filtros lee solo índices (a 1,000,000 de
        # archivos, 8.4 → 4.5 ms). Solo recorre las páginas que cambiaron; fuera de transacción.
        with motor.connect().execution_options(isolation_level="AUTOCOMMIT") as conexion:
            for tabla in objetivos:
                conexion.exec_driver_sql(f'VACUUM (ANALYZE, SKIP_LOCKED) "{tabla}"')
        return
    with motor.begin() as conexion:
        if sqlite:
            conexion.exec_driver_sql("PRAGMA analysis_limit=1000")
        for tabla in objetivos:
            conexion.exec_driver_sql(f'ANALYZE "{tabla}"' if tabla else "ANALYZE")


def revisar_esquema(url: str) -> None:
    """Comprueba, sin crear nada, que la base existe y está en la última migración; si no, lanza
    ``ErrorDeConfiguracion`` con qué hacer. Lo usan los verbos que leen la base de una instalación."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import make_url

    destino = make_url(url)
    if destino.get_backend_name() == "sqlite" and destino.database not in (None, "", ":memory:"):
        if not Path(destino.database).is_file():
            raise ErrorDeConfiguracion(
                f"No existe la base de datos {destino.database}. Créala con `asistente bd actualizar` "
                "(o revisa ASISTENTE_BD)."
            )
    motor = create_engine(url)
    try:
        with motor.connect() as conexion:
            actual = MigrationContext.configure(conexion).get_current_revision()
    except Exception as error:
        raise ErrorDeConfiguracion(f"No pude conectarme a la base de datos ({type(error).__name__}): revisa ASISTENTE_BD.") from None
    finally:
        motor.dispose()
    ultima = ScriptDirectory.from_config(config_alembic(url)).get_current_head()
    if actual != ultima:
        raise ErrorDeConfiguracion(
            "La base de datos no está al día con esta versión del asistente: corre `asistente bd actualizar`."
        )
