"""Las piezas de un documento para cada canal.

- Facebook: el titular, el resumen (o el primer párrafo, recortado), el enlace a la nota del sitio si
  ya se publicó y los hashtags del municipio (``ASISTENTE_HASHTAGS``); hasta 10 fotos.
- Sitio web: el documento completo en HTML (el canal agrega la galería con las fotos).
- WhatsApp: el documento con el formato de WhatsApp (``*negritas*``) y las fotos en un ZIP.

Los textos de Facebook y WhatsApp salen de ``plantillas/difusion_facebook.j2`` y
``plantillas/difusion_whatsapp.j2``, que la oficina puede redactar a su gusto. Lo que el director
editó (``/difusion`` → **Editar**) se guarda en la fila ``Difusion`` del canal y manda sobre la plantilla.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.archivo.almacenes import almacen_de
from asistente.boletines import VistaBoletin, estilo, vista
from asistente.datos.bd import insertar_si_falta
from asistente.nucleo.canal import FotoDePieza, Pieza
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta
from modelos import Boletin, Difusion, Medio, Persona

MAX_FOTOS_FACEBOOK = 10
MAX_FOTOS_WEB = 20
MAX_CANDIDATAS = 30
MAX_TEXTO_FACEBOOK = 3000  # lo que cabe en un campo de un modal de Slack
_LARGO_ENTRADILLA = 400


@dataclass(frozen=True)
class FotoCandidata:
    id: int  # el ID del archivo (el mismo de /archivo pie ID)
    foto: FotoDePieza


@dataclass(frozen=True)
class PiezasDeDocumento:
    vista: VistaBoletin
    candidatas: list[FotoCandidata]
    piezas: dict[str, Pieza]  # por canal: facebook, web, whatsapp
    ids: dict[str, list[int]]  # las fotos elegidas por canal
    editadas: set[str]  # los canales cuyo texto o fotos eligió el director


def candidatas(session: Session, config: Config, boletin: Boletin) -> list[FotoCandidata]:
    """Las fotos del evento del documento, las mejores primero (con pie, luego en orden de captura);
    solo las que de verdad están en el archivo."""
    if boletin.evento_id is None:
        return []
    almacen = almacen_de(config)
    filas = session.execute(
        select(Medio, Persona.nombre, Persona.usuario)
        .outerjoin(Persona, Persona.id == Medio.autor_id)
        .where(Medio.espacio_id == boletin.espacio_id, Medio.evento_id == boletin.evento_id, Medio.tipo == "foto")
        .order_by((Medio.pie == "").asc(), Medio.fecha.asc(), Medio.id.asc())
        .limit(MAX_CANDIDATAS)
    ).all()
    fotos: list[FotoCandidata] = []
    for medio, nombre, usuario in filas:
        clave = medio.clave_copia if medio.clave_copia and almacen.existe(medio.clave_copia) else medio.clave
        if not almacen.existe(clave):
            continue
        credito = estilo.credito(config, nombre or usuario or "")
        pie = medio.pie.strip()
        leyenda = f"{pie if not pie or pie[-1] in '.!?' else pie + '.'} {credito}".strip()
        mime = "image/png" if clave.lower().endswith(".png") else "image/jpeg"
        fotos.append(FotoCandidata(medio.id, FotoDePieza(almacen.ruta_local(clave), medio.nombre, leyenda, mime)))
    return fotos


def leer_ids_de_fotos(texto: str, validas: list[int], maximo: int) -> list[int]:
    """``3, 1 #7`` → ``[3, 1, 7]``: IDs del archivo de entre las fotos del documento, sin repetir."""
    ids: list[int] = []
    for parte in re.split(r"[\s,;]+", texto.strip()):
        if not parte:
            continue
        limpio = parte.lstrip("#")
        if not limpio.isdecimal():
            raise ErrorDeUsuario(f"«{parte}» no es el ID de una foto (escribe los IDs separados por comas: 12, 15, 9).")
        ident = int(limpio)
        if ident not in validas:
            raise ErrorDeUsuario(f"La foto {ident} no es de este documento. Sus fotos son: "
                                 + (", ".join(str(v) for v in validas) or "ninguna") + ".")
        if ident not in ids:
            ids.append(ident)
    if len(ids) > maximo:
        raise ErrorDeUsuario(f"Son {len(ids)} fotos; caben hasta {maximo}.")
    return ids


def _filas(session: Session, boletin: Boletin) -> dict[str, Difusion]:
    return {d.canal: d for d in session.scalars(select(Difusion).where(Difusion.boletin_id == boletin.id))}


def _elegidas(candidatas_: list[FotoCandidata], fila: Difusion | None, maximo: int) -> list[FotoCandidata]:
    if fila is not None and fila.fotos.strip():
        por_id = {c.id: c for c in candidatas_}
        return [por_id[int(i)] for i in fila.fotos.split(",") if i.strip().isdecimal() and int(i) in por_id][:maximo]
    return candidatas_[:maximo]


