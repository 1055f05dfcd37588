"""Los formatos trimestrales de comunicación social (SIPOT) como un XLSX.

Las columnas no están en el código: cada archivo ``plantillas/transparencia/<clave>.toml`` es un
formato (el general de la LGTAIP art. 70 fr. XXIII, el de San Luis Potosí art. 84 fr. XXIX…) con sus
hojas; cada hoja dice qué registros lleva (``filas``: ``programa``, ``contratos`` o ``tiempos``) y sus
columnas como ``[encabezado, campo]``. Un campo que empieza con «=» es un texto fijo.

Los campos que se pueden usar (por fila):

- del periodo: ``ejercicio``, ``periodo_inicio``, ``periodo_fin``, ``fecha_validacion``,
  ``fecha_actualizacion``, ``area_responsable``, ``sujeto_obligado``, ``ambito``, ``nota``;
- del programa anual: ``programa_denominacion``, ``programa_aprobado``, ``programa_hipervinculo``;
- de un contrato: ``id`` (el que liga la hoja principal con sus tablas), ``numero``, ``concepto``,
  ``firmado``, ``monto`` (total con IVA), ``iva``, ``pagado`` (lo facturado hasta el fin del
  periodo), ``facturas`` (folios), ``proveedor``, ``razon_social``, ``proveedor_nombre``,
  ``proveedor_primer_apellido``, ``proveedor_segundo_apellido``, ``rfc``, ``fundamento``,
  ``razones``, ``tipo_servicio``, ``tipo_medio``, ``clasificacion_servicio``, ``descripcion_unidad``,
  ``partida``, ``partida_nombre``, ``concepto_clave``, ``concepto_nombre``, ``tiempo_tipo``;
- de su campaña: ``campana_nombre``, ``campana_tipo``, ``campana_tema``, ``campana_anio``,
  ``campana_inicio``, ``campana_fin``, ``campana_clave``, ``autoridad_clave``.

Las fechas van como fecha de Excel con formato dd/mm/aaaa y los montos como número con dos
decimales, que es como los recibe la carga masiva del SIPOT.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import plantillas
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar
from modelos import Campana, Contrato, Factura

CARPETA = Path(plantillas.__file__).parent / "transparencia"
AREA = "Dirección de Comunicación Social"
FILAS = ("programa", "contratos", "tiempos")
FORMATO_FECHA = "dd/mm/yyyy"
FORMATO_MONTO = "#,##0.00"
_TIEMPOS = ("tiempo oficial", "tiempos oficiales", "tiempo de estado", "tiempo fiscal")
# Palabra del concepto → tipo de medio (catálogo del SIPOT). El primero que aparece gana.
_MEDIOS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("radio", "spot", "radiodifus"), "Radio"),
    (("television", "televisora", " tv", "canal de tv"), "Televisión"),
    (("espectacular", "panoramic", "valla", "parabus"), "Espectaculares"),
    (("cine",), "Cine"),
    (("internet", "redes sociales", "facebook", "digital", "portal", "pagina web", "sitio web", "youtube"), "Internet"),
    (("impres", "lona", "periodico", "revista", "volante", "cartel", "poster", "folleto", "diario", "triptico",
      "gaceta", "inserci"), "Medios impresos"),
)


@dataclass(frozen=True)
class Hoja:
    hoja: str
    titulo: str
    nombre_corto: str
    filas: str
    columnas: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Formato:
    clave: str
    nombre: str
    hojas: tuple[Hoja, ...]


class FormatoInvalido(ValueError):
    """Un archivo de formato mal escrito: lo lee quien lo editó."""


def _leer(ruta: Path) -> Formato:
    try:
        datos = tomllib.loads(ruta.read_text(encoding="utf-8"))
        hojas = []
        for h in datos["hojas"]:
            if h["filas"] not in FILAS:
                raise FormatoInvalido(f"{ruta.name}: la hoja «{h['hoja']}» tiene filas «{h['filas']}»; son {FILAS}")
            if len(h["hoja"]) > 31:
                raise FormatoInvalido(f"{ruta.name}: el nombre de hoja «{h['hoja']}» pasa de 31 caracteres")
            columnas = tuple((str(c[0]), str(c[1])) for c in h["columnas"])
            desconocidos = [c for _, c in columnas if not c.startswith("=") and c not in CAMPOS]
            if desconocidos:
                raise FormatoInvalido(f"{ruta.name}: campos que no conozco: {', '.join(desconocidos)}")
            hojas.append(Hoja(h["hoja"], h["titulo"], h.get("nombre_corto", ""), h["filas"], columnas))
        return Formato(datos.get("clave", ruta.stem), datos["nombre"], tuple(hojas))
    except (KeyError, IndexError, TypeError, tomllib.TOMLDecodeError) as error:
        raise FormatoInvalido(f"{ruta.name}: {error}") from error


@lru_cache(maxsize=8)
def formatos(carpeta: Path = CARPETA) -> dict[str, Formato]:
    """Los formatos instalados, por clave (el nombre del archivo sin ``.toml``)."""
    return {r.stem: _leer(r) for r in sorted(carpeta.glob("*.toml"))}


def formato_por_omision(estado: str) -> str:
    """El del estado de ``ASISTENTE_ESTADO`` si hay un archivo para él; si no, el general."""
    abreviatura = normalizar(estado).replace(".", "").replace(" ", "")
    return abreviatura if abreviatura in formatos() else "general"


def elegir_formato(texto: str, estado: str) -> Formato:
    clave = normalizar(texto) or formato_por_omision(estado)
    disponibles = formatos()
    if clave not in disponibles:
        raise ErrorDeUsuario(f"No hay un formato «{texto.strip()}». Los formatos son: {', '.join(disponibles)}.")
    return disponibles[clave]


# --- el trimestre -------------------------------------------------------------------------------------
def trimestre(n: int, anio: int) -> tuple[date, date]:
    inicio = date(anio, 3 * n - 2, 1)
    fin = date(anio + (n == 4), (3 * n) % 12 + 1, 1).toordinal() - 1
    return inicio, date.fromordinal(fin)


def es_tiempo_oficial(concepto: str) -> bool:
    t = normalizar(concepto)
    return any(p in t for p in _TIEMPOS)


def tipo_de_medio(concepto: str) -> str:
    t = " " + normalizar(concepto)
    return next((medio for palabras, medio in _MEDIOS if any(p in t for p in palabras)), "Otro")


def _partida(medio: str) -> tuple[str, str, str, str]:
    """(partida genérica, su nombre, concepto, su nombre) del Clasificador por Objeto del Gasto (CONAC)."""
    if medio == "Medios impresos":
        return ("336", "Servicios de apoyo administrativo, traducción, fotocopiado e impresión", "3300",
                "Servicios profesionales, científicos, técnicos y otros servicios")
    if medio == "Internet":
        return ("366", "Servicio de creación y difusión de contenido exclusivamente a través de Internet", "3600",
                "Servicios de comunicación social y publicidad")
    return ("361", "Difusión por radio, televisión y otros medios de mensajes sobre programas y actividades "
            "gubernamentales", "3600", "Servicios de comunicación social y publicidad")


def _partes_del_nombre(proveedor: str, moral: bool) -> tuple[str, str, str]:
    if moral:
        return "", "", ""
    palabras = proveedor.split()
    if len(palabras) < 3:
        return proveedor, "", ""
    return " ".join(palabras[:-2]), palabras[-2], palabras[-1]


@dataclass
class Contexto:
    anio: int
    inicio: date
    fin: date
    hoy: date
    sujeto: str
    ambito: str


def _comunes(c: Contexto) -> dict[str, Any]:
    return {
        "ejercicio": c.anio, "periodo_inicio": c.inicio, "periodo_fin": c.fin, "fecha_validacion": c.hoy,
        "fecha_actualizacion": c.hoy, "area_responsable": AREA, "sujeto_obligado": c.sujeto, "ambito": c.ambito,
        "nota": "",
    }


def _fila_programa(c: Contexto, campanas: list[Campana]) -> dict[str, Any]:
    nombres = "; ".join(f"{k.nombre} ({k.tipo})" for k in campanas)
    return _comunes(c) | {
        "programa_denominacion": f"Programa Anual de Comunicación Social {c.anio}",
        "programa_aprobado": None, "programa_hipervinculo": "",
        "nota": (f"Campañas y avisos del ejercicio: {nombres}." if nombres else
                 "No se registraron campañas ni avisos institucionales en el ejercicio.")
        + " La fecha de aprobación y el hipervínculo los agrega el sujeto obligado.",
    }


def _fila_contrato(c: Contexto, contrato: Contrato, campana: Campana, facturas: list[Factura]) -> dict[str, Any]:
    medio = tipo_de_medio(contrato.concepto)
    partida, partida_nombre, concepto_clave, concepto_nombre = _partida(medio)
    moral = len(contrato.rfc) == 12
    nombre, primero, segundo = _partes_del_nombre(contrato.proveedor, moral)
    pagadas = [f for f in facturas if f.fecha <= c.fin]
    tiempo = normalizar(contrato.concepto)
    return _comunes(c) | {
        "id": contrato.id, "numero": contrato.numero, "concepto": contrato.concepto, "firmado": contrato.firmado,
        "monto": contrato.monto, "iva": contrato.iva, "pagado": sum((f.monto for f in pagadas), Decimal("0.00")),
        "facturas": ", ".join(f.folio for f in pagadas),
        "proveedor": contrato.proveedor, "razon_social": contrato.proveedor if moral else "",
        "proveedor_nombre": nombre, "proveedor_primer_apellido": primero, "proveedor_segundo_apellido": segundo,
        "rfc": contrato.rfc,
        "fundamento": "Adjudicación directa conforme a la normativa de adquisiciones aplicable al municipio",
        "razones": "Cobertura y audiencia del medio en el municipio",
        "tipo_servicio": contrato.concepto, "tipo_medio": medio,
        "clasificacion_servicio": ("Erogación de recursos por contratación de servicios de impresión, difusión y "
                                   "publicidad" if medio == "Medios impresos"
                                   else "Servicio de difusión en medios de comunicación"),
        "descripcion_unidad": "Servicio",
        "partida": partida, "partida_nombre": partida_nombre, "concepto_clave": concepto_clave,
        "concepto_nombre": concepto_nombre,
        "tiempo_tipo": "Tiempo fiscal" if "fiscal" in tiempo else "Tiempo de Estado",
        "campana_nombre": campana.nombre, "campana_tipo": "Campaña" if campana.tipo == "campaña" else "Aviso institucional",
        "campana_tema": campana.tema, "campana_anio": campana.inicio.year, "campana_inicio": campana.inicio,
        "campana_fin": campana.fin, "campana_clave": "", "autoridad_clave": "",
    }


CAMPOS = frozenset(
    _fila_programa(Contexto(2026, date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1), "", ""), [])
) | {
    "id", "numero", "concepto", "firmado", "monto", "iva", "pagado", "facturas", "proveedor", "razon_social",
    "proveedor_nombre", "proveedor_primer_apellido", "proveedor_segundo_apellido", "rfc", "fundamento", "razones",
    "tipo_servicio", "tipo_medio", "clasificacion_servicio", "descripcion_unidad", "partida", "partida_nombre",
    "concepto_clave", "concepto_nombre", "tiempo_tipo", "campana_nombre", "campana_tipo", "campana_tema",
    "campana_anio", "campana_inicio", "campana_fin", "campana_clave", "autoridad_clave",
}


@dataclass(frozen=True)
class Trimestre:
    """Lo que se reporta: las filas de cada tipo, ya con sus campos."""

    filas: dict[str, list[dict[str, Any]]]

    def cuantos(self, tipo: str) -> int:
        return len(self.filas.get(tipo, []))


def reunir(session: Session, espacio_id: int, n: int, anio: int, hoy: date, sujeto: str, ambito: str) -> Trimestre:
    """Los registros del trimestre: los contratos firmados hasta su fin que se firmaron en él, cuya
    campaña corre en él o que tienen facturas en él (los de tiempos oficiales aparte)."""
    inicio, fin = trimestre(n, anio)
    c = Contexto(anio, inicio, fin, hoy, sujeto, ambito)
    campanas = {k.id: k for k in session.scalars(select(Campana).where(Campana.espacio_id == espacio_id))}
    del_anio = sorted((k for k in campanas.values() if k.inicio.year <= anio <= k.fin.year), key=lambda k: (k.inicio, k.id))
    facturas: dict[int, list[Factura]] = {}
    for f in session.scalars(select(Factura).where(Factura.espacio_id == espacio_id).order_by(Factura.fecha, Factura.id)):
        facturas.setdefault(f.contrato_id, []).append(f)
    contratos: list[dict[str, Any]] = []
    tiempos: list[dict[str, Any]] = []
    for contrato in session.scalars(select(Contrato).where(Contrato.espacio_id == espacio_id, Contrato.firmado <= fin)
                                    .order_by(Contrato.firmado, Contrato.id)):
        campana = campanas[contrato.campana_id]
        suyas = facturas.get(contrato.id, [])
        activo = (contrato.firmado >= inicio or campana.fin >= inicio
                  or any(inicio <= f.fecha <= fin for f in suyas))
        if not activo:
            continue
        fila = _fila_contrato(c, contrato, campana, suyas)
        (tiempos if es_tiempo_oficial(contrato.concepto) else contratos).append(fila)
    return Trimestre({"programa": [_fila_programa(c, del_anio)], "contratos": contratos, "tiempos": tiempos})


def valor_de(campo: str, fila: dict[str, Any]) -> Any:
    """Lo que va en la celda: un texto fijo («=…») o el campo de la fila."""
    if campo.startswith("="):
        return campo[1:]
    return fila.get(campo, "")


def escribir_xlsx(formato: Formato, datos: Trimestre, ruta: Path, titulo: str) -> None:
    """Una hoja por cada hoja del formato: título y nombre corto, encabezados en la fila 2, datos desde la 3."""
    from openpyxl import Workbook  # al escribir, no al arrancar el servidor
    from openpyxl.styles import Alignment, Font

    libro = Workbook()
    libro.remove(libro.active)  # type: ignore[arg-type]
    for hoja in formato.hojas:
        h = libro.create_sheet(hoja.hoja)
        h.append([f"{hoja.titulo} — {titulo}", hoja.nombre_corto])
        h["A1"].font = Font(bold=True)
        h.append([encabezado for encabezado, _ in hoja.columnas])
        for celda in h[2]:
            celda.font = Font(bold=True)
            celda.alignment = Alignment(wrap_text=True, vertical="top")
        for fila in datos.filas[hoja.filas]:
            h.append([_celda(valor_de(campo, fila)) for _, campo in hoja.columnas])
            for celda in h[h.max_row]:
                if isinstance(celda.value, Decimal | float):
                    celda.number_format = FORMATO_MONTO
                elif isinstance(celda.value, date):
                    celda.number_format = FORMATO_FECHA
        h.freeze_panes = "A3"
        for i in range(1, len(hoja.columnas) + 1):
            h.column_dimensions[h.cell(2, i).column_letter].width = 24
    libro.properties.title = titulo
    libro.save(ruta)


def _celda(valor: Any) -> Any:
    if isinstance(valor, Decimal):
        return float(valor)  # openpyxl guarda un número; dos decimales exactos en la celda con su formato
    return valor
