"""La bandeja de salida del correo: encolar en la transacción del comando, vaciar fuera de ella.

Un comando nunca espera al servidor de correo: deja filas en ``correos_salientes`` y contesta. Quien
vacía la bandeja (el proceso web en segundo plano y ``asistente programador``) toma una fila a la vez
(con ``FOR UPDATE SKIP LOCKED`` en PostgreSQL: varios procesos no mandan el mismo correo), la aparta unos
minutos, la envía y anota el resultado. Un error pasajero se reintenta con esperas crecientes; un rechazo
del servidor (5xx) queda como «rechazado» con su texto, y tras el último intento, «fallido»: nada se
pierde en silencio.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.archivo.almacenes import almacen_de
from asistente.datos.bd import Fabrica, transaccion
from asistente.nucleo.config import Config
from asistente.nucleo.correo import Anexo, Carta, Cartero, ErrorDeEnvio
from asistente.nucleo.texto import cuantos
from modelos import CorreoSaliente

registro_log = logging.getLogger("asistente.correo")

# Minutos de espera tras cada intento fallido: el último intento es a las ~18 horas del primero.
ESPERAS = (1, 5, 15, 60, 240, 720)
MAX_INTENTOS = len(ESPERAS) + 1
# Mientras se envía, la fila queda apartada: si el proceso cae a media entrega, otro la retoma después.
APARTADO = timedelta(minutes=10)


def encolar(session: Session, *, espacio_id: int, tipo: str, objeto_id: int, correo: str, asunto: str, cuerpo: str,
            ahora: datetime, medio_id: int | None = None, enlace_id: int | None = None, adjunto: str = "",
            adjunto_nombre: str = "") -> CorreoSaliente | None:
    """Deja un correo en la bandeja. Si ese documento ya iba para ese correo, no lo duplica (devuelve
    ``None``), salvo que se hubiera rechazado o agotado sus intentos: entonces lo vuelve a intentar."""
    fila = session.scalar(select(CorreoSaliente).where(
        CorreoSaliente.espacio_id == espacio_id, CorreoSaliente.tipo == tipo, CorreoSaliente.objeto_id == objeto_id,
        CorreoSaliente.correo == correo))
    if fila is not None and fila.estado in ("pendiente", "enviado"):
        return None
    if fila is None:
        fila = CorreoSaliente(espacio_id=espacio_id, tipo=tipo, objeto_id=objeto_id, correo=correo, creado=ahora)
        session.add(fila)
    fila.medio_id, fila.enlace_id = medio_id, enlace_id
    fila.asunto, fila.cuerpo, fila.adjunto, fila.adjunto_nombre = asunto[:300], cuerpo, adjunto, adjunto_nombre
    fila.estado, fila.intentos, fila.error, fila.proximo, fila.enviado = "pendiente", 0, "", ahora, None
    session.flush()
    return fila


@dataclass
class Vaciado:
    enviados: int = 0
    reintentos: int = 0
    rechazados: int = 0

    def __str__(self) -> str:
        return (f"correo: {cuantos(self.enviados, 'enviado')}, {self.reintentos} por reintentar, "
                f"{cuantos(self.rechazados, 'rechazado')}")


def _tomar(session: Session, ahora: datetime) -> CorreoSaliente | None:
    fila = session.scalar(
        select(CorreoSaliente).where(CorreoSaliente.estado == "pendiente", CorreoSaliente.proximo <= ahora)
        .order_by(CorreoSaliente.proximo, CorreoSaliente.id).limit(1).with_for_update(skip_locked=True))
    if fila is not None:
        fila.proximo = ahora + APARTADO
        fila.intentos += 1
    return fila


def _carta(config: Config, fila: CorreoSaliente) -> Carta:
    anexos: Sequence[Anexo] = ()
    if fila.adjunto:
        almacen = almacen_de(config)
        if not almacen.existe(fila.adjunto):
            raise ErrorDeEnvio(f"falta el adjunto {fila.adjunto} en el archivo", permanente=True)
        with almacen.abrir(fila.adjunto) as archivo:
            anexos = (Anexo(fila.adjunto_nombre or fila.adjunto.rpartition("/")[2], "application/pdf", archivo.read()),)
    return Carta(para=fila.correo, asunto=fila.asunto, texto=fila.cuerpo, anexos=tuple(anexos))


def vaciar(fabrica: Fabrica, config: Config, cartero: Cartero, ahora: datetime, limite: int = 100) -> Vaciado:
    """Envía lo que ya toca, hasta ``limite`` correos. Cada uno en dos transacciones cortas (apartarlo,
    anotar el resultado); la conversación con el servidor de correo, fuera de ambas."""
    resultado = Vaciado()
    for _ in range(limite):
        with transaccion(fabrica) as session:
            fila = _tomar(session, ahora)
            if fila is None:
                break
            fila_id, intentos = fila.id, fila.intentos
            try:
                carta: Carta | None = _carta(config, fila)
                error: ErrorDeEnvio | None = None
            except ErrorDeEnvio as e:
                carta, error = None, e
        if carta is not None:
            try:
                cartero.enviar(carta)
            except ErrorDeEnvio as e:
                error = e
        with transaccion(fabrica) as session:
            fila = session.get(CorreoSaliente, fila_id)
            if fila is None:  # el medio se quitó mientras tanto
                continue
            if error is None:
                fila.estado, fila.enviado, fila.error = "enviado", ahora, ""
                resultado.enviados += 1
            elif error.permanente:
                fila.estado, fila.error = "rechazado", error.detalle[:2000]
                resultado.rechazados += 1
                registro_log.warning("correo %s a %s rechazado: %s", fila_id, fila.correo, error.detalle)
            elif intentos >= MAX_INTENTOS:
                fila.estado, fila.error = "fallido", error.detalle[:2000]
                resultado.rechazados += 1
                registro_log.warning("correo %s a %s sin entregar tras %s intentos: %s", fila_id, fila.correo,
                                     intentos, error.detalle)
            else:
                fila.proximo, fila.error = ahora + timedelta(minutes=ESPERAS[intentos - 1]), error.detalle[:2000]
                resultado.reintentos += 1
                registro_log.info("correo %s a %s: %s; reintento en %s min", fila_id, fila.correo, error.detalle,
                                  ESPERAS[intentos - 1])
    return resultado


def envios_de(session: Session, espacio_id: int, tipo: str, objeto_id: int) -> list[CorreoSaliente]:
    return list(session.scalars(select(CorreoSaliente).where(
        CorreoSaliente.espacio_id == espacio_id, CorreoSaliente.tipo == tipo, CorreoSaliente.objeto_id == objeto_id)
        .order_by(CorreoSaliente.id)))


def describir(fila: CorreoSaliente) -> str:
    """Una línea en español del estado de un correo, con el error si lo hubo."""
    if fila.estado == "enviado":
        return "enviado"
    if fila.estado == "pendiente":
        return "en cola" if not fila.error else f"reintentando ({cuantos(fila.intentos, 'intento')}): {fila.error}"
    if fila.estado == "rechazado":
        return f"RECHAZADO por el servidor: {fila.error}"
    return f"NO SE PUDO ENVIAR tras {fila.intentos} intentos: {fila.error}"
