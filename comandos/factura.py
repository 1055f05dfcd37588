"""Las facturas de los contratos de comunicación social (transparencia).

• `/factura CONTRATO FOLIO MONTO` — registra la factura del contrato (directores); el monto es el
  total con IVA. El aviso se publica en el canal: suelta el PDF de la factura **en su hilo** y queda
  archivado con ella (sale en el inventario y en la entrega-recepción junto a su contrato)
• `/factura quitar CONTRATO FOLIO` — quita una factura registrada por error, para registrarla bien (directores)
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.nucleo.errores import ErrorDeUsuario, con_uso
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import normalizar
from asistente.transparencia.registros import nueva_factura, pesos, quitar_factura

NOMBRE = "factura"
USO = "/factura CONTRATO FOLIO MONTO   (ej.: /factura CS-001-2026 A-1234 5,800.00) · /factura quitar CONTRATO FOLIO"
USO_QUITAR = "/factura quitar CONTRATO FOLIO"
RESUMEN = "registra la factura de un contrato; su PDF se suelta en el hilo"


def manejar(peticion: Peticion, session: Session) -> Respuesta:
    texto = peticion.texto.strip()
    if not texto or normalizar(texto) == "ayuda":
        return Respuesta.texto((__doc__ or "").strip() + f"\nUso: {USO}")
    partes = texto.split(None, 2)
    if normalizar(partes[0]) in ("quitar", "borrar", "eliminar", "cancelar"):
        return _quitar(peticion, session, partes[1:])
    if len(partes) < 3:
        faltan = ("el folio y el monto", "el monto")[len(partes) - 1]
        raise ErrorDeUsuario(f"Falta {faltan}.", uso=USO)
    exigir_director(session, peticion, "registrar facturas")
    hoy = peticion.ahora.astimezone(peticion.config.tz).date()
    try:
        factura, contrato, saldo = nueva_factura(session, peticion.espacio_id, peticion.ahora, hoy, *partes)
    except ErrorDeUsuario as error:
        raise con_uso(error, USO) from None
    session.flush()
    return Respuesta.texto(
        f"🧾 Factura {factura.folio} del contrato {contrato.numero} ({contrato.proveedor}): {pesos(factura.monto)}. "
        f"Facturado {pesos(saldo.facturado)} de {pesos(contrato.monto)}; resta {pesos(saldo.restante)}.\n"
        "Suelta el PDF de la factura en este hilo y queda archivado con ella.",
        publica=True).anclada_a_factura(factura.id)


def _quitar(peticion: Peticion, session: Session, partes: list[str]) -> Respuesta:
    """Una factura registrada por error (folio o monto mal escrito) se quita, para registrarla bien."""
    if len(partes) < 2:
        raise ErrorDeUsuario("Faltan el contrato y el folio de la factura." if not partes else "Falta el folio de la factura.",
                             uso=USO_QUITAR)
    exigir_director(session, peticion, "quitar facturas")
    try:
        factura, contrato = quitar_factura(session, peticion.espacio_id, partes[0], partes[1])
    except ErrorDeUsuario as error:
        raise con_uso(error, USO_QUITAR) from None
    return Respuesta.texto(f"Factura {factura.folio} del contrato {contrato.numero} ({pesos(factura.monto)}) quitada.",
                           publica=True)
