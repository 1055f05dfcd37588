"""Las rutas del portal (WSGI), montadas por ``asistente.plataformas.web`` bajo ``/portal/``.

``/portal/galeria/<ficha>`` la galería; ``…/foto/<id>`` una foto a 1600 px con su original;
``…/miniatura/<id>``, ``…/vista/<id>``, ``…/original/<id>`` los bytes; ``…/todo.zip`` todo junto;
``/portal/invitacion/<ficha>`` la invitación a un evento con sus botones de confirmar o declinar (POST);
``/portal/solicitud/<ficha>`` el formulario de solicitudes de un área, con archivos (POST multipart).
Cualquier ficha falsificada, alterada, vencida o revocada, y cualquier ruta que no sea exactamente
una de estas, recibe la misma página 403, que no dice nada del espacio ni del objeto.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, BinaryIO
from urllib.parse import parse_qs, quote

from sqlalchemy.orm import Session

from asistente.agenda.calendario import calendario, cobertura_de, eventos_del_calendario
from asistente.archivo.almacen import slug
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.consultas import archivos_de_evento, creditos
from asistente.archivo.privacidad import abrir_para_compartir
from asistente.datos.bd import transaccion
from asistente.enlaces.firmas import (
    EnlaceInvalido,
    anotar_apertura,
    anotar_descarga,
    verificar,
)
from asistente.medios import invitaciones
from asistente.nucleo.aplicacion import Aplicacion
from asistente.portal.comprimido import TROZO, nombres_unicos, zip_en_flujo
from asistente.nucleo.plataforma import Plataforma
from asistente.portal.paginas import pagina
from asistente.portal.solicitudes import ErrorDelFormulario, FormularioDeSolicitud
from modelos import Boletin, EnlacePortal, Evento, Medio, Persona

registro_log = logging.getLogger("asistente.portal")

WSGI = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Reloj = Callable[[], datetime]

_FICHA = re.compile(r"^[A-Za-z0-9_\-.]{10,400}$")
_ID = re.compile(r"^[1-9][0-9]{0,11}$")
_BYTES = ("miniatura", "vista", "original")
_GALERIAS = ("galeria_evento", "galeria_boletin")
MAX_FORMULARIO = 4096
_SEGURIDAD = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),  # la ficha va en la URL: que no salga a otros sitios
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "private, no-store"),
    ("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'"),
]


class _Prohibido(Exception):
    pass


class _NoDisponible(Exception):
    pass


@dataclass
class _Galeria:
    enlace: EnlacePortal
    titulo: str
    subtitulo: str
    dia: datetime | None
    medios: list[Medio]
    creditos: dict[int, str]


def _html(start_response: Callable[..., Any], estado: str, cuerpo: bytes) -> list[bytes]:
    start_response(estado, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(cuerpo))),
                            *_SEGURIDAD])
    return [cuerpo]


def _leer(archivo: BinaryIO) -> Iterator[bytes]:
    with archivo:
        while trozo := archivo.read(TROZO):
            yield trozo


def _disposicion(tipo: str, nombre: str) -> str:
    ascii_ = re.sub(r"[^A-Za-z0-9._-]", "_", nombre) or "archivo"
    return f"{tipo}; filename=\"{ascii_}\"; filename*=UTF-8''{quote(nombre)}"


def _formulario(environ: dict[str, Any]) -> dict[str, list[str]]:
    try:
        largo = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise _Prohibido() from None
    if largo > MAX_FORMULARIO:
        raise _Prohibido()
    cuerpo = environ["wsgi.input"].read(largo) if largo > 0 else b""
    return parse_qs(cuerpo.decode("utf-8", "replace"), max_num_fields=10)


def crear_wsgi(aplicacion: Aplicacion, reloj: Reloj | None = None,
               plataformas: Mapping[str, Plataforma] | None = None) -> WSGI:
    """``plataformas`` (por prefijo de espacio) anuncian en el canal del equipo lo que llega por el
    formulario de solicitudes; sin ellas, la solicitud se guarda y se anuncia solo en el registro."""
    config = aplicacion.config
    almacen = almacen_de(config)
    ahora: Reloj = reloj or (lambda: datetime.now(timezone.utc))

    def enlace_de(session: Session, ficha: str, tipos: tuple[str, ...]) -> EnlacePortal:
        try:
            enlace = verificar(session, config, ficha, ahora())
        except EnlaceInvalido as error:
            registro_log.info("enlace del portal rechazado: %s", error)
            raise _Prohibido() from None
        if enlace.tipo not in tipos:
            raise _Prohibido()
        return enlace

    def galeria(session: Session, ficha: str) -> _Galeria:
        enlace = enlace_de(session, ficha, _GALERIAS)
        evento: Evento | None = None
        subtitulo = ""
        if enlace.tipo == "galeria_evento":
            evento = session.get(Evento, enlace.objeto_id)
        elif enlace.tipo == "galeria_boletin":
            boletin = session.get(Boletin, enlace.objeto_id)
            if boletin is None or boletin.espacio_id != enlace.espacio_id:
                raise _NoDisponible()
            subtitulo = f"Boletín No. {boletin.folio}"
            evento = session.get(Evento, boletin.evento_id) if boletin.evento_id else None
        else:
            raise _Prohibido()
        if evento is None or evento.espacio_id != enlace.espacio_id:
            raise _NoDisponible()
        medios = archivos_de_evento(session, enlace.espacio_id, evento.id)
        return _Galeria(enlace, evento.titulo, subtitulo, evento.inicio.astimezone(config.tz) if evento.con_hora else None,
                        medios, creditos(session, medios))

    def medio_de(g: _Galeria, texto: str) -> Medio:
        if not _ID.match(texto):
            raise _Prohibido()
        for medio in g.medios:
            if medio.id == int(texto):
                return medio
        # Un archivo que no es de esta galería (de otro evento, de otro municipio) no se distingue de
        # uno que no existe: la misma página 403.
        raise _Prohibido()

    def pagina_galeria(ficha: str, start_response: Callable[..., Any]) -> list[bytes]:
        with transaccion(aplicacion.fabrica) as session:
            g = galeria(session, ficha)
            anotar_apertura(g.enlace, ahora())
            cuerpo = pagina("galeria.html.j2", g=g, ficha=ficha, fotos=[m for m in g.medios if m.clave_miniatura],
                            otros=[m for m in g.medios if not m.clave_miniatura], tz=config.tz,
                            vence=g.enlace.vence.astimezone(config.tz))
        return _html(start_response, "200 OK", cuerpo)

    def pagina_foto(ficha: str, id_texto: str, start_response: Callable[..., Any]) -> list[bytes]:
        with transaccion(aplicacion.fabrica, solo_lectura=True) as session:
            g = galeria(session, ficha)
            medio = medio_de(g, id_texto)
            if not medio.clave_miniatura:
                raise _NoDisponible()
            cuerpo = pagina("foto.html.j2", g=g, m=medio, credito=g.creditos.get(medio.id, ""), ficha=ficha)
        return _html(start_response, "200 OK", cuerpo)

    def bytes_de(ficha: str, clase: str, id_texto: str, start_response: Callable[..., Any]) -> Iterable[bytes]:
        # Las miniaturas de una galería llegan de a muchas: se leen sin tomar el candado de escritura.
        with transaccion(aplicacion.fabrica, solo_lectura=clase != "original") as session:
            g = galeria(session, ficha)
            medio = medio_de(g, id_texto)
            # Solo una foto tiene vista y miniatura (sus copias en JPEG); lo demás (un SVG, que puede
            # llevar scripts; un PDF, un docx) solo se baja como original.
            clave = {"miniatura": medio.clave_miniatura, "vista": medio.clave_copia,
                     "original": medio.clave}[clase]
            if not clave or not almacen.existe(clave):
                raise _NoDisponible()
            if clase == "original":
                anotar_descarga(g.enlace, ahora())
        # El original de una foto sale sin GPS (el mismo largo: solo se vacía su bloque EXIF de GPS).
        archivo = abrir_para_compartir(almacen, clave, medio.tipo) if clase == "original" else almacen.abrir(clave)
        tamanio = almacen.tamanio(clave)
        mime = medio.mime if clase == "original" else "image/jpeg"
        cabeceras = [("Content-Type", mime or "application/octet-stream"), ("Content-Length", str(tamanio)),
                     ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                     ("Cache-Control", "private, max-age=3600"),
                     # Si un navegador abriera el archivo de todos modos (un SVG), no corre nada ni carga nada.
                     ("Content-Security-Policy", "default-src 'none'; sandbox")]
        if clase == "original":
            cabeceras.append(("Content-Disposition", _disposicion("attachment", medio.nombre)))
        start_response("200 OK", cabeceras)
        return _leer(archivo)

    def todo_zip(ficha: str, start_response: Callable[..., Any]) -> Iterable[bytes]:
        with transaccion(aplicacion.fabrica) as session:
            g = galeria(session, ficha)
            presentes = [m for m in g.medios if almacen.existe(m.clave)]
            if not presentes:
                raise _NoDisponible()
            anotar_descarga(g.enlace, ahora())
        nombres = nombres_unicos(m.nombre for m in presentes)
        entradas = [(nombre, (lambda clave=m.clave, tipo=m.tipo: abrir_para_compartir(almacen, clave, tipo)))
                    for nombre, m in zip(nombres, presentes)]
        nombre_zip = f"{slug(g.titulo) or 'galeria'}.zip"
        start_response("200 OK", [("Content-Type", "application/zip"),
                                  ("Content-Disposition", _disposicion("attachment", nombre_zip)),
                                  ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                                  ("Cache-Control", "private, no-store")])
        return zip_en_flujo(entradas)

    def invitacion(ficha: str, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        respondida = False
        with transaccion(aplicacion.fabrica) as session:
            enlace = enlace_de(session, ficha, ("invitacion",))
            evento = session.get(Evento, enlace.objeto_id)
            if evento is None or evento.espacio_id != enlace.espacio_id:
                raise _NoDisponible()
            if environ.get("REQUEST_METHOD") == "POST":
                campos = _formulario(environ)
                respuesta = (campos.get("respuesta") or [""])[0]
                if respuesta not in ("si", "no") or evento.estado == "cancelado":
                    raise _Prohibido()
                invitaciones.responder(enlace, respuesta, (campos.get("asistentes") or [""])[0], ahora())
                respondida = True
            else:
                anotar_apertura(enlace, ahora())
            cuerpo = pagina("invitacion.html.j2", i=invitaciones.datos(evento, config), e=enlace,
                            cancelado=evento.estado == "cancelado", respondida=respondida)
        return _html(start_response, "200 OK", cuerpo)

    def ics(ficha: str, start_response: Callable[..., Any]) -> list[bytes]:
        """La agenda (de la oficina o de una persona) como calendario de suscripción."""
        with transaccion(aplicacion.fabrica) as session:
            enlace = enlace_de(session, ficha, ("calendario_oficina", "calendario_persona"))
            persona = session.get(Persona, enlace.objeto_id) if enlace.tipo == "calendario_persona" else None
            if enlace.tipo == "calendario_persona" and (persona is None or persona.espacio_id != enlace.espacio_id):
                raise _Prohibido()
            instante = ahora()
            eventos = eventos_del_calendario(session, enlace.espacio_id, instante, persona.id if persona else None)
            nombre = (f"Coberturas de {persona.nombre_visible}" if persona else "Agenda de Comunicación Social")
            cuerpo = calendario(eventos, config, nombre, instante, cobertura_de(session, eventos))
            anotar_apertura(enlace, instante)
        start_response("200 OK", [("Content-Type", "text/calendar; charset=utf-8"), ("Content-Length", str(len(cuerpo))),
                                  ("Content-Disposition", _disposicion("inline", "agenda.ics")),
                                  ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "private, max-age=600")])
        return [cuerpo]

    solicitud = FormularioDeSolicitud(aplicacion, plataformas or {}, enlace_de, _html, ahora)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        metodo = environ.get("REQUEST_METHOD", "GET")
        partes = environ.get("PATH_INFO", "").split("/")
        # ["", "portal", "galeria" | "invitacion" | "calendario", ficha, ...]
        try:
            if len(partes) < 4 or partes[:2] != ["", "portal"] or not _FICHA.match(partes[3]):
                raise _Prohibido()
            if partes[2] == "invitacion" and len(partes) == 4 and metodo in ("GET", "HEAD", "POST"):
                return invitacion(partes[3], environ, start_response)
            if partes[2] == "solicitud" and len(partes) == 4 and metodo in ("GET", "HEAD", "POST"):
                return solicitud(partes[3], environ, start_response)
            if partes[2] == "calendario" and len(partes) == 4 and metodo in ("GET", "HEAD"):
                return ics(partes[3].removesuffix(".ics"), start_response)
            if metodo not in ("GET", "HEAD") or partes[2] != "galeria":
                raise _Prohibido()
            ficha, resto = partes[3], partes[4:]
            if not resto:
                return pagina_galeria(ficha, start_response)
            if resto == ["todo.zip"]:
                return todo_zip(ficha, start_response)
            if len(resto) == 2 and resto[0] == "foto":
                return pagina_foto(ficha, resto[1], start_response)
            if len(resto) == 2 and resto[0] in _BYTES:
                return bytes_de(ficha, resto[0], resto[1], start_response)
            raise _Prohibido()
        except _Prohibido:
            return _html(start_response, "403 Forbidden", pagina("prohibido.html.j2"))
        except _NoDisponible:
            return _html(start_response, "404 Not Found", pagina("no_disponible.html.j2"))
        except ErrorDelFormulario as error:  # el área del enlace ya no existe
            return _html(start_response, "404 Not Found", pagina("no_disponible.html.j2", motivo=str(error)))

    return app
