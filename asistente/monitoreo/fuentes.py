"""Las fuentes RSS/Atom de los medios (``/medios fuente ID <url>``): de cada lectura se registran, una sola
vez, las entradas nuevas que mencionan al municipio o alguna palabra clave de la oficina.

Cada fuente se lee cada ``CADA`` (30 minutos) con GET condicional (ETag / Last-Modified). La pasada del
programador (``asistente.programador.monitoreo``) la reclama antes con ``reclamar``: un UPDATE
condicionado a ``proxima``, así dos programadores no la leen a la vez. Una fuente rota (caída, lenta, que
no es RSS) anota su error y se vuelve a intentar a la siguiente; nunca detiene a las demás.
"""

from __future__ import annotations

import calendar
import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import feedparser
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from asistente.datos.bd import insertar_si_falta
from asistente.monitoreo.ajustes import menciona
from asistente.monitoreo.empate import empatar
from asistente.monitoreo.notas import normalizar_url
from asistente.nucleo.errores import ErrorDeUsuario, NoEncontrado
from asistente.nucleo.lector import Pagina
from asistente.nucleo.peticion import Peticion
from modelos import FuenteDeMedio, MedioDeComunicacion, Nota

CADA = timedelta(minutes=30)
ANTIGUEDAD = timedelta(days=3)  # una entrada más vieja no es noticia (una fuente recién agregada trae meses)
MAX_ENTRADAS = 100


@dataclass(frozen=True)
class Alta:
    fuente: FuenteDeMedio
    medio: MedioDeComunicacion
    nueva: bool


def buscar_medio(session: Session, espacio_id: int, texto: str) -> MedioDeComunicacion:
    """El medio del directorio por su ID (el de ``/medios``)."""
    limpio = texto.strip().lstrip("#")
    if not limpio:
        raise ErrorDeUsuario("Falta el ID del medio (sale en /medios).")
    if not limpio.isdecimal() or len(limpio) > 9:
        raise ErrorDeUsuario(f"«{texto.strip()}» no es un ID de medio (sale en /medios).")
    medio = session.get(MedioDeComunicacion, int(limpio))
    if medio is None or medio.espacio_id != espacio_id:
        raise NoEncontrado(f"No hay un medio con ID {limpio} en el directorio.")
    return medio


def agregar(session: Session, peticion: Peticion, medio_texto: str, url_texto: str) -> Alta:
    medio = buscar_medio(session, peticion.espacio_id, medio_texto)
    if not url_texto.strip():
        raise ErrorDeUsuario("Falta la dirección de la fuente RSS o Atom del medio.")
    url = normalizar_url(url_texto)
    if not peticion.config.permitir_red_local and _es_direccion_local(url):
        # El lector la rechazaría cada 30 minutos; mejor decirlo ahora, con las mismas palabras que /nota.
        raise ErrorDeUsuario(f"«{urlsplit(url).hostname}» es una dirección local o privada: no la leo "
                             "(ASISTENTE_PERMITIR_RED_LOCAL=1 lo permite para medios en la intranet).")
    previa = session.scalars(select(FuenteDeMedio).where(FuenteDeMedio.espacio_id == peticion.espacio_id,
                                                         FuenteDeMedio.url == url)).first()
    if previa is not None:
        return Alta(previa, session.get(MedioDeComunicacion, previa.medio_id) or medio, False)
    fuente = FuenteDeMedio(espacio_id=peticion.espacio_id, medio_id=medio.id, url=url, etag="", modificado="",
                           proxima=peticion.ahora, leida=None, error="", creado=peticion.ahora)
    session.add(fuente)
    session.flush()
    return Alta(fuente, medio, True)


