"""La veda electoral y la ventana del Informe de Gobierno (SPEC §7), por espacio de trabajo.

``tipo`` es ``veda`` (un periodo en que no se difunde propaganda gubernamental salvo las excepciones de
ley) o ``informe`` (el día del Informe de Gobierno; ``inicio`` = ``fin`` = ese día, uno por espacio).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from modelos.base import Base, FechaHora


class Veda(Base):
    __tablename__ = "vedas"

    id: Mapped[int] = mapped_column(primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacios.id", ondelete="CASCADE"), index=True)
    tipo: Mapped[str] = mapped_column(String(10), default="veda")  # veda, informe
    inicio: Mapped[date] = mapped_column(Date)
    fin: Mapped[date] = mapped_column(Date)  # incluido
    motivo: Mapped[str] = mapped_column(String(300), default="")
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id", ondelete="SET NULL"), nullable=True)
    creado: Mapped[datetime] = mapped_column(FechaHora())
