"""El formulario de solicitudes del portal (``/portal/solicitud/<ficha>``): alguien de un área sin cuenta en
el chat pide un trabajo desde su teléfono, con sus archivos (logotipos, fotos, el texto).

Todo se revisa antes de escribir nada: el enlace, los campos (los mismos que ``/solicitud``), el tamaño
de cada archivo mientras llega y su tipo por contenido. Solo entonces se crea la solicitud, sus
archivos se archivan como material del área (versión 0, bajo la carpeta de la solicitud) y se anuncia en
el canal del equipo (o, sin canal, a cada director por mensaje directo)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.agenda.anuncios import publicar_anclada
from asistente.archivo.entrada import ArchivoRemoto, Lote
from asistente.archivo.ingesta import PREFIJO_PORTAL, DescargadorDeDisco, recibir, tipo_por_contenido
from asistente.archivo.medios import ArchivoRechazado
from asistente.datos.bd import transaccion
from asistente.enlaces.firmas import anotar_apertura
from asistente.equipo.ajustes import efectivos
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.plataforma import ErrorDeEnvio, Plataforma
from asistente.nucleo.respuesta import Respuesta
from asistente.portal.paginas import pagina
from asistente.portal.subida import SubidaRechazada, leer_envio
from asistente.solicitudes import alta
from asistente.solicitudes.consultas import vista
from asistente.solicitudes.tipos import ETIQUETAS
from modelos import TIPOS_SOLICITUD, AreaSolicitante, DescargaPendiente, EnlacePortal, Espacio, Medio, Persona, Solicitud

registro_log = logging.getLogger("asistente.portal")

MAX_ARCHIVOS = 10
MAX_NOMBRE = 200
VerificarEnlace = Callable[[Session, str, tuple[str, ...]], EnlacePortal]
Html = Callable[[Callable[..., Any], str, bytes], list[bytes]]


class ErrorDelFormulario(Exception):
    """Lo que se le dice a quien llenó el formulario; no se guardó nada."""


@dataclass(frozen=True)
class _Alta:
    solicitud_id: int
    folio: str
    espacio_id: int
    espacio: str
    canal: str
    aviso: str
    enlace_id: int


def _area(session: Session, enlace: EnlacePortal) -> AreaSolicitante:
    area = session.get(AreaSolicitante, enlace.objeto_id)
    if area is None or area.espacio_id != enlace.espacio_id:
        raise ErrorDelFormulario("Este enlace ya no sirve: pide uno nuevo a Comunicación Social.")
    return area


class FormularioDeSolicitud:
    def __init__(self, aplicacion: Aplicacion, plataformas: Mapping[str, Plataforma], verificar: VerificarEnlace,
                 html: Html, ahora: Callable[[], datetime]) -> None:
        self.app = aplicacion
        self.plataformas = plataformas
        self.verificar = verificar
        self.html = html
        self.ahora = ahora

    def _datos(self, area: str, **extra: Any) -> dict[str, Any]:
        return {"area": area, "tipos": [(t, ETIQUETAS[t].capitalize()) for t in TIPOS_SOLICITUD],
                "max_mb": self.app.config.max_mb, "max_archivos": MAX_ARCHIVOS, "dias": self.app.config.dias_solicitud,
                "error": "", "valores": {}, "hecho": None} | extra

    def __call__(self, ficha: str, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with transaccion(self.app.fabrica) as session:
            enlace = self.verificar(session, ficha, ("solicitud",))
            nombre_area = _area(session, enlace).nombre
            if environ.get("REQUEST_METHOD") != "POST":
                anotar_apertura(enlace, self.ahora())
                return self.html(start_response, "200 OK", pagina("solicitud.html.j2", **self._datos(nombre_area)))
        valores: dict[str, str] = {}
        try:
            config = self.app.config
            with leer_envio(environ, max_por_archivo=config.max_bytes, max_total=config.max_bytes,
                            max_archivos=MAX_ARCHIVOS) as envio:
                valores = envio.campos
                for archivo in envio.archivos:
                    try:
                        tipo_por_contenido(archivo.ruta, archivo.nombre, archivo.tamanio)
                    except ArchivoRechazado as rechazo:
                        raise ErrorDelFormulario(f"«{archivo.nombre}» {rechazo}.") from None
                hecho = self._crear(ficha, valores)
                archivados, no_guardados = self._archivar(hecho, valores, envio.archivos)
        except (SubidaRechazada, ErrorDelFormulario) as error:
            datos = self._datos(nombre_area, error=str(error), valores=valores)
            return self.html(start_response, "400 Bad Request", pagina("solicitud.html.j2", **datos))
        self._anunciar(hecho, archivados, no_guardados)
        return self.html(start_response, "200 OK", pagina("solicitud.html.j2", **self._datos(
            nombre_area, hecho={"folio": hecho.folio, "aviso": hecho.aviso, "archivos": archivados,
                                "no_guardados": no_guardados})))

    def _crear(self, ficha: str, valores: dict[str, str]) -> _Alta:
        config = self.app.config
        nombre = " ".join(valores.get("nombre", "").split())
        if not nombre:
            raise ErrorDelFormulario("Falta su nombre: quién pide, para que la oficina sepa a quién preguntar.")
        if len(nombre) > MAX_NOMBRE:
            raise ErrorDelFormulario(f"El nombre es muy largo (a lo más {MAX_NOMBRE} letras).")
        ahora = self.ahora()
        with transaccion(self.app.fabrica) as session:
            enlace = self.verificar(session, ficha, ("solicitud",))
            area = _area(session, enlace)
            espacio = session.get(Espacio, enlace.espacio_id)
            assert espacio is not None
            try:
                pedido = alta.leer_pedido(
                    session, enlace.espacio_id, area=area.nombre, tipo=valores.get("tipo", ""),
                    para=valores.get("para", ""), descripcion=valores.get("descripcion", ""),
                    impreso=valores.get("impreso", "") == "si", medida=valores.get("medida", ""),
                    piezas=valores.get("piezas", ""), ahora=ahora, tz=config.tz)
            except ErrorDeUsuario as error:
                raise ErrorDelFormulario(error.mensaje) from None
            canal = efectivos(espacio, config).canal
            nueva = alta.crear(session, enlace.espacio_id, pedido, ahora=ahora, tz=config.tz,
                               dias_regla=config.dias_solicitud, solicitante=None,
                               solicitante_nombre=f"{nombre} ({area.nombre})", origen="portal", canal=canal)
            anotar_apertura(enlace, ahora)
            return _Alta(nueva.solicitud.id, nueva.solicitud.folio, enlace.espacio_id, espacio.clave, canal,
                         nueva.aviso_plazo, enlace.id)

    def _archivar(self, hecho: _Alta, valores: dict[str, str], archivos: list[Any]) -> tuple[list[str], list[str]]:
        """Archiva los archivos del formulario con su solicitud (uno que ya estaba en el archivo queda
        ligado a ella). Devuelve los nombres archivados y los que no se pudieron guardar: la solicitud ya
        existe, así que un fallo aquí no la deshace, pero quien subía lo ve en la página y la oficina en
        el anuncio; sus filas pendientes se borran (el temporal del formulario se va con la petición)."""
        if not archivos:
            return [], []
        usuario = f"{PREFIJO_PORTAL}{hecho.enlace_id}"
        lote = Lote(espacio=hecho.espacio, usuario=usuario, canal=hecho.canal,
                    ahora=self.ahora(), nombre_usuario=" ".join(valores.get("nombre", "").split())[:MAX_NOMBRE],
                    texto=hecho.folio,
                    archivos=[ArchivoRemoto(origen=str(a.ruta), nombre=a.nombre, tamanio=a.tamanio) for a in archivos])
        try:
            recibir(self.app, lote, DescargadorDeDisco())
        except Exception:
            registro_log.exception("no pude archivar los archivos de %s que llegaron por el portal", hecho.folio)
        with transaccion(self.app.fabrica) as session:
            archivados = list(session.scalars(select(Medio.nombre_original).where(
                Medio.solicitud_id == hecho.solicitud_id).order_by(Medio.id)))
            origenes = [str(a.ruta) for a in archivos]
            sobrantes = list(session.scalars(select(DescargaPendiente).where(
                DescargaPendiente.espacio_id == hecho.espacio_id, DescargaPendiente.usuario_id == usuario,
                DescargaPendiente.origen.in_(origenes))))
            for fila in sobrantes:
                session.delete(fila)
        por_origen = {str(a.ruta): a.nombre for a in archivos}
        return archivados, [por_origen.get(f.origen, f.nombre) for f in sobrantes]

    def _anunciar(self, hecho: _Alta, archivados: list[str], no_guardados: list[str] | None = None) -> None:
        """El anuncio en el canal del equipo (con su hilo ligado a la solicitud); sin canal, o si el canal
        no lo acepta, a cada director por mensaje directo. Ya se guardó todo: un fallo aquí se registra."""
        plataforma = self.plataformas.get(hecho.espacio.split(":", 1)[0])
        with self.app.fabrica() as session:
            solicitud = session.get(Solicitud, hecho.solicitud_id)
            assert solicitud is not None
            carpeta = session.scalar(select(Medio.clave).where(Medio.solicitud_id == solicitud.id).limit(1)) or ""
            cuantos = session.scalar(select(func.count(Medio.id)).where(Medio.solicitud_id == solicitud.id)) or 0
            texto_archivos = (f"{cuantos} archivo{'s' if cuantos != 1 else ''} del área archivado{'s' if cuantos != 1 else ''}"
                              f" en {carpeta.rpartition('/')[0]}/" if cuantos else "")
            aviso = hecho.aviso
            if no_guardados:
                aviso = " ".join(p for p in (aviso, f"No se pudieron guardar {', '.join(no_guardados)}: "
                                              "pídeselos otra vez al área.") if p)
            respuesta = Respuesta.plantilla("solicitud_nueva.j2", publica=True, s=vista(session, solicitud),
                                            aviso=aviso, portal=True, archivos=texto_archivos)
            directores = [p.usuario_id for p in session.scalars(select(Persona).where(
                Persona.espacio_id == hecho.espacio_id, Persona.es_director.is_(True)))]
        respuesta.anclada_a_solicitud(hecho.solicitud_id)
        if plataforma is None:
            registro_log.warning("la solicitud %s llegó por el portal y no hay plataforma para anunciarla en %s",
                                 hecho.folio, hecho.espacio)
            return
        if hecho.canal:
            try:
                publicar_anclada(self.app.fabrica, plataforma, hecho.espacio, hecho.canal, respuesta)
                return
            except ErrorDeEnvio as error:
                registro_log.warning("no pude anunciar %s en %s: %s; aviso a los directores", hecho.folio, hecho.canal,
                                     error)
        for usuario in directores:
            try:
                plataforma.mensaje_directo(hecho.espacio, usuario, respuesta)
            except ErrorDeEnvio:
                registro_log.exception("no pude avisar de %s a %s", hecho.folio, usuario)

