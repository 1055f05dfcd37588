"""La síntesis informativa en PDF (reportlab, con la letra y los estilos de los boletines)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from asistente.archivo.documentos import guardar_documento
from asistente.boletines.pdf import MARGEN, _estilos, _marcado, registrar_fuentes
from asistente.monitoreo.sintesis import Sintesis, dia_en_palabras
from asistente.nucleo.config import Config

ETIQUETAS = {"positiva": "Positivas", "neutral": "Neutrales", "negativa": "Negativas", "": "Sin calificar"}


def clave_de_sintesis(dia: date) -> str:
    """``sintesis/2026/sintesis-2026-03-02.pdf``: el único lugar que decide dónde va la síntesis."""
    return f"sintesis/{dia.year}/sintesis-{dia.isoformat()}.pdf"


def exportar(s: Sintesis, config: Config, hoy: date | None = None) -> Path:
    """Guarda el PDF en el almacén, en ``sintesis/2026/sintesis-2026-03-02.pdf`` (de una vez: nunca queda
    medio PDF), y devuelve su ruta local. ``hoy``: el día de quien lo pide (el título lleva el año si la
    síntesis es de otro)."""
    return guardar_documento(config, clave_de_sintesis(s.dia),
                             lambda ruta: generar(s, ruta, config.municipio, config.color, hoy))


def generar(s: Sintesis, destino: Path, municipio: str, color: str = "#333333", hoy: date | None = None) -> Path:
    """El PDF de la síntesis; los encabezados en el color institucional (``ASISTENTE_COLOR``)."""
    registrar_fuentes()
    estilos = _estilos(color)
    historia: list[Flowable] = [
        Paragraph(_marcado(f"H. Ayuntamiento de {municipio}" if municipio else "Comunicación Social"),
                  estilos["membrete"]),
        Paragraph(_marcado(f"Síntesis informativa — {dia_en_palabras(s.dia, hoy or s.dia)}"), estilos["titular"]),
    ]
    filas = [[ETIQUETAS[t] for t in ETIQUETAS], [str(s.tonos.get(t, 0)) for t in ETIQUETAS]]
    tabla = Table(filas)
    tabla.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"), ("TEXTCOLOR", (0, 0), (-1, 0), colors.HexColor(color)),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    historia += [tabla, Spacer(1, 10)]
    if not s.temas:
        historia.append(Paragraph("No se registraron notas.", estilos["cuerpo"]))
    for tema, notas in s.temas:
        historia.append(Paragraph(_marcado(f"{tema.capitalize()} ({len(notas)})"), estilos["numero"]))
        for n in notas:
            tono = f" [{n.tono}]" if n.tono else ""
            texto = f"<b>{_marcado(n.medio)}</b>: {_marcado(n.titular)}{_marcado(tono)}"
            if n.url:
                texto += f' — <link href="{escape(n.url, {chr(34): "&quot;"})}">{_marcado(n.url)}</link>'
            elif n.pagina:
                texto += f" — {_marcado(n.pagina)}"
            if n.fotos:
                texto += f" — {_marcado(n.fotos)}"
            historia.append(Paragraph(texto, estilos["vineta"], bulletText="•"))
    SimpleDocTemplate(str(destino), pagesize=LETTER, leftMargin=MARGEN, rightMargin=MARGEN, topMargin=MARGEN,
                      bottomMargin=MARGEN, title=f"Síntesis informativa {s.dia.isoformat()}",
                      creator="Asistente de Comunicación Social", lang="es-MX").build(historia)
    return destino
