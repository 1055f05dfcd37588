"""Un informe completo: cifras (consultas agregadas) → gráficas (PNG) → PDF y hoja de cálculo, y las
respuestas con que llega al chat: el tablero de gráficas como imagen con el resumen en texto, y el PDF
y el XLSX como archivos.

Los archivos quedan en el almacén (la carpeta o el bucket de ``ASISTENTE_ARCHIVO``), en
``informes/<espacio>/<clave>/`` (se rehacen cada vez: el informe siempre refleja lo último registrado);
las gráficas sueltas se dibujan en una carpeta temporal y solo viven dentro del PDF y del tablero."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from asistente.archivo.almacen import clave_en, slug
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.documentos import carpeta_de_trabajo, guardar_documento, guardar_en
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Adjunto, Respuesta
from asistente.nucleo.texto import cuantos, normalizar
from asistente.resultados.cifras import Cifras, calcular, dependencias_que_coinciden
from asistente.resultados.graficas import dibujar_graficas, dibujar_metas, dibujar_tablero
from asistente.resultados.hoja import escribir_hoja
from asistente.resultados.pdf import escribir_pdf
from asistente.resultados.periodos import Periodo, periodo

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Informe:
    cifras: Cifras
    pdf: Path
    hoja: Path
    tablero: Path


def carpeta_de(espacio_id: int, nombre: str) -> str:
    """La carpeta (clave) de un informe en el almacén: ``informes/3/2026-03``."""
    return f"informes/{espacio_id}/{nombre}"


def titulo_de(p: Periodo, dependencia: str = "") -> str:
    if dependencia:
        return f"{dependencia}: informe de {p.nombre}"
    return f"Informe de resultados: {p.nombre}"


def generar(session: Session, config: Config, espacio_id: int, p: Periodo, dependencias: list[str] | None = None,
            nombre_dependencia: str = "") -> Informe:
    cifras = calcular(session, config, espacio_id, p, titulo_de(p, nombre_dependencia), dependencias)
    nombre = p.clave + (f"-{slug(nombre_dependencia, 40)}" if nombre_dependencia else "")
    carpeta = carpeta_de(espacio_id, nombre)
    base = f"informe-{nombre}"
    almacen = almacen_de(config)
    with carpeta_de_trabajo() as trabajo:
        graficas = dibujar_graficas(cifras, trabajo / "graficas")
        pdf = escribir_pdf(cifras, graficas, trabajo / f"{base}.pdf", config.tz, config.municipio)
        hoja = escribir_hoja(cifras, trabajo / f"{base}.xlsx", config.tz)
        tablero = dibujar_tablero(cifras, trabajo / f"{base}.png", graficas=graficas)
        guardados = [guardar_en(almacen, clave_en(carpeta, r.name), r) for r in (pdf, hoja, tablero)]
    return Informe(cifras, *guardados)


def resumen(c: Cifras) -> str:
    p = c.periodo
    lineas = [f"📊 *{c.titulo}*" + (" (a la fecha)" if p.en_curso else "")]
    if c.vacio:
        lineas.append("No hay actividad registrada en este periodo: el informe va con las cifras en cero.")
    tasa = f" ({c.tasa_cobertura:.0f} % cubiertos)" if c.tasa_cobertura is not None else ""
    lineas.append(f"• Eventos: {c.eventos}{tasa}" + (f", {cuantos(c.cancelados, 'cancelado')}" if c.cancelados else ""))
    lineas.append(f"• Documentos emitidos: {c.documentos} · fotos: {c.fotos} · publicaciones: {c.publicaciones}")
    for a in c.metas:
        porcentaje = f"{a.porcentaje:.0f} %" if a.porcentaje is not None else "—"
        lineas.append(f"{a.semaforo} {a.meta.nombre}: {a.hecho} de {a.planeado:g} a la fecha ({porcentaje})")
    return "\n".join(lineas)


def respuesta_del_informe(informe: Informe, peticion: Peticion) -> Respuesta:
    """El tablero con el resumen; el PDF y la hoja, como archivos en el mismo lugar."""
    titulo = informe.cifras.titulo
    r = Respuesta(cuerpo=resumen(informe.cifras), adjunto=Adjunto(informe.tablero, f"{titulo} (gráficas)", "image/png"),
                  publica=True)
    for ruta, que, mime, icono in ((informe.pdf, "PDF", "application/pdf", "📄"),
                                   (informe.hoja, "hoja de cálculo", XLSX, "📗")):
        archivo = Respuesta.archivo(ruta, f"{titulo} ({que})", mime, f"{icono} {titulo} ({que})")
        if peticion.canal:
            r.avisar_en(peticion.canal, archivo, peticion.hilo)
        else:
            r.avisar_a(peticion.usuario, archivo)
    return r


@dataclass(frozen=True)
class TareaDeInforme:
    """La tarea que el adaptador corre después de «preparando…» (``Respuesta.tarea``)."""

    periodo: Periodo
    dependencias: tuple[str, ...] | None = None
    nombre_dependencia: str = ""

    def __call__(self, peticion: Peticion, session: Session) -> Respuesta:
        deps = list(self.dependencias) if self.dependencias is not None else None
        informe = generar(session, peticion.config, peticion.espacio_id, self.periodo, deps, self.nombre_dependencia)
        return respuesta_del_informe(informe, peticion)


def tarea_de_dependencia(session: Session, peticion: Peticion, nombre: str, anio: int) -> TareaDeInforme:
    """La tarea del informe de una dependencia en el año; un nombre sin eventos es un error claro que
    sugiere las dependencias que sí tienen."""
    tz = peticion.config.tz
    p = periodo("anio", anio, 1, 12, peticion.ahora, tz)
    if not normalizar(nombre):
        raise ErrorDeUsuario("Falta el nombre de la dependencia.")
    coinciden, todas = dependencias_que_coinciden(session, peticion.espacio_id, nombre, p.desde, p.corte)
    if not coinciden:
        sugerencia = f" Dependencias con eventos: {', '.join(todas[:15])}." if todas else ""
        raise ErrorDeUsuario(f"No hay eventos de «{nombre.strip()}» en {anio}.{sugerencia}")
    etiqueta = coinciden[0] if len(coinciden) == 1 else nombre.strip()
    return TareaDeInforme(p, tuple(coinciden), etiqueta)


def avance_mensual(session: Session, config: Config, espacio_id: int, p: Periodo) -> Respuesta:
    """La publicación del programador el primer día hábil: el avance del mes anterior con su gráfica."""
    cifras = calcular(session, config, espacio_id, p, f"Avance de {p.nombre}")
    imagen = guardar_documento(config, clave_en(carpeta_de(espacio_id, p.clave), f"avance-{p.clave}.png"),
                               lambda ruta: dibujar_metas(cifras, ruta))
    texto = resumen(cifras) + f"\nEl informe completo (PDF y hoja de cálculo): /informe mes {p.nombre.split()[0]} {p.anio}"
    return Respuesta(cuerpo=texto, adjunto=Adjunto(imagen, f"Avance de {p.nombre}", "image/png"), publica=True)