def _entradilla(v: VistaBoletin) -> str:
    """El resumen en viñetas; sin resumen, el primer párrafo recortado a una frase o dos."""
    if v.resumen:
        return "\n".join(f"• {punto}" for punto in v.resumen[:4])
    primero = v.parrafos[0] if v.parrafos else ""
    if len(primero) <= _LARGO_ENTRADILLA:
        return primero
    corte = primero.rfind(" ", 0, _LARGO_ENTRADILLA)
    return primero[: corte if corte > 0 else _LARGO_ENTRADILLA].rstrip(",;: ") + "…"


def texto_facebook(config: Config, v: VistaBoletin, enlace_web: str = "") -> str:
    return renderizar(Respuesta.plantilla(
        "difusion_facebook.j2", b=v, entradilla=_entradilla(v), enlace=enlace_web, hashtags=config.hashtags,
    ), "texto")


def texto_whatsapp(v: VistaBoletin) -> str:
    return renderizar(Respuesta.plantilla("difusion_whatsapp.j2", b=v), "texto")


def html_web(v: VistaBoletin) -> str:
    """El documento completo en HTML (sin las fotos: la galería la arma el canal con las subidas)."""
    partes = [f"<p><em>{escape(v.encabezado)}</em></p>"]
    if v.resumen:
        partes.append("<ul>" + "".join(f"<li>{escape(punto)}</li>" for punto in v.resumen) + "</ul>")
    for i, parrafo in enumerate(v.parrafos):
        inicio = f"<strong>{escape(v.dateline)}</strong> " if i == 0 else ""
        partes.append(f"<p>{inicio}{escape(parrafo)}</p>".replace("\n", "<br/>"))
    partes.append(f'<p style="text-align:center">{escape(v.cierre)}</p>')
    return "\n".join(partes)


def piezas_de(session: Session, peticion: Peticion, boletin: Boletin, enlace_web: str = "") -> PiezasDeDocumento:
    """Las piezas de cada canal. ``enlace_web``: la nota del sitio, para enlazarla desde Facebook (si no
    se da, la que ya esté publicada)."""
    config = peticion.config
    v = vista(session, config, boletin)
    filas = _filas(session, boletin)
    todas = candidatas(session, config, boletin)
    web = filas.get("web")
    if not enlace_web and web is not None and web.estado == "publicada":
        enlace_web = web.permalink
    facebook = filas.get("facebook")
    fotos_fb = _elegidas(todas, facebook, MAX_FOTOS_FACEBOOK)
    fotos_web = _elegidas(todas, web, MAX_FOTOS_WEB)
    clave = f"{boletin.tipo}-{boletin.numero:03d}-{boletin.anio}"
    texto_fb = facebook.texto if facebook is not None and facebook.texto.strip() else texto_facebook(config, v, enlace_web)
    piezas = {
        "facebook": Pieza(clave, v.titular, texto_fb, fotos=tuple(c.foto for c in fotos_fb)),
        "web": Pieza(clave, v.titular, texto_whatsapp(v), html=html_web(v), fotos=tuple(c.foto for c in fotos_web)),
        "whatsapp": Pieza(clave, v.titular, texto_whatsapp(v), fotos=tuple(c.foto for c in fotos_fb)),
    }
    editadas = {canal for canal, fila in filas.items() if fila.texto.strip() or fila.fotos.strip()}
    return PiezasDeDocumento(v, todas, piezas, {"facebook": [c.id for c in fotos_fb], "web": [c.id for c in fotos_web]},
                             editadas)


def editar_pieza(session: Session, peticion: Peticion, boletin: Boletin, canal: str, texto: str | None,
                 fotos: list[int]) -> None:
    """Guarda lo que el director eligió para un canal (texto y fotos). Una pieza ya publicada no cambia."""
    fila = fila_de(session, peticion, boletin, canal)
    if fila.estado in ("publicada", "publicando"):
        raise ErrorDeUsuario(f"La pieza de {canal} de {boletin.etiqueta} ya se publicó; ya no se edita.")
    if texto is not None:
        if len(texto) > MAX_TEXTO_FACEBOOK:
            raise ErrorDeUsuario(f"El texto es muy largo ({len(texto)} caracteres; máximo {MAX_TEXTO_FACEBOOK}).")
        fila.texto = texto.strip()
    fila.fotos = ",".join(str(i) for i in fotos)
    fila.persona_id = peticion.persona_id
    fila.actualizado = peticion.ahora


def fila_de(session: Session, peticion: Peticion, boletin: Boletin, canal: str) -> Difusion:
    """La fila de un documento en un canal; la crea (pendiente) si no existe, también entre procesos."""
    insertar_si_falta(
        session, Difusion, espacio_id=boletin.espacio_id, boletin_id=boletin.id, canal=canal, estado="pendiente",
        texto="", fotos="", permalink="", id_externo="", motivo="", intentos=0, persona_id=peticion.persona_id,
        creado=peticion.ahora, actualizado=peticion.ahora,
    )
    return session.scalars(
        select(Difusion).where(Difusion.espacio_id == boletin.espacio_id, Difusion.boletin_id == boletin.id,
                               Difusion.canal == canal)
    ).one()
