"""Entorno de Alembic: migra la URL que le pasa ``asistente.datos.bd.actualizar``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from asistente.datos.bd import crear_motor
from modelos import Base

config = context.config
objetivo = Base.metadata


def correr_sin_conexion() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=objetivo,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def correr_con_conexion() -> None:
    url = config.get_main_option("sqlalchemy.url") or ""
    motor = crear_motor(url, poolclass=pool.NullPool)
    with motor.connect() as conexion:
        if conexion.dialect.name == "sqlite":
            # En SQLite, ``batch_alter_table`` rehace la tabla: la copia, borra la vieja y renombra la
            # copia. Con las claves foráneas encendidas, borrar ``eventos`` borraría en cascada sus
            # asignaciones. Se apagan para esta conexión, fuera de toda transacción (dentro de una,
            # SQLite ignora el PRAGMA); la conexión no vuelve a ningún grupo (``NullPool``).
            conexion.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        context.configure(connection=conexion, target_metadata=objetivo, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    motor.dispose()


if context.is_offline_mode():
    correr_sin_conexion()
else:
    correr_con_conexion()
