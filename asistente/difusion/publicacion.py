"""Publicar ya: un documento aprobado en uno o varios canales, una sola vez por canal.

La fila ``Difusion`` del documento y el canal se reclama en la base (``estado`` de pendiente, fallida
o programada a ``publicando``) antes de llamar al canal: un segundo clic, o un segundo proceso, ve la
pieza reclamada o publicada y no la publica otra vez. Con éxito se guarda el enlace y el documento
queda ``publicado`` (con el enlace entre sus direcciones); con un rechazo, ``fallida`` con el motivo,
y se puede volver a intentar.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from asistente import boletines, veda
from asistente.difusion.piezas import fila_de, piezas_de
from asistente.nucleo.canal import Canal, Publicado, RechazoDelCanal
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.texto import normalizar
from modelos import Boletin, Difusion

# Cómo se nombra cada canal en un comando.
_NOMBRES = {"facebook": "facebook", "fb": "facebook", "web": "web", "sitio": "web", "wordpress": "web",
            "pagina": "web", "portal": "web"}
_TODOS = ("todo", "todos", "todas", "ambos")
PUBLICABLES = ("web", "facebook")  # en este orden: la nota del sitio primero, Facebook la enlaza


@dataclass(frozen=True)
class Resultado:
    canal: str
    titulo: str
    permalink: str = ""
    motivo: str = ""
    ya_estaba: bool = False
    reintentable: bool = False

    @property
    def publicado(self) -> bool:
        return not self.motivo


def _variables(canal: Canal) -> str:
    v = canal.variables
    return v[0] if len(v) == 1 else ", ".join(v[:-1]) + " y " + v[-1]


def sin_configurar(canal: Canal) -> str:
    titulo = canal.titulo[:1].upper() + canal.titulo[1:]
    return f"{titulo} no está configurado: define {_variables(canal)} y reinicia el asistente (README, «Los canales de difusión»)."


def canales_pedidos(peticion: Peticion, palabra: str, uso: str) -> list[Canal]:
    """``facebook``, ``web`` o ``todo`` (los configurados). Un canal sin configurar se explica con sus variables."""
    clave = normalizar(palabra)
    if not clave:
        raise ErrorDeUsuario("Falta el canal: facebook, web o todo.", uso=uso)
    if clave in _TODOS:
        configurados = [peticion.canales[n] for n in PUBLICABLES if n in peticion.canales and peticion.canales[n].configurado]
        if not configurados:
            faltan = " ".join(sin_configurar(peticion.canales[n]) for n in PUBLICABLES if n in peticion.canales)
            raise ErrorDeUsuario(f"No hay ningún canal configurado. {faltan}".strip())
        return configurados
    nombre = _NOMBRES.get(clave)
    if nombre is None:
        raise ErrorDeUsuario(f"No conozco el canal «{palabra}»: escribe facebook, web o todo.", uso=uso)
    canal = peticion.canales.get(nombre)
    if canal is None or not canal.configurado:
        raise ErrorDeUsuario(sin_configurar(canal) if canal is not None else f"El canal {nombre} no existe aquí.")
    return [canal]


def exigir_publicable(boletin: Boletin) -> None:
    if boletin.estado == "cancelado":
        raise ErrorDeUsuario(f"{boletin.etiqueta.capitalize()} está cancelad{boletin.genero}; no se difunde.")
    if boletin.estado == "borrador":
        raise ErrorDeUsuario(
            f"{boletin.etiqueta.capitalize()} todavía es borrador: primero debe aprobarlo un director "
            f"(/boletin aprobar {boletin.referencia_corta}).")


def _reclamar(session: Session, fila: Difusion, peticion: Peticion) -> bool:
    reclamada = session.execute(
        update(Difusion)
        .where(Difusion.id == fila.id, Difusion.estado.in_(("pendiente", "fallida", "programada")))
        .values(estado="publicando", intentos=Difusion.intentos + 1, persona_id=peticion.persona_id,
                actualizado=peticion.ahora)
        .returning(Difusion.id)
        .execution_options(synchronize_session=False)
    ).first()
    session.refresh(fila)
    return reclamada is not None


def publicar(session: Session, peticion: Peticion, boletin: Boletin, canales: list[Canal]) -> list[Resultado]:
    """Publica en cada canal (en el orden dado) y devuelve qué pasó en cada uno."""
    exigir_publicable(boletin)
    veda.exigir_permitido(session, peticion, boletin, "publicar", peticion.ahora)
    resultados: list[Resultado] = []
    enlace_web = ""
    for canal in canales:
        fila = fila_de(session, peticion, boletin, canal.nombre)
        if not _reclamar(session, fila, peticion):
            resultados.append(Resultado(canal.nombre, canal.titulo, fila.permalink, ya_estaba=True))
            if canal.nombre == "web":
                enlace_web = fila.permalink
            continue
        pieza = piezas_de(session, peticion, boletin, enlace_web).piezas[canal.nombre]
        try:
            publicado = canal.publicar(pieza)
        except RechazoDelCanal as rechazo:
            fila.estado = "fallida"
            fila.motivo = rechazo.mensaje
            fila.actualizado = peticion.ahora
            resultados.append(Resultado(canal.nombre, canal.titulo, motivo=rechazo.mensaje,
                                        reintentable=rechazo.reintentable))
            continue
        registrar(session, peticion, boletin, fila, publicado)
        if canal.nombre == "web":
            enlace_web = publicado.permalink
        resultados.append(Resultado(canal.nombre, canal.titulo, publicado.permalink))
    return resultados


def registrar(session: Session, peticion: Peticion, boletin: Boletin, fila: Difusion, publicado: Publicado) -> None:
    fila.estado = "publicada"
    fila.permalink = publicado.permalink[:500]
    fila.id_externo = publicado.id_externo[:200]
    fila.motivo = ""
    fila.publicada = peticion.ahora
    fila.actualizado = peticion.ahora
    previas = boletin.urls.splitlines()
    if publicado.permalink and publicado.permalink not in previas:
        boletines.publicar(session, peticion, boletin, [publicado.permalink])


def kit(session: Session, peticion: Peticion, boletin: Boletin) -> tuple[Publicado, str, int]:
    """El kit de WhatsApp: el ZIP (con las fotos y el texto), el texto para pegar y cuántas fotos lleva."""
    exigir_publicable(boletin)
    canal = peticion.canales.get("whatsapp")
    if canal is None:
        raise ErrorDeUsuario("El kit de WhatsApp no está disponible en esta instalación.")
    pieza = piezas_de(session, peticion, boletin).piezas["whatsapp"]
    try:
        return canal.publicar(pieza), pieza.texto, len(pieza.fotos)
    except RechazoDelCanal as rechazo:
        raise ErrorDeUsuario(rechazo.mensaje) from None
