"""Las fotos (o PDF) de la página impresa de una nota de monitoreo: una nota a dos páginas, o portada e
interior, tiene varias. Las liga el archivo (soltadas en el hilo de la ficha de la nota) y el monitoreo
(``/nota foto``); las leen la ficha de la nota, la síntesis y el inventario."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.datos.bd import insertar_si_falta
from modelos import Medio, PaginaDeNota


def ligar_pagina(session: Session, nota_id: int, medio_id: int) -> bool:
    """Agrega el archivo como la siguiente página de la nota. ``False`` si ya lo era (la misma foto no
    cuenta dos veces, tampoco si dos procesos la ligan a la vez)."""
    return insertar_si_falta(session, PaginaDeNota, nota_id=nota_id, medio_id=medio_id)


def quitar_pagina(session: Session, nota_id: int, medio_id: int) -> bool:
    """Deja de contar el archivo como página de la nota (el archivo sigue archivado). ``False`` si no lo era."""
    fila = session.scalar(select(PaginaDeNota).where(PaginaDeNota.nota_id == nota_id, PaginaDeNota.medio_id == medio_id))
    if fila is None:
        return False
    session.delete(fila)
    session.flush()
    return True


def paginas_de(session: Session, nota_ids: Iterable[int]) -> dict[int, list[Medio]]:
    """Las páginas de cada nota, en el orden en que se ligaron (las notas sin páginas no aparecen)."""
    ids = list(nota_ids)
    if not ids:
        return {}
    paginas: dict[int, list[Medio]] = {}
    for nota_id, medio in session.execute(
            select(PaginaDeNota.nota_id, Medio).join(Medio, Medio.id == PaginaDeNota.medio_id)
            .where(PaginaDeNota.nota_id.in_(ids)).order_by(PaginaDeNota.id)):
        paginas.setdefault(nota_id, []).append(medio)
    return paginas
