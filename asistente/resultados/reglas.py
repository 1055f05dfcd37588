"""Las reglas de conteo de las metas: nombre → función que cuenta, en la base, lo registrado en cada
tramo de tiempo.

Una regla recibe la sesión, el espacio y los límites ``[l0, l1, …, ln]`` y devuelve ``n`` cifras, una
por tramo ``[li, li+1)``, en **una** consulta agregada (``GROUP BY`` sobre un ``CASE`` con los
límites): lo mismo sirve para «este mes», para la cuadrícula ENE–DIC del programa y para las semanas
de la gráfica, y no se trae ni una fila a Python para contarla.

Agregar una regla es una función y una línea en ``REGLAS``. Una que dependa de algo que esta
instalación todavía no tiene vive en ``PENDIENTES`` con la razón: una meta con esa regla se rechaza con
esa razón en vez de contarse en cero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Unpack

from sqlalchemy import ColumnElement, Select, case, exists, func, literal_column, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar
from modelos import (
    Asignacion,
    AvanceManual,
    Boletin,
    CambioDeSolicitud,
    CorreoSaliente,
    Difusion,
    EstadoAsignacion,
    EstadoBoletin,
    EstadoEvento,
    EstadoSolicitud,
    Evento,
    Medio,
    Nota,
)

Limites = Sequence[datetime]
Columna = ColumnElement[Any] | InstrumentedAttribute[Any]  # una columna de fecha de un modelo, o una expresión
Conteo = Callable[[Session, int, Limites], list[int]]


def tramo(columna: Columna, limites: Limites) -> ColumnElement[int]:
    """El número de tramo (0…n-1) de ``columna`` entre los límites; las filas fuera se filtran aparte."""
    ultimo: ColumnElement[int] = literal_column(str(len(limites) - 2))
    if len(limites) <= 2:
        return ultimo
    return case(*((columna < limite, literal_column(str(i))) for i, limite in enumerate(limites[1:-1])), else_=ultimo)


def por_tramos(session: Session, consulta: Select[Unpack[tuple[Any, ...]]], columna: Columna, limites: Limites,
               valor: Columna | None = None) -> list[int]:
    """Cuenta (o suma ``valor``) las filas de ``consulta`` por tramo de ``columna``, en una sentencia.

    El tramo se calcula en una subconsulta y se agrupa afuera por su nombre: PostgreSQL no reconoce
    como iguales dos ``CASE`` con sus propios parámetros en el ``SELECT`` y en el ``GROUP BY``."""
    n = len(limites) - 1
    if n < 1:
        return []
    columnas = [tramo(columna, limites).label("tramo")] + ([valor.label("valor")] if valor is not None else [])
    filas = consulta.add_columns(*columnas).where(columna >= limites[0], columna < limites[-1]).subquery()
    agregado = func.count() if valor is None else func.coalesce(func.sum(filas.c.valor), 0)
    cifras = [0] * n
    for numero, cuantos in session.execute(select(filas.c.tramo, agregado).group_by(filas.c.tramo)):
        cifras[int(numero)] = int(cuantos)
    return cifras


# --- las reglas --------------------------------------------------------------------------------------
EMITIDOS = (EstadoBoletin.APROBADO, EstadoBoletin.PUBLICADO)
COBERTURA_CUMPLIDA = (EstadoAsignacion.ACEPTADA, EstadoAsignacion.CUMPLIDA)


def cubierto(evento: type[Evento] = Evento) -> ColumnElement[bool]:
    """Un evento está cubierto si alguien aceptó o cumplió su cobertura, o si tiene archivos."""
    # Alias propios: la consulta de afuera puede traer ya ``medios`` (la lista de eventos con sus fotos).
    asignacion, medio = aliased(Asignacion), aliased(Medio)
    return or_(
        exists().where(asignacion.evento_id == evento.id, asignacion.estado.in_(COBERTURA_CUMPLIDA)),
        exists().where(medio.espacio_id == evento.espacio_id, medio.evento_id == evento.id),
    )


def contar_boletines(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    """Boletines emitidos (aprobados o publicados), por la fecha de su pie de fecha."""
    consulta = select().select_from(Boletin).where(Boletin.espacio_id == espacio_id, Boletin.tipo == "boletin",
                                                   Boletin.estado.in_(EMITIDOS))
    return por_tramos(session, consulta, Boletin.fecha, limites)


def contar_documentos(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    """Todos los documentos emitidos (boletines, comunicados, avisos…)."""
    consulta = select().select_from(Boletin).where(Boletin.espacio_id == espacio_id, Boletin.estado.in_(EMITIDOS))
    return por_tramos(session, consulta, Boletin.fecha, limites)


def contar_eventos_cubiertos(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    consulta = select().select_from(Evento).where(Evento.espacio_id == espacio_id,
                                                  Evento.estado != EstadoEvento.CANCELADO, cubierto())
    return por_tramos(session, consulta, Evento.inicio, limites)


def contar_eventos(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    """Los eventos de la agenda que no se cancelaron."""
    consulta = select().select_from(Evento).where(Evento.espacio_id == espacio_id, Evento.estado != EstadoEvento.CANCELADO)
    return por_tramos(session, consulta, Evento.inicio, limites)


def contar_fotos(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    """Fotos archivadas, por su fecha (la de captura, o la de subida si no la hay)."""
    consulta = select().select_from(Medio).where(Medio.espacio_id == espacio_id, Medio.tipo == "foto")
    return por_tramos(session, consulta, Medio.fecha, limites)


def contar_publicaciones(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    """Piezas publicadas en los canales oficiales (Facebook, el sitio web…)."""
    consulta = select().select_from(Difusion).where(Difusion.espacio_id == espacio_id, Difusion.estado == "publicada")
    return por_tramos(session, consulta, Difusion.publicada, limites)


def contar_invitaciones(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    """Eventos con invitación enviada a medios (uno por evento, aunque fuera a muchos medios), por la fecha
    del primer envío."""
    primer_envio = (
        select(CorreoSaliente.objeto_id, func.min(CorreoSaliente.enviado).label("enviado"))
        .where(CorreoSaliente.espacio_id == espacio_id, CorreoSaliente.tipo == "invitacion",
               CorreoSaliente.estado == "enviado")
        .group_by(CorreoSaliente.objeto_id).subquery()
    )
    return por_tramos(session, select().select_from(primer_envio), primer_envio.c.enviado, limites)


def contar_manual(meta_id: int) -> Conteo:
    def contar(session: Session, espacio_id: int, limites: Limites) -> list[int]:
        consulta = select().select_from(AvanceManual).where(AvanceManual.espacio_id == espacio_id,
                                                            AvanceManual.meta_id == meta_id)
        return por_tramos(session, consulta, AvanceManual.fecha, limites, valor=AvanceManual.cantidad)
    return contar


def contar_solicitudes_entregadas(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    """Solicitudes de las áreas entregadas (SPEC §9), cada una una vez, por la fecha de su primera entrega:
    una que volvió con cambios y se entregó otra vez no cuenta doble."""
    primera = (
        select(CambioDeSolicitud.solicitud_id, func.min(CambioDeSolicitud.cuando).label("cuando"))
        .where(CambioDeSolicitud.espacio_id == espacio_id, CambioDeSolicitud.estado == EstadoSolicitud.ENTREGADA)
        .group_by(CambioDeSolicitud.solicitud_id).subquery()
    )
    return por_tramos(session, select().select_from(primera), primera.c.cuando, limites)


def contar_notas(session: Session, espacio_id: int, limites: Limites) -> list[int]:
    """Notas de medios registradas por el monitoreo (SPEC §10), por la fecha de la nota."""
    consulta = select().select_from(Nota).where(Nota.espacio_id == espacio_id, Nota.titular != "")
    return por_tramos(session, consulta, Nota.publicada, limites)


@dataclass(frozen=True)
class Regla:
    nombre: str
    descripcion: str
    contar: Conteo | None  # None: la regla manual, que se cuenta por meta


REGLAS: dict[str, Regla] = {r.nombre: r for r in (
    Regla("boletines", "boletines aprobados o publicados", contar_boletines),
    Regla("eventos cubiertos", "eventos con su cobertura aceptada o cumplida, o con archivos", contar_eventos_cubiertos),
    Regla("fotos", "fotos archivadas", contar_fotos),
    Regla("publicaciones", "piezas publicadas en Facebook y el sitio web", contar_publicaciones),
    Regla("invitaciones", "eventos con invitación enviada a los medios", contar_invitaciones),
    Regla("solicitudes entregadas", "solicitudes de las áreas entregadas (cada una una vez)",
          contar_solicitudes_entregadas),
    Regla("notas", "notas de medios del monitoreo", contar_notas),
    Regla("manual", "lo que se registre con /poa registrar", None),
)}

# Reglas de SPEC §11 que dependen de módulos que esta instalación aún no tiene. Al conectarlas: una
# función ``Conteo`` y su línea en REGLAS (y quitarla de aquí). Si el otro módulo cuenta un periodo a la
# vez (``contar_solicitudes(session, espacio_id, desde, hasta)``), basta con
#     def contar_solicitudes_entregadas(session, espacio_id, limites):
#         return [contar_solicitudes(session, espacio_id, a, b) for a, b in zip(limites, limites[1:])]
# (una consulta agregada por tramo); mejor aún, su consulta base con ``por_tramos``.
PENDIENTES: dict[str, str] = {}

_ALIAS = {"boletin": "boletines", "eventos": "eventos cubiertos", "cobertura": "eventos cubiertos",
          "coberturas": "eventos cubiertos", "evento cubierto": "eventos cubiertos", "foto": "fotos",
          "publicacion": "publicaciones", "invitacion": "invitaciones", "solicitudes": "solicitudes entregadas",
          "solicitud entregada": "solicitudes entregadas", "nota": "notas", "a mano": "manual"}


def leer_regla(texto: str) -> str:
    """El nombre canónico de una regla escrita por una persona (sin acentos, singular o plural)."""
    limpio = " ".join(normalizar(texto).removeprefix("cuenta:").removeprefix("cuenta").strip(" :").split())
    nombre = _ALIAS.get(limpio, limpio)
    if nombre in REGLAS:
        return nombre
    if nombre in PENDIENTES:
        raise ErrorDeUsuario(f"La regla «{nombre}» cuenta {PENDIENTES[nombre]}, que todavía no está disponible en "
                             "esta instalación; usa «manual» y registra el avance con /poa registrar.")
    if not limpio:
        raise ErrorDeUsuario(f"Falta la regla de conteo: «cuenta: <regla>». Reglas: {nombres_de_reglas()}.")
    raise ErrorDeUsuario(f"No conozco la regla «{limpio}». Reglas: {nombres_de_reglas()}.")


def nombres_de_reglas() -> str:
    return ", ".join(REGLAS)


def conteo_de(regla: str, meta_id: int) -> Conteo:
    """La función que cuenta el avance de una meta; lanza ``ErrorDeUsuario`` si su regla ya no existe."""
    if regla == "manual":
        return contar_manual(meta_id)
    encontrada = REGLAS.get(regla)
    if encontrada is None or encontrada.contar is None:
        raise ErrorDeUsuario(f"La regla «{regla}» de la meta {meta_id} no está disponible en esta instalación.")
    return encontrada.contar


__all__ = ["PENDIENTES", "REGLAS", "Regla", "conteo_de", "contar_documentos", "contar_eventos", "cubierto",
           "leer_regla", "nombres_de_reglas", "por_tramos"]
