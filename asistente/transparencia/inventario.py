"""El inventario documental (Ley General de Archivos, art. 13 fr. III) de un año, como XLSX.

Un expediente por evento y serie (las fotos del evento #12 son un expediente de «Fotografía, video y
audio»; sus oficios en PDF, otro de «Documentos de eventos»), uno por mes para lo que no tiene evento,
uno por contrato (con las facturas en PDF soltadas en el hilo de cada factura) y uno por boletín. Cada
expediente lleva su código de clasificación, título, fechas extremas, número de archivos, soporte,
ubicación y un SHA-256 del expediente: el de la lista «hash  clave» de sus archivos, ordenada, que
cambia si cualquiera de ellos cambia.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.archivo.almacen import almacen_de, carpeta_de
from asistente.boletines.archivos import clave_de_boletin
from asistente.nucleo.config import Config
from asistente.transparencia.clasificacion import Cuadro
from modelos import Boletin, Campana, Contrato, Evento, Factura, Medio

COLUMNAS = (
    "No. consecutivo", "Código de clasificación", "Serie", "Clave del expediente", "Título del expediente",
    "Fecha de apertura", "Fecha de cierre", "Número de archivos", "Soporte", "Tamaño (bytes)", "Ubicación",
    "SHA-256 del expediente",
)
COLUMNAS_ARCHIVOS = ("Clave del expediente", "Archivo", "Ruta en el archivo", "Tipo", "Fecha", "Tamaño (bytes)",
                     "SHA-256")


@dataclass(frozen=True)
class ArchivoDeExpediente:
    clave: str  # dentro del archivo
    nombre: str
    tipo: str
    fecha: date
    tamanio: int
    sha256: str


@dataclass
class Expediente:
    clave: str
    codigo: str
    serie: str
    titulo: str
    ubicacion: str
    archivos: list[ArchivoDeExpediente] = field(default_factory=list)
    desde: date | None = None  # fechas extremas de un expediente sin archivos (un contrato sin facturas)
    hasta: date | None = None

    @property
    def apertura(self) -> date | None:
        fechas = [a.fecha for a in self.archivos] + ([self.desde] if self.desde else [])
        return min(fechas) if fechas else None

    @property
    def cierre(self) -> date | None:
        fechas = [a.fecha for a in self.archivos] + ([self.hasta] if self.hasta else [])
        return max(fechas) if fechas else None

    @property
    def tamanio(self) -> int:
        return sum(a.tamanio for a in self.archivos)

    @property
    def sha256(self) -> str:
        lineas = sorted(f"{a.sha256}  {a.clave}\n" for a in self.archivos)
        return hashlib.sha256("".join(lineas).encode("utf-8")).hexdigest()


def _sha_de_archivo(ruta: Path) -> str:
    h = hashlib.sha256()
    with open(ruta, "rb") as f:
        for bloque in iter(lambda: f.read(1 << 20), b""):
            h.update(bloque)
    return h.hexdigest()


def pdfs_de_facturas(session: Session, espacio_id: int) -> dict[int, list[Medio]]:
    """Los PDF soltados en el hilo de cada factura, por id de factura."""
    facturas = {f.hilo: f.id for f in session.scalars(
        select(Factura).where(Factura.espacio_id == espacio_id, Factura.hilo != ""))}
    if not facturas:
        return {}
    salida: dict[int, list[Medio]] = {}
    for medio in session.scalars(select(Medio).where(Medio.espacio_id == espacio_id, Medio.tipo == "pdf",
                                                     Medio.hilo.in_(list(facturas))).order_by(Medio.id)):
        salida.setdefault(facturas[medio.hilo], []).append(medio)
    return salida


def expedientes(session: Session, config: Config, espacio_id: int, anio: int, cuadro: Cuadro) -> list[Expediente]:
    """Los expedientes del año, en orden de serie y fecha."""
    tz: ZoneInfo = config.tz
    eventos = {e.id: e for e in session.scalars(select(Evento).where(Evento.espacio_id == espacio_id))}
    facturas = list(session.scalars(select(Factura).where(Factura.espacio_id == espacio_id)))
    de_facturas = pdfs_de_facturas(session, espacio_id)
    en_factura = {m.id for ms in de_facturas.values() for m in ms}
    por_clave: dict[str, Expediente] = {}

    def archivo_de(m: Medio) -> ArchivoDeExpediente:
        return ArchivoDeExpediente(m.clave, m.nombre, m.tipo, m.fecha.astimezone(tz).date(), m.tamanio, m.sha256)

    for m in session.scalars(select(Medio).where(Medio.espacio_id == espacio_id).order_by(Medio.fecha, Medio.id)):
        if m.id in en_factura:
            continue
        serie = cuadro.serie_de(m.tipo)
        evento = eventos.get(m.evento_id) if m.evento_id else None
        if evento is not None:
            dia = evento.inicio.astimezone(tz).date()
            if dia.year != anio:
                continue
            clave = f"{serie.clave}/{anio}/EV-{evento.numero:03d}"
            titulo = f"Evento #{evento.numero}: {evento.titulo} ({dia:%d/%m/%Y})"
        else:
            dia = m.fecha.astimezone(tz).date()
            if dia.year != anio:
                continue
            clave = f"{serie.clave}/{anio}/SE-{dia.month:02d}"
            titulo = f"Sin evento, {dia:%m/%Y}"
        exp = por_clave.setdefault(clave, Expediente(clave, cuadro.codigo(serie), serie.nombre, titulo,
                                                     carpeta_de(m.clave)))
        exp.archivos.append(archivo_de(m))

    campanas = {k.id: k for k in session.scalars(select(Campana).where(Campana.espacio_id == espacio_id))}
    serie = cuadro.serie_de("contrato")
    for contrato in session.scalars(select(Contrato).where(Contrato.espacio_id == espacio_id)
                                    .order_by(Contrato.firmado, Contrato.id)):
        if contrato.firmado.year != anio:
            continue
        clave = f"{serie.clave}/{anio}/CT-{contrato.numero}"
        campana = campanas.get(contrato.campana_id)
        exp = Expediente(clave, cuadro.codigo(serie), serie.nombre,
                         f"Contrato {contrato.numero}: {contrato.proveedor} ({contrato.rfc}), {contrato.concepto}"
                         + (f"; campaña «{campana.nombre}»" if campana else ""),
                         "facturas", desde=contrato.firmado, hasta=contrato.firmado)
        for factura in facturas:
            if factura.contrato_id == contrato.id:
                exp.hasta = max(exp.hasta or factura.fecha, factura.fecha)
                exp.archivos.extend(archivo_de(m) for m in de_facturas.get(factura.id, []))
        por_clave[clave] = exp

    almacen = almacen_de(config)
    serie = cuadro.serie_de("boletin")
    for b in session.scalars(select(Boletin).where(Boletin.espacio_id == espacio_id, Boletin.anio == anio)
                             .order_by(Boletin.tipo, Boletin.numero)):
        clave = f"{serie.clave}/{anio}/{b.tipo.upper()[:3]}-{b.numero:03d}"
        dia = b.fecha.astimezone(tz).date()
        exp = Expediente(clave, cuadro.codigo(serie), serie.nombre,
                         f"{b.tipo.capitalize()} {b.numero:03d}/{b.anio}: {b.titular}", f"boletines/{anio}",
                         desde=dia, hasta=dia)
        for ext in ("pdf", "txt"):
            clave_archivo = clave_de_boletin(b.anio, b.numero, ext, b.tipo)
            if almacen.existe(clave_archivo):
                ruta = almacen.ruta_local(clave_archivo)
                exp.archivos.append(ArchivoDeExpediente(clave_archivo, ruta.name, ext, dia, ruta.stat().st_size,
                                                        _sha_de_archivo(ruta)))
        por_clave[clave] = exp
    return sorted(por_clave.values(), key=lambda e: (e.codigo, e.apertura or date(anio, 1, 1), e.clave))


def escribir_inventario(expedientes_: list[Expediente], cuadro: Cuadro, anio: int, ruta: Path) -> None:
    libro = Workbook()
    hoja = libro.active
    assert hoja is not None
    hoja.title = "Inventario documental"
    hoja.append([f"Inventario documental {anio} — {cuadro.fondo} ({cuadro.fondo_clave}), sección "
                 f"{cuadro.seccion} ({cuadro.seccion_clave})"])
    hoja["A1"].font = Font(bold=True)
    hoja.append(list(COLUMNAS))
    for celda in hoja[2]:
        celda.font = Font(bold=True)
        celda.alignment = Alignment(wrap_text=True, vertical="top")
    for i, e in enumerate(expedientes_, 1):
        hoja.append([i, e.codigo, e.serie, e.clave, e.titulo, e.apertura, e.cierre, len(e.archivos), "Electrónico",
                     e.tamanio, e.ubicacion, e.sha256])
        for celda in hoja[hoja.max_row][5:7]:
            celda.number_format = "dd/mm/yyyy"
    hoja.freeze_panes = "A3"
    archivos = libro.create_sheet("Archivos")
    archivos.append(list(COLUMNAS_ARCHIVOS))
    for celda in archivos[1]:
        celda.font = Font(bold=True)
    for e in expedientes_:
        for a in e.archivos:
            archivos.append([e.clave, a.nombre, a.clave, a.tipo, a.fecha, a.tamanio, a.sha256])
            archivos.cell(archivos.max_row, 5).number_format = "dd/mm/yyyy"
    archivos.freeze_panes = "A2"
    cuadro_hoja = libro.create_sheet("Cuadro de clasificación")
    cuadro_hoja.append(["Nivel", "Clave", "Nombre", "Código"])
    cuadro_hoja.append(["Fondo", cuadro.fondo_clave, cuadro.fondo, cuadro.fondo_clave])
    cuadro_hoja.append(["Sección", cuadro.seccion_clave, cuadro.seccion, f"{cuadro.fondo_clave}.{cuadro.seccion_clave}"])
    for s in cuadro.series:
        cuadro_hoja.append(["Serie", s.clave, s.nombre, cuadro.codigo(s)])
    libro.save(ruta)
