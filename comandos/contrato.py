"""Los contratos de servicios de impresión, difusión y publicidad (transparencia).

• `/contrato` — los contratos, con lo facturado de cada uno
• `/contrato nuevo proveedor | RFC | número | concepto | monto | campaña` — registra un contrato
  (directores). El monto es el total con IVA («11,600.00») o sin él («10,000 + IVA»); la campaña, su
  nombre o su ID (ver /campana). Un contrato de tiempos oficiales lo dice en su concepto («tiempo de
  Estado en radio», «tiempo fiscal»)
• `/contrato ver NÚMERO` — el contrato con sus facturas
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.transparencia.clasificacion import cuadro_de
from asistente.transparencia.registros import buscar_contrato, contratos, facturado, facturas_de, nuevo_contrato, pesos
from modelos import Campana

NOMBRE = "contrato"
USO = "/contrato · /contrato nuevo proveedor | RFC | número | concepto | monto | campaña · /contrato ver NÚMERO"
USO_NUEVO = "/contrato nuevo proveedor | RFC | número | concepto | monto con IVA | campaña"
USO_VER = "/contrato ver NÚMERO"
RESUMEN = "contratos de impresión, difusión y publicidad, con RFC, monto con IVA y campaña"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


@enrutador.sub("lista", "todos")
def lista(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    todos = contratos(session, peticion.espacio_id)
    if not todos:
        return Respuesta.texto(f"Todavía no hay contratos. Registra uno: {USO_NUEVO}")
    lineas = [f"{len(todos)} contrato(s):"]
    for c in todos:
        lineas.append(f"• {c.numero} — {c.proveedor} ({c.rfc}): {c.concepto}, {pesos(c.monto)} con IVA; "
                      f"facturado {pesos(facturado(session, c))}")
    return Respuesta.texto("\n".join(lineas))


enrutador.vacio = lista


@enrutador.sub("nuevo", "nueva", "alta", "agregar", uso=USO_NUEVO)
def nuevo(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if not resto.strip():
        raise ErrorDeUsuario("Faltan los datos del contrato.", uso=USO_NUEVO)
    partes = [p.strip() for p in resto.split("|")]
    if len(partes) != 6:
        raise ErrorDeUsuario(f"Son seis partes separadas por «|» y escribiste {len(partes)}.", uso=USO_NUEVO)
    exigir_director(session, peticion, "registrar contratos")
    hoy = peticion.ahora.astimezone(peticion.config.tz).date()
    try:
        c = nuevo_contrato(session, peticion.espacio_id, peticion.ahora, hoy, *partes)
    except ErrorDeUsuario as error:
        raise ErrorDeUsuario(error.mensaje, uso=USO_NUEVO) from None
    campana = session.get(Campana, c.campana_id)
    persona = "persona moral" if len(c.rfc) == 12 else "persona física"
    return Respuesta.texto(
        f"Contrato {c.numero} registrado: {c.proveedor} ({c.rfc}, {persona}), {c.concepto}, {pesos(c.monto)} con IVA "
        f"(IVA {pesos(c.iva)}), campaña «{campana.nombre if campana else ''}». Sus facturas: /factura {c.numero} FOLIO MONTO",
        publica=True)


@enrutador.sub("ver", uso=USO_VER)
def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    try:
        c = buscar_contrato(session, peticion.espacio_id, resto)
    except ErrorDeUsuario as error:
        raise ErrorDeUsuario(error.mensaje, uso=USO_VER) from None
    campana = session.get(Campana, c.campana_id)
    lineas = [f"Contrato {c.numero} — {c.proveedor} ({c.rfc})", f"Concepto: {c.concepto}",
              f"Campaña: {campana.nombre if campana else ''}", f"Firmado: {c.firmado:%d/%m/%Y}",
              f"Monto: {pesos(c.monto)} con IVA (IVA {pesos(c.iva)})"]
    cuadro = cuadro_de(session, peticion.espacio_id, peticion.config.municipio)
    serie = cuadro.serie_de("contrato")
    lineas.append(f"Serie: {cuadro.codigo(serie)} {serie.nombre} (expediente {serie.clave}/{c.firmado.year}/CT-{c.numero})")
    facturas = facturas_de(session, c)
    lineas.append(f"Facturas ({len(facturas)}, {pesos(facturado(session, c))}):" if facturas else "Sin facturas.")
    lineas += [f"• {f.folio} del {f.fecha:%d/%m/%Y}: {pesos(f.monto)}" for f in facturas]
    return Respuesta.texto("\n".join(lineas))


manejar = enrutador
