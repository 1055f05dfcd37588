"""El PDF de un informe (reportlab): portada con las cifras, las gráficas, las metas con su semáforo y
la evidencia (números de documento, números de evento y una foto por evento destacado). El texto es
texto (se puede copiar y buscar); la letra, DejaVu con acentos."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from asistente.boletines.pdf import LETRA, LETRA_NEGRITA, registrar_fuentes
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.texto import cuantos
from asistente.resultados.cifras import Cifras
from asistente.resultados.metas import color_de

MARGEN = 1.8 * cm
ANCHO_UTIL = LETTER[0] - 2 * MARGEN
OSCURO = colors.HexColor("#333333")  # gris neutro: un informe institucional no lleva el color de un partido
MAX_EVENTOS_EN_PDF = 60

_TITULOS = {
    "eventos": "Eventos por semana", "cobertura": "Cobertura de los eventos", "documentos": "Documentos emitidos",
    "archivos": "Fotos y archivos", "publicaciones": "Publicaciones por canal", "notas": "Notas en medios por tono",
    "metas": "Metas del programa anual",
}


def _estilos() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=LETRA, fontSize=9.5, leading=12.5, spaceAfter=4)
    return {
        "base": base,
        "titulo": ParagraphStyle("titulo", parent=base, fontName=LETRA_NEGRITA, fontSize=17, leading=21, textColor=OSCURO),
        "subtitulo": ParagraphStyle("subtitulo", parent=base, fontSize=11, leading=14, textColor=colors.HexColor("#555555")),
        "seccion": ParagraphStyle("seccion", parent=base, fontName=LETRA_NEGRITA, fontSize=12.5, leading=16,
                                  textColor=OSCURO, spaceBefore=10, spaceAfter=6),
        "celda": ParagraphStyle("celda", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "pie": ParagraphStyle("pie", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
    }


def _tabla(filas: list[list[Any]], anchos: list[float], estilo_extra: list[tuple[Any, ...]] | None = None) -> Table:
    tabla = Table(filas, colWidths=anchos, repeatRows=1)
    tabla.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), LETRA), ("FONTNAME", (0, 0), (-1, 0), LETRA_NEGRITA),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5), ("BACKGROUND", (0, 0), (-1, 0), OSCURO),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white), ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bdbdbd")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f6f6")]),
        *(estilo_extra or []),
    ]))
    return tabla


def _imagen(ruta: Path, ancho_max: float, alto_max: float) -> Image:
    from PIL import Image as ImagenPIL

    with ImagenPIL.open(ruta) as im:
        ancho, alto = im.size
    escala = min(ancho_max / ancho, alto_max / alto)
    return Image(str(ruta), width=ancho * escala, height=alto * escala)


def _fecha(momento: datetime, tz: ZoneInfo) -> str:
    return f"{momento.astimezone(tz):%d/%m/%Y}"


def escribir_pdf(c: Cifras, graficas: dict[str, Path], destino: Path, tz: ZoneInfo, municipio: str = "") -> Path:
    registrar_fuentes()
    e = _estilos()
    p = c.periodo
    historia: list[Flowable] = []
    encabezado = f"H. Ayuntamiento de {municipio} · Comunicación Social" if municipio else "Comunicación Social"
    historia += [Paragraph(escape(encabezado), e["subtitulo"]), Paragraph(escape(c.titulo), e["titulo"])]
    corte = " (a la fecha)" if p.en_curso else ""
    historia.append(Paragraph(escape(f"Del {fecha_en_palabras(p.desde.astimezone(tz).date(), True)} al "
                                     f"{fecha_en_palabras(p.corte.astimezone(tz).date(), True)}{corte}."), e["subtitulo"]))
    historia.append(Spacer(1, 8))
    tasa = f"{c.tasa_cobertura:.1f} %" if c.tasa_cobertura is not None else "—"
    resumen: list[list[Any]] = [["Cifra", "Valor"], ["Eventos", c.eventos], ["Eventos cubiertos", f"{c.cubiertos} ({tasa})"],
               ["Eventos cancelados", c.cancelados], ["Documentos emitidos", c.documentos], ["Fotos archivadas", c.fotos],
               ["Archivos en el banco", c.archivos], ["Publicaciones en canales oficiales", c.publicaciones]]
    historia.append(_tabla(resumen, [9 * cm, 5 * cm]))
    if c.vacio:
        historia.append(Spacer(1, 8))
        historia.append(Paragraph("No hay actividad registrada en este periodo.", e["base"]))

    for nombre, ruta in graficas.items():
        if nombre == "metas" and c.dependencia:
            continue
        historia.append(KeepTogether([Paragraph(_TITULOS.get(nombre, nombre), e["seccion"]),
                                      _imagen(ruta, ANCHO_UTIL, 8 * cm)]))

    if c.metas:
        historia.append(Paragraph("Avance de las metas", e["seccion"]))
        filas: list[list[Any]] = [["ID", "Meta", "Regla", "Anual", "Planeado", "Hecho", "Avance"]]
        extra: list[tuple[Any, ...]] = []
        for i, a in enumerate(c.metas, start=1):
            porcentaje = f"● {a.porcentaje:.0f} %" if a.porcentaje is not None else "—"
            filas.append([a.meta.id, Paragraph(escape(a.meta.nombre), e["celda"]), a.meta.regla, a.meta.meta_anual,
                          f"{a.planeado:g}", a.hecho, porcentaje])
            extra.append(("TEXTCOLOR", (6, i), (6, i), colors.HexColor(color_de(a.porcentaje))))
        historia.append(_tabla(filas, [1 * cm, 6.2 * cm, 3 * cm, 1.6 * cm, 1.8 * cm, 1.6 * cm, 2 * cm], extra))

    if c.lista_documentos:
        historia.append(Paragraph(f"Documentos emitidos ({len(c.lista_documentos)})", e["seccion"]))
        filas = [["Documento", "Fecha", "Titular", "Evento"]]
        for d in c.lista_documentos:
            filas.append([d.encabezado, _fecha(d.fecha, tz), Paragraph(escape(d.titular), e["celda"]),
                          f"#{d.evento}" if d.evento else ""])
        historia.append(_tabla(filas, [4.2 * cm, 2 * cm, 9.6 * cm, 1.6 * cm]))

    if c.lista_eventos:
        vistos = c.lista_eventos[:MAX_EVENTOS_EN_PDF]
        historia.append(Paragraph(f"Eventos ({len(c.lista_eventos)})", e["seccion"]))
        filas = [["Evento", "Fecha", "Título", "Dependencia", "Fotos"]]
        for ev in vistos:
            filas.append([f"#{ev.numero}", _fecha(ev.inicio, tz), Paragraph(escape(ev.titulo), e["celda"]),
                          Paragraph(escape(ev.dependencia), e["celda"]), ev.fotos])
        historia.append(_tabla(filas, [1.6 * cm, 2 * cm, 8 * cm, 4.4 * cm, 1.4 * cm]))
        if len(c.lista_eventos) > len(vistos):
            historia.append(Paragraph(f"… y {len(c.lista_eventos) - len(vistos)} eventos más: la lista completa, con sus "
                                      "números, está en la hoja de cálculo del informe.", e["pie"]))

    if c.destacados:
        historia.append(Paragraph("Eventos destacados", e["seccion"]))
        for destacado in c.destacados:
            ev = destacado.evento
            foto = destacado.foto
            texto = Paragraph(escape(f"Evento #{ev.numero} · {_fecha(ev.inicio, tz)} · {ev.titulo}"
                                     + (f" · {ev.dependencia}" if ev.dependencia else "") + f" · {cuantos(ev.fotos, 'foto')}"),
                              e["base"])
            bloque: list[Flowable] = [texto]
            if foto is not None:
                try:
                    bloque.append(_imagen(foto.ruta, 9 * cm, 6.5 * cm))
                except OSError:
                    pass
                credito = f"Foto: {foto.credito}" if foto.credito else ""
                if foto.pie or credito:
                    bloque.append(Paragraph(escape(" — ".join(x for x in (foto.pie, credito) if x)), e["pie"]))
            bloque.append(Spacer(1, 6))
            historia.append(KeepTogether(bloque))

    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.name}.tmp")
    documento = SimpleDocTemplate(str(temporal), pagesize=LETTER, leftMargin=MARGEN, rightMargin=MARGEN,
                                  topMargin=MARGEN, bottomMargin=MARGEN, title=c.titulo, author="Comunicación Social")
    documento.build(historia)
    temporal.replace(destino)
    return destino
