"""Los contratos de servicios de impresión, difusión y publicidad (transparencia).

• `/contrato` — los contratos, con lo facturado de cada uno
• `/contrato nuevo proveedor | RFC | número | concepto | monto | campaña` — registra un contrato
  (directores). El monto es el total con IVA («11,600.00») o sin él («10,000 + IVA»); la campaña, su
  nombre o su ID (ver /campana). Un contrato de tiempos oficiales lo dice en su concepto («tiempo de
  Estado en radio», «tiempo fiscal»). Sin texto después de `nuevo` abre un formulario
• `/contrato ver NÚMERO` — el contrato con sus facturas y sus correcciones
• `/contrato editar NÚMERO campo valor` — corrige un dato mal capturado sin perder sus facturas
  (directores): `proveedor`, `rfc`, `numero`, `concepto`, `monto`, `campaña` o `firma` (la fecha en que se
  firmó), con las mismas reglas del alta; el monto no puede quedar por debajo de lo ya facturado. Cada
  corrección queda anotada con quién y cuándo. Sin campo abre un formulario con los datos actuales
• `/contrato quitar NÚMERO` — quita un contrato registrado por error, para registrarlo bien (directores); si
  ya tiene facturas, primero `/factura quitar`
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado, con_uso
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario, Opcion
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos
from asistente.transparencia.clasificacion import cuadro_de
from asistente.transparencia.registros import (
    NOMBRES_DE_CAMPO,
    buscar_contrato,
    cambios_de,
    campanas,
    contratos,
    editar_contrato,
    facturado,
    facturas_de,
    leer_campo_de_contrato,
    nuevo_contrato,
    pesos,
    quitar_contrato,
)
from modelos import CambioDeContrato, Campana, Contrato, Persona

NOMBRE = "contrato"
USO = ("/contrato · /contrato nuevo proveedor | RFC | número | concepto | monto | campaña · /contrato ver NÚMERO · "
       "/contrato editar NÚMERO campo valor · /contrato quitar NÚMERO")
USO_NUEVO = "/contrato nuevo proveedor | RFC | número | concepto | monto con IVA | campaña"
USO_VER = "/contrato ver NÚMERO"
USO_QUITAR = "/contrato quitar NÚMERO   (uno sin facturas; directores)"
USO_EDITAR = ("/contrato editar NÚMERO proveedor|rfc|numero|concepto|monto|campaña|firma valor   "
              "(ej.: /contrato editar CS-001-2026 monto 12,000 + IVA)")
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
    return Respuesta.texto("\n".join(_ficha(peticion, session, c)))


def _ficha(peticion: Peticion, session: Session, c: Contrato) -> list[str]:
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
    if cambios := cambios_de(session, c):
        lineas.append(f"Correcciones ({len(cambios)}):")
        lineas += [_linea_de_cambio(peticion, k) for k in cambios]
    return lineas


def _linea_de_cambio(peticion: Peticion, k: CambioDeContrato) -> str:
    cuando = k.cuando.astimezone(peticion.config.tz)
    return (f"• {cuando:%d/%m/%Y %H:%M}, {k.quien or 'alguien que ya no está'}: {NOMBRES_DE_CAMPO.get(k.campo, k.campo)} "
            f"«{k.antes}» → «{k.despues}»")


# --- corregir ---------------------------------------------------------------------------------------------
@enrutador.sub("editar", "corregir", "cambiar", uso=USO_EDITAR)
def editar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """``editar NÚMERO campo valor``: un dato; ``editar NÚMERO``: el formulario con los datos actuales."""
    quien = exigir_director(session, peticion, "corregir contratos")
    partes = resto.split(None, 1)
    if not partes:
        raise ErrorDeUsuario("Falta el número del contrato.", uso=USO_EDITAR)
    c = buscar_contrato(session, peticion.espacio_id, partes[0])
    if len(partes) == 1:
        return Respuesta.formulario(formulario_edicion(peticion, session, c))
    palabras = partes[1].split()
    # El campo puede ser de varias palabras («fecha de firma», «razón social»): el más largo que se entienda.
    for largo in (3, 2, 1):
        campo = leer_campo_de_contrato(" ".join(palabras[:largo])) if len(palabras) >= largo else None
        if campo is not None:
            break
    else:
        raise ErrorDeUsuario(f"«{palabras[0]}» no es un dato del contrato: se corrige el proveedor, rfc, numero, "
                             "concepto, monto, campaña o firma.", uso=USO_EDITAR)
    valor = " ".join(palabras[largo:])
    if not valor:
        raise ErrorDeUsuario(f"Falta el nuevo valor de {NOMBRES_DE_CAMPO[campo]}.", uso=USO_EDITAR)
    return _corregir(peticion, session, c, quien, {campo: valor}, uso=USO_EDITAR)


def _corregir(peticion: Peticion, session: Session, c: Contrato, quien: Persona, valores: dict[str, str],
              uso: str | None = None) -> Respuesta:
    hoy = peticion.ahora.astimezone(peticion.config.tz).date()
    try:
        cambios = editar_contrato(session, c, peticion.ahora, hoy, quien, valores)
    except ErrorDeUsuario as error:
        if uso is None:
            raise
        raise con_uso(error, uso) from None
    if not cambios:
        aviso = f"El contrato {c.numero} ya tenía esos datos: nada cambió."
    else:
        hechos = "; ".join(f"{NOMBRES_DE_CAMPO[k.campo]} de «{k.antes}» a «{k.despues}»" for k in cambios)
        aviso = f"✏️ Contrato {c.numero} corregido por {quien.nombre_visible}: {hechos}."
    return Respuesta.texto("\n".join([aviso, "", *_ficha(peticion, session, c)]), publica=bool(cambios))


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
_CAMPO_DEL_ERROR_EDICION = (("firma", "firmado"), ("facturado", "monto"), *_CAMPO_DEL_ERROR)


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


def formulario_edicion(peticion: Peticion, session: Session, c: Contrato) -> Formulario:
    opciones = tuple(Opcion(str(k.id), k.nombre[:75]) for k in campanas(session, peticion.espacio_id)[-100:])
    if str(c.campana_id) not in {o.valor for o in opciones}:  # una campaña vieja, fuera de las 100 más recientes
        campana = session.get(Campana, c.campana_id)
        opciones += (Opcion(str(c.campana_id), campana.nombre[:75] if campana else str(c.campana_id)),)
    return Formulario(
        id="contrato.editar", titulo=f"Contrato {c.numero}"[:24], boton="Guardar", contexto={"contrato": str(c.id)},
        campos=(
            Campo("proveedor", "Proveedor", requerido=True, inicial=c.proveedor, ayuda="razón social o nombre completo"),
            Campo("rfc", "RFC", requerido=True, max_largo=20, inicial=c.rfc),
            Campo("numero", "Número de contrato", requerido=True, max_largo=60, inicial=c.numero),
            Campo("concepto", "Concepto", requerido=True, max_largo=500, inicial=c.concepto),
            Campo("monto", "Monto con IVA", requerido=True, max_largo=40, inicial=f"{c.monto:,.2f}",
                  ayuda="11,600.00 o 10,000 + IVA; no menos de lo ya facturado"),
            Campo("campana", "Campaña", tipo="opcion", requerido=True, opciones=opciones, inicial=str(c.campana_id)),
            Campo("firmado", "Fecha de firma", requerido=True, max_largo=40, inicial=f"{c.firmado:%d/%m/%Y}",
                  ayuda="dd/mm/aaaa"),
        ),
    )


def _definicion_edicion(peticion: Peticion, session: Session, contexto: dict[str, str]) -> Formulario:
    return formulario_edicion(peticion, session, _del_contexto(peticion, session, contexto))


def _del_contexto(peticion: Peticion, session: Session, contexto: dict[str, str]) -> Contrato:
    ident = contexto.get("contrato", "")
    c = session.get(Contrato, int(ident)) if ident.isdecimal() else None
    if c is None or c.espacio_id != peticion.espacio_id:
        raise NoEncontrado("Ese contrato ya no existe (ver /contrato).")
    return c


def al_editar(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    quien = exigir_director(session, peticion, "corregir contratos")
    c = _del_contexto(peticion, session, contexto)
    try:
        return _corregir(peticion, session, c, quien,
                         {campo: str(valores.get(campo) or "") for campo in NOMBRES_DE_CAMPO})
    except ErroresDeFormulario:
        raise
    except ErrorDeUsuario as error:
        texto = error.mensaje.lower()
        campo = next((c for palabra, c in _CAMPO_DEL_ERROR_EDICION if palabra in texto), "proveedor")
        raise ErroresDeFormulario({campo: error.mensaje}) from None


manejar = enrutador
FORMULARIOS = {"contrato.nuevo": al_enviar, "contrato.editar": al_editar}
DEFINICIONES = {"contrato.nuevo": formulario_contrato, "contrato.editar": _definicion_edicion}
