"""Los contratos de servicios de impresión, difusión y publicidad (transparencia).

• `/contrato` — los contratos, con lo facturado de cada uno
• `/contrato nuevo proveedor | RFC | número | concepto | monto | campaña` — registra un contrato
  (directores). El monto es el total con IVA («11,600.00») o sin él («10,000 + IVA»); la campaña, su
  nombre o su ID (ver /campana). Un contrato de tiempos oficiales lo dice en su concepto («tiempo de
  Estado en radio», «tiempo fiscal»). Sin texto después de `nuevo` abre un formulario
• `/contrato ver NÚMERO` — el contrato con sus facturas
• `/contrato quitar NÚMERO` — quita un contrato registrado por error, para registrarlo bien (directores); si
  ya tiene facturas, primero `/factura quitar`
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario, con_uso
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario, Opcion
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos
from asistente.transparencia.clasificacion import cuadro_de
from asistente.transparencia.registros import (
    buscar_contrato,
    campanas,
    contratos,
    facturado,
    facturas_de,
    nuevo_contrato,
    pesos,
    quitar_contrato,
)
from modelos import Campana

NOMBRE = "contrato"
USO = "/contrato · /contrato nuevo proveedor | RFC | número | concepto | monto | campaña · /contrato ver NÚMERO · /contrato quitar NÚMERO"
USO_NUEVO = "/contrato nuevo proveedor | RFC | número | concepto | monto con IVA | campaña"
USO_VER = "/contrato ver NÚMERO"
USO_QUITAR = "/contrato quitar NÚMERO   (uno sin facturas; directores)"
RESUMEN = "contratos de impresión, difusión y publicidad, con RFC, monto con IVA y campaña"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


@enrutador.sub("lista", "todos")
def lista(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    todos = contratos(session, peticion.espacio_id)
    if not todos:
        return Respuesta.texto(f"Todavía no hay contratos. Registra uno: {USO_NUEVO}")
    lineas = [f"{cuantos(len(todos), 'contrato')}:"]
    for c in todos:
        lineas.append(f"• {c.numero} — {c.proveedor} ({c.rfc}): {c.concepto}, {pesos(c.monto)} con IVA; "
                      f"facturado {pesos(facturado(session, c))}")
    return Respuesta.texto("\n".join(lineas))


enrutador.vacio = lista


@enrutador.sub("nuevo", "nueva", "alta", "agregar", uso=USO_NUEVO)
def nuevo(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    exigir_director(session, peticion, "registrar contratos")
    if not resto.strip():
        return Respuesta.formulario(formulario_contrato(peticion, session, {}))
    partes = [p.strip() for p in resto.split("|")]
    if len(partes) != 6:
        raise ErrorDeUsuario(f"Son seis partes separadas por «|» y escribiste {len(partes)}.", uso=USO_NUEVO)
    try:
        return _alta(peticion, session, *partes)
    except ErrorDeUsuario as error:
        raise con_uso(error, USO_NUEVO) from None


def _alta(peticion: Peticion, session: Session, proveedor: str, rfc: str, numero: str, concepto: str, monto: str,
          campana_texto: str) -> Respuesta:
    hoy = peticion.ahora.astimezone(peticion.config.tz).date()
    c = nuevo_contrato(session, peticion.espacio_id, peticion.ahora, hoy, proveedor, rfc, numero, concepto, monto,
                       campana_texto)
    campana = session.get(Campana, c.campana_id)
    persona = "persona moral" if len(c.rfc) == 12 else "persona física"
    return Respuesta.texto(
        f"Contrato {c.numero} registrado: {c.proveedor} ({c.rfc}, {persona}), {c.concepto}, {pesos(c.monto)} con IVA "
        f"(IVA {pesos(c.iva)}), campaña «{campana.nombre if campana else ''}». Sus facturas: /factura {c.numero} FOLIO MONTO",
        publica=True)


@enrutador.sub("quitar", "borrar", "eliminar", uso=USO_QUITAR)
def quitar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """Un contrato registrado por error (sin facturas) se quita, para volver a registrarlo bien."""
    exigir_director(session, peticion, "quitar contratos")
    try:
        c = quitar_contrato(session, peticion.espacio_id, resto)
    except ErrorDeUsuario as error:
        raise con_uso(error, USO_QUITAR) from None
    return Respuesta.texto(f"Contrato {c.numero} ({c.proveedor}, {pesos(c.monto)}) quitado.", publica=True)


@enrutador.sub("ver", uso=USO_VER)
def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    try:
        c = buscar_contrato(session, peticion.espacio_id, resto)
    except ErrorDeUsuario as error:
        raise con_uso(error, USO_VER) from None
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


def formulario_contrato(peticion: Peticion, session: Session, _contexto: dict[str, str]) -> Formulario:
    # Las 100 más recientes: es el tope de opciones de un menú de Slack.
    opciones = tuple(Opcion(str(k.id), k.nombre[:75]) for k in campanas(session, peticion.espacio_id)[-100:])
    if not opciones:
        raise ErrorDeUsuario("Antes del contrato registra su campaña: /campana nueva nombre | tipo | tema | del … al …")
    return Formulario(
        id="contrato.nuevo", titulo="Nuevo contrato", boton="Registrar",
        campos=(
            Campo("proveedor", "Proveedor", requerido=True, ayuda="razón social o nombre completo"),
            Campo("rfc", "RFC", requerido=True, max_largo=20, ayuda="12 caracteres (moral) o 13 (física)"),
            Campo("numero", "Número de contrato", requerido=True, max_largo=60, ayuda="CS-001-2026"),
            Campo("concepto", "Concepto", requerido=True, max_largo=500, ayuda="impresión de lonas, spots de radio…"),
            Campo("monto", "Monto con IVA", requerido=True, max_largo=40, ayuda="11,600.00 o 10,000 + IVA"),
            Campo("campana", "Campaña", tipo="opcion", requerido=True, opciones=opciones, inicial=opciones[-1].valor),
        ),
    )


# La palabra del mensaje de error → el campo junto al que se muestra (el primero que aparezca).
_CAMPO_DEL_ERROR = (("rfc", "rfc"), ("monto", "monto"), ("campaña", "campana"), ("número", "numero"),
                    ("concepto", "concepto"))


def al_enviar(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    exigir_director(session, peticion, "registrar contratos")
    try:
        return _alta(peticion, session, valores.get("proveedor", ""), valores.get("rfc", ""), valores.get("numero", ""),
                     valores.get("concepto", ""), valores.get("monto", ""), valores.get("campana", ""))
    except ErroresDeFormulario:
        raise
    except ErrorDeUsuario as error:
        texto = error.mensaje.lower()
        campo = next((c for palabra, c in _CAMPO_DEL_ERROR if palabra in texto), "proveedor")
        raise ErroresDeFormulario({campo: error.mensaje}) from None


manejar = enrutador
FORMULARIOS = {"contrato.nuevo": al_enviar}
DEFINICIONES = {"contrato.nuevo": formulario_contrato}
