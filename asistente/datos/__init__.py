"""Los datos: el motor y las sesiones (una transacción por petición y por trabajo programado,
``bd``), los números consecutivos sin huecos (``numeracion``) y las migraciones de Alembic
(``migraciones/``). Las tablas están en ``modelos/``."""
