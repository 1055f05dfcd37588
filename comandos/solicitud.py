"""Las solicitudes de las áreas del ayuntamiento a la oficina: carteles, volantes, lonas, avisos,
convocatorias, diapositivas, spots de perifoneo o radio, publicaciones en redes, coberturas y entrevistas.

• `/solicitud` — abre el formulario: área, tipo, para cuándo, descripción, ¿impreso? (medida, piezas)
• `/solicitud nueva área | tipo | para cuándo | descripción [| medida | piezas]` — lo mismo en una línea;
  contesta `Solicitud S-031 …` y avisa si llegó con menos días hábiles de los que pide la oficina
• `/solicitud asignar S-031 @persona` — quién la hace (directores); le llega un mensaje directo
• `/solicitud lista [área|estado|@persona|todas]` — las abiertas (o las de un área, un estado o una persona)
• `/solicitud mía` — las que me tocan hacer y las que pedí
• `/solicitud ver S-031` — todo: estado, versiones (v1, v2…) y cada paso con quién y cuándo
• `/solicitud entregar S-031` — la marca entregada; los archivos soltados con «S-031» en el mensaje o en el
  hilo de la solicitud son sus versiones v1, v2…, archivadas bajo la solicitud
• `/solicitud aprobar S-031` — la aprueba (directores)
• `/solicitud cambios S-031 <qué>` — pide cambios sobre la versión entregada (quien la pidió o un director)
• `/solicitud enlace <área> [días]` — un enlace personal al formulario del portal para alguien del área sin
  cuenta en el chat; lo que envíe llega al canal del equipo con sus archivos (directores);
  `enlace revocar ENLACE` lo corta
• `/solicitud inhabil <fecha> [| motivo]` · `inhabil quitar <fecha>` · `inhabiles` — los días que la oficina no
  trabaja además de los feriados de ley (directores); no cuentan como días hábiles
• `/solicitud areas` · `/solicitud area agregar <nombre>` — las áreas que piden; agregar otra (directores)
Cada cambio de estado avisa por mensaje directo a quien la pidió y a quien la hace.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from asistente.enlaces.firmas import crear as crear_enlace
from asistente.enlaces.firmas import leer_dias, url_de
from asistente.enlaces.firmas import revocar as revocar_enlace
from asistente.equipo.personas import persona_por_mencion
from asistente.fechas.palabras import fecha_en_palabras
from asistente.nucleo.comando import Enrutador, separar
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario, Opcion
from asistente.nucleo.identidad import exigir_director, persona_actual
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import normalizar
from asistente.solicitudes import alta, areas, consultas, estados, inhabiles
from asistente.solicitudes.consultas import ABIERTAS, ETIQUETAS_ESTADO
from asistente.solicitudes.tipos import ETIQUETAS
from modelos import TIPOS_SOLICITUD, EstadoSolicitud, Solicitud

NOMBRE = "solicitud"
USO = ("/solicitud · /solicitud nueva área | tipo | para cuándo | descripción · asignar ID @persona · "
       "lista [área|estado|@persona] · mía · ver ID · entregar ID · aprobar ID · cambios ID <qué> · enlace <área> · "
       "inhabil <fecha>")
USO_NUEVA = "/solicitud nueva área | tipo | para cuándo | descripción [| medida | piezas]"
USO_ASIGNAR = "/solicitud asignar S-031 @persona"
USO_ID = "/solicitud ver|entregar|aprobar S-031"
USO_CAMBIOS = "/solicitud cambios S-031 <qué hay que cambiar>"
USO_ENLACE = "/solicitud enlace <área> [días] · /solicitud enlace revocar ENLACE"
USO_INHABIL = "/solicitud inhabil <fecha> [| motivo] · /solicitud inhabil quitar <fecha>"
USO_AREA = "/solicitud area agregar <nombre>"
RESUMEN = "solicitudes de las áreas (carteles, lonas, spots…): pedir, asignar, entregar versiones, aprobar"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


# --- alta ---------------------------------------------------------------------------------------------------
def _registrar(peticion: Peticion, session: Session, pedido: alta.Pedido) -> Respuesta:
    config = peticion.config
    nueva = alta.crear(session, peticion.espacio_id, pedido, ahora=peticion.ahora, tz=config.tz,
                       dias_regla=config.dias_solicitud, solicitante=persona_actual(session, peticion),
                       canal=peticion.canal)
    s = nueva.solicitud
    return Respuesta.plantilla("solicitud_nueva.j2", publica=True, s=consultas.vista(session, s), aviso=nueva.aviso_plazo,
                               portal=False, archivos="").anclada_a_solicitud(s.id)


@enrutador.sub("nueva", "nuevo", "alta", "crear", uso=USO_NUEVA)
def nueva(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if not resto.strip():
        return Respuesta.formulario(formulario_solicitud())
    partes = [p.strip() for p in resto.split("|")]
    if len(partes) < 4:
        raise ErrorDeUsuario("Faltan partes: son área | tipo | para cuándo | descripción.", uso=USO_NUEVA)
    if len(partes) > 6:
        raise ErrorDeUsuario("Sobran partes: son a lo más seis, separadas por «|».", uso=USO_NUEVA)
    area, tipo, para, descripcion, medida, piezas = (partes + ["", ""])[:6]
    pedido = alta.leer_pedido(session, peticion.espacio_id, area=area, tipo=tipo, para=para, descripcion=descripcion,
                              medida=medida, piezas=piezas, ahora=peticion.ahora, tz=peticion.config.tz)
    return _registrar(peticion, session, pedido)


def _formulario(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return Respuesta.formulario(formulario_solicitud())


enrutador.vacio = _formulario


def formulario_solicitud() -> Formulario:
    return Formulario(
        id="solicitud.nueva", titulo="Nueva solicitud", boton="Enviar",
        campos=(
            Campo("area", "Área que pide", requerido=True, max_largo=120, ayuda="Obras Públicas, DIF Municipal…"),
            Campo("tipo", "Tipo", tipo="opcion", requerido=True, inicial="cartel",
                  opciones=tuple(Opcion(t, ETIQUETAS[t].capitalize()) for t in TIPOS_SOLICITUD)),
            Campo("para", "Para cuándo", requerido=True, max_largo=80, ayuda="viernes, 15 de marzo"),
            Campo("descripcion", "Descripción", tipo="parrafo", requerido=True, max_largo=alta.MAX_DESCRIPCION,
                  ayuda="qué se necesita, para qué evento, textos y datos que debe llevar"),
            Campo("impreso", "¿Se imprime?", tipo="si_no", inicial="no"),
            Campo("medida", "Medida", max_largo=60, ayuda="90 x 60 cm, tamaño carta"),
            Campo("piezas", "Piezas", max_largo=10, ayuda="100"),
        ),
    )


_CAMPO_DEL_ERROR = (("área", "area"), ("tipo", "tipo"), ("fecha", "para"), ("cuándo", "para"), ("entender", "para"),
                    ("piezas", "piezas"), ("medida", "medida"), ("descripción", "descripcion"))


def al_enviar(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    try:
        pedido = alta.leer_pedido(
            session, peticion.espacio_id, area=str(valores.get("area", "")), tipo=str(valores.get("tipo", "")),
            para=str(valores.get("para", "")), descripcion=str(valores.get("descripcion", "")),
            impreso=str(valores.get("impreso", "")) in ("si", "true", "1"), medida=str(valores.get("medida", "")),
            piezas=str(valores.get("piezas", "")), ahora=peticion.ahora, tz=peticion.config.tz)
    except ErroresDeFormulario:
        raise
    except ErrorDeUsuario as error:
        campo = next((c for palabra, c in _CAMPO_DEL_ERROR if palabra in error.mensaje.lower()), "descripcion")
        raise ErroresDeFormulario({campo: error.mensaje}) from None
    return _registrar(peticion, session, pedido)


# --- pasos ------------------------------------------------------------------------------------------------
def _aviso(s: Solicitud, area: str, texto: str) -> str:
    return f"{s.folio} ({ETIQUETAS.get(s.tipo, s.tipo)} de {area}): {texto}"


@enrutador.sub("asignar", uso=USO_ASIGNAR)
def asignar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    folio, _, quien_texto = resto.strip().partition(" ")
    s = consultas.buscar(session, peticion.espacio_id, folio)
    if not quien_texto.strip():
        raise ErrorDeUsuario("Falta a quién (@persona).")
    director = exigir_director(session, peticion, "asignar solicitudes")
    persona = persona_por_mencion(session, peticion.espacio_id, quien_texto, peticion.ahora)
    area = consultas.nombre_de_area(session, s)
    if not estados.asignar(session, s, persona, director, peticion.ahora):
        return Respuesta.texto(f"{s.folio} ya estaba asignada a {persona.nombre_visible}.")
    respuesta = Respuesta.texto(f"{s.folio} asignada a {persona.nombre_visible}: {ETIQUETAS.get(s.tipo, s.tipo)} de "
                                f"{area} para el {fecha_en_palabras(s.para)}.", publica=True)
    estados.avisar(session, s, director, _aviso(s, area, f"{director.nombre_visible} se la asignó a "
                                                f"{persona.nombre_visible}; es para el {fecha_en_palabras(s.para)}. "
                                                f"Detalles: /solicitud ver {s.folio}"), respuesta)
    return respuesta


@enrutador.sub("entregar", "entregada", uso=USO_ID)
def entregar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    s = consultas.buscar(session, peticion.espacio_id, resto)
    quien = persona_actual(session, peticion)
    estados.entregar(session, s, quien, peticion.ahora)
    area = consultas.nombre_de_area(session, s)
    ultima = consultas.entregadas(session, s)
    version = f"la versión v{ultima[-1].numero}" if ultima else "sin archivos todavía"
    texto = f"{s.folio} entregada por {quien.nombre_visible} ({version}); falta que un director la apruebe."
    if not ultima:
        texto += (f" Suelta los archivos con «{s.folio}» en el mensaje o en el hilo de la solicitud: serán su "
                  "versión v1.")
    respuesta = Respuesta.texto(texto, publica=True)
    estados.avisar(session, s, quien, _aviso(s, area, f"{quien.nombre_visible} la entregó ({version}). "
                                             f"Verla: /solicitud ver {s.folio}"), respuesta)
    return respuesta


@enrutador.sub("aprobar", "aprobada", uso=USO_ID)
def aprobar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    s = consultas.buscar(session, peticion.espacio_id, resto)
    quien = persona_actual(session, peticion)
    estados.aprobar(session, s, quien, peticion.ahora)
    area = consultas.nombre_de_area(session, s)
    respuesta = Respuesta.texto(f"{s.folio} aprobada por {quien.nombre_visible}.", publica=True)
    estados.avisar(session, s, quien, _aviso(s, area, f"{quien.nombre_visible} la aprobó."), respuesta)
    return respuesta


@enrutador.sub("cambios", "cambio", "corregir", uso=USO_CAMBIOS)
def cambios(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    folio, _, que = resto.strip().partition(" ")
    s = consultas.buscar(session, peticion.espacio_id, folio)
    quien = persona_actual(session, peticion)
    estados.pedir_cambios(session, s, quien, que, peticion.ahora)
    area = consultas.nombre_de_area(session, s)
    respuesta = Respuesta.texto(f"{s.folio} regresa con cambios: {' '.join(que.split())}", publica=True)
    estados.avisar(session, s, quien, _aviso(s, area, f"{quien.nombre_visible} pidió cambios: {' '.join(que.split())}. "
                                             f"Cuando estén, suelta la nueva versión con «{s.folio}» y "
                                             f"/solicitud entregar {s.folio}"), respuesta)
    return respuesta


# --- consultas ----------------------------------------------------------------------------------------------
@enrutador.sub("ver", "mostrar", uso=USO_ID)
def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    s = consultas.buscar(session, peticion.espacio_id, resto)
    tz = peticion.config.tz
    pasos = [{"estado": ETIQUETAS_ESTADO[c.estado], "quien": c.quien, "cuando": c.cuando.astimezone(tz), "nota": c.nota}
             for c in consultas.historial(session, s)]
    versiones = [{"numero": v.numero, "cuando": v.subida.astimezone(tz), "autor": v.autor,
                  "archivos": [{"id": m.id, "nombre": m.nombre, "clave": m.clave} for m in v.archivos]}
                 for v in consultas.versiones(session, s)]
    return Respuesta.plantilla("solicitud_ver.j2", s=consultas.vista(session, s), pasos=pasos, versiones=versiones,
                               dias=s.dias_habiles, regla=peticion.config.dias_solicitud)


def _lista(session: Session, titulo: str, filas: list[Solicitud], vacio: str) -> Respuesta:
    return Respuesta.plantilla("solicitud_lista.j2", titulo=titulo, vacio=vacio,
                               filas=[consultas.vista(session, s) for s in filas])


_TITULOS = {EstadoSolicitud.RECIBIDA: "recibidas", EstadoSolicitud.ASIGNADA: "asignadas",
            EstadoSolicitud.ENTREGADA: "entregadas", EstadoSolicitud.APROBADA: "aprobadas",
            EstadoSolicitud.CON_CAMBIOS: "con cambios"}
_ESTADOS_ESCRITOS = {"recibida": EstadoSolicitud.RECIBIDA, "recibidas": EstadoSolicitud.RECIBIDA,
                     "asignada": EstadoSolicitud.ASIGNADA, "asignadas": EstadoSolicitud.ASIGNADA,
                     "entregada": EstadoSolicitud.ENTREGADA, "entregadas": EstadoSolicitud.ENTREGADA,
                     "aprobada": EstadoSolicitud.APROBADA, "aprobadas": EstadoSolicitud.APROBADA,
                     "con cambios": EstadoSolicitud.CON_CAMBIOS, "cambios": EstadoSolicitud.CON_CAMBIOS,
                     "en proceso": EstadoSolicitud.ASIGNADA}
_ABIERTAS_ESCRITAS = ("abiertas", "abierta", "pendientes", "pendiente")
_ATRASADAS_ESCRITAS = ("atrasadas", "atrasada", "vencidas", "vencida", "tarde")
_FILTROS = "recibidas, asignadas, entregadas, aprobadas, con cambios, atrasadas o todas"


@enrutador.sub("lista", "listar", "todas", uso="/solicitud lista [área|estado|@persona|todas]")
def lista(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    filtro = normalizar(" ".join(resto.split()))
    eid = peticion.espacio_id
    if not filtro:
        return _lista(session, "Solicitudes abiertas", consultas.lista(session, eid, Solicitud.estado.in_(ABIERTAS)),
                      "No hay solicitudes abiertas.")
    if filtro in ("todas", "todo"):
        return _lista(session, "Todas las solicitudes", consultas.lista(session, eid), "No hay solicitudes.")
    if filtro in _ABIERTAS_ESCRITAS:
        return lista(peticion, session, "")
    if filtro in _ATRASADAS_ESCRITAS:  # abiertas y con su fecha ya pasada
        hoy = peticion.ahora.astimezone(peticion.config.tz).date()
        return _lista(session, "Solicitudes atrasadas", consultas.lista(
            session, eid, Solicitud.estado.in_(ABIERTAS), Solicitud.para < hoy), "Ninguna atrasada.")
    if filtro in _ESTADOS_ESCRITOS:
        estado = _ESTADOS_ESCRITOS[filtro]
        return _lista(session, f"Solicitudes {_TITULOS[estado]}", consultas.lista(session, eid, Solicitud.estado == estado),
                      "Ninguna.")
    if resto.strip().startswith(("@", "<@")):
        persona = persona_por_mencion(session, eid, resto.strip(), peticion.ahora)
        return _lista(session, f"Solicitudes de {persona.nombre_visible}", consultas.lista(
            session, eid, Solicitud.asignada_id == persona.id, Solicitud.estado.in_(ABIERTAS)),
            f"{persona.nombre_visible} no tiene solicitudes abiertas.")
    try:
        nombre = areas.leer_area(session, eid, resto)
    except ErrorDeUsuario as error:  # ni área ni estado: también se dicen los estados
        raise ErrorDeUsuario(f"{error.mensaje} O filtra por estado: {_FILTROS}.", uso=error.uso) from None
    area = areas.area_de(session, eid, nombre, peticion.ahora)
    return _lista(session, f"Solicitudes de {nombre}", consultas.lista(session, eid, Solicitud.area_id == area.id),
                  f"{nombre} no ha pedido nada.")


@enrutador.sub("mia", "mias", "mio", "mios")
def mia(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    yo = peticion.persona_id
    eid = peticion.espacio_id
    hacer = consultas.lista(session, eid, Solicitud.asignada_id == yo, Solicitud.estado.in_(ABIERTAS))
    pedidas = consultas.lista(session, eid, Solicitud.solicitante_id == yo, Solicitud.estado.in_(ABIERTAS))
    return Respuesta.plantilla("solicitud_mia.j2", hacer=[consultas.vista(session, s) for s in hacer],
                               pedidas=[consultas.vista(session, s) for s in pedidas if s.asignada_id != yo])


# --- configuración -----------------------------------------------------------------------------------------
@enrutador.sub("enlace", "portal", uso=USO_ENLACE)
def enlace(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    palabra, despues = separar(resto)
    if palabra == "revocar":
        exigir_director(session, peticion, "revocar enlaces del portal")
        if not despues.strip():
            raise ErrorDeUsuario("Falta el número del enlace (sale al darlo).")
        fila = revocar_enlace(session, peticion.espacio_id, despues, peticion.ahora)
        if fila.tipo != "solicitud":
            raise ErrorDeUsuario(f"El enlace {fila.id} no es de solicitudes.")
        return Respuesta.texto(f"Enlace {fila.id} revocado: ya no abre el formulario.")
    texto = resto.strip()
    dias_texto = ""
    palabras = texto.split()
    if len(palabras) > 1 and palabras[-1].isdecimal():
        texto, dias_texto = " ".join(palabras[:-1]), palabras[-1]
    nombre = areas.leer_area(session, peticion.espacio_id, texto)
    exigir_director(session, peticion, "dar enlaces del portal a las áreas")
    dias = leer_dias(dias_texto, peticion.config.portal_dias)
    area = areas.area_de(session, peticion.espacio_id, nombre, peticion.ahora)
    fila = crear_enlace(session, espacio_id=peticion.espacio_id, tipo="solicitud", objeto_id=area.id, ahora=peticion.ahora,
                        dias=dias, destinatario="area", creado_por_id=peticion.persona_id)
    url = url_de(peticion.config, fila)
    vence = fecha_en_palabras(fila.vence.astimezone(peticion.config.tz).date(), con_anio=True)
    return Respuesta.texto(
        f"Enlace del portal para {nombre} (enlace {fila.id}, vence el {vence}):\n{url}\n"
        "Es personal: quien lo tenga puede enviar solicitudes a nombre del área. Lo que envíe llega al canal del "
        f"equipo. Para cancelarlo: /solicitud enlace revocar {fila.id}")


@enrutador.sub("inhabil", "inhabiles", "feriado", "feriados", uso=USO_INHABIL)
def inhabil(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    ahora_local = peticion.ahora.astimezone(peticion.config.tz)
    palabra, despues = separar(resto)
    if not palabra:
        dias = inhabiles.proximos(session, peticion.espacio_id, ahora_local.date())
        if not dias:
            return Respuesta.texto("La oficina no tiene días inhábiles marcados de aquí en adelante (los feriados de "
                                   "ley ya cuentan solos). Marca uno con /solicitud inhabil <fecha> | motivo")
        return Respuesta.texto("Días inhábiles de la oficina:\n" + "\n".join(
            f"• {fecha_en_palabras(d.dia, con_anio=True)}" + (f" — {d.motivo}" if d.motivo else "") for d in dias))
    exigir_director(session, peticion, "fijar los días inhábiles de la oficina")
    if palabra == "quitar":
        return Respuesta.texto(inhabiles.quitar(session, peticion.espacio_id, inhabiles.leer_dia(despues, ahora_local)),
                               publica=True)
    fecha, _, motivo = resto.partition("|")
    dia = inhabiles.leer_dia(fecha, ahora_local)
    return Respuesta.texto(inhabiles.marcar(session, peticion.espacio_id, dia, motivo, peticion.ahora), publica=True)


@enrutador.sub("areas", "area", uso=USO_AREA)
def area(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    palabra, nombre = separar(resto)
    if not palabra:
        return Respuesta.texto("Áreas que pueden pedir:\n" + "\n".join(
            f"• {n}" for n in areas.nombres(session, peticion.espacio_id)))
    if palabra not in ("agregar", "nueva", "alta"):
        raise ErrorDeUsuario(f"No conozco «/solicitud area {palabra}».", uso=USO_AREA)
    exigir_director(session, peticion, "agregar áreas")
    nombre_final, es_nueva = areas.agregar(session, peticion.espacio_id, nombre, peticion.ahora)
    if not es_nueva:
        return Respuesta.texto(f"«{nombre_final}» ya estaba entre las áreas.")
    return Respuesta.texto(f"Área agregada: {nombre_final}.", publica=True)


manejar = enrutador
FORMULARIOS = {"solicitud.nueva": al_enviar}
DEFINICIONES = {"solicitud.nueva": lambda _p, _s, _c: formulario_solicitud()}
