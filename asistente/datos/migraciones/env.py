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
        context.configure(connection=conexion, target_metadata=objetivo, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    motor.dispose()


if context.is_offline_mode():
    correr_sin_conexion()
else:
    correr_con_conexion()
