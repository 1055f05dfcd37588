"""El mes de la agenda como imagen (SPEC §13, ``/agenda mes``): una cuadrícula de lunes a domingo con
cada día, cuántos eventos tiene y una barra por prioridad (alta roja, media ámbar, baja verde), legible
en un teléfono. Se dibuja con matplotlib (motor Agg, sin pantalla) y la letra DejaVu que trae el
proyecto (con acentos)."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from asistente.fechas.palabras import DIAS, nombre_de_mes
from modelos import EstadoEvento, Evento

FUENTES = Path(__file__).resolve().parents[2] / "plantillas" / "fuentes"
COLORES = {"alta": "#c62828", "media": "#f9a825", "baja": "#2e7d32"}
ANCHO_PX, ALTO_PX, DPI = 1080, 1350, 150  # vertical, como la pantalla de un teléfono


@dataclass(frozen=True)
class DiaDelMes:
    dia: int
    eventos: int = 0
    cancelados: int = 0
    por_prioridad: tuple[tuple[str, int], ...] = ()


def rango_del_mes(anio: int, mes: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """``[primer día 00:00, primer día del mes siguiente 00:00)`` en la zona de la oficina."""
    siguiente = date(anio + (mes == 12), mes % 12 + 1, 1)
    return datetime(anio, mes, 1, tzinfo=tz), datetime(siguiente.year, siguiente.month, 1, tzinfo=tz)


def dias_del_mes(eventos: Sequence[Evento], anio: int, mes: int, tz: ZoneInfo) -> list[DiaDelMes]:
    """Cada día del mes con sus eventos vigentes por prioridad y sus cancelados (que no cuentan)."""
    cuentas: dict[int, dict[str, int]] = {}
    cancelados: dict[int, int] = {}
    for evento in eventos:
        dia = evento.inicio.astimezone(tz).day
        if evento.estado == EstadoEvento.CANCELADO:
            cancelados[dia] = cancelados.get(dia, 0) + 1
            continue
        por_prioridad = cuentas.setdefault(dia, {})
        por_prioridad[evento.prioridad] = por_prioridad.get(evento.prioridad, 0) + 1
    return [
        DiaDelMes(dia, sum(cuentas.get(dia, {}).values()), cancelados.get(dia, 0),
                  tuple((p, cuentas[dia][p]) for p in COLORES if cuentas.get(dia, {}).get(p)))
        for dia in range(1, calendar.monthrange(anio, mes)[1] + 1)
    ]


def dibujar_mes(dias: list[DiaDelMes], anio: int, mes: int, hoy: date, destino: Path, titulo: str) -> Path:
    """La imagen PNG del mes en ``destino`` (se reemplaza de una vez: nunca queda a medias)."""
    # matplotlib pesa: solo se carga quien dibuja un mes, no cada proceso del asistente.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    normal = font_manager.FontProperties(fname=FUENTES / "DejaVuSans.ttf")
    negrita = font_manager.FontProperties(fname=FUENTES / "DejaVuSans-Bold.ttf")
    semanas = calendar.Calendar(firstweekday=0).monthdayscalendar(anio, mes)
    figura = Figure(figsize=(ANCHO_PX / DPI, ALTO_PX / DPI), dpi=DPI, facecolor="white")
    ejes = figura.add_axes((0.02, 0.08, 0.96, 0.80))
    ejes.set_xlim(0, 7)
    ejes.set_ylim(len(semanas), -0.5)
    ejes.axis("off")
    figura.text(0.5, 0.95, titulo, ha="center", va="center", fontproperties=negrita, fontsize=17)
    total = sum(d.eventos for d in dias)
    figura.text(0.5, 0.91, f"{total} evento{'s' if total != 1 else ''}", ha="center", va="center",
                fontproperties=normal, fontsize=11, color="#444444")
    for columna, nombre in enumerate(DIAS):
        ejes.text(columna + 0.5, -0.25, nombre[:3].capitalize(), ha="center", va="center",
                  fontproperties=negrita, fontsize=10, color="#37474f")
    por_dia = {d.dia: d for d in dias}
    for fila, semana in enumerate(semanas):
        for columna, numero in enumerate(semana):
            if numero == 0:
                continue
            dia = por_dia[numero]
            es_hoy = date(anio, mes, numero) == hoy
            fondo = "#e3f2fd" if es_hoy else ("#fafafa" if columna < 5 else "#f1f1f1")
            ejes.add_patch(Rectangle((columna + 0.03, fila + 0.03), 0.94, 0.94, facecolor=fondo,
                                     edgecolor="#1565c0" if es_hoy else "#bdbdbd", linewidth=2 if es_hoy else 0.8))
            ejes.text(columna + 0.1, fila + 0.22, str(numero), ha="left", va="center", fontproperties=negrita,
                      fontsize=12, color="#212121")
            if dia.eventos:
                ejes.text(columna + 0.5, fila + 0.55, str(dia.eventos), ha="center", va="center",
                          fontproperties=negrita, fontsize=18, color="#0d47a1")
                x = columna + 0.1
                for prioridad, cuantos in dia.por_prioridad:
                    ancho = 0.8 * cuantos / dia.eventos
                    ejes.add_patch(Rectangle((x, fila + 0.8), ancho, 0.1, facecolor=COLORES[prioridad], linewidth=0))
                    x += ancho
            elif dia.cancelados:
                ejes.text(columna + 0.5, fila + 0.58, "cancelado", ha="center", va="center", fontproperties=normal,
                          fontsize=7, color="#9e9e9e")
    x = 0.5 - 0.12 * (len(COLORES) - 1)
    for prioridad in COLORES:
        figura.text(x, 0.045, f"■ {prioridad}", ha="center", va="center", fontproperties=negrita, fontsize=11,
                    color=COLORES[prioridad])
        x += 0.24
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.stem}-{uuid.uuid4().hex}.png")  # dos pedidos a la vez no se pisan
    figura.savefig(temporal, format="png", dpi=DPI, facecolor="white")
    temporal.replace(destino)
    return destino


def titulo_del_mes(anio: int, mes: int) -> str:
    return f"Agenda de {nombre_de_mes(mes)} de {anio}"
