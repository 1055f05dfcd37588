"""Las metas del programa operativo anual (POA) y su avance, contado de lo que el asistente ya registra.

• `/poa` · `/poa metas` — las metas del año con su ID, meta anual y regla de conteo
• `/poa meta nueva nombre | unidad | meta anual | cuenta: <regla>` — una meta del año (directores); reglas:
  boletines, eventos cubiertos, fotos, publicaciones, invitaciones, manual (solicitudes entregadas y notas,
  cuando esta instalación tenga solicitudes y monitoreo)
• `/poa meta quitar ID` — quita una meta dada de alta por error, con su avance manual (directores)
• `/poa registrar ID cantidad [nota]` — suma avance a una meta manual
• `/poa avance [mes [mes]|trimestre N|año] [AAAA]` — cada meta con lo hecho contra lo planeado a la fecha, el
  porcentaje y un semáforo (🟢 desde 90 %, 🟡 desde 70 %, 🔴 abajo)
• `/poa calendario [AAAA]` — la cuadrícula ENE–DIC del plan llenada con lo hecho cada mes
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asistente.nucleo.comando import Enrutador, separar
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import cuantos
from asistente.resultados.metas import avances, buscar_meta, metas_del_anio, nueva_meta, quitar_meta, registrar
from asistente.resultados.periodos import MESES_CORTOS, leer_periodo, periodo
from asistente.resultados.reglas import REGLAS, nombres_de_reglas

NOMBRE = "poa"
USO_NUEVA = "/poa meta nueva nombre | unidad | meta anual | cuenta: <regla>"
USO_QUITAR = "/poa meta quitar ID"
USO_REGISTRAR = "/poa registrar ID cantidad [nota]"
USO_AVANCE = "/poa avance [mes [mes]|trimestre N|año] [AAAA]"
USO_CALENDARIO = "/poa calendario [AAAA]"
USO = f"/poa · {USO_NUEVA} · {USO_QUITAR} · {USO_REGISTRAR} · {USO_AVANCE} · {USO_CALENDARIO}"
RESUMEN = "metas del programa anual (POA): alta, avance con semáforo, registro manual y calendario ENE–DIC"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def _anio(peticion: Peticion) -> int:
    return peticion.ahora.astimezone(peticion.config.tz).year


@enrutador.sub("metas", "lista", "ver")
def metas(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    anio = _anio(peticion)
    return Respuesta.plantilla("poa_metas.j2", anio=anio, metas=metas_del_anio(session, peticion.espacio_id, anio),
                               reglas=REGLAS)


enrutador.vacio = metas


@enrutador.sub("meta", uso=USO_NUEVA)
def meta(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    palabra, datos = separar(resto)
    if palabra in ("quitar", "borrar", "eliminar", "baja"):
        return _quitar(peticion, session, datos)
    if palabra not in ("nueva", "nuevo", "agregar", "alta"):
        raise ErrorDeUsuario("Para dar de alta una meta: «/poa meta nueva …»; para quitar una: «/poa meta quitar ID».",
                             uso=f"{USO_NUEVA} · {USO_QUITAR}")
    partes = [p.strip() for p in datos.split("|")]
    if len(partes) != 4:
        raise ErrorDeUsuario("Son cuatro partes separadas por «|»: nombre, unidad, meta anual y «cuenta: regla» "
                             f"(reglas: {nombres_de_reglas()}).", uso=USO_NUEVA)
    exigir_director(session, peticion, "dar de alta metas del POA")
    nombre, unidad, cifra, regla = partes
    nueva = nueva_meta(session, peticion, nombre, unidad, cifra, regla)
    return Respuesta.texto(
        f"Meta {nueva.id} registrada para {nueva.anio}: {nueva.nombre} — {nueva.meta_anual} {nueva.unidad} al año, "
        f"cuenta: {nueva.regla} ({REGLAS[nueva.regla].descripcion})."
        + (f" Registra su avance con /poa registrar {nueva.id} cantidad." if nueva.regla == "manual" else ""),
        publica=True)


def _quitar(peticion: Peticion, session: Session, datos: str) -> Respuesta:
    if not datos.strip():
        raise ErrorDeUsuario("Falta el ID de la meta (míralo con /poa metas).", uso=USO_QUITAR)
    encontrada = buscar_meta(session, peticion.espacio_id, datos.split()[0])
    exigir_director(session, peticion, "quitar metas del POA")
    nombre, numero, anio = encontrada.nombre, encontrada.id, encontrada.anio
    borrados = quitar_meta(session, encontrada)
    extra = f", con {cuantos(borrados, 'avance registrado', 'avances registrados')} a mano" if borrados else ""
    return Respuesta.texto(f"Meta {numero} «{nombre}» quitada del POA {anio}{extra}.", publica=True)


@enrutador.sub("registrar", "sumar", "anotar", uso=USO_REGISTRAR)
def registrar_avance(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    partes = resto.split(None, 2)
    if len(partes) < 2:
        raise ErrorDeUsuario("Faltan el ID de la meta y la cantidad.", uso=USO_REGISTRAR)
    encontrada = buscar_meta(session, peticion.espacio_id, partes[0])
    avance = registrar(session, peticion, encontrada, partes[1], partes[2] if len(partes) > 2 else "")
    return Respuesta.texto(f"Registrado: +{avance.cantidad} {encontrada.unidad or ''} en la meta {encontrada.id} "
                           f"«{encontrada.nombre}»" + (f" ({avance.nota})" if avance.nota else "") + ".", publica=True)


@enrutador.sub("avance", "avances", "progreso", uso=USO_AVANCE)
def avance(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    tz = peticion.config.tz
    p = leer_periodo(resto, peticion.ahora, tz, USO_AVANCE)
    return Respuesta.plantilla("poa_avance.j2", periodo=p, avances=avances(session, peticion.espacio_id, p, tz))


@enrutador.sub("calendario", "plan", "cuadricula", uso=USO_CALENDARIO)
def calendario(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    tz = peticion.config.tz
    texto = resto.strip()
    if texto and not (texto.isdecimal() and len(texto) == 4):
        raise ErrorDeUsuario(f"«{texto}» no es un año (AAAA).", uso=USO_CALENDARIO)
    anio = int(texto) if texto else _anio(peticion)
    p = periodo("anio", anio, 1, 12, peticion.ahora, tz)
    corte = p.corte.astimezone(tz)
    transcurridos = 12 if not p.en_curso else corte.month
    return Respuesta.plantilla("poa_calendario.j2", periodo=p, meses=MESES_CORTOS, transcurridos=transcurridos,
                               avances=avances(session, peticion.espacio_id, p, tz))


manejar = enrutador
