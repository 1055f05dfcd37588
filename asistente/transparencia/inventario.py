"""El inventario documental (Ley General de Archivos, art. 13 fr. III) de un año, como XLSX.

Un expediente por evento y serie (las fotos del evento #12 son un expediente de «Fotografía, video y
audio»; sus oficios en PDF, otro de «Documentos de eventos»), uno por mes para lo que no tiene evento,
uno por contrato (con las facturas en PDF soltadas en el hilo de cada factura, que la ingesta guarda
en ``contratos/AAAA/NUMERO``) y uno por boletín. Cada
expediente lleva su código de clasificación, título, fechas extremas, número de archivos, soporte,
ubicación y un SHA-256 del expediente: el de la lista «hash  clave» de sus archivos, ordenada, que
cambia si cualquiera de ellos cambia.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.archivo.almacen import carpeta_de, carpeta_de_contrato, nombre_de
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.descarga import sha_de_ruta
from asistente.archivo.paginas import paginas_de
from asistente.boletines.archivos import clave_de_boletin
from asistente.nucleo.config import Config
from asistente.transparencia.clasificacion import Cuadro
from modelos import AreaSolicitante, Boletin, Campana, Contrato, Evento, Factura, Medio, Nota, Solicitud

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


@dataclass(frozen=True)
class Consulta:
    """Lo que cada fuente de expedientes necesita saber."""

    session: Session
    config: Config
    espacio_id: int
    anio: int
    cuadro: Cuadro

    def archivo_de(self, m: Medio) -> ArchivoDeExpediente:
        return ArchivoDeExpediente(m.clave, m.nombre, m.tipo, m.fecha.astimezone(self.config.tz).date(), m.tamanio,
                                   m.sha256)


def _de_medios(c: Consulta) -> Iterator[Expediente]:
    """Fotos, video, audio y PDF soltados en el canal: un expediente por evento y serie; lo que no tiene
    evento, uno por mes y serie. Los PDF de una factura van con su contrato."""
    tz: ZoneInfo = c.config.tz
    eventos = {e.id: e for e in c.session.scalars(select(Evento).where(Evento.espacio_id == c.espacio_id))}
    en_factura = {m.id for ms in pdfs_de_facturas(c.session, c.espacio_id).values() for m in ms}
    por_clave: dict[str, Expediente] = {}
    for m in c.session.scalars(select(Medio).where(Medio.espacio_id == c.espacio_id).order_by(Medio.fecha, Medio.id)):
        if m.id in en_factura or m.solicitud_id is not None:
            continue  # van con su contrato o con su solicitud
        serie = c.cuadro.serie_de(m.tipo)
        evento = eventos.get(m.evento_id) if m.evento_id else None
        if evento is not None:
            dia = evento.inicio.astimezone(tz).date()
            clave = f"{serie.clave}/{c.anio}/EV-{evento.numero:03d}"
            titulo = f"Evento #{evento.numero}: {evento.titulo} ({dia:%d/%m/%Y})"
        else:
            dia = m.fecha.astimezone(tz).date()
            clave = f"{serie.clave}/{c.anio}/SE-{dia.month:02d}"
            titulo = f"Sin evento, {dia:%m/%Y}"
        if dia.year != c.anio:
            continue
        exp = por_clave.setdefault(clave, Expediente(clave, c.cuadro.codigo(serie), serie.nombre, titulo,
                                                     carpeta_de(m.clave)))
        exp.archivos.append(c.archivo_de(m))
    yield from por_clave.values()


def _de_contratos(c: Consulta) -> Iterator[Expediente]:
    """Un expediente por contrato firmado en el año, con los PDF de sus facturas."""
    campanas = {k.id: k for k in c.session.scalars(select(Campana).where(Campana.espacio_id == c.espacio_id))}
    facturas = list(c.session.scalars(select(Factura).where(Factura.espacio_id == c.espacio_id)))
    de_facturas = pdfs_de_facturas(c.session, c.espacio_id)
    serie = c.cuadro.serie_de("contrato")
    for contrato in c.session.scalars(select(Contrato).where(Contrato.espacio_id == c.espacio_id)
                                      .order_by(Contrato.firmado, Contrato.id)):
        if contrato.firmado.year != c.anio:
            continue
        campana = campanas.get(contrato.campana_id)
        exp = Expediente(f"{serie.clave}/{c.anio}/CT-{contrato.numero}", c.cuadro.codigo(serie), serie.nombre,
                         f"Contrato {contrato.numero}: {contrato.proveedor} ({contrato.rfc}), {contrato.concepto}"
                         + (f"; campaña «{campana.nombre}»" if campana else ""),
                         carpeta_de_contrato(contrato.firmado.year, contrato.numero), desde=contrato.firmado,
                         hasta=contrato.firmado)
        for factura in facturas:
            if factura.contrato_id == contrato.id:
                exp.hasta = max(exp.hasta or factura.fecha, factura.fecha)
                exp.archivos.extend(c.archivo_de(m) for m in de_facturas.get(factura.id, []))
        yield exp


def _de_boletines(c: Consulta) -> Iterator[Expediente]:
    """Un expediente por boletín (o comunicado, aviso…) del año, con su PDF y su texto si se exportaron."""
    almacen = almacen_de(c.config)
    serie = c.cuadro.serie_de("boletin")
    for b in c.session.scalars(select(Boletin).where(Boletin.espacio_id == c.espacio_id, Boletin.anio == c.anio)
                               .order_by(Boletin.tipo, Boletin.numero)):
        dia = b.fecha.astimezone(c.config.tz).date()
        exp = Expediente(f"{serie.clave}/{c.anio}/{b.tipo.upper()[:3]}-{b.numero:03d}", c.cuadro.codigo(serie),
                         serie.nombre, f"{b.encabezado}: {b.titular}",
                         f"boletines/{c.anio}", desde=dia, hasta=dia)
        for ext in ("pdf", "txt"):
            clave_archivo = clave_de_boletin(b.anio, b.numero, ext, b.tipo)
            if almacen.existe(clave_archivo):
                ruta = almacen.ruta_local(clave_archivo)
                exp.archivos.append(ArchivoDeExpediente(clave_archivo, ruta.name, ext, dia, ruta.stat().st_size,
                                                        sha_de_ruta(ruta)))
        yield exp


def _de_solicitudes(c: Consulta) -> Iterator[Expediente]:
    """Un expediente por solicitud de un área recibida en el año, con sus versiones (v1, v2…) y el
    material que mandó el área."""
    tz: ZoneInfo = c.config.tz
    serie = c.cuadro.serie_de("solicitud")
    areas = {a.id: a.nombre for a in c.session.scalars(
        select(AreaSolicitante).where(AreaSolicitante.espacio_id == c.espacio_id))}
    archivos: dict[int, list[Medio]] = {}
    for m in c.session.scalars(select(Medio).where(Medio.espacio_id == c.espacio_id, Medio.solicitud_id.is_not(None))
                               .order_by(Medio.fecha, Medio.id)):
        archivos.setdefault(m.solicitud_id or 0, []).append(m)
    for s in c.session.scalars(select(Solicitud).where(Solicitud.espacio_id == c.espacio_id)
                               .order_by(Solicitud.numero)):
        dia = s.creada.astimezone(tz).date()
        if dia.year != c.anio:
            continue
        propios = archivos.get(s.id, [])
        exp = Expediente(f"{serie.clave}/{c.anio}/{s.folio}", c.cuadro.codigo(serie), serie.nombre,
                         f"Solicitud {s.folio}: {s.tipo} para {areas.get(s.area_id, 'un área')}",
                         carpeta_de(propios[0].clave) if propios else "", desde=dia,
                         hasta=s.actualizada.astimezone(tz).date())
        exp.archivos.extend(c.archivo_de(m) for m in propios)
        yield exp


def _de_notas(c: Consulta) -> Iterator[Expediente]:
    """Un expediente por mes de monitoreo: las fotos de las páginas impresas ligadas a sus notas y las
    síntesis en PDF de ese mes (``ARCHIVO/sintesis/AAAA/``)."""
    tz: ZoneInfo = c.config.tz
    serie = c.cuadro.serie_de("nota")
    por_mes: dict[int, Expediente] = {}

    def del_mes(mes: int) -> Expediente:
        return por_mes.setdefault(mes, Expediente(
            f"{serie.clave}/{c.anio}/MN-{mes:02d}", c.cuadro.codigo(serie), serie.nombre,
            f"Monitoreo de medios y síntesis informativa, {mes:02d}/{c.anio}", f"sintesis/{c.anio}"))

    notas = list(c.session.scalars(select(Nota).where(Nota.espacio_id == c.espacio_id)
                                   .order_by(Nota.publicada, Nota.id)))
    fotos = paginas_de(c.session, (n.id for n in notas))
    for n in notas:
        dia = n.publicada.astimezone(tz).date()
        if dia.year != c.anio:
            continue
        exp = del_mes(dia.month)
        exp.desde = min(exp.desde or dia, dia)
        exp.hasta = max(exp.hasta or dia, dia)
        for foto in fotos.get(n.id, []):
            if all(a.clave != foto.clave for a in exp.archivos):
                exp.archivos.append(c.archivo_de(foto))
    almacen = almacen_de(c.config)
    for clave in sorted(almacen.listar(f"sintesis/{c.anio}")):
        nombre = nombre_de(clave)
        if not (nombre.startswith("sintesis-") and nombre.endswith(".pdf")):
            continue
        try:
            dia = date.fromisoformat(nombre.removeprefix("sintesis-").removesuffix(".pdf"))
        except ValueError:
            continue
        ruta = almacen.ruta_local(clave)
        exp = del_mes(dia.month)
        exp.archivos.append(ArchivoDeExpediente(clave, nombre, "pdf", dia, ruta.stat().st_size, sha_de_ruta(ruta)))
    yield from por_mes.values()


# De dónde salen los expedientes. Un registro nuevo (las solicitudes, las notas de monitoreo) es una
# función como estas y una línea aquí; su serie, una línea en ``clasificacion.REGLAS_POR_OMISION``.
FUENTES: tuple[Callable[[Consulta], Iterable[Expediente]], ...] = (
    _de_medios, _de_contratos, _de_boletines, _de_solicitudes, _de_notas)


def expedientes(session: Session, config: Config, espacio_id: int, anio: int, cuadro: Cuadro) -> list[Expediente]:
    """Los expedientes del año, de todas las ``FUENTES``, en orden de código, fecha y clave."""
    consulta = Consulta(session, config, espacio_id, anio, cuadro)
    todos = [e for fuente in FUENTES for e in fuente(consulta)]
    return sorted(todos, key=lambda e: (e.codigo, e.apertura or date(anio, 1, 1), e.clave))


def escribir_inventario(expedientes_: list[Expediente], cuadro: Cuadro, anio: int, ruta: Path) -> None:
    from openpyxl import Workbook  # al escribir, no al arrancar el servidor
    from openpyxl.styles import Alignment, Font

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
