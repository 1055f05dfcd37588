"""Archivar lo que se soltó en un canal: descarga durable, tipo, duplicados, evento, carpeta.

Por cada archivo, en este orden (cada paso sobrevive a una caída del proceso):

1. una fila en ``descargas_pendientes`` con todo lo necesario para reintentar, confirmada antes de
   bajar un solo byte;
2. la descarga a ``<ARCHIVO>/.tmp/`` calculando el SHA-256 y el tamaño mientras se escribe (se corta
   al pasar ``ASISTENTE_MAX_MB``) — los pasos 1 y 2 están en ``descarga``;
3. tipo por contenido, duplicado por SHA-256 en el espacio, EXIF y copias de una foto (o la hora de
   creación, duración, medidas y códec de un video o audio, en ``audiovisual``);
4. el evento (``#N`` en el mensaje → hilo del anuncio → ventana de tiempo → ``sin-evento``) y la
   clave final, que se anotan en la fila pendiente (la elección está en ``eleccion``); un PDF
   contestado en el hilo del aviso de una factura (``/factura``) no va a un evento sino a la carpeta
   de su contrato (``contratos/AAAA/NUMERO``); una foto o un PDF contestado en el hilo de la ficha de
   una nota de monitoreo (``/nota``) es una página impresa: va a ``AAAA/MM-mes/monitoreo`` y queda
   como una página más de la nota (``paginas``);
5. el ``rename`` atómico a su clave y, después, el commit de la fila ``medios`` (que borra la
   pendiente y marca cumplida la cobertura de quien subió).

Los archivos de un mensaje pasan por 2 y 3 a la vez (``HILOS``, los núcleos de la máquina: Pillow y
libheif sueltan el GIL) y por 4 y 5 de uno en uno, en el orden del mensaje (``_EnOrden``).

Si el proceso muere entre 5a y 5b, ``reanudar`` encuentra el archivo ya colocado con su hash y lo
adopta; si muere antes, lo vuelve a bajar. Un temporal a medias no llega nunca al árbol y
``limpiar_temporales`` lo borra al arrancar.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from asistente.archivo import almacen as alm
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.audiovisual import DatosAV, leer_av, portada
from asistente.archivo.descarga import (
    Cronometro,
    Pendiente,
    anotar_fallo,
    anotar_pendiente,
    borrar_pendiente,
    descargar,
    lotes_pendientes,
    olvidar,
    sha_de,
    tomar_pendiente,
)
from asistente.archivo.eleccion import elegir_evento, elegir_solicitud, eventos_del_dia, version_de
from asistente.archivo.entrada import ArchivoRemoto, Descargador, Lote
from asistente.archivo.estadisticas import anotar_archivados
from asistente.archivo.indice import indexar, texto_buscable
from asistente.archivo.medios import (
    TIPOS_ACEPTADOS,
    ArchivoRechazado,
    DatosFoto,
    Tipo,
    analizar_foto,
    copias_de_imagen,
    detectar_tipo,
    motivo_de_duda,
)
from asistente.archivo.oficina import EXTENSIONES as EXTENSIONES_OFICINA
from asistente.archivo.oficina import detectar_oficina
from asistente.archivo.paginas import ligar_pagina
from asistente.archivo.memoria import Presupuesto, presupuesto_de
from asistente.archivo.parecidos import buscar_original, guardar_bandas
from asistente.coberturas import ACCION_REGISTRAR_CUBIERTA, marcar_cumplida, sin_asignar
from asistente.datos.bd import transaccion
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.identidad import asegurar_espacio, asegurar_persona
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Boton, Respuesta
from modelos import Contrato, DescargaPendiente, Espacio, Evento, Factura, Medio, Nota, Persona, Solicitud

registro_log = logging.getLogger("asistente.archivo")

ACCION_ENLAZAR = "archivo.enlazar_lote"
# El «usuario» de un lote que llegó por el formulario del portal (``portal:<enlace>``): material de un
# área para su solicitud, que se archiva como su versión 0 (no es una entrega de la oficina).
PREFIJO_PORTAL = "portal:"
_EXTENSIONES = {
    "image/jpeg": {"jpg", "jpeg", "jpe"}, "image/png": {"png"}, "image/heic": {"heic", "heif"},
    "image/webp": {"webp"}, "image/gif": {"gif"}, "image/tiff": {"tif", "tiff"},
    "video/mp4": {"mp4", "m4v"}, "video/quicktime": {"mov", "qt"}, "audio/mp4": {"m4a", "mp4"},
    "audio/mpeg": {"mp3"}, "audio/aac": {"aac", "adts"}, "audio/wav": {"wav"}, "audio/ogg": {"ogg", "oga", "opus"},
    "application/pdf": {"pdf"},
    **EXTENSIONES_OFICINA,
}


# --- resultados ---------------------------------------------------------------------------------------
@dataclass
class Resultado:
    nombre: str  # como lo subieron
    estado: str  # archivado · duplicado · rechazado · pendiente
    motivo: str = ""
    medio_id: int = 0
    clave: str = ""
    carpeta: str = ""
    evento_numero: int = 0
    evento_titulo: str = ""
    duplicado_de: str = ""
    aviso: str = ""
    nota: str = ""  # lo que hay que saber de este archivo (una fecha de captura que no se creyó)
    parece_copia_de: str = ""  # «IMG_1.jpg (ID 3)» si es casi igual a una foto ya archivada
    solicitud: str = ""  # «como versión S-031 v2» si es de una solicitud de un área
    factura: str = ""  # «A-7 del contrato CS-1» si es el PDF contestado en el hilo de una factura
    pagina_de: str = ""  # «la nota 3 (El Sur)» si es la página impresa contestada en el hilo de una nota
    pagina_ya: bool = False  # un duplicado que ya era página de esa nota

    @property
    def archivo(self) -> str:
        return alm.nombre_de(self.clave) if self.clave else self.nombre


def _identidad(session: Session, app: Aplicacion, lote: Lote) -> Espacio:
    peticion = Peticion(
        config=app.config, espacio=lote.espacio, usuario=lote.usuario, texto=lote.texto, ahora=lote.ahora,
        nombre_usuario=lote.nombre_usuario, canal=lote.canal,
    )
    espacio = asegurar_espacio(session, peticion)
    # Lo que manda un área desde el portal no lo subió nadie del equipo: no se da de alta a una persona.
    if not lote.usuario.startswith(PREFIJO_PORTAL):
        asegurar_persona(session, espacio, peticion)
    return espacio


def recibir(app: Aplicacion, lote: Lote, descargador: Descargador, cronometro: Cronometro | None = None) -> Respuesta:
    """Archiva los archivos de un mensaje y devuelve lo que se contesta en su hilo."""
    cron = cronometro or Cronometro()
    almacen = almacen_de(app.config)
    ids: list[int] = []
    with transaccion(app.fabrica) as session:
        espacio = _identidad(session, app, lote)
        espacio_id = espacio.id
        for archivo in lote.archivos:
            ids.append(anotar_pendiente(session, espacio_id, lote, archivo))
    resultados = _en_paralelo(app, almacen, ids, descargador, cron)
    anotar_archivados(app, sum(r.estado == "archivado" for r in resultados))
    return _respuesta(app, espacio_id, lote.ahora, resultados)


HILOS = max(1, min(4, os.cpu_count() or 1))  # los núcleos de la máquina (Pillow y libheif sueltan el GIL)


class _EnOrden:
    """Los archivos de un lote se bajan y se analizan a la vez, pero su evento y su fila se deciden
    en el orden en que llegaron: los IDs salen en orden, y una foto casi igual a otra del mismo mensaje
    se reconoce como copia de la que iba antes."""

    def __init__(self) -> None:
        self._condicion = threading.Condition()
        self._siguiente = 0
        self._hechos: set[int] = set()

    def esperar(self, turno: int) -> None:
        with self._condicion:
            self._condicion.wait_for(lambda: self._siguiente == turno)

    def terminar(self, turno: int) -> None:
        with self._condicion:
            self._hechos.add(turno)
            while self._siguiente in self._hechos:
                self._siguiente += 1
            self._condicion.notify_all()


def _en_paralelo(app: Aplicacion, almacen: alm.Almacen, ids: list[int], descargador: Descargador,
                 cron: Cronometro) -> list[Resultado]:
    """Los archivos de un lote, en ``HILOS`` hilos; los resultados en el orden del lote."""
    if len(ids) <= 1 or HILOS == 1:
        return [_procesar(app, almacen, pid, descargador, cron) for pid in ids]
    orden = _EnOrden()

    def uno(turno: int, pid: int) -> Resultado:
        try:
            return _procesar(app, almacen, pid, descargador, cron, lambda: orden.esperar(turno))
        finally:
            orden.terminar(turno)

    with ThreadPoolExecutor(max_workers=min(HILOS, len(ids)), thread_name_prefix="archivo") as hilos:
        return list(hilos.map(uno, range(len(ids)), ids))


# --- un archivo ----------------------------------------------------------------------------------------
def _sin_espera() -> None:
    pass


def _procesar(app: Aplicacion, almacen: alm.Almacen, pendiente_id: int, descargador: Descargador,
              cron: Cronometro, turno: Callable[[], None] = _sin_espera) -> Resultado:
    p, nombre = tomar_pendiente(app, pendiente_id)
    if p is None:
        return Resultado(nombre=nombre, estado="pendiente", motivo="ya lo está archivando otro proceso")
    try:
        adoptado = _adoptar(app, almacen, p, cron, turno)
        if adoptado is not None:
            return adoptado
        with descargar(almacen, p, descargador, app.config.max_bytes, cron) as (tmp, sha, tamanio):
            return _terminar(app, almacen, p, tmp, tmp.ruta, sha, tamanio, cron, turno)
    except ArchivoRechazado as rechazo:
        olvidar(app, p.id)
        return Resultado(nombre=p.nombre, estado="rechazado", motivo=str(rechazo))
    except Exception as error:
        registro_log.exception("no se pudo archivar %s (%s), intento %s", p.nombre, p.origen, p.intentos)
        if not anotar_fallo(app, p, error):
            return Resultado(nombre=p.nombre, estado="rechazado", motivo=f"falló {p.intentos} veces; súbelo otra vez")
        return Resultado(nombre=p.nombre, estado="pendiente", motivo="no pude bajarlo todavía; lo reintento solo")


def _adoptar(app: Aplicacion, almacen: alm.Almacen, p: Pendiente, cron: Cronometro,
             turno: Callable[[], None]) -> Resultado | None:
    """El proceso cayó después de colocar el archivo y antes del commit: se adopta lo colocado."""
    if not (p.clave and p.sha256 and almacen.existe(p.clave)):
        return None
    if sha_de(almacen, p.clave) != p.sha256:
        return None
    ruta = almacen.ruta_local(p.clave)
    return _terminar(app, almacen, p, None, ruta, p.sha256, ruta.stat().st_size, cron, turno)


def _nombre_final(nombre: str, tipo: Tipo, version: int | None = None) -> str:
    """El nombre saneado con la extensión de su tipo; la versión de una solicitud, delante (``v2-cartel.pdf``)."""
    limpio = alm.sanear_nombre(nombre)
    if version is not None:
        limpio = alm.sanear_nombre(f"v{version}-{limpio}" if version else f"area-{limpio}")
    ext = limpio.rpartition(".")[2].lower() if "." in limpio else ""
    if ext in _EXTENSIONES.get(tipo.mime, {tipo.extension}):
        return limpio
    return alm.con_extension(limpio, tipo.extension)


def _terminar(app: Aplicacion, almacen: alm.Almacen, p: Pendiente, tmp: alm.Temporal | None, ruta: Path,
              sha: str, tamanio: int, cron: Cronometro, turno: Callable[[], None] = _sin_espera) -> Resultado:
    """Un archivo ya bajado y con su hash (en ``tmp``, o ya colocado si ``tmp`` es None): tipo →
    duplicado → copias de la foto → (su turno en el lote) → evento y clave → colocarlo → su fila."""
    tipo = tipo_por_contenido(ruta, p.nombre, tamanio)
    duplicado = _duplicado(app, p, sha)
    if duplicado is not None:
        return duplicado
    presupuesto = presupuesto_de(app.config.memoria_fotos_mb)
    foto = _copias_de_foto(almacen, ruta, sha, app.config.tz, cron, presupuesto) if tipo.tipo == "foto" else None
    av = _datos_av(ruta, tipo, cron) if tipo.tipo in ("video", "audio") else None
    con_portada = tipo.tipo == "video" and _portada_de_video(almacen, ruta, sha, av, cron)
    capturado = foto.capturado if foto else (av.capturado if av else None)
    turno()
    duplicado = _duplicado(app, p, sha) if tmp is not None else None  # uno igual del mismo lote, ya registrado
    if duplicado is not None:
        return duplicado
    with cron.etapa("evento y fila"):
        destino = _elegir_destino(app, almacen, p, tmp, sha, tipo, capturado)
        if tmp is not None:
            destino.clave = _colocar(almacen, tmp, destino.clave, destino.carpeta,
                                     _nombre_final(p.nombre, tipo, destino.version))
        try:
            medio_id, parece_copia_de = _registrar_medio(app, p, destino, sha, tamanio, tipo, foto, av, con_portada)
        except IntegrityError:
            return _gano_otro_proceso(app, almacen, p, sha, destino.clave)
    return Resultado(
        nombre=p.nombre, estado="archivado", medio_id=medio_id, clave=destino.clave,
        carpeta=alm.carpeta_de(destino.clave), evento_numero=destino.evento.numero if destino.evento else 0,
        evento_titulo=destino.evento.titulo if destino.evento else "", aviso=destino.aviso,
        nota=_nota_de_fecha(p.nombre, capturado, destino, app.config.tz), parece_copia_de=parece_copia_de,
        solicitud=(f"como versión {destino.solicitud.folio} v{destino.version}" if destino.version else
                   f"como material del área para {destino.solicitud.folio}") if destino.solicitud else "",
        factura=destino.factura, pagina_de=_pagina_de(destino.nota),
    )


def _pagina_de(nota: Nota | None) -> str:
    if nota is None:
        return ""
    titular = nota.titular if len(nota.titular) <= 60 else nota.titular[:59].rstrip() + "…"
    return f"la nota {nota.id} ({nota.medio}: {titular})" if nota.medio else f"la nota {nota.id} ({titular})"


def _portada_de_video(almacen: alm.Almacen, ruta: Path, sha: str, av: DatosAV | None,
                      cron: Cronometro) -> bool:
    """La portada de un video (un cuadro, con ``ffmpeg`` si lo hay) como su copia y su miniatura, por
    hash como las de una foto. ``False`` si no hubo portada."""
    with cron.etapa("portada del video"):
        cuadro = portada(ruta, av.duracion if av else None)
        if cuadro is None:
            return False
        with almacen.temporal() as copia, almacen.temporal() as mini:
            copias_de_imagen(cuadro, Image.Exif(), cuadro.info.get("icc_profile") or b"", copia.flujo, mini.flujo)
            almacen.colocar_en(copia, alm.clave_copia(sha), reemplazar=True)
            almacen.colocar_en(mini, alm.clave_miniatura(sha), reemplazar=True)
    return True


def _datos_av(ruta: Path, tipo: Tipo, cron: Cronometro) -> DatosAV:
    with cron.etapa("datos de video y audio"):
        return leer_av(ruta, tipo.tipo, tipo.mime)


def _nota_de_fecha(nombre: str, capturado: datetime | None, destino: Destino, tz: ZoneInfo) -> str:
    if not destino.dudosa or capturado is None:
        return ""
    dicha = capturado.astimezone(tz).strftime("%d/%m/%Y %H:%M")
    return (f"{nombre}: su fecha de captura ({dicha}) no es creíble ({destino.dudosa}); la archivé por la hora de "
            "subida y queda en /archivo dudosas para que alguien la revise.")


def tipo_por_contenido(ruta: Path, nombre: str, tamanio: int) -> Tipo:
    """El tipo por los primeros bytes, no por el nombre; lo vacío o desconocido se rechaza."""
    if tamanio == 0:
        raise ArchivoRechazado("está vacío (0 bytes)")
    with open(ruta, "rb") as f:
        cabecera = f.read(64)
    tipo = detectar_tipo(cabecera, nombre)
    if tipo is not None and tipo.tipo != "pdf":
        return tipo
    # Un PDF puede ser un Illustrator; un ZIP, un docx o un odt; un XML, un SVG (por contenido, no por nombre).
    oficina = detectar_oficina(ruta, cabecera)
    if oficina is not None:
        return oficina
    if tipo is not None:
        return tipo
    ext = nombre.rpartition(".")[2].lower() if "." in nombre else ""
    if any(ext in extensiones for extensiones in _EXTENSIONES.values()):
        raise ArchivoRechazado(f"se llama .{ext} pero por dentro no lo es: puede estar dañado o ser otro tipo "
                               "de archivo con el nombre cambiado")
    raise ArchivoRechazado(f"no es un tipo que archive; acepto {TIPOS_ACEPTADOS}")


def _duplicado(app: Aplicacion, p: Pendiente, sha: str) -> Resultado | None:
    """El mismo contenido ya archivado en el espacio: no se guarda otra vez y la pendiente se borra."""
    with transaccion(app.fabrica) as session:
        existente = session.scalar(select(Medio).where(Medio.espacio_id == p.espacio_id, Medio.sha256 == sha))
        if existente is None:
            return None
        borrar_pendiente(session, p.id)
        if existente.clave == p.clave:  # otro proceso terminó esta misma descarga
            return _archivado(p.nombre, existente, session)
        solicitud = pagina = ""
        ya_era = False
        if p.usuario_id.startswith(PREFIJO_PORTAL):
            solicitud = _ligar_a_solicitud(session, p, existente)
        elif p.hilo and existente.tipo in ("foto", "pdf"):
            # La página ya archivada, soltada otra vez en el hilo de la ficha de una nota: queda ligada.
            nota = _nota_del_hilo(session, p.espacio_id, p.hilo)
            if nota is not None:
                ya_era = not ligar_pagina(session, nota.id, existente.id)
                pagina = _pagina_de(nota)
        return Resultado(nombre=p.nombre, estado="duplicado", medio_id=existente.id, duplicado_de=existente.clave,
                         solicitud=solicitud, pagina_de=pagina, pagina_ya=ya_era)


def _ligar_a_solicitud(session: Session, p: Pendiente, existente: Medio) -> str:
    """Un archivo que el área manda por el portal y que ya estaba en el archivo (un logotipo, una foto
    de un evento) no se guarda otra vez, pero queda ligado a su solicitud como material del área, si no
    era ya de otra."""
    solicitud, _ = elegir_solicitud(session, p.espacio_id, p.texto, p.hilo)
    if solicitud is None:
        return ""
    if existente.solicitud_id is None:
        existente.solicitud_id, existente.version = solicitud.id, 0
    elif existente.solicitud_id != solicitud.id:
        return ""
    return f"como material del área para {solicitud.folio}"


def _copias_de_foto(almacen: alm.Almacen, ruta: Path, sha: str, tz: ZoneInfo, cron: Cronometro,
                    presupuesto: Presupuesto) -> DatosFoto:
    """EXIF, la copia de 1600 px y la miniatura, fuera del árbol navegable (por hash: reemplazar una
    que ya estaba es inofensivo)."""
    with almacen.temporal() as copia, almacen.temporal() as mini:
        with cron.etapa("EXIF y copias"):
            foto = analizar_foto(ruta, copia.flujo, mini.flujo, tz, presupuesto)
        almacen.colocar_en(copia, alm.clave_copia(sha), reemplazar=True)
        almacen.colocar_en(mini, alm.clave_miniatura(sha), reemplazar=True)
    return foto


@dataclass
class Destino:
    """Adónde va un archivo: su evento (o ninguno), quién lo subió, su fecha, carpeta y clave."""

    evento: Evento | None
    aviso: str
    persona: Persona | None
    fecha: datetime
    carpeta: str
    clave: str
    dudosa: str = ""  # por qué no se creyó la fecha de captura («» si se creyó o no había)
    solicitud: Solicitud | None = None  # la solicitud de la que es versión (``S-031`` o su hilo)
    version: int | None = None
    factura: str = ""  # el PDF de una factura (ver ``_factura_del_hilo``): va con su contrato, no a un evento
    nota: Nota | None = None  # la nota de monitoreo de cuya ficha es la página (ver ``_nota_del_hilo``)


def _elegir_destino(app: Aplicacion, almacen: alm.Almacen, p: Pendiente, tmp: alm.Temporal | None, sha: str,
                    tipo: Tipo, capturado: datetime | None) -> Destino:
    """El evento (SPEC §4) y la clave final, que se anotan en la pendiente antes de colocar el archivo
    para que ``reanudar`` lo encuentre si el proceso cae. Uno ya colocado conserva su clave."""
    tz = app.config.tz
    dudosa = motivo_de_duda(capturado, p.creado)
    fecha = capturado if capturado is not None and not dudosa else p.creado
    with transaccion(app.fabrica) as session:
        persona = session.scalar(
            select(Persona).where(Persona.espacio_id == p.espacio_id, Persona.usuario_id == p.usuario_id)
        )
        # ``S-031`` (o el hilo de la solicitud) gana: es una versión que un área espera, no material de un evento.
        solicitud, aviso = elegir_solicitud(session, p.espacio_id, p.texto, p.hilo)
        version: int | None = None
        evento: Evento | None = None
        nota: Nota | None = None
        factura = ""
        de_factura = (_factura_del_hilo(session, p.espacio_id, p.hilo)
                      if solicitud is None and tipo.tipo == "pdf" and p.hilo else None)
        if solicitud is not None:
            version = 0 if p.usuario_id.startswith(PREFIJO_PORTAL) else version_de(
                session, solicitud, persona.id if persona else None, p.creado)
            carpeta = alm.carpeta_de_solicitud(solicitud.creada.astimezone(tz).date(), solicitud.numero, solicitud.tipo)
        elif de_factura is not None:
            # El PDF contestado en el hilo de una factura va con su contrato (SPEC §12), no a un evento.
            carpeta = alm.carpeta_de_contrato(de_factura[1].firmado.year, de_factura[1].numero)
            factura = f"{de_factura[0].folio} del contrato {de_factura[1].numero}"
        elif (nota := _nota_del_hilo(session, p.espacio_id, p.hilo)
              if tipo.tipo in ("foto", "pdf") and p.hilo else None) is not None:
            # La página impresa contestada en el hilo de la ficha de una nota (SPEC §10): no es de un evento.
            carpeta = alm.carpeta_de_monitoreo(nota.publicada.astimezone(tz).date())
        else:
            evento, aviso_evento = elegir_evento(session, p.espacio_id, persona.id if persona else None, p.texto,
                                                 p.hilo, fecha)
            aviso = aviso or aviso_evento
            if evento is not None:
                carpeta = alm.carpeta_de_evento(evento.inicio.astimezone(tz).date(), evento.numero, evento.titulo)
            else:
                carpeta = alm.carpeta_sin_evento(fecha.astimezone(tz).date())
        clave = p.clave if tmp is None else almacen.clave_libre(carpeta, _nombre_final(p.nombre, tipo, version))
        fila = session.get(DescargaPendiente, p.id)
        if fila is not None:
            fila.clave, fila.sha256 = clave, sha
    return Destino(evento, aviso, persona, fecha, carpeta, clave, dudosa, solicitud, version, factura, nota)


def _factura_del_hilo(session: Session, espacio_id: int, hilo: str) -> tuple[Factura, Contrato] | None:
    """La factura anunciada en ese hilo (``/factura``): su PDF se archiva con su contrato (SPEC §12)."""
    fila = session.execute(select(Factura, Contrato).join(Contrato, Contrato.id == Factura.contrato_id)
                           .where(Factura.espacio_id == espacio_id, Factura.hilo == hilo).limit(1)).first()
    return (fila[0], fila[1]) if fila is not None else None


def _nota_del_hilo(session: Session, espacio_id: int, hilo: str) -> Nota | None:
    """La nota de monitoreo cuya ficha se publicó en ese hilo: la foto soltada ahí es su página."""
    return session.scalars(select(Nota).where(Nota.espacio_id == espacio_id, Nota.hilo == hilo)
                           .order_by(Nota.id).limit(1)).first()


def _colocar(almacen: alm.Almacen, tmp: alm.Temporal, clave: str, carpeta: str, nombre: str) -> str:
    """El ``rename`` atómico a su clave; si otro ocupó el nombre entretanto, el siguiente libre."""
    while True:
        try:
            almacen.colocar_en(tmp, clave)
            return clave
        except FileExistsError:
            clave = almacen.clave_libre(carpeta, nombre)


def _registrar_medio(app: Aplicacion, p: Pendiente, destino: Destino, sha: str, tamanio: int, tipo: Tipo,
                     foto: DatosFoto | None, av: DatosAV | None, con_portada: bool = False) -> tuple[int, str]:
    """La fila ``medios`` con su índice de búsqueda, en la misma transacción que borra la pendiente y
    marca cumplida la cobertura de quien subió. Lanza ``IntegrityError`` si el hash ya está. Devuelve
    su id y, si es casi igual a una foto ya archivada, «nombre (ID n)» de esa."""
    evento, persona = destino.evento, destino.persona
    with transaccion(app.fabrica) as session:
        medio = Medio(
            espacio_id=p.espacio_id, evento_id=evento.id if evento else None, sha256=sha,
            nombre=alm.nombre_de(destino.clave), nombre_original=p.nombre[:255], clave=destino.clave, tipo=tipo.tipo,
            mime=tipo.mime, tamanio=tamanio, fecha=destino.fecha, autor_id=persona.id if persona else None, pie="",
            canal=p.canal, hilo=p.hilo, subido=p.creado, fecha_dudosa=bool(destino.dudosa),
            solicitud_id=destino.solicitud.id if destino.solicitud else None, version=destino.version,
            **(_campos_de_foto(foto, sha) | _campos_de_av(av) | _campos_de_portada(con_portada, sha)),
        )
        medio.buscable = texto_buscable(medio, evento, persona)
        original = buscar_original(session, p.espacio_id, medio.huella) if medio.huella else None
        medio.parecido_a_id = original.id if original else None
        session.add(medio)
        session.flush()
        indexar(session, medio)
        guardar_bandas(session, medio)
        borrar_pendiente(session, p.id)
        if destino.nota is not None:  # una página más de la nota, tras las que ya tenía
            ligar_pagina(session, destino.nota.id, medio.id)
        if evento is not None and persona is not None:
            marcar_cumplida(session, evento.id, persona.id, p.creado)
        return medio.id, f"{original.nombre} (ID {original.id})" if original else ""


def _campos_de_foto(foto: DatosFoto | None, sha: str) -> dict[str, Any]:
    """Lo que una foto agrega a su fila (EXIF y sus copias); vacío para lo que no es foto."""
    if foto is None:
        return {"capturado": None, "camara": "", "latitud": None, "longitud": None, "ancho": None, "alto": None,
                "clave_copia": "", "clave_miniatura": "", "huella": None}
    return {"capturado": foto.capturado, "camara": foto.camara, "latitud": foto.latitud, "longitud": foto.longitud,
            "ancho": foto.ancho, "alto": foto.alto, "clave_copia": alm.clave_copia(sha),
            "clave_miniatura": alm.clave_miniatura(sha), "huella": foto.huella or None}


def _campos_de_portada(con_portada: bool, sha: str) -> dict[str, Any]:
    """Un video con portada la usa como copia y miniatura (la galería, ``/archivo``)."""
    return {"clave_copia": alm.clave_copia(sha), "clave_miniatura": alm.clave_miniatura(sha)} if con_portada else {}


def _campos_de_av(av: DatosAV | None) -> dict[str, Any]:
    """Lo que un video o audio agrega a su fila (hora de creación, duración, medidas, códec, ubicación)."""
    if av is None:
        return {}
    return {"capturado": av.capturado, "duracion": av.duracion, "ancho": av.ancho, "alto": av.alto,
            "codec": av.codec[:60], "latitud": av.latitud, "longitud": av.longitud}


def _gano_otro_proceso(app: Aplicacion, almacen: alm.Almacen, p: Pendiente, sha: str, clave: str) -> Resultado:
    """Otro proceso archivó el mismo contenido en este instante: se queda el suyo."""
    olvidar(app, p.id)
    with transaccion(app.fabrica) as session:
        otro = session.scalars(select(Medio).where(Medio.espacio_id == p.espacio_id, Medio.sha256 == sha)).one()
        if otro.clave == clave:  # adoptamos el mismo archivo que el otro ya registró
            return _archivado(p.nombre, otro, session)
        almacen.borrar(clave)
        return Resultado(nombre=p.nombre, estado="duplicado", medio_id=otro.id, duplicado_de=otro.clave)


def _archivado(nombre: str, medio: Medio, session: Session) -> Resultado:
    evento = session.get(Evento, medio.evento_id) if medio.evento_id else None
    return Resultado(
        nombre=nombre, estado="archivado", medio_id=medio.id, clave=medio.clave, carpeta=alm.carpeta_de(medio.clave),
        evento_numero=evento.numero if evento else 0, evento_titulo=evento.titulo if evento else "",
    )


# --- la respuesta ----------------------------------------------------------------------------------------
@dataclass
class GrupoArchivado:
    carpeta: str
    ruta: str
    evento_numero: int
    evento_titulo: str
    archivos: list[Resultado]
    solicitud: str = ""
    factura: str = ""
    pagina_de: str = ""


def _etiqueta(evento: Evento) -> str:
    titulo = evento.titulo if len(evento.titulo) <= 60 else evento.titulo[:59].rstrip() + "…"
    return f"#{evento.numero} {titulo}"


def _respuesta(app: Aplicacion, espacio_id: int, ahora: datetime, resultados: list[Resultado]) -> Respuesta:
    """Lo que se contesta en el hilo: lo archivado por carpeta, duplicados, rechazados y pendientes.

    Si algo quedó sin evento, se pregunta por esos archivos (por su nombre, si en el lote hubo otros
    que sí encontraron evento) con un botón por cada evento del día, y cada botón lleva los IDs de
    esos archivos y de ningún otro."""
    grupos = _agrupar_por_carpeta(almacen_de(app.config), resultados)
    sin_evento = [r for g in grupos.values() if not g.evento_numero and not g.solicitud and not g.factura
                  and not g.pagina_de                  for r in g.archivos]
    archivados = sum(len(g.archivos) for g in grupos.values())
    dia = ahora.astimezone(app.config.tz).date()
    eventos = _eventos_para_enlazar(app, espacio_id, dia) if sin_evento else []
    ids = ",".join(str(r.medio_id) for r in sin_evento)
    botones = [Boton(_etiqueta(e), ACCION_ENLAZAR, f"{e.numero}:{ids}") for e in eventos]
    # Quien soltó fotos (o video, audio) de un evento sin estar asignado: ¿registro que lo cubrió?
    with app.fabrica() as session:
        ofertas = [(e.numero, e.titulo, rol, session.get(Persona, persona_id)) for e, persona_id, rol in
                   sin_asignar(session, [r.medio_id for g in grupos.values() if g.evento_numero for r in g.archivos])]
    ofrecer = [{"numero": n, "titulo": t, "rol": rol, "nombre": p.nombre_visible if p else ""} for n, t, rol, p in ofertas]
    botones += [Boton(f"Sí, cubrí {rol} en #{n}", ACCION_REGISTRAR_CUBIERTA, f"{n}:{rol}") for n, _t, rol, _p in ofertas]
    respuesta = Respuesta.plantilla(
        "archivo_lote.j2", publica=True,
        archivados=archivados, grupos=list(grupos.values()),
        duplicados=_con_estado(resultados, "duplicado"), rechazados=_con_estado(resultados, "rechazado"),
        pendientes=_con_estado(resultados, "pendiente"),
        avisos=sorted({r.aviso for r in resultados if r.aviso}) + [r.nota for r in resultados if r.nota],
        sin_evento=len(sin_evento), preguntados=sin_evento, nombrarlos=len(sin_evento) < archivados,
        hay_eventos=bool(eventos), dia=fecha_en_palabras(dia), ids=[r.medio_id for r in sin_evento], ofrecer=ofrecer,
    )
    return respuesta.con_botones(*botones)


def _agrupar_por_carpeta(almacen: alm.Almacen, resultados: list[Resultado]) -> dict[str, GrupoArchivado]:
    """Lo archivado, por carpeta, en el orden en que llegó."""
    grupos: dict[str, GrupoArchivado] = {}
    for r in resultados:
        if r.estado == "archivado":
            grupo = grupos.setdefault(f"{r.carpeta}\n{r.pagina_de}", GrupoArchivado(
                r.carpeta, almacen.ruta_visible(r.carpeta), r.evento_numero, r.evento_titulo, [],
                solicitud=r.solicitud, factura=r.factura, pagina_de=r.pagina_de))
            grupo.archivos.append(r)
    return grupos


def _eventos_para_enlazar(app: Aplicacion, espacio_id: int, dia: date) -> list[Evento]:
    with app.fabrica() as session:
        return eventos_del_dia(session, espacio_id, dia, app.config.tz)


def _con_estado(resultados: list[Resultado], estado: str) -> list[Resultado]:
    return [r for r in resultados if r.estado == estado]


# --- reanudar -------------------------------------------------------------------------------------------------
def reanudar(app: Aplicacion, descargadores: dict[str, Descargador],
             antes_de: datetime | None = None) -> list[tuple[Lote, Respuesta]]:
    """Al arrancar: borra temporales abandonados y termina las descargas que quedaron pendientes.

    ``descargadores`` va por plataforma (``"slack"``, ``"mattermost"``, ``"consola"``). Devuelve, por
    cada mensaje original, el ``Lote`` (con su canal e hilo) y la respuesta que hay que publicar ahí.
    """
    almacen = almacen_de(app.config)
    borrados = almacen.limpiar_temporales()
    if borrados:
        registro_log.info("borré %s archivos temporales abandonados", borrados)
    salida: list[tuple[Lote, Respuesta]] = []
    for lote, ids, espacio_id in lotes_pendientes(app, antes_de):
        if lote.usuario.startswith(PREFIJO_PORTAL):
            del_portal = _reanudar_del_portal(app, almacen, lote, ids, espacio_id)
            if del_portal is not None:
                salida.append(del_portal)
            continue
        descargador = descargadores.get(lote.espacio.split(":", 1)[0])
        if descargador is None:
            continue
        cron = Cronometro()
        resultados = [_procesar(app, almacen, pid, descargador, cron) for pid in ids]
        salida.append((lote, _respuesta(app, espacio_id, lote.ahora, resultados)))
    return salida


class DescargadorDeDisco:
    """Archivos que ya están en el disco de este servidor (los del formulario del portal): «bajarlos»
    es copiarlos."""

    def descargar(self, archivo: ArchivoRemoto, destino: BinaryIO) -> None:
        with open(archivo.origen, "rb") as origen:
            shutil.copyfileobj(origen, destino, 1024 * 1024)


PERDIDO_EN_EL_PORTAL = "se perdió: el servidor se reinició antes de guardarlo; pídeselo otra vez al área"


def _reanudar_del_portal(app: Aplicacion, almacen: alm.Almacen, lote: Lote, ids: list[int],
                         espacio_id: int) -> tuple[Lote, Respuesta] | None:
    """Una subida del portal que un choque dejó a medias: lo que sigue en el disco temporal del
    formulario se archiva con su solicitud; lo que ya no está se descarta (su fila pendiente se borra) y
    se dice en el hilo de la solicitud, para que la oficina lo pida otra vez. Una fila reciente cuyo
    archivo no está aquí puede ser de otro servidor que la atiende ahora mismo: se deja (ese servidor
    la termina o la borra)."""
    cron = Cronometro()
    resultados: list[Resultado] = []
    carpetas: set[Path] = set()
    abandonada = (datetime.now(lote.ahora.tzinfo) - lote.ahora).total_seconds() >= alm.EDAD_TEMPORAL_ABANDONADO
    for pid, archivo in zip(ids, lote.archivos):
        origen = Path(archivo.origen)
        if origen.is_file():
            carpetas.add(origen.parent)
            resultados.append(_procesar(app, almacen, pid, DescargadorDeDisco(), cron))
        elif not abandonada:
            continue
        else:
            with transaccion(app.fabrica) as session:
                borrar_pendiente(session, pid)
            resultados.append(Resultado(nombre=archivo.nombre, estado="rechazado", motivo=PERDIDO_EN_EL_PORTAL))
    for carpeta in carpetas:  # la carpeta temporal del formulario, que el choque no alcanzó a borrar
        if carpeta.name.startswith("asistente-portal-") and not any(r.estado == "pendiente" for r in resultados):
            shutil.rmtree(carpeta, ignore_errors=True)
    if not resultados:
        return None
    with app.fabrica() as session:
        solicitud, _ = elegir_solicitud(session, espacio_id, lote.texto, lote.hilo)
        if solicitud is not None and solicitud.hilo:
            lote = replace(lote, canal=solicitud.canal or lote.canal, hilo=solicitud.hilo)
    return lote, _respuesta(app, espacio_id, lote.ahora, resultados)
