"""El acta de entrega-recepción del archivo de Comunicación Social, en PDF (reportlab)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from asistente.boletines.pdf import LETRA, LETRA_NEGRITA, registrar_fuentes
from asistente.fechas.palabras import fecha_en_palabras
from asistente.transparencia.clasificacion import Cuadro


@dataclass(frozen=True)
class ResumenDeSerie:
    codigo: str
    nombre: str
    expedientes: int
    archivos: int
    tamanio: int


@dataclass(frozen=True)
class DatosDelActa:
    municipio: str
    estado: str
    cuando: datetime  # local
    cuadro: Cuadro
    series: list[ResumenDeSerie]
    archivos: int
    tamanio: int
    anios: list[int]
    sha_manifiesto: str


def _megas(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB"


def escribir_acta(datos: DatosDelActa, ruta: Path) -> None:
    registrar_fuentes()
    base = ParagraphStyle("acta", fontName=LETRA, fontSize=10.5, leading=14.5, spaceAfter=7)
    titulo = ParagraphStyle("titulo", parent=base, fontName=LETRA_NEGRITA, fontSize=13, leading=17, alignment=1)
    lugar = ", ".join(p for p in (datos.municipio, datos.estado) if p) or "el municipio"
    dia = fecha_en_palabras(datos.cuando.date(), con_anio=True)
    if len(datos.anios) > 1:
        anios = f"de los años {datos.anios[0]} a {datos.anios[-1]}"
    else:
        anios = f"del año {datos.anios[0]}" if datos.anios else "sin años registrados"
    partes = [
        Paragraph(escape(datos.cuadro.fondo), titulo),
        Paragraph("ACTA DE ENTREGA-RECEPCIÓN DEL ARCHIVO DE COMUNICACIÓN SOCIAL", titulo),
        Spacer(1, 0.4 * cm),
        Paragraph(escape(
            f"En {lugar}, el {dia} a las {datos.cuando:%H:%M} horas, con fundamento en la Ley General de Archivos "
            f"(arts. 12, 13 y 30) y en la normativa de entrega-recepción de la administración pública municipal, "
            f"la sección {datos.cuadro.seccion} ({datos.cuadro.seccion_clave}) del fondo {datos.cuadro.fondo} "
            f"({datos.cuadro.fondo_clave}) hace entrega del archivo documental electrónico a su cargo, {anios}, con sus inventarios documentales y su cuadro general de clasificación archivística."), base),
        Paragraph(escape(
            f"Se entregan {datos.archivos:,} archivos ({_megas(datos.tamanio)}) organizados en las series siguientes:"),
            base),
    ]
    filas = [["Código", "Serie", "Expedientes", "Archivos", "Tamaño"]]
    filas += [[s.codigo, Paragraph(escape(s.nombre), base), f"{s.expedientes:,}", f"{s.archivos:,}", _megas(s.tamanio)]
              for s in datos.series]
    tabla = Table(filas, colWidths=[3.6 * cm, 6.4 * cm, 2.4 * cm, 2.2 * cm, 2.4 * cm], repeatRows=1)
    tabla.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), LETRA, 9), ("FONT", (0, 0), (-1, 0), LETRA_NEGRITA, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, "#888888"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
    ]))
    partes += [
        tabla, Spacer(1, 0.4 * cm),
        Paragraph(escape(
            "La integridad de cada archivo se comprueba con el manifiesto manifiesto.sha256 (SHA-256 de cada "
            "archivo, en el formato de sha256sum: desde la carpeta de la entrega, «sha256sum -c manifiesto.sha256»). "
            f"El SHA-256 de las líneas del manifiesto que cubren archivos e inventarios (todas menos la de esta acta) "
            f"es {datos.sha_manifiesto}."), base),
        Paragraph("Los inventarios documentales, uno por año, van en la carpeta «inventarios» en formato XLSX.", base),
        Spacer(1, 1.6 * cm),
    ]
    firmas = Table([["_____________________________", "_____________________________"],
                    ["Entrega", "Recibe"], ["Nombre, cargo y firma", "Nombre, cargo y firma"]],
                   colWidths=[8 * cm, 8 * cm])
    firmas.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), LETRA, 10), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    partes += [firmas, Spacer(1, 1.2 * cm),
               Table([["_____________________________"], ["Testigo (Órgano Interno de Control)"]], colWidths=[8 * cm],
                     style=TableStyle([("FONT", (0, 0), (-1, -1), LETRA, 10), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))]
    doc = SimpleDocTemplate(str(ruta), pagesize=LETTER, leftMargin=2.2 * cm, rightMargin=2.2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, title="Acta de entrega-recepción",
                            author=datos.cuadro.fondo)
    doc.build(partes)
