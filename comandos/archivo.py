"""El archivo de fotos, video, audio y PDF de la oficina.

Todo lo que se suelta en un canal donde está el asistente queda archivado por año, mes y evento.

• `/archivo evento N` — los archivos del evento #N: cuántos, cuáles y en qué carpeta; de videos y audios, su duración, medidas y códec
• `/archivo buscar <texto|fecha|rango|tipo|@persona|#N>` — por pie, título del evento, persona, fecha («12 de marzo»), rango («del 1 al 3 de marzo»), mes («marzo», «marzo 2025»), periodo («la semana pasada», «este mes»), año («2025») o tipo (foto, video, audio, pdf); se pueden combinar
• `/archivo pie ID texto` — pone el pie de foto (el crédito es de quien la subió)
• `/archivo enlazar ID N` — pasa el archivo al evento #N (también lo mueve de carpeta)
• `/archivo compartir N [días]` — un enlace de solo lectura a la galería del evento #N en el portal
  (miniaturas, fotos de 1600 px, originales y un ZIP con todo); vence a los 30 días si no se dice otra cosa
• `/archivo revocar ENLACE` — el enlace deja de abrir (el número sale al compartirlo)
• `/archivo ubicacion ID` — dónde se tomó la foto o se grabó el video (su GPS), solo para directores: las copias para boletines y lo que baja del portal no lo llevan
• `/archivo duplicados` — las fotos que parecen copia de otra ya archivada (reenviada por WhatsApp, recomprimida, reducida o girada), cada una con su original
• `/archivo clasificacion` — el cuadro general de clasificación archivística (fondo, sección, series con clave) y en qué serie cae cada tipo de registro. Un director lo cambia: `/archivo clasificacion fondo CLAVE nombre` · `seccion CLAVE nombre` · `serie CLAVE nombre` (agrega o renombra) · `quitar CLAVE` · `regla TIPO CLAVE` (p. ej. `regla pdf CS.03`)
• `/archivo inventario AAAA` — el inventario documental del año en XLSX: un expediente por evento y serie, por contrato y por boletín, con código de clasificación, fechas extremas, número de archivos, soporte y SHA-256
• `/archivo dudosas` — los archivos cuya fecha de captura no es creíble (antes de 1990, reloj de la cámara reiniciado, en el futuro): se archivaron por la hora de subida; al pasarlos a su evento con `/archivo enlazar` salen de la lista

El evento de un archivo: `#N` en el mensaje; si no, el hilo del anuncio del evento; si no, el evento cuya hora abarca la de captura de la foto (EXIF, con la zona de la cámara si la trae); la hora de subida solo cuenta si el archivo no trae hora de captura creíble.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.agenda.eventos import buscar_evento
from asistente.archivo.almacen import carpeta_de_evento
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.audiovisual import describir as describir_av
from asistente.archivo.busqueda import buscar as buscar_medios
from asistente.archivo.busqueda import leer_criterios
from asistente.archivo.consultas import (
    con_fecha_dudosa,
    copias_parecidas,
    describir_tipos,
)
from asistente.archivo.operaciones import enlazar as enlazar_medio
from asistente.archivo.operaciones import reindexar
from asistente.enlaces.firmas import crear as crear_enlace
from asistente.enlaces.firmas import leer_dias, url_de
from asistente.enlaces.firmas import revocar as revocar_enlace
from asistente.equipo.personas import resolver_persona
from asistente.nucleo.comando import Enrutador, numero_de_evento, separar
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado, SinPermiso, con_uso
from asistente.nucleo.identidad import exigir_director, persona_actual
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos
from asistente.transparencia import clasificacion as cgc
from asistente.transparencia.reporte import inventario_anual
from modelos import Medio

NOMBRE = "archivo"
USO = ("/archivo evento N · /archivo buscar <texto|fecha|rango|tipo|@persona> · /archivo pie ID texto · "
       "/archivo enlazar ID N · /archivo compartir N [días] · /archivo revocar ENLACE · /archivo ubicacion ID · "
       "/archivo duplicados · /archivo dudosas · /archivo clasificacion · /archivo inventario AAAA")
RESUMEN = "el archivo de fotos, video, audio y PDF: ver lo de un evento, buscar, poner pies, mover de evento"
USO_EVENTO = "/archivo evento N"
USO_BUSCAR = "/archivo buscar <texto|fecha|rango|tipo|@persona>   (ej.: /archivo buscar fotos del 1 al 3 de marzo)"
USO_PIE = "/archivo pie ID texto"
USO_ENLAZAR = "/archivo enlazar ID N"
USO_COMPARTIR = "/archivo compartir N [días]"
USO_REVOCAR = "/archivo revocar ENLACE"
USO_DUDOSAS = "/archivo dudosas"
USO_UBICACION = "/archivo ubicacion ID"
USO_DUPLICADOS = "/archivo duplicados"
USO_CLASIFICACION = ("/archivo clasificacion [fondo CLAVE nombre | seccion CLAVE nombre | serie CLAVE nombre | "
                     "quitar CLAVE | regla TIPO CLAVE]")
USO_INVENTARIO = "/archivo inventario AAAA"
MAX_PIE = 1000
MAX_LISTA = 50

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def _medio(session: Session, peticion: Peticion, texto: str, uso: str) -> Medio:
    limpio = texto.strip().lstrip("#")
    if not limpio:
        raise ErrorDeUsuario("Falta el ID del archivo (sale entre paréntesis cuando se archiva y en /archivo buscar).", uso=uso)
    if not limpio.isdecimal() or len(limpio) > 12:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un ID de archivo.", uso=uso)
    medio = session.scalar(select(Medio).where(Medio.espacio_id == peticion.espacio_id, Medio.id == int(limpio)))
    if medio is None:
        raise NoEncontrado(f"No hay un archivo con ID {limpio} en este archivo.")
    return medio


def _puede_cambiar(session: Session, peticion: Peticion, medio: Medio, tarea: str) -> None:
    persona = persona_actual(session, peticion)
    if not (persona.es_director or medio.autor_id == persona.id):
        raise SinPermiso(f"Solo quien subió el archivo {medio.id} o un director puede {tarea}.")


@enrutador.sub("evento", uso=USO_EVENTO)
def evento(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    ev = buscar_evento(session, peticion, numero_de_evento(resto, USO_EVENTO))
    medios = session.scalars(
        select(Medio).where(Medio.espacio_id == peticion.espacio_id, Medio.evento_id == ev.id)
        .order_by(Medio.fecha, Medio.id)
    ).all()
    tz = peticion.config.tz
    carpeta = carpeta_de_evento(ev.inicio.astimezone(tz).date(), ev.numero, ev.titulo)
    return Respuesta.plantilla(
        "archivo_evento.j2", numero=ev.numero, titulo=ev.titulo, total=len(medios),
        tipos=describir_tipos(Counter(m.tipo for m in medios)),
        medios=medios[:MAX_LISTA], faltan=max(0, len(medios) - MAX_LISTA),
        carpeta=almacen_de(peticion.config).ruta_visible(carpeta), tz=tz,
        detalles={m.id: describir_av(m.duracion, m.ancho, m.alto, m.codec) for m in medios[:MAX_LISTA]},
    )


@enrutador.sub("buscar", "busca", uso=USO_BUSCAR)
def buscar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    tz = peticion.config.tz
    criterios = leer_criterios(resto, peticion.ahora.astimezone(tz).date())
    if criterios.vacios:
        raise ErrorDeUsuario("¿Qué busco? Escribe una palabra, una fecha, un tipo (foto, video, audio, pdf) o @persona.", uso=USO_BUSCAR)
    autores = None
    if criterios.personas:
        autores = [resolver_persona(session, peticion.espacio_id, f"@{p}").id for p in criterios.personas]
    hallazgos, total = buscar_medios(session, peticion.espacio_id, criterios, tz, autores)
    return Respuesta.plantilla("archivo_buscar.j2", criterios=criterios.describir(), hallazgos=hallazgos,
                               total=total, tz=tz)


@enrutador.sub("pie", uso=USO_PIE)
def pie(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    id_texto, texto = separar(resto)
    medio = _medio(session, peticion, id_texto, USO_PIE)
    _puede_cambiar(session, peticion, medio, "cambiar su pie")
    texto = " ".join(texto.split())
    if not texto:
        raise ErrorDeUsuario("Falta el texto del pie.", uso=USO_PIE)
    if len(texto) > MAX_PIE:
        raise ErrorDeUsuario(f"El pie es muy largo ({len(texto)} caracteres; máximo {MAX_PIE}).", uso=USO_PIE)
    medio.pie = texto
    reindexar(session, medio)
    return Respuesta.texto(f"Pie del archivo {medio.id} ({medio.nombre}): «{texto}».")


@enrutador.sub("enlazar", "mover", uso=USO_ENLAZAR)
def enlazar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    id_texto, numero_texto = separar(resto)
    medio = _medio(session, peticion, id_texto, USO_ENLAZAR)
    ev = buscar_evento(session, peticion, numero_de_evento(numero_texto, USO_ENLAZAR))
    _puede_cambiar(session, peticion, medio, "moverlo de evento")
    clave = enlazar_medio(session, peticion.config, medio, ev, peticion.ahora)
    return Respuesta.texto(f"Archivo {medio.id} ({medio.nombre}) pasado al evento #{ev.numero} «{ev.titulo}» → {clave}",
                           publica=True)


@enrutador.sub("compartir", uso=USO_COMPARTIR)
def compartir(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero_texto, dias_texto = separar(resto)
    ev = buscar_evento(session, peticion, numero_de_evento(numero_texto, USO_COMPARTIR))
    dias = leer_dias(dias_texto, peticion.config.portal_dias)
    enlace = crear_enlace(session, espacio_id=peticion.espacio_id, tipo="galeria_evento", objeto_id=ev.id,
                          ahora=peticion.ahora, dias=dias, creado_por_id=peticion.persona_id)
    url = url_de(peticion.config, enlace)
    total = session.scalar(select(func.count(Medio.id)).where(Medio.espacio_id == peticion.espacio_id,
                                                                Medio.evento_id == ev.id)) or 0
    return Respuesta.plantilla("archivo_compartir.j2", numero=ev.numero, titulo=ev.titulo, url=url, dias=dias,
                               vence=enlace.vence.astimezone(peticion.config.tz), enlace=enlace.id, total=total)


@enrutador.sub("revocar", uso=USO_REVOCAR)
def revocar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    enlace = revocar_enlace(session, peticion.espacio_id, resto, peticion.ahora)
    if enlace.creado_por_id != peticion.persona_id:
        _exigir_director_para_revocar(session, peticion)
    return Respuesta.texto(f"Enlace {enlace.id} revocado: ya no abre.", publica=True)


def _exigir_director_para_revocar(session: Session, peticion: Peticion) -> None:
    if not persona_actual(session, peticion).es_director:
        raise SinPermiso("Solo quien compartió el enlace o un director puede revocarlo.")


@enrutador.sub("dudosas", "fechas-dudosas", uso=USO_DUDOSAS)
def dudosas(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if resto.strip():
        raise ErrorDeUsuario(f"/archivo dudosas no lleva nada más («{resto.strip()}»).", uso=USO_DUDOSAS)
    medios, total = con_fecha_dudosa(session, peticion.espacio_id, MAX_LISTA)
    return Respuesta.plantilla("archivo_dudosas.j2", medios=medios, total=total, faltan=max(0, total - len(medios)),
                               tz=peticion.config.tz)


@enrutador.sub("duplicados", "copias", "parecidos", uso=USO_DUPLICADOS)
def duplicados(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if resto.strip():
        raise ErrorDeUsuario(f"/archivo duplicados no lleva nada más («{resto.strip()}»).", uso=USO_DUPLICADOS)
    pares, total = copias_parecidas(session, peticion.espacio_id, MAX_LISTA)
    return Respuesta.plantilla("archivo_duplicados.j2", pares=pares, total=total, faltan=max(0, total - len(pares)))


@enrutador.sub("ubicacion", "gps", uso=USO_UBICACION)
def ubicacion(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    medio = _medio(session, peticion, resto, USO_UBICACION)
    exigir_director(session, peticion, "ver dónde se tomó una foto o se grabó un video")
    if medio.latitud is None or medio.longitud is None:
        return Respuesta.texto(f"El archivo {medio.id} ({medio.nombre}) no trae ubicación (GPS).")
    lat, lon = medio.latitud, medio.longitud
    return Respuesta.texto(
        f"📍 Archivo {medio.id} ({medio.nombre}): {lat:.6f}, {lon:.6f}\n"
        f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=17/{lat:.6f}/{lon:.6f}\n"
        "Solo lo ve quien lo pidió; las copias para boletines y lo que baja del portal no llevan la ubicación."
    )


@enrutador.sub("clasificacion", "cuadro", uso=USO_CLASIFICACION)
def clasificacion(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    accion, argumentos = separar(resto)
    municipio, espacio_id = peticion.config.municipio, peticion.espacio_id
    if accion == "ayuda":  # no es un cambio: la ayuda, también para quien no dirige
        return Respuesta.texto("El cuadro general de clasificación archivística: /archivo clasificacion lo muestra; "
                               "un director lo cambia (fondo, sección, series y a qué serie va cada tipo de registro).\n"
                               f"Uso: {USO_CLASIFICACION}")
    if accion:
        exigir_director(session, peticion, "cambiar el cuadro de clasificación")
        clave, nombre = (argumentos.split(None, 1) + [""])[:2] if argumentos else ("", "")
        try:
            if accion == "fondo":
                cgc.cambiar_fondo(session, espacio_id, municipio, clave, nombre)
                hecho = f"Fondo: {cgc.leer_clave(clave)} {' '.join(nombre.split())}."
            elif accion in ("seccion", "sección"):
                cgc.cambiar_seccion(session, espacio_id, municipio, clave, nombre)
                hecho = f"Sección: {cgc.leer_clave(clave)} {' '.join(nombre.split())}."
            elif accion == "serie":
                nueva = cgc.poner_serie(session, espacio_id, municipio, clave, nombre)
                hecho = f"Serie {cgc.leer_clave(clave)} {'agregada' if nueva else 'renombrada'}: {' '.join(nombre.split())}."
            elif accion in ("quitar", "borrar"):
                if nombre:
                    raise ErrorDeUsuario(f"Sobra «{nombre}»: solo va la clave de la serie.")
                cgc.quitar_serie(session, espacio_id, municipio, clave)
                hecho = f"Serie {cgc.leer_clave(clave)} quitada del cuadro."
            elif accion == "regla":
                tipo, serie = cgc.cambiar_regla(session, espacio_id, municipio, clave, nombre)
                hecho = f"Desde ahora cada {tipo} va a la serie {serie.clave} {serie.nombre}."
            else:
                raise ErrorDeUsuario(f"«{accion}» no es un cambio del cuadro: fondo, seccion, serie, quitar o regla.")
        except ErrorDeUsuario as error:
            raise con_uso(error, USO_CLASIFICACION) from None
        session.flush()
    else:
        hecho = ""
    cuadro = cgc.cuadro_de(session, espacio_id, municipio)
    lineas = ([f"✅ {hecho}"] if hecho else []) + [
        "Cuadro general de clasificación archivística" + ("" if cuadro.propio else " (el de omisión)"),
        f"Fondo: {cuadro.fondo_clave} — {cuadro.fondo}",
        f"Sección: {cuadro.seccion_clave} — {cuadro.seccion}",
        "Series:",
    ]
    lineas += [f"• {cuadro.codigo(s)} — {s.nombre}" for s in cuadro.series]
    por_serie: dict[str, list[str]] = {}
    for tipo, clave_serie in cuadro.reglas.items():
        por_serie.setdefault(clave_serie, []).append(tipo)
    lineas.append("Reglas (tipo de registro → serie): " + "; ".join(
        f"{', '.join(tipos)} → {clave_serie}" for clave_serie, tipos in sorted(por_serie.items())))
    return Respuesta.texto("\n".join(lineas), publica=bool(hecho))


@enrutador.sub("inventario", uso=USO_INVENTARIO)
def inventario(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    texto = resto.strip()
    if not texto:
        raise ErrorDeUsuario("Falta el año del inventario.", uso=USO_INVENTARIO)
    if not texto.isdecimal() or len(texto) != 4:
        raise ErrorDeUsuario(f"«{texto}» no es un año (escribe los cuatro dígitos, p. ej. 2026).", uso=USO_INVENTARIO)
    anio = int(texto)
    if anio > peticion.ahora.astimezone(peticion.config.tz).year:
        raise ErrorDeUsuario(f"{anio} todavía no llega: no hay inventario que hacer.", uso=USO_INVENTARIO)
    hecho = inventario_anual(session, peticion.config, peticion.espacio_id, anio)
    return Respuesta.archivo(hecho.ruta, hecho.titulo,
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", hecho.texto)


def al_elegir_evento(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    """Botón de la pregunta «¿de qué evento son?»: valor ``N:id,id,…``."""
    numero_texto, _, ids_texto = valor.partition(":")
    try:
        numero = int(numero_texto)
        ids = [int(i) for i in ids_texto.split(",") if i]
    except ValueError:
        raise ErrorDeUsuario("Ese botón ya no sirve. Usa /archivo enlazar ID N.") from None
    ev = buscar_evento(session, peticion, numero)
    medios = session.scalars(
        select(Medio).where(Medio.espacio_id == peticion.espacio_id, Medio.id.in_(ids[:200])).order_by(Medio.id)
    ).all()
    if not medios:
        raise NoEncontrado("Esos archivos ya no están en el archivo.")
    for medio in medios:
        _puede_cambiar(session, peticion, medio, "moverlo de evento")
    # La pregunta era por archivos sin evento: el que alguien ya puso en uno (con /archivo enlazar) se queda.
    ya_tenian = [m for m in medios if m.evento_id is not None and m.evento_id != ev.id]
    por_mover = [m for m in medios if m not in ya_tenian]
    if not por_mover:
        raise ErrorDeUsuario("Esos archivos ya tienen evento; para cambiarlo usa /archivo enlazar ID N.")
    claves = [enlazar_medio(session, peticion.config, m, ev, peticion.ahora) for m in por_mover]
    carpeta = claves[0].rpartition("/")[0]
    nombres = ', '.join(f'{m.nombre} (ID {m.id})' for m in ya_tenian)
    aparte = ((f" ({nombres} ya tenía otro evento: no lo moví)" if len(ya_tenian) == 1 else
               f" ({nombres} ya tenían otro evento: no los moví)") if ya_tenian else "")
    respuesta = Respuesta.texto(
        f"Listo: {cuantos(len(por_mover), 'archivo pasado')} al evento #{ev.numero} «{ev.titulo}» → {carpeta}/{aparte}",
        publica=True)
    respuesta.reemplaza_original = True
    return respuesta


def _vacio(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    total = session.scalar(select(func.count(Medio.id)).where(Medio.espacio_id == peticion.espacio_id)) or 0
    return Respuesta.texto(
        f"El archivo tiene {cuantos(total, 'archivo')}. Suelta fotos, video, audio o PDF en el canal (con #N para su evento).\n"
        f"Uso: {USO}"
    )


enrutador.vacio = _vacio
manejar = enrutador
ACCIONES = {"archivo.enlazar_lote": al_elegir_evento}
