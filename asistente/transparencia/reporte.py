"""Lo que arman ``/transparencia trimestre`` y ``/archivo inventario``: el XLSX en el almacén
(la carpeta o el bucket: ``transparencia/AAAA/…`` e ``inventarios/…``), guardado de una vez."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from asistente.archivo.documentos import guardar_documento
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import cuantos
from asistente.transparencia.clasificacion import cuadro_de
from asistente.transparencia.formatos import elegir_formato, escribir_xlsx, reunir, trimestre
from asistente.transparencia.inventario import escribir_inventario, expedientes

ROMANOS = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto"}


@dataclass(frozen=True)
class Hecho:
    ruta: Path
    titulo: str
    texto: str


def reporte_trimestral(session: Session, config: Config, espacio_id: int, n: int, anio: int, hoy: date,
                       formato_texto: str) -> Hecho:
    inicio, fin = trimestre(n, anio)
    if inicio > hoy:
        raise ErrorDeUsuario(f"El {ROMANOS[n]} trimestre de {anio} todavía no empieza (empieza el {inicio:%d/%m/%Y}).")
    formato = elegir_formato(formato_texto, config.estado)
    cuadro = cuadro_de(session, espacio_id, config.municipio)
    datos = reunir(session, espacio_id, n, anio, hoy, cuadro.fondo, ", ".join(
        p for p in (config.municipio, config.estado) if p) or "Municipal")
    titulo = f"Transparencia {n}T-{anio} ({formato.clave})"
    ruta = guardar_documento(config, f"transparencia/{anio}/comunicacion-social-{n}T-{anio}-{formato.clave}.xlsx",
                             lambda r: escribir_xlsx(formato, datos, r, f"{ROMANOS[n]} trimestre {anio}"))
    parcial = " (el trimestre no ha terminado: es un avance)" if fin >= hoy else ""
    texto = (f"📊 Formatos de comunicación social del {ROMANOS[n]} trimestre de {anio}{parcial}, {formato.nombre}: "
             f"{cuantos(datos.cuantos('contratos'), 'contrato')} de impresión, difusión y publicidad, "
             f"{datos.cuantos('tiempos')} de tiempos oficiales. Revisa los campos de hipervínculo y aprobación antes "
             "de subirlo al SIPOT.")
    return Hecho(ruta, titulo, texto)


def inventario_anual(session: Session, config: Config, espacio_id: int, anio: int) -> Hecho:
    cuadro = cuadro_de(session, espacio_id, config.municipio)
    exps = expedientes(session, config, espacio_id, anio, cuadro)
    ruta = guardar_documento(config, f"inventarios/inventario-{anio}.xlsx",
                             lambda r: escribir_inventario(exps, cuadro, anio, r))
    archivos = sum(len(e.archivos) for e in exps)
    texto = (f"🗂️ Inventario documental {anio}: {cuantos(len(exps), 'expediente')}, {cuantos(archivos, 'archivo')}, por serie del cuadro "
             "de clasificación (/archivo clasificacion).")
    return Hecho(ruta, f"Inventario documental {anio}", texto)
