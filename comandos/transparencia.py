"""Los formatos trimestrales de transparencia de comunicación social (SIPOT).

• `/transparencia trimestre N [AAAA] [formato]` — un XLSX con las hojas del formato: programa anual,
  erogación de recursos por contratación de servicios de impresión, difusión y publicidad (con sus
  tablas de proveedores, presupuesto y contratos) y utilización de los tiempos oficiales. Sale de las
  campañas (/campana), los contratos (/contrato) y las facturas (/factura)
• `/transparencia formatos` — los formatos instalados (uno por estado o versión de la ley, en
  `plantillas/transparencia/`); sin decir cuál, el del estado de ASISTENTE_ESTADO si lo hay, si no el general
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario, con_uso
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.resultados.periodos import como_trimestre, numero_de_trimestre
from asistente.transparencia.formatos import formato_por_omision, formatos
from asistente.transparencia.reporte import reporte_trimestral

NOMBRE = "transparencia"
USO = "/transparencia trimestre N [AAAA] [formato] · /transparencia formatos"
USO_TRIMESTRE = "/transparencia trimestre N [AAAA] [formato]   (ej.: /transparencia trimestre 1 2026)"
RESUMEN = "los formatos trimestrales de transparencia de comunicación social, en XLSX"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


@enrutador.sub("formatos", "formato")
def lista_de_formatos(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    omision = formato_por_omision(peticion.config.estado)
    lineas = ["Formatos instalados:"]
    lineas += [f"• {clave} — {f.nombre}" + (" (el que se usa si no dices cuál)" if clave == omision else "")
               for clave, f in formatos().items()]
    return Respuesta.texto("\n".join(lineas))


@enrutador.sub("trimestre", uso=USO_TRIMESTRE)
def trimestre(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    palabras = resto.split()
    if palabras and palabras[0].lower() in ("pasado", "anterior"):  # «trimestre pasado» → «trimestre 4 2025»
        palabras = como_trimestre(peticion.ahora.astimezone(peticion.config.tz), "trimestre " + resto).split()[1:]
    if not palabras:
        raise ErrorDeUsuario("Falta el número del trimestre (1 a 4).", uso=USO_TRIMESTRE)
    n = numero_de_trimestre(palabras[0])  # «1», «I», «primer», «1er»
    if n is None:
        raise ErrorDeUsuario(f"«{palabras[0]}» no es un trimestre: es un número del 1 al 4.", uso=USO_TRIMESTRE)
    hoy = peticion.ahora.astimezone(peticion.config.tz).date()
    anio = hoy.year
    resto_palabras = palabras[1:]
    if resto_palabras and resto_palabras[0].isdecimal():
        if len(resto_palabras[0]) != 4:
            raise ErrorDeUsuario(f"«{resto_palabras[0]}» no es un año (escribe los cuatro dígitos).", uso=USO_TRIMESTRE)
        anio = int(resto_palabras.pop(0))
    if len(resto_palabras) > 1:
        raise ErrorDeUsuario(f"Sobra «{' '.join(resto_palabras[1:])}».", uso=USO_TRIMESTRE)
    try:
        hecho = reporte_trimestral(session, peticion.config, peticion.espacio_id, n, anio, hoy,
                                   resto_palabras[0] if resto_palabras else "")
    except ErrorDeUsuario as error:
        raise con_uso(error, USO_TRIMESTRE) from None
    return Respuesta.archivo(hecho.ruta, hecho.titulo,
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", hecho.texto)


def _otro(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    """«/transparencia 1er trimestre», «/transparencia 4T 2025»: el trimestre como lo dice la oficina."""
    dicho = como_trimestre(peticion.ahora.astimezone(peticion.config.tz), texto)
    palabra, _, resto = dicho.partition(" ")
    if palabra == "trimestre":
        return trimestre(peticion, session, resto)
    raise ErrorDeUsuario(f"No conozco «/transparencia {texto.strip()}».", uso=USO)


enrutador.otro = _otro


manejar = enrutador
