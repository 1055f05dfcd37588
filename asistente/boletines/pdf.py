"""El PDF de un boletín, con reportlab (platypus).

La letra es DejaVu Sans, incrustada desde ``plantillas/fuentes/`` para que acentos, ñ, ¿ y ¡ se vean
igual en cualquier computadora. Las fotos se pasan a reportlab por su ruta: un JPEG (la copia de
1600 px del archivo) se incrusta tal cual, sin volver a codificarlo.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

import plantillas.fuentes
from asistente.boletines.presentacion import FotoBoletin, VistaBoletin

registro_log = logging.getLogger("asistente.boletines.pdf")

# Sin esto reportlab pasa cada JPEG por ASCII85 en Python puro (sin su extensión en C): ~0.5 s por foto
# de 1600 px y un PDF 25 % más grande. Binario es PDF válido y el JPEG queda incrustado tal cual.
rl_config.useA85 = 0

LETRA = "DejaVuSans"
LETRA_NEGRITA = "DejaVuSans-Bold"
MARGEN = 2.2 * cm
ANCHO_UTIL = LETTER[0] - 2 * MARGEN
GRIS = colors.HexColor("#555555")


def carpeta_de_fuentes() -> Path:
    return Path(plantillas.fuentes.__file__).parent


def registrar_fuentes() -> None:
    """Registra DejaVu Sans (normal y negrita) una sola vez por proceso."""
    if LETRA in pdfmetrics.getRegisteredFontNames():
        return
    carpeta = carpeta_de_fuentes()
    pdfmetrics.registerFont(TTFont(LETRA, str(carpeta / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(LETRA_NEGRITA, str(carpeta / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(LETRA, normal=LETRA, bold=LETRA_NEGRITA, italic=LETRA, boldItalic=LETRA_NEGRITA)


def _estilos(color: str = "#333333") -> dict[str, ParagraphStyle]:
    """Los estilos del boletín; el membrete va en el color institucional (``ASISTENTE_COLOR``, gris por
    omisión: nunca el color de un partido sin que la oficina lo elija)."""
    base = ParagraphStyle("base", fontName=LETRA, bulletFontName=LETRA, fontSize=11, leading=15.5, spaceAfter=8)
    return {
        "membrete": ParagraphStyle("membrete", parent=base, fontName=LETRA_NEGRITA, fontSize=12.5, leading=16,
                                   textColor=colors.HexColor(color), spaceAfter=0),
        "lema": ParagraphStyle("lema", parent=base, fontSize=9.5, leading=12, textColor=GRIS, spaceAfter=0),
        "numero": ParagraphStyle("numero", parent=base, fontName=LETRA_NEGRITA, fontSize=11, spaceBefore=10),
        "titular": ParagraphStyle("titular", parent=base, fontName=LETRA_NEGRITA, fontSize=16, leading=20,
                                  spaceBefore=6, spaceAfter=10),
        "vineta": ParagraphStyle("vineta", parent=base, leftIndent=14, bulletIndent=2, spaceAfter=3),
        "cuerpo": ParagraphStyle("cuerpo", parent=base, alignment=4),  # justificado
        "pie": ParagraphStyle("pie", parent=base, fontSize=8.5, leading=11, textColor=GRIS, spaceAfter=0),
        "cierre": ParagraphStyle("cierre", parent=base, alignment=TA_CENTER, spaceBefore=12),
    }


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _marcado(texto: str) -> str:
    """Texto de usuario como marcado de reportlab: sin caracteres de control y con ``<``, ``&`` escapados."""
    return escape(_CONTROL.sub("", texto)).replace("\n", "<br/>")


def _p(texto: str, estilo: ParagraphStyle) -> Paragraph:
    return Paragraph(_marcado(texto), estilo)


class _CanvasNumerado(Canvas):
    """Pone «Página N de M» y la marca de borrador en cada hoja (M se conoce al final)."""

    folio = ""
    encabezado = ""
    marca = ""
    pie: tuple[str, ...] = ()  # domicilio y contacto de la oficina

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = LETRA  # que ninguna hoja declare Helvetica sin incrustar
        super().__init__(*args, **kwargs)
        self._hojas: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (nombre de reportlab)
        self._hojas.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._hojas)
        for hoja in self._hojas:
            self.__dict__.update(hoja)
            self._pie(total)
            super().showPage()
        super().save()

    def _pie(self, total: int) -> None:
        self.saveState()
        self.setFont(LETRA, 8.5)
        self.setFillColor(GRIS)
        for i, linea in enumerate(self.pie):
            self.drawCentredString(LETTER[0] / 2, (1.55 - 0.38 * i) * cm, linea)
        altura = 0.7 if self.pie else 1.2
        self.drawRightString(LETTER[0] - MARGEN, altura * cm, f"{self.encabezado} · Página {self._pageNumber} de {total}")
        if self.marca:
            self.setFont(LETRA_NEGRITA, 9)
            self.setFillColor(colors.HexColor("#b00020"))
            self.drawString(MARGEN, LETTER[1] - 1.2 * cm, self.marca)
        self.restoreState()


def _membrete(v: "VistaBoletin", logo: Path | None, estilos: dict[str, ParagraphStyle]) -> Flowable:
    lineas = [_p(linea, estilos["membrete"]) for linea in v.membrete]
    if v.lema:
        lineas.append(_p(v.lema, estilos["lema"]))
    if logo is None:
        return KeepTogether(lineas)
    try:
        imagen = _imagen(logo, 2.6 * cm, 2.6 * cm)
    except Exception:
        registro_log.warning("no se pudo usar el logotipo %s", logo, exc_info=True)
        return KeepTogether(lineas)
    tabla = Table([[imagen, lineas]], colWidths=[3.0 * cm, ANCHO_UTIL - 3.0 * cm])
    tabla.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("FONTNAME", (0, 0), (-1, -1), LETRA)]))
    return tabla


def _imagen(ruta: Path, ancho_max: float, alto_max: float) -> Image:
    """Una imagen escalada dentro de la caja, sin decodificarla entera (solo lee el encabezado)."""
    from PIL import Image as ImagenPIL

    with ImagenPIL.open(ruta) as im:
        ancho, alto = im.size
        formato = im.format
    if formato not in ("JPEG", "PNG"):
        raise ValueError(f"formato {formato} no soportado en el PDF")
    escala = min(ancho_max / ancho, alto_max / alto)
    return Image(str(ruta), width=ancho * escala, height=alto * escala)


def _fotos(fotos: list["FotoBoletin"], estilos: dict[str, ParagraphStyle]) -> list[Flowable]:
    celdas: list[Any] = []
    ancho = (ANCHO_UTIL - 0.6 * cm) / 2
    for foto in fotos[:4]:
        try:
            imagen = _imagen(foto.ruta, ancho, 6.5 * cm)
        except Exception:
            registro_log.warning("foto omitida del PDF: %s", foto.ruta, exc_info=True)
            continue
        celdas.append([imagen, Spacer(1, 3), _p(foto.leyenda, estilos["pie"])])
    if not celdas:
        return []
    if len(celdas) % 2:
        celdas.append("")
    filas = [celdas[i:i + 2] for i in range(0, len(celdas), 2)]
    tabla = Table(filas, colWidths=[ancho + 0.3 * cm] * 2)
    tabla.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), LETRA),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]))
    return [Spacer(1, 8), tabla]


def generar_pdf(v: "VistaBoletin", destino: Path, logo: Path | None = None) -> Path:
    """Escribe el PDF del boletín en ``destino`` y devuelve la ruta."""
    registrar_fuentes()
    estilos = _estilos(v.color)
    historia: list[Flowable] = [_membrete(v, logo, estilos)]
    historia.append(_p(v.encabezado, estilos["numero"]))
    historia.append(_p(v.titular, estilos["titular"]))
    for punto in v.resumen:
        historia.append(Paragraph(_marcado(punto), estilos["vineta"], bulletText="•"))
    if v.resumen:
        historia.append(Spacer(1, 8))
    for i, parrafo in enumerate(v.parrafos or [""]):
        texto = _marcado(parrafo)
        if i == 0:
            texto = f"<b>{_marcado(v.dateline)}</b> {texto}"
        historia.append(Paragraph(texto, estilos["cuerpo"]))
    historia += _fotos(v.fotos, estilos)
    # La marca de cierre nunca queda sola en una hoja nueva: viaja con lo último del boletín.
    historia.append(KeepTogether([historia.pop(), _p(v.cierre, estilos["cierre"])]))

    marca = {"borrador": "BORRADOR — sin aprobar, no difundir", "cancelado": "CANCELADO"}.get(v.estado, "")
    lienzo = type("Lienzo", (_CanvasNumerado,), {"folio": v.folio, "encabezado": v.encabezado, "marca": marca,
                                                "pie": tuple(v.pie)})
    documento = SimpleDocTemplate(
        str(destino), pagesize=LETTER, leftMargin=MARGEN, rightMargin=MARGEN, topMargin=MARGEN,
        bottomMargin=MARGEN, title=v.encabezado, author=v.autor, subject=v.titular,
        creator="Asistente de Comunicación Social", lang="es-MX",
    )
    documento.build(historia, canvasmaker=lienzo)
    return destino