def _es_direccion_local(url: str) -> bool:
    """Una IP escrita tal cual (o «localhost») que es local, privada o reservada; un nombre se revisa al leer."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified


def todas(session: Session, espacio_id: int) -> list[tuple[FuenteDeMedio, str]]:
    return [(f, nombre) for f, nombre in session.execute(
        select(FuenteDeMedio, MedioDeComunicacion.nombre).join(MedioDeComunicacion,
                                                             MedioDeComunicacion.id == FuenteDeMedio.medio_id)
        .where(FuenteDeMedio.espacio_id == espacio_id).order_by(FuenteDeMedio.id)).all()]


def pendientes(session: Session, ahora: datetime) -> list[tuple[int, int, str, str, str]]:
    """Las fuentes que toca leer: ``(id, espacio_id, url, etag, modificado)``."""
    filas = session.execute(select(FuenteDeMedio.id, FuenteDeMedio.espacio_id, FuenteDeMedio.url,
                                   FuenteDeMedio.etag, FuenteDeMedio.modificado)
                            .where(FuenteDeMedio.proxima <= ahora).order_by(FuenteDeMedio.id)).all()
    return [tuple(f) for f in filas]  # type: ignore[misc]


def reclamar(session: Session, fuente_id: int, ahora: datetime) -> bool:
    """Se queda con la lectura de la fuente hasta ``ahora + CADA``; solo un proceso lo logra."""
    resultado = session.connection().execute(
        update(FuenteDeMedio).where(FuenteDeMedio.id == fuente_id, FuenteDeMedio.proxima <= ahora)
        .values(proxima=ahora + CADA))
    return resultado.rowcount == 1


def anotar_error(session: Session, fuente_id: int, error: str, ahora: datetime) -> None:
    session.connection().execute(update(FuenteDeMedio).where(FuenteDeMedio.id == fuente_id)
                                 .values(error=error[:2000], leida=ahora))


def _fecha(entrada: feedparser.FeedParserDict, ahora: datetime) -> datetime:
    tupla = entrada.get("published_parsed") or entrada.get("updated_parsed")
    if not tupla:
        return ahora
    return datetime.fromtimestamp(calendar.timegm(tupla), UTC)


def registrar_entradas(session: Session, fuente_id: int, pagina: Pagina, palabras: list[str],
                       ahora: datetime) -> int:
    """Registra las entradas nuevas de la fuente que nos mencionan; devuelve cuántas. Lanza
    ``ValueError`` con el motivo si lo leído no es una fuente RSS/Atom."""
    fuente = session.get(FuenteDeMedio, fuente_id)
    if fuente is None:
        return 0
    fuente.leida = ahora
    if pagina.sin_cambios:
        fuente.error = ""
        return 0
    leida = feedparser.parse(pagina.contenido, response_headers={"content-type": pagina.tipo or "application/xml"})
    entradas = list(leida.entries)[:MAX_ENTRADAS]
    if not entradas and (leida.bozo or not leida.get("version")):
        raise ValueError("lo que contestó no es una fuente RSS o Atom")
    fuente.etag, fuente.modificado, fuente.error = pagina.etag[:300], pagina.modificado[:100], ""
    medio = session.get(MedioDeComunicacion, fuente.medio_id)
    nuevas = 0
    for entrada in entradas:
        titular = " ".join(str(entrada.get("title", "")).split())[:500]
        enlace = str(entrada.get("link", ""))
        resumen = " ".join(str(entrada.get("summary", "")).split())
        resumen = _sin_html(resumen)[:1000]
        publicada = _fecha(entrada, ahora)
        if not titular or not enlace or publicada < ahora - ANTIGUEDAD:
            continue
        if not menciona(f"{titular} {resumen}", palabras):
            continue
        try:
            url = normalizar_url(enlace)
        except ErrorDeUsuario:
            continue
        if insertar_si_falta(session, Nota, espacio_id=fuente.espacio_id, url=url, origen="fuente",
                             tipo=medio.tipo if medio else "portal", medio=medio.nombre if medio else "",
                             medio_id=fuente.medio_id, fuente_id=fuente.id, titular=titular, entradilla=resumen,
                             texto="", pagina="", tono="", tema="", publicada=publicada, creado=ahora):
            nuevas += 1
            nota = session.scalars(select(Nota).where(Nota.espacio_id == fuente.espacio_id, Nota.url == url)).one()
            empatar(session, nota)
    return nuevas


def _sin_html(texto: str) -> str:
    if "<" not in texto:
        return texto
    import lxml.html

    try:
        return " ".join(lxml.html.fragment_fromstring(texto, create_parent="div").text_content().split())
    except Exception:  # un resumen con HTML roto: mejor sin resumen que sin nota
        return ""
