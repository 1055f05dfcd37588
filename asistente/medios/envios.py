"""Lo común a enviar una invitación o un boletín a los medios: el enlace personal de cada medio (uno
por medio y documento, el mismo si se reenvía) y el informe de lo que quedó en la bandeja de salida."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.enlaces.firmas import crear as crear_enlace
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import cuantos
from modelos import EnlacePortal, MedioDeComunicacion


def exigir_correo(config: Config) -> None:
    if not config.smtp_url:
        raise ErrorDeUsuario("El correo no está configurado: falta ASISTENTE_SMTP_URL (y ASISTENTE_CORREO_REMITENTE). "
                             "Pídeselo a quien instaló el asistente.")


def enlace_del_medio(session: Session, *, espacio_id: int, tipo: str, objeto_id: int, medio: MedioDeComunicacion,
                     ahora: datetime, dias: int, creado_por_id: int | None) -> EnlacePortal:
    """El enlace de ese medio para ese documento: el que ya tenía (vigente) o uno nuevo."""
    vigente = session.scalar(select(EnlacePortal).where(
        EnlacePortal.espacio_id == espacio_id, EnlacePortal.tipo == tipo, EnlacePortal.objeto_id == objeto_id,
        EnlacePortal.medio_id == medio.id, EnlacePortal.revocado.is_(None), EnlacePortal.vence > ahora,
    ).order_by(EnlacePortal.id.desc()).limit(1))
    if vigente is not None:
        return vigente
    return crear_enlace(session, espacio_id=espacio_id, tipo=tipo, objeto_id=objeto_id, ahora=ahora, dias=dias,
                        destinatario=f"medio:{medio.id}", medio_id=medio.id, creado_por_id=creado_por_id)


@dataclass
class Informe:
    """Qué pasó con cada medio al enviar."""

    encolados: list[tuple[str, int]] = field(default_factory=list)  # (medio, cuántos correos)
    ya_enviados: list[str] = field(default_factory=list)
    sin_correo: list[str] = field(default_factory=list)

    @property
    def correos(self) -> int:
        return sum(n for _, n in self.encolados)

    def anotar(self, medio: str, nuevos: int) -> None:
        """Cuántos correos nuevos quedaron en la bandeja para ``medio`` (0: ya se le había enviado)."""
        if nuevos:
            self.encolados.append((medio, nuevos))
        else:
            self.ya_enviados.append(medio)

    def lineas(self, que: str) -> list[str]:
        lineas: list[str] = []
        if self.encolados:
            lineas.append(f"📨 {que} en camino a {cuantos(len(self.encolados), 'medio')}, {cuantos(self.correos, 'correo')}: "
                          + ", ".join(m for m, _ in self.encolados) + ". Sale por la bandeja de salida en un momento; "
                          "el estado de cada uno, en el comando de estado.")
        if self.ya_enviados:
            lineas.append("Ya se les había enviado (no se repite): " + ", ".join(self.ya_enviados) + ".")
        if self.sin_correo:
            lineas.append("⚠️ Sin correo, no se les envió: " + ", ".join(self.sin_correo)
                          + ". Agrégales un contacto con /medios agregar.")
        if not self.encolados and not self.ya_enviados and not self.sin_correo:
            lineas.append("No había a quién enviarlo.")
        return lineas
