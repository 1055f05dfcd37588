"""Enviar un boletín aprobado a los medios por correo (texto en el cuerpo, PDF adjunto, enlace personal a
la galería de originales) y sus acuses por medio: enviado, galería abierta, originales bajados, publicado."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.boletines import clave_de_boletin, exportar, texto_plano
from asistente.enlaces.firmas import url_de
from asistente.medios.buzon import describir, encolar, envios_de
from asistente.medios.destinatarios import elegir
from asistente.medios.envios import Informe, enlace_del_medio, exigir_correo
from asistente.monitoreo.empate import notas_del_documento
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from modelos import Boletin, ContactoDeMedio, EnlacePortal, MedioDeComunicacion

TIPO = "boletin"
ENLACE = "galeria_boletin"


def exigir_aprobado(boletin: Boletin) -> None:
    if boletin.estado == "cancelado":
        raise ErrorDeUsuario(f"El boletín {boletin.folio} está cancelado: no se envía.")
    if boletin.estado == "borrador":
        raise ErrorDeUsuario(f"El boletín {boletin.folio} todavía es borrador: solo se envían boletines aprobados "
                             f"(/boletin aprobar {boletin.numero}).")


def enviar(session: Session, peticion: Peticion, boletin: Boletin, a_quien: str) -> Informe:
    config = peticion.config
    exigir_aprobado(boletin)
    exigir_correo(config)
    destinatarios = elegir(session, peticion.espacio_id, a_quien)
    _pdf, _txt, v = exportar(session, config, boletin)
    clave = clave_de_boletin(boletin.anio, boletin.numero, "pdf")
    texto = texto_plano(v)
    asunto = f"Boletín No. {boletin.folio}: {v.titular}"
    informe = Informe()
    for d in destinatarios:
        if not d.correos:
            informe.sin_correo.append(d.medio.nombre)
            continue
        enlace = enlace_del_medio(session, espacio_id=peticion.espacio_id, tipo=ENLACE, objeto_id=boletin.id,
                                  medio=d.medio, ahora=peticion.ahora, dias=config.portal_dias,
                                  creado_por_id=peticion.persona_id)
        cuerpo = (texto + "\n\nFotos en alta resolución (originales, para descargar):\n" + url_de(config, enlace)
                  + f"\n\nEl enlace es personal para {d.medio.nombre} y vence en {config.portal_dias} días.\n")
        nuevos = [c for c in d.correos if encolar(
            session, espacio_id=peticion.espacio_id, tipo=TIPO, objeto_id=boletin.id, correo=c, asunto=asunto,
            cuerpo=cuerpo, ahora=peticion.ahora, medio_id=d.medio.id, enlace_id=enlace.id, adjunto=clave,
            adjunto_nombre=f"Boletin-{boletin.numero:03d}-{boletin.anio}.pdf") is not None]
        informe.anotar(d.medio.nombre, len(nuevos))
    return informe


@dataclass(frozen=True)
class Acuse:
    medio: str
    envio: str
    abierto: bool
    descargado: bool
    publicado: str  # la URL donde apareció, si se registró


def _dominio(texto: str) -> str:
    dominio = texto.lower().rpartition("@")[2] if "@" in texto else (urlsplit(texto).hostname or "").lower()
    return dominio.removeprefix("www.")


def acuses(session: Session, espacio_id: int, boletin: Boletin) -> list[Acuse]:
    """Por medio: el correo, si abrió la galería, si bajó originales y dónde lo publicó. «Publicado» se
    reconoce por las URLs de ``/boletin publicar`` cuyo dominio es el del correo de un contacto del medio
    (``https://www.elsol.mx/nota`` es de quien escribe desde ``@elsol.mx``) y por las notas del monitoreo
    ligadas al documento (``asistente.monitoreo.empate``); un medio que lo publicó sin que se le enviara
    también aparece."""
    filas = envios_de(session, espacio_id, TIPO, boletin.id)
    medios = {m.id: m for m in session.scalars(select(MedioDeComunicacion).where(
        MedioDeComunicacion.id.in_({f.medio_id for f in filas if f.medio_id})))}
    enlaces = {e.medio_id: e for e in session.scalars(select(EnlacePortal).where(
        EnlacePortal.espacio_id == espacio_id, EnlacePortal.tipo == ENLACE, EnlacePortal.objeto_id == boletin.id))}
    dominios: dict[int, set[str]] = {}
    for c in session.scalars(select(ContactoDeMedio).where(ContactoDeMedio.medio_id.in_(medios))):
        if c.correo:
            dominios.setdefault(c.medio_id, set()).add(_dominio(c.correo))
    urls = [u for u in boletin.urls.splitlines() if u]
    # Las notas de los medios que reportan el documento (el monitoreo las empata): «publicado» con su enlace.
    notas: dict[int | str, str] = {}
    for nota in notas_del_documento(session, espacio_id, boletin.id):
        notas.setdefault(nota.medio_id or nota.medio, nota.url or nota.pagina or "sin enlace")
    salida: list[Acuse] = []
    for clave, donde in notas.items():
        if isinstance(clave, int) and clave in medios:
            continue
        nombre = clave if isinstance(clave, str) else getattr(session.get(MedioDeComunicacion, clave), "nombre", "")
        salida.append(Acuse(nombre or "medio sin nombre", "no se le envió", False, False, donde))
    for medio_id, medio in medios.items():
        estados = [describir(f) for f in filas if f.medio_id == medio_id]
        envio = "enviado" if all(e == "enviado" for e in estados) else "; ".join(sorted(set(estados)))
        enlace = enlaces.get(medio_id)
        publicado = notas.get(medio_id) or next((u for u in urls for d in dominios.get(medio_id, set())
                                                 if _dominio(u) == d or _dominio(u).endswith("." + d)), "")
        salida.append(Acuse(medio.nombre, envio, bool(enlace and enlace.abierto), bool(enlace and enlace.descargado),
                            publicado))
    return sorted(salida, key=lambda a: a.medio.lower())
