"""Las gráficas de un informe, con matplotlib (motor Agg, sin pantalla) y la letra DejaVu del proyecto
(con acentos). Cada gráfica es una función que dibuja sobre unos ejes: la misma sirve para su imagen
en el PDF y para el tablero que se sube al chat."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from asistente.resultados.cifras import Cifras
from asistente.resultados.periodos import MESES_CORTOS
from modelos import TIPOS_DOCUMENTO

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FUENTES = Path(__file__).resolve().parents[2] / "plantillas" / "fuentes"
# Colores neutros: un informe institucional no lleva el color de un partido.
OSCURO, AZUL, GRIS = "#333333", "#1565c0", "#9e9e9e"
TONOS = {"positiva": "#2e7d32", "neutral": "#9e9e9e", "negativa": "#c62828"}
DPI = 110

Dibujo = Callable[["Axes", Cifras], None]


def _preparar() -> None:
    # matplotlib pesa: solo se carga quien dibuja un informe.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    if not getattr(_preparar, "listo", False):
        for nombre in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            font_manager.fontManager.addfont(str(FUENTES / nombre))
        _preparar.listo = True  # type: ignore[attr-defined]


def _enteros(ejes: Axes, eje: str = "y") -> None:
    from matplotlib.ticker import MaxNLocator

    (ejes.xaxis if eje == "x" else ejes.yaxis).set_major_locator(MaxNLocator(integer=True))


def _lugar(ejes: Axes, barras: int, minimo: int = 4, horizontal: bool = False) -> None:
    """Con pocas barras, que no se estiren a todo lo ancho: lugar para al menos ``minimo``."""
    if barras >= minimo:
        return
    if horizontal:
        ejes.set_ylim(minimo - 0.4, -0.6)
    else:
        ejes.set_xlim(-0.6, minimo - 0.4)


def _sin_datos(ejes: Axes, texto: str = "Sin datos en el periodo") -> None:
    ejes.text(0.5, 0.5, texto, ha="center", va="center", color=GRIS, fontsize=11, transform=ejes.transAxes)
    ejes.set_xticks([])
    ejes.set_yticks([])


def _barras(ejes: Axes, etiquetas: list[str], valores: list[int], color: str | list[str] = AZUL,
            horizontal: bool = False) -> None:
    if not any(valores):
        _sin_datos(ejes)
        return
    if horizontal:
        barras = ejes.barh(etiquetas, valores, color=color, height=0.6)
        ejes.invert_yaxis()
        _enteros(ejes, "x")
        ejes.set_xlim(0, max(valores) * 1.15)
    else:
        barras = ejes.bar(etiquetas, valores, color=color, width=0.6)
        _enteros(ejes)
        ejes.set_ylim(0, max(valores) * 1.18)
    _lugar(ejes, len(valores), horizontal=horizontal)
    ejes.bar_label(barras, fontsize=8, padding=2)
    ejes.spines[["top", "right"]].set_visible(False)


def eventos_por_semana(ejes: Axes, c: Cifras) -> None:
    ejes.set_title("Eventos por semana", fontweight="bold", fontsize=11)
    etiquetas = [f"{d.astimezone(c.periodo.desde.tzinfo):%d/%m}" for d, _ in c.semanas]
    valores = [n for _, n in c.semanas]
    if not any(valores):
        _sin_datos(ejes)
        return
    ejes.bar(range(len(valores)), valores, color=AZUL, width=0.7)
    _enteros(ejes)
    _lugar(ejes, len(valores), 6)
    paso = max(1, len(etiquetas) // 8)
    ejes.set_xticks(range(0, len(etiquetas), paso), etiquetas[::paso], fontsize=8)
    ejes.spines[["top", "right"]].set_visible(False)


def cobertura(ejes: Axes, c: Cifras) -> None:
    tasa = c.tasa_cobertura
    ejes.set_title(f"Cobertura: {tasa:.0f} % de los eventos" if tasa is not None else "Cobertura", fontweight="bold",
                   fontsize=11)
    if not c.eventos:
        _sin_datos(ejes)
        return
    etiquetas = [MESES_CORTOS[m - 1] for m, _, _ in c.meses]
    posiciones = list(range(len(etiquetas)))
    ejes.bar([p - 0.2 for p in posiciones], [e for _, e, _ in c.meses], width=0.4, color="#90caf9", label="eventos")
    ejes.bar([p + 0.2 for p in posiciones], [k for _, _, k in c.meses], width=0.4, color=AZUL, label="cubiertos")
    ejes.set_xticks(posiciones, etiquetas, fontsize=8)
    _enteros(ejes)
    _lugar(ejes, len(posiciones), 3)
    ejes.set_ylim(0, max(e for _, e, _ in c.meses) * 1.3 + 0.5)  # lugar para la leyenda arriba
    ejes.legend(fontsize=8, frameon=False, ncols=2, loc="upper center")
    ejes.spines[["top", "right"]].set_visible(False)


def documentos(ejes: Axes, c: Cifras) -> None:
    ejes.set_title(f"Documentos emitidos: {c.documentos}", fontweight="bold", fontsize=11)
    tipos = sorted(c.documentos_por_tipo.items(), key=lambda t: -t[1])
    _barras(ejes, [TIPOS_DOCUMENTO.get(t, t) for t, _ in tipos], [n for _, n in tipos], OSCURO, horizontal=True)


def archivos(ejes: Axes, c: Cifras) -> None:
    ejes.set_title(f"Fotos: {c.fotos} · archivos: {c.archivos}", fontweight="bold", fontsize=11)
    nombres = {"foto": "Fotos", "video": "Videos", "audio": "Audios", "pdf": "PDF"}
    tipos = sorted(c.archivos_por_tipo.items(), key=lambda t: -t[1])
    _barras(ejes, [nombres.get(t, t.capitalize()) for t, _ in tipos], [n for _, n in tipos], "#00838f")


def publicaciones(ejes: Axes, c: Cifras) -> None:
    ejes.set_title(f"Publicaciones por canal: {c.publicaciones}", fontweight="bold", fontsize=11)
    canales = sorted(c.publicaciones_por_canal.items(), key=lambda t: -t[1])
    _barras(ejes, [n for n, _ in canales], [v for _, v in canales], "#3949ab")


def notas(ejes: Axes, c: Cifras) -> None:
    ejes.set_title("Notas en medios por tono", fontweight="bold", fontsize=11)
    if c.notas_por_tono is None:
        _sin_datos(ejes, "El monitoreo de medios aún no\nestá activo en esta instalación")
        return
    tonos = list(TONOS)
    _barras(ejes, [t.capitalize() for t in tonos], [c.notas_por_tono.get(t, 0) for t in tonos],
            [TONOS[t] for t in tonos])


def metas(ejes: Axes, c: Cifras) -> None:
    ejes.set_title("Metas: avance contra lo planeado a la fecha", fontweight="bold", fontsize=11)
    if not c.metas:
        _sin_datos(ejes, "Sin metas registradas (/poa meta nueva)")
        return
    nombres = [a.meta.nombre if len(a.meta.nombre) <= 28 else a.meta.nombre[:27] + "…" for a in c.metas]
    valores = [a.porcentaje or 0.0 for a in c.metas]
    barras = ejes.barh(nombres, valores, color=[a.color for a in c.metas], height=0.6)
    ejes.bar_label(barras, labels=[f"{v:.0f} %" for v in valores], fontsize=8, padding=2)
    ejes.axvline(100, color="#424242", linewidth=1, linestyle="--")
    ejes.set_xlim(0, max(120.0, max(valores) * 1.15))
    ejes.invert_yaxis()
    ejes.spines[["top", "right"]].set_visible(False)


GRAFICAS: dict[str, Dibujo] = {
    "eventos": eventos_por_semana, "cobertura": cobertura, "documentos": documentos, "archivos": archivos,
    "publicaciones": publicaciones, "notas": notas, "metas": metas,
}


def _guardar(figura: object, destino: Path) -> Path:
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.stem}-{uuid.uuid4().hex}.png")
    # Compresión PNG ligera: la imagen pesa un poco más y se escribe varias veces más rápido.
    figura.savefig(temporal, format="png", dpi=DPI, facecolor="white",  # type: ignore[attr-defined]
                   pil_kwargs={"compress_level": 1})
    temporal.replace(destino)
    return destino


def dibujar_graficas(c: Cifras, carpeta: Path) -> dict[str, Path]:
    """Una imagen PNG por gráfica, para el PDF (y para armar el tablero sin volver a dibujar)."""
    _preparar()
    from matplotlib.figure import Figure

    rutas: dict[str, Path] = {}
    for nombre, dibujar in GRAFICAS.items():
        figura = Figure(figsize=(7.0, 3.0), dpi=DPI, facecolor="white")
        # Márgenes fijos (sin el acomodo automático, que cuesta tanto como dibujar): caben etiquetas
        # de barras horizontales de hasta ~28 letras a la izquierda.
        izquierda = 0.30 if nombre in ("metas", "documentos") else 0.08
        figura.subplots_adjust(left=izquierda, right=0.97, top=0.88, bottom=0.13)
        dibujar(figura.add_subplot(), c)
        rutas[nombre] = _guardar(figura, carpeta / f"{nombre}.png")
    return rutas


def armar_tablero(titulo: str, imagenes: list[Path], destino: Path) -> Path:
    """Las gráficas ya dibujadas, dos por fila bajo el título, en una sola imagen para el chat (con
    Pillow: pegar imágenes cuesta milisegundos, volver a dibujarlas con matplotlib no)."""
    from PIL import Image, ImageDraw, ImageFont

    piezas = [Image.open(ruta) for ruta in imagenes]
    ancho, alto = piezas[0].size
    filas = (len(piezas) + 1) // 2
    encabezado = 70
    lienzo = Image.new("RGB", (2 * ancho, encabezado + filas * alto), "white")
    letra = ImageFont.truetype(str(FUENTES / "DejaVuSans-Bold.ttf"), 30)
    ImageDraw.Draw(lienzo).text((ancho, encabezado // 2), titulo, fill=OSCURO, font=letra, anchor="mm")
    for i, pieza in enumerate(piezas):
        lienzo.paste(pieza.convert("RGB"), ((i % 2) * ancho, encabezado + (i // 2) * alto))
        pieza.close()
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.stem}-{uuid.uuid4().hex}.png")
    lienzo.save(temporal, format="PNG", compress_level=1)
    temporal.replace(destino)
    return destino


TABLERO = ("eventos", "cobertura", "documentos", "archivos", "publicaciones", "metas")


def dibujar_tablero(c: Cifras, destino: Path, cuales: tuple[str, ...] = TABLERO,
                    graficas: dict[str, Path] | None = None) -> Path:
    """Las gráficas principales en una sola imagen, para subirla al chat; dibuja las que no vengan hechas."""
    hechas = graficas if graficas is not None else dibujar_graficas(c, destino.parent / f".{destino.stem}-graficas")
    return armar_tablero(c.titulo, [hechas[n] for n in cuales], destino)


def dibujar_metas(c: Cifras, destino: Path) -> Path:
    """Solo el avance de las metas y los eventos (la publicación mensual del programador)."""
    _preparar()
    from matplotlib.figure import Figure

    rutas: dict[str, Path] = {}
    for nombre in ("metas", "eventos"):
        figura = Figure(figsize=(7.0, 3.0), dpi=DPI, facecolor="white")
        figura.subplots_adjust(left=0.30 if nombre == "metas" else 0.08, right=0.97, top=0.88, bottom=0.13)
        GRAFICAS[nombre](figura.add_subplot(), c)
        rutas[nombre] = _guardar(figura, destino.parent / f".{destino.stem}-{nombre}.png")
    return armar_tablero(c.titulo, [rutas["metas"], rutas["eventos"]], destino)
