"""Números consecutivos por espacio (eventos, boletines por año).

El número sale de un ``UPDATE … RETURNING`` sobre la fila del contador dentro de la transacción
de la petición: la fila queda bloqueada hasta el commit, así que dos procesos nunca obtienen el
mismo número y, si la transacción se revierte, el número no se pierde (sin huecos).
La restricción única de la tabla de destino sigue siendo la última garantía.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from asistente.datos.bd import insertar_si_falta
from modelos import Contador


def _asegurar(session: Session, espacio_id: int, clave: str, inicial: int) -> None:
    insertar_si_falta(session, Contador, espacio_id=espacio_id, clave=clave, valor=inicial)


def siguiente_numero(session: Session, espacio_id: int, clave: str) -> int:
    _asegurar(session, espacio_id, clave, 0)
    valor = session.execute(
        update(Contador)
        .where(Contador.espacio_id == espacio_id, Contador.clave == clave)
        .values(valor=Contador.valor + 1)
        .returning(Contador.valor)
    ).scalar_one()
    return int(valor)


def numero_actual(session: Session, espacio_id: int, clave: str) -> int:
    valor = session.scalar(select(Contador.valor).where(Contador.espacio_id == espacio_id, Contador.clave == clave))
    return int(valor or 0)


def fijar_siguiente(session: Session, espacio_id: int, clave: str, siguiente: int) -> None:
    """El próximo número será ``siguiente`` (oficinas que adoptan la herramienta a mitad de año)."""
    _asegurar(session, espacio_id, clave, 0)
    session.execute(
        update(Contador).where(Contador.espacio_id == espacio_id, Contador.clave == clave).values(valor=siguiente - 1)
    )
