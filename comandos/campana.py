"""Las campañas y avisos institucionales de comunicación social (transparencia).

• `/campana` — las campañas registradas, con su vigencia y cuántos contratos tienen
• `/campana nueva nombre | tipo | tema | del … al …` — registra una campaña; tipo: campaña o aviso
  institucional (directores). Ej.: /campana nueva Predial 2026 | campaña | Pago oportuno del predial | del 1 de enero al 31 de marzo de 2026
• `/campana quitar ID` — quita una campaña registrada por error (sin contratos; directores)
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario, con_uso
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos
from asistente.transparencia.registros import campanas, nueva_campana, quitar_campana
from modelos import Contrato

NOMBRE = "campana"
USO = "/campana · /campana nueva nombre | tipo | tema | del … al … · /campana quitar ID"
USO_QUITAR = "/campana quitar ID   (una sin contratos; directores)"
USO_NUEVA = "/campana nueva nombre | tipo | tema | del 1 de marzo al 30 de abril de 2026   (tipo: campaña o aviso institucional)"
RESUMEN = "campañas y avisos institucionales de comunicación social (para transparencia)"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


@enrutador.sub("lista", "ver", "todas")
def lista(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    todas = campanas(session, peticion.espacio_id)
    if not todas:
        return Respuesta.texto(f"Todavía no hay campañas. Registra una: {USO_NUEVA}")
    por_campana: dict[int, int] = {campana_id: n for campana_id, n in session.execute(
        select(Contrato.campana_id, func.count(Contrato.id)).where(Contrato.espacio_id == peticion.espacio_id)
        .group_by(Contrato.campana_id))}
    lineas = [f"{cuantos(len(todas), 'campaña')}:"]
    lineas += [f"• {k.id}. {k.nombre} ({k.tipo}) — {k.inicio:%d/%m/%Y} al {k.fin:%d/%m/%Y}"
               f"{f' — {k.tema}' if k.tema else ''} · {cuantos(por_campana.get(k.id, 0), 'contrato')}" for k in todas]
    return Respuesta.texto("\n".join(lineas))


enrutador.vacio = lista


@enrutador.sub("nueva", "nuevo", "alta", "agregar", uso=USO_NUEVA)
def nueva(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    partes = [p.strip() for p in resto.split("|")]
    if not resto.strip():
        raise ErrorDeUsuario("Faltan los datos de la campaña.", uso=USO_NUEVA)
    if len(partes) != 4:
        raise ErrorDeUsuario(f"Son cuatro partes separadas por «|» y escribiste {len(partes)}.", uso=USO_NUEVA)
    exigir_director(session, peticion, "registrar campañas")
    nombre, tipo, tema, vigencia = partes
    try:
        k = nueva_campana(session, peticion.espacio_id, peticion.ahora, nombre, tipo, tema, vigencia)
    except ErrorDeUsuario as error:
        raise con_uso(error, USO_NUEVA) from None
    return Respuesta.texto(f"Campaña {k.id} registrada: {k.nombre} ({k.tipo}), del {k.inicio:%d/%m/%Y} al "
                           f"{k.fin:%d/%m/%Y}. Sus contratos: /contrato nuevo … | {k.nombre}", publica=True)


@enrutador.sub("quitar", "borrar", "eliminar", uso=USO_QUITAR)
def quitar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    exigir_director(session, peticion, "quitar campañas")
    try:
        c = quitar_campana(session, peticion.espacio_id, resto)
    except ErrorDeUsuario as error:
        raise con_uso(error, USO_QUITAR) from None
    return Respuesta.texto(f"Campaña {c.id} «{c.nombre}» quitada.", publica=True)


manejar = enrutador
