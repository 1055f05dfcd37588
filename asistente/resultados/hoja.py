"""La hoja de cálculo del informe (openpyxl): las mismas cifras que el PDF en tablas simples que la
oficina de planeación puede copiar a su formato, más la evidencia (cada evento y cada documento con
su número). Fechas en la hora de la oficina."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from asistente.resultados.cifras import Cifras
from asistente.resultados.periodos import MESES_CORTOS
from modelos import TIPOS_DOCUMENTO

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# openpyxl (y lo que arrastra) se importa al escribir la hoja, no al arrancar el servidor.


def _hoja(libro: Workbook, titulo: str, encabezados: Sequence[str], filas: Iterable[Sequence[Any]],
          anchos: Sequence[int] = ()) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    negrita, fondo = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="6D1A36")
    hoja: WriteOnlyWorksheet = libro.create_sheet(titulo)  # type: ignore[assignment]
    for i, ancho in enumerate(anchos):
        hoja.column_dimensions[chr(ord("A") + i)].width = ancho
    celdas = []
    for texto in encabezados:
        celda = WriteOnlyCell(hoja, value=texto)
        celda.font, celda.fill = negrita, fondo
        celdas.append(celda)
    hoja.append(celdas)
    for fila in filas:
        hoja.append(list(fila))


def _local(momento: datetime, tz: ZoneInfo) -> datetime:
    return momento.astimezone(tz).replace(tzinfo=None)


def escribir_hoja(c: Cifras, destino: Path, tz: ZoneInfo) -> Path:
    from openpyxl import Workbook

    libro = Workbook(write_only=True)
    p = c.periodo
    resumen: list[tuple[str, Any]] = [
        ("Informe", c.titulo), ("Periodo", p.nombre), ("Desde", _local(p.desde, tz)), ("Hasta (corte)", _local(p.corte, tz)),
        ("Eventos realizados o programados", c.eventos), ("Eventos cancelados", c.cancelados),
        ("Eventos cubiertos", c.cubiertos), ("Cobertura (%)", c.tasa_cobertura if c.tasa_cobertura is not None else ""),
        ("Documentos emitidos", c.documentos), ("Fotos archivadas", c.fotos), ("Archivos archivados", c.archivos),
        ("Publicaciones en canales oficiales", c.publicaciones),
    ]
    if c.dependencia:
        resumen.insert(1, ("Dependencia", c.dependencia))
    if c.notas_por_tono is not None:
        resumen.append(("Notas en medios", sum(c.notas_por_tono.values())))
    _hoja(libro, "Resumen", ("Cifra", "Valor"), resumen, (40, 40))
    _hoja(libro, "Eventos por semana", ("Semana que inicia", "Eventos"),
          ((_local(d, tz).date(), n) for d, n in c.semanas), (20, 10))
    _hoja(libro, "Cobertura por mes", ("Mes", "Eventos", "Cubiertos", "Cobertura (%)"),
          ((MESES_CORTOS[m - 1], e, k, round(100 * k / e, 1) if e else "") for m, e, k in c.meses), (10, 10, 10, 14))
    _hoja(libro, "Documentos por tipo", ("Tipo", "Emitidos"),
          ((TIPOS_DOCUMENTO.get(t, t), n) for t, n in sorted(c.documentos_por_tipo.items())), (20, 10))
    _hoja(libro, "Archivos por tipo", ("Tipo", "Archivos"), sorted(c.archivos_por_tipo.items()), (20, 10))
    _hoja(libro, "Publicaciones", ("Canal", "Publicaciones"), sorted(c.publicaciones_por_canal.items()), (20, 14))
    if c.notas_por_tono is not None:
        _hoja(libro, "Notas por tono", ("Tono", "Notas"), sorted(c.notas_por_tono.items()), (20, 10))
    if not c.dependencia:
        _hoja(libro, "Metas", ("ID", "Meta", "Unidad", "Regla", "Meta anual", "Planeado a la fecha", "Hecho en el periodo",
                               "Avance (%)", "Semáforo"),
              ((a.meta.id, a.meta.nombre, a.meta.unidad, a.meta.regla, a.meta.meta_anual, a.planeado, a.hecho,
                a.porcentaje if a.porcentaje is not None else "", {"🟢": "verde", "🟡": "amarillo", "🔴": "rojo"}.get(a.semaforo, ""))
               for a in c.metas), (6, 36, 14, 18, 12, 18, 18, 12, 10))
        _hoja(libro, "POA mensual", ("ID", "Meta", "Meta anual", "Planeado por mes", *MESES_CORTOS, "Acumulado"),
              ((a.meta.id, a.meta.nombre, a.meta.meta_anual, round(a.planeado_mensual, 1), *a.por_mes, a.acumulado)
               for a in c.metas), (6, 36, 12, 16))
    _hoja(libro, "Eventos", ("Evento", "Fecha", "Título", "Dependencia", "Lugar", "Prioridad", "Cubierto", "Fotos",
                             "Archivos"),
          ((e.numero, _local(e.inicio, tz), e.titulo, e.dependencia, e.lugar, e.prioridad, "sí" if e.cubierto else "no",
            e.fotos, e.archivos) for e in c.lista_eventos), (8, 18, 50, 30, 30, 10, 9, 7, 9))
    _hoja(libro, "Documentos", ("Documento", "Fecha", "Titular", "Estado", "Evento"),
          ((d.encabezado, _local(d.fecha, tz), d.titular, d.estado, d.evento or "") for d in c.lista_documentos),
          (26, 18, 60, 12, 8))
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(f".{destino.name}.tmp")
    libro.save(temporal)
    temporal.replace(destino)
    return destino
