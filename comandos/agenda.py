"""La agenda de la presidencia municipal y de las dependencias.

• `/agenda` · `/agenda hoy` · `mañana` · `ayer` · `semana` · `<fecha>` — los eventos de ese día (o de los próximos 7), en orden, con su cobertura (`/agenda 15`: el día 15)
• `/agenda semana próxima` · `semana pasada` — de lunes a domingo de la semana que viene o de la anterior · `/agenda semana <fecha>` — 7 días desde esa fecha
• `/agenda dependencia Obras Públicas` · `/agenda preside Presidenta` — los eventos de los próximos 30 días de una dependencia o que preside alguien (sin importar acentos ni mayúsculas)
• `/agenda mes [mes]` — el mes como calendario (imagen: cada día con cuántos eventos y sus prioridades) y la lista; `/agenda mes abril`, `mes abril 2027`, `mes próximo`, `mes pasado`
• `/agenda nueva` — abre el formulario de un evento nuevo
• `/agenda nueva título | cuándo | lugar | dependencia | prioridad` — lo mismo en una línea (solo título y cuándo son obligatorios; sin «|»: `/agenda nueva Rueda de prensa mañana a las 10`)
• `/agenda nueva` + un oficio pegado (varios renglones) — busca en la carta la fecha, la hora, el lugar y el título y abre el formulario ya lleno para confirmar; con dos fechas pregunta cuál
• `/agenda nueva Reunión de gabinete cada lunes a las 10` — un evento que se repite: «cada 15 días», «de lunes a viernes a las 9», «el primer viernes de cada mes», con «desde <fecha>», «hasta <fecha>» o «10 veces»; se lee de vuelta y se registra con el botón **Registrar** (cada fecha es un evento #N)
• `/agenda ver N` — todo sobre el evento #N
• `/agenda mover N <cuándo>` — reprograma (avisa a quienes lo cubren); solo la hora («a las 5») lo deja en su día
• `/agenda cancelar N [motivo]` — lo cancela sin borrarlo (avisa a quienes lo cubren)
• `/agenda mover N serie <cuándo>` · `/agenda cancelar N serie [motivo]` — lo mismo con todas las fechas que faltan de la serie de #N
• `/agenda prioridad N alta|media|baja` — cambia su prioridad
• `/agenda roles N foto,video` — los roles que necesita su cobertura (`ninguno` para ninguno)
• `/agenda realizado N` — lo marca como realizado
• `/agenda calendario` · `/agenda calendario mío` — un enlace personal para suscribir el teléfono a la agenda de la oficina o solo a tus coberturas (iCalendar, se actualiza solo; `calendario revocar ENLACE` lo corta)
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente.agenda.eventos import buscar_evento, cuando_del_evento, eventos_entre, filas_entre
from asistente.agenda.mes import (
    dias_del_mes,
    dibujar_mes,
    rango_del_mes,
    titulo_del_mes,
)
from asistente.agenda.oficio import leer_oficio, parece_oficio
from asistente.agenda.registro import (
    MAX_TITULO,
    asignados,
    cambiar_prioridad,
    cancelar_evento,
    el_mismo_dia,
    exigir_que_pueda_editar,
    exigir_titulo,
    exigir_vigente,
    leer_prioridad,
    marcar_realizado,
    mismo_evento,
    momento_de,
    mover_evento,
    registrar_evento,
)
from asistente.agenda.series import (
    cancelar_serie,
    confirmar_serie,
    descartar_serie,
    mover_serie,
    proponer_serie,
    serie_de,
)
from asistente.agenda.vistas import DatosDeEvento, rango_del_dia, vista, vistas
from asistente.archivo.consultas import describir_tipos, tipos_de_evento
from asistente.archivo.documentos import guardar_documento
from asistente.boletines import estilo
from asistente.boletines.numeros import folio
from asistente.enlaces.firmas import crear as crear_enlace
from asistente.enlaces.firmas import revocar as revocar_enlace
from asistente.enlaces.firmas import url_de
from asistente.equipo.personas import leer_roles, menciones_legibles
from asistente.fechas import FechaNoEntendida, Momento
from asistente.fechas.palabras import (
    MESES_LEIDOS,
    fecha_en_palabras,
    momento_en_palabras,
)
from asistente.fechas.repeticion import (
    Repeticion,
    es_repeticion,
    interpretar_repeticion,
)
from asistente.nucleo.comando import Enrutador, numero_de_evento, separar
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario, Opcion
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Adjunto, Boton, Respuesta
from asistente.nucleo.texto import cuantos, normalizar
from modelos import ROLES, Boletin, EstadoBoletin, EstadoEvento, Evento

NOMBRE = "agenda"
USO = ("/agenda [hoy|mañana|ayer|semana [próxima|<fecha>]|mes [mes]|<fecha>] · /agenda dependencia|preside <texto> · /agenda nueva título | cuándo | lugar | dependencia | prioridad · "
       "/agenda ver|realizado N · /agenda mover N <cuándo> · /agenda cancelar N [motivo] · /agenda prioridad N alta|media|baja · "
       "/agenda roles N foto,video · /agenda mover|cancelar N serie … · /agenda calendario [mío]")
RESUMEN = "la agenda: ver el día o la semana, registrar, mover, cancelar y priorizar eventos"
USO_NUEVA = "/agenda nueva título | cuándo | lugar | dependencia | prioridad"
enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


# --- listados ------------------------------------------------------------------------------
def _listar(peticion: Peticion, session: Session, desde: datetime, hasta: datetime, titulo: str, semana: bool,
            filtro: Callable[[DatosDeEvento], bool] | None = None) -> Respuesta:
    eventos = [e for e in filas_entre(session, peticion.espacio_id, desde, hasta) if filtro is None or filtro(e)]
    tz = peticion.config.tz
    lista = vistas(session, eventos, tz)
    por_fecha: dict[date, list[Any]] = {}
    for v in lista:
        por_fecha.setdefault(v.inicio.date(), []).append(v)
    dias: dict[str, list[Any]] = {}
    for fecha, del_dia in por_fecha.items():  # el nombre de cada día una vez, no uno por evento
        dias.setdefault(fecha_en_palabras(fecha), []).extend(del_dia)
    return Respuesta.plantilla("agenda.j2", titulo=titulo, dias=dias, semana=semana, eventos=lista)


DIAS_DEL_FILTRO = 30
USO_DEPENDENCIA = "/agenda dependencia <nombre>"
USO_PRESIDE = "/agenda preside <quién>"


def _filtrado(peticion: Peticion, session: Session, texto: str, campo: str, uso: str) -> Respuesta:
    """Los eventos de los próximos 30 días de una dependencia o que preside alguien (sin importar
    acentos ni mayúsculas; «presidenta» encuentra lo que dice «presidente municipal»)."""
    if not texto.strip():
        que = "la dependencia (por ejemplo Obras Públicas)" if campo == "dependencia" else "quién preside"
        raise ErrorDeUsuario(f"Falta {que}.", uso=uso)
    config = peticion.config

    def forma(valor: str) -> str:
        if campo != "preside":
            return normalizar(valor)
        # El cargo de la cabeza se escribe de muchas formas: todas cuentan como la misma.
        return re.sub(r"\b(?:president[ea]|presidencia|alcaldesa|alcalde|edil)\b", "presidente",
                      normalizar(estilo.quien_preside(valor, config)))

    buscado = forma(texto)
    hoy_ = peticion.ahora.astimezone(config.tz).date()
    desde, hasta = rango_del_dia(hoy_, config.tz, dias=DIAS_DEL_FILTRO)
    respuesta = _listar(peticion, session, desde, hasta,
                        f"Agenda {'de' if campo == 'dependencia' else 'que preside'} «{texto.strip()}» "
                        f"(próximos {DIAS_DEL_FILTRO} días)", True,
                        filtro=lambda e: buscado in forma(str(getattr(e, campo) or "")))
    if not respuesta.datos["eventos"]:
        conocidos = sorted({str(getattr(e, campo)) for e in eventos_entre(session, peticion.espacio_id, desde, hasta)
                            if getattr(e, campo)})
        lista = f" Con eventos: {', '.join(conocidos)}." if conocidos else ""
        return Respuesta.texto(f"No hay eventos {'de' if campo == 'dependencia' else 'que presida'} «{texto.strip()}» "
                               f"en los próximos {DIAS_DEL_FILTRO} días.{lista}")
    return respuesta


@enrutador.sub("dependencia", "dependencias", uso=USO_DEPENDENCIA)
def dependencia(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return _filtrado(peticion, session, resto, "dependencia", USO_DEPENDENCIA)


@enrutador.sub("preside", "presidida", uso=USO_PRESIDE)
def preside(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return _filtrado(peticion, session, resto, "preside", USO_PRESIDE)


@enrutador.sub("hoy")
def hoy(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if resto:
        return fecha(peticion, session, f"hoy {resto}")
    dia = peticion.ahora.astimezone(peticion.config.tz).date()
    desde, hasta = rango_del_dia(dia, peticion.config.tz)
    return _listar(peticion, session, desde, hasta, f"Agenda de hoy, {fecha_en_palabras(dia)}", False)


@enrutador.sub("ayer")
def ayer(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """Lo de ayer (para el archivo y los boletines); en las fechas de un evento «ayer» no existe."""
    if resto:
        raise ErrorDeUsuario("«/agenda ayer» no lleva nada más.", uso=USO)
    dia = peticion.ahora.astimezone(peticion.config.tz).date() - timedelta(days=1)
    desde, hasta = rango_del_dia(dia, peticion.config.tz)
    return _listar(peticion, session, desde, hasta, f"Agenda de ayer, {fecha_en_palabras(dia)}", False)


_PROXIMA = ("proxima", "la proxima", "siguiente", "la siguiente", "que viene", "entrante")
_PROXIMA_SEMANA = {f"{p} semana" for p in ("proxima", "la proxima", "siguiente", "la siguiente")}


@enrutador.sub("semana")
def semana(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """``semana``: hoy y los 6 días siguientes; ``semana próxima`` / ``semana pasada``: de lunes a
    domingo de la que viene o de la anterior; ``semana <fecha>``: 7 días desde esa fecha."""
    hoy = peticion.ahora.astimezone(peticion.config.tz).date()
    pedido = normalizar(resto)
    if not pedido:
        dia, titulo = hoy, "Agenda de los próximos 7 días"
    elif pedido in _PROXIMA:
        dia, titulo = hoy + timedelta(days=7 - hoy.weekday()), "Agenda de la semana próxima"
    elif pedido in ("pasada", "anterior"):
        dia, titulo = hoy - timedelta(days=hoy.weekday() + 7), "Agenda de la semana pasada"
    else:
        dia, titulo = _dia_a_listar(resto, peticion), "Agenda de la semana"
    desde, hasta = rango_del_dia(dia, peticion.config.tz, dias=7)
    fin = dia + timedelta(days=6)
    return _listar(peticion, session, desde, hasta,
                   f"{titulo} ({fecha_en_palabras(dia)} al {fecha_en_palabras(fin, con_anio=fin.year != hoy.year)})", True)


def _dia_a_listar(texto: str, peticion: Peticion) -> date:
    """El día de un listado. Aquí un número suelto es el día del mes (``/agenda 15``), no las 15:00."""
    suelto = re.fullmatch(r"(?:el\s+)?(\d{1,2})", normalizar(texto))
    if suelto is None:
        return momento_de(texto, peticion).inicio.date()
    if not 1 <= int(suelto.group(1)) <= 31:
        raise FechaNoEntendida(f"No entendí la fecha «{texto.strip()}»: no hay día {suelto.group(1)} en ningún mes.")
    return momento_de(f"el día {suelto.group(1)}", peticion).inicio.date()


def fecha(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    if normalizar(texto) in _PROXIMA_SEMANA:  # «/agenda próxima semana»
        return semana(peticion, session, "próxima")
    if normalizar(texto) in ("la semana pasada", "semana anterior", "la semana anterior"):
        return semana(peticion, session, "pasada")
    dia = _dia_a_listar(texto, peticion)
    desde, hasta = rango_del_dia(dia, peticion.config.tz)
    return _listar(peticion, session, desde, hasta, f"Agenda del {fecha_en_palabras(dia, con_anio=True)}", False)


enrutador.vacio = hoy
enrutador.otro = fecha

USO_MES = "/agenda mes [mes] (mes abril · mes abril 2027 · mes próximo · mes pasado)"


def leer_mes(texto: str, hoy: date) -> tuple[int, int]:
    """(año, mes) de ``mes [mes]``: nada es este mes; un mes sin año es el próximo que sea este o después."""
    pedido = normalizar(texto).replace(" de ", " ").replace(" del ", " ")
    if not pedido or pedido in ("este", "actual", "este mes"):
        return hoy.year, hoy.month
    if pedido in ("proximo", "siguiente", "que viene", "entrante"):
        return (hoy.year + 1, 1) if hoy.month == 12 else (hoy.year, hoy.month + 1)
    if pedido in ("pasado", "anterior"):
        return (hoy.year - 1, 12) if hoy.month == 1 else (hoy.year, hoy.month - 1)
    m = re.fullmatch(r"([a-z]+)(?:\s+(\d{4}))?", pedido)
    if m is None or m.group(1) not in MESES_LEIDOS:
        raise ErrorDeUsuario(f"No entendí el mes «{texto.strip()}».", uso=USO_MES)
    mes = MESES_LEIDOS[m.group(1)]
    if m.group(2):
        anio = int(m.group(2))
        if not 2000 <= anio <= 2100:
            raise ErrorDeUsuario(f"El año {anio} está fuera de la agenda (2000 a 2100).", uso=USO_MES)
        return anio, mes
    return (hoy.year, mes) if mes >= hoy.month else (hoy.year + 1, mes)


@enrutador.sub("mes", uso=USO_MES)
def mes(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """El mes como calendario (una imagen PNG que se sube a la conversación) y, en el mensaje, la lista."""
    tz = peticion.config.tz
    hoy = peticion.ahora.astimezone(tz).date()
    anio, numero = leer_mes(resto, hoy)
    desde, hasta = rango_del_mes(anio, numero, tz)
    titulo = titulo_del_mes(anio, numero)
    eventos = eventos_entre(session, peticion.espacio_id, desde, hasta)
    dias = dias_del_mes(eventos, anio, numero, tz)
    imagen = guardar_documento(peticion.config, f"agenda/{peticion.espacio_id}/{anio}-{numero:02d}.png",
                               lambda ruta: dibujar_mes(dias, anio, numero, hoy, ruta, titulo))
    respuesta = _listar(peticion, session, desde, hasta, titulo, True)
    respuesta.adjunto = Adjunto(imagen, titulo, "image/png")
    respuesta.publica = True
    return respuesta


@enrutador.sub("manana")
def manana(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return fecha(peticion, session, f"mañana {resto}".strip())


# --- alta -------------------------------------------------------------------------------------
def _registrado(evento: Evento, peticion: Peticion, session: Session) -> Respuesta:
    partes = [f"Evento #{evento.numero} registrado: {evento.titulo} — {cuando_del_evento(evento, peticion)}"]
    if evento.lugar:
        partes.append(f"en {evento.lugar}")
    texto = ", ".join(partes) + f". Prioridad {evento.prioridad}."
    gemelo = mismo_evento(session, evento, peticion.config.tz)
    if gemelo is not None:
        texto += (f"\n⚠️ Ese día ya está el evento #{gemelo.numero} «{gemelo.titulo}». Si es el mismo, cancela "
                  f"este con /agenda cancelar {evento.numero}.")
    if evento.fin <= peticion.ahora:
        texto += (f"\n⚠️ Esa fecha ya pasó. Si no era así, corrígela con /agenda mover {evento.numero} <cuándo>.")
    return Respuesta.texto(texto, publica=True).anclada_a(evento.id)


@enrutador.sub("nueva", "nuevo", uso=USO_NUEVA)
def nueva(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if not resto:
        return Respuesta.formulario(formulario_nuevo())
    if parece_oficio(resto):
        return _oficio(peticion, menciones_legibles(resto))
    partes = [p.strip() for p in menciones_legibles(resto).split("|")]
    if len(partes) > 5:
        raise ErrorDeUsuario("Sobran partes: son a lo más 5 separadas por «|».", uso=USO_NUEVA)
    if len(partes) == 1:
        partes = list(_partir_sin_barras(partes[0], peticion))
    partes += [""] * (5 - len(partes))
    titulo, cuando, lugar, dependencia, prioridad = partes
    if not titulo:
        raise ErrorDeUsuario("Falta el título del evento.", uso=USO_NUEVA)
    if not cuando:
        raise ErrorDeUsuario("Falta cuándo es el evento: escríbelo después del título («Rueda de prensa mañana a "
                             "las 10») o sepáralo con «|».", uso=USO_NUEVA)
    titulo = exigir_titulo(titulo)
    prioridad = leer_prioridad(prioridad) if prioridad else "media"
    if es_repeticion(cuando):
        repeticion = repeticion_de(cuando, peticion)
        serie = proponer_serie(session, peticion, repeticion, titulo=titulo, lugar=lugar,
                               dependencia=dependencia, prioridad=prioridad)
        return _propuesta(serie.id, titulo, repeticion)
    evento = registrar_evento(
        session, peticion,
        titulo=titulo, momento=momento_de(cuando, peticion), lugar=lugar, dependencia=dependencia,
        prioridad=prioridad,
    )
    return _registrado(evento, peticion, session)


def repeticion_de(texto: str, peticion: Peticion) -> Repeticion:
    """La repetición que escribió la persona, leída en la zona de la oficina."""
    return interpretar_repeticion(texto, peticion.ahora.astimezone(peticion.config.tz))


def _propuesta(serie_id: int, titulo: str, repeticion: Repeticion) -> Respuesta:
    """La serie leída de vuelta, con las primeras fechas y los botones para registrarla o no."""
    fechas = [momento_en_palabras(f, None, repeticion.con_hora) for f in repeticion.fechas[:3]]
    texto = (f"«{titulo}» se repite {repeticion.en_palabras()}.\nPrimeras fechas: " + "; ".join(fechas)
             + ("…" if len(repeticion.fechas) > 3 else "") + ".\nNo está registrada todavía: ¿la registro?")
    return Respuesta.texto(texto).con_botones(
        Boton(f"Registrar {cuantos(len(repeticion.fechas), 'fecha')}", "agenda.serie_registrar", str(serie_id), "primario"),
        Boton("Descartar", "agenda.serie_descartar", str(serie_id)),
    )


def _id_de_serie(valor: str) -> int:
    if not valor.isdecimal():
        raise ErrorDeUsuario("Ese botón no es de una serie de la agenda.")
    return int(valor)


def al_registrar_serie(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    serie, eventos = confirmar_serie(session, peticion, _id_de_serie(valor))
    primero, ultimo = eventos[0], eventos[-1]
    texto = (f"Serie registrada: {primero.titulo}, {cuantos(len(eventos), 'fecha')}, eventos #{primero.numero} a "
             f"#{ultimo.numero} ({serie.descripcion}). Primera: {cuando_del_evento(primero, peticion)}.")
    # La propuesta (efímera, con sus botones) se reemplaza por la confirmación; el canal se entera aparte.
    respuesta = Respuesta.texto(texto)
    respuesta.reemplaza_original = True
    if peticion.canal:
        respuesta.avisar_en(peticion.canal, Respuesta.texto(texto))
    return respuesta


def al_descartar_serie(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    descartar_serie(session, peticion, _id_de_serie(valor))
    respuesta = Respuesta.texto("Listo: no registré esa serie.")
    respuesta.reemplaza_original = True
    return respuesta


def _partir_sin_barras(texto: str, peticion: Peticion) -> tuple[str, ...]:
    """``Rueda de prensa mañana a las 10`` (sin «|»): el final más largo que es una fecha con día es el
    cuándo y lo anterior el título. Sin un día escrito no se adivina («Informe 10» no es a las 10).
    ``Gabinete cada lunes a las 10``: el final más largo que es una repetición."""
    palabras = texto.split()
    if es_repeticion(texto):
        for corte in range(1, len(palabras)):
            try:
                repeticion_de(" ".join(palabras[corte:]), peticion)
            except ErrorDeUsuario:
                continue
            return " ".join(palabras[:corte]), " ".join(palabras[corte:])
    for corte in range(1, len(palabras)):
        try:
            momento = momento_de(" ".join(palabras[corte:]), peticion)
        except ErrorDeUsuario:
            continue
        if momento.con_dia:
            return " ".join(palabras[:corte]), " ".join(palabras[corte:])
    return (texto,)


MAX_NOTAS = 3000
_MAX_VALOR_BOTON = 1900  # Slack acepta hasta 2000 caracteres en el valor de un botón


def _cuando_escrito(momento: Momento, tz: Any) -> str:
    """Una fecha encontrada, escrita como la lee nuestro intérprete: «12/03/2026 10:00»."""
    local = momento.inicio.astimezone(tz)
    return f"{local:%d/%m/%Y %H:%M}" if momento.con_hora else f"{local:%d/%m/%Y}"


def _notas_del_oficio(texto: str) -> str:
    """La carta completa va a las notas, hasta el límite del campo (en caracteres y en bytes)."""
    return texto.strip()[:MAX_NOTAS].encode()[:MAX_NOTAS].decode(errors="ignore")


def _oficio(peticion: Peticion, texto: str) -> Respuesta:
    """Un oficio pegado: con una fecha, el formulario lleno para confirmar; con varias, botones para
    elegir cuál; sin fecha, lo dice. Nada se guarda hasta que la persona envía el formulario."""
    tz = peticion.config.tz
    oficio = leer_oficio(texto, peticion.ahora.astimezone(tz))
    if not oficio.fechas:
        raise ErrorDeUsuario("No encontré en el oficio la fecha del evento (una que no haya pasado, como «12 de marzo "
                             "a las 10:00»). Escríbela tú: /agenda nueva título | cuándo | lugar.", uso=USO_NUEVA)
    iniciales = {"titulo": oficio.titulo, "lugar": oficio.lugar, "notas": _notas_del_oficio(texto)}
    if len(oficio.fechas) == 1:
        return Respuesta.formulario(formulario_nuevo({**iniciales, "cuando": _cuando_escrito(oficio.fechas[0].momento, tz)}))
    respuesta = Respuesta.texto(
        f"El oficio trae {len(oficio.fechas)} fechas: "
        + "; ".join(f"«{f.trozo}» ({momento_en_palabras(f.momento.inicio, None, f.momento.con_hora)})" for f in oficio.fechas)
        + ". ¿Cuál es la del evento? Elige una y revisa el formulario antes de registrarlo.")
    for fecha in oficio.fechas[:5]:
        valor = {**iniciales, "cuando": _cuando_escrito(fecha.momento, tz)}
        sobra = len(json.dumps(valor, ensure_ascii=False)) - _MAX_VALOR_BOTON
        if sobra > 0:
            valor["notas"] = valor["notas"][:max(0, len(valor["notas"]) - sobra - 20)]
        respuesta.con_botones(Boton(momento_en_palabras(fecha.momento.inicio, None, fecha.momento.con_hora)[:70],
                                    "agenda.oficio_fecha", json.dumps(valor, ensure_ascii=False)))
    return respuesta


def al_elegir_fecha_del_oficio(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    try:
        datos = json.loads(valor)
    except ValueError:
        raise ErrorDeUsuario("Ese botón no es de un oficio.") from None
    if not isinstance(datos, dict) or not all(isinstance(datos.get(k, ""), str) for k in ("titulo", "cuando", "lugar", "notas")):
        raise ErrorDeUsuario("Ese botón no es de un oficio.")
    return Respuesta.formulario(formulario_nuevo({k: datos.get(k, "") for k in ("titulo", "cuando", "lugar", "notas")}))


def formulario_nuevo(iniciales: dict[str, str] | None = None) -> Formulario:
    """El formulario de evento nuevo; ``iniciales`` lo llena (lo que se leyó de un oficio)."""
    formulario = _formulario_nuevo()
    if not iniciales:
        return formulario
    return dataclasses.replace(formulario, campos=tuple(
        dataclasses.replace(c, inicial=iniciales[c.nombre]) if iniciales.get(c.nombre) else c for c in formulario.campos))


def _formulario_nuevo() -> Formulario:
    roles = tuple(Opcion(r, r.capitalize()) for r in ROLES)
    return Formulario(
        id="agenda.nueva",
        titulo="Nuevo evento",
        boton="Registrar",
        campos=(
            Campo("titulo", "Título", requerido=True, max_largo=MAX_TITULO, ayuda="Inauguración de la cancha de usos múltiples"),
            Campo("cuando", "Cuándo", requerido=True, max_largo=100, ayuda="mañana a las 10, lunes 3 de febrero 17:00, 15/03"),
            Campo("hasta", "Hasta", max_largo=100, ayuda="12:00; si no, dura una hora"),
            Campo("lugar", "Lugar"),
            Campo("dependencia", "Dependencia"),
            Campo("preside", "Quién preside"),
            Campo("prioridad", "Prioridad", tipo="opcion", inicial="media",
                  opciones=(Opcion("alta", "Alta"), Opcion("media", "Media"), Opcion("baja", "Baja"))),
            Campo("roles", "Roles necesarios", tipo="multiple", opciones=roles,
                  ayuda="si no eliges, según la prioridad"),
            Campo("medios", "¿Invitar a medios?", tipo="si_no", inicial="no"),
            Campo("notas", "Notas", tipo="parrafo", max_largo=3000),
        ),
    )


def al_enviar_nuevo(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    errores: dict[str, str] = {}
    momento = fin = None
    repeticion: Repeticion | None = None
    try:
        if es_repeticion(valores["cuando"]):
            repeticion = repeticion_de(valores["cuando"], peticion)
            momento = Momento(inicio=repeticion.fechas[0], fin=None, con_hora=repeticion.con_hora)
        else:
            momento = momento_de(valores["cuando"], peticion)
    except ErrorDeUsuario as error:
        errores["cuando"] = error.mensaje
    if momento is not None and valores.get("hasta"):
        try:
            # Una hora sola se lee en el día del inicio (no «mañana» si ya pasó esa hora).
            fin = el_mismo_dia(momento_de(valores["hasta"], peticion), momento.inicio, peticion.config.tz).inicio
            if fin <= momento.inicio:
                errores["hasta"] = "Debe ser después del inicio."
        except ErrorDeUsuario as error:
            errores["hasta"] = error.mensaje
    if errores:
        raise ErroresDeFormulario(errores)
    assert momento is not None
    prioridad = valores.get("prioridad") or "media"
    if repeticion is not None:
        serie = proponer_serie(
            session, peticion, repeticion, titulo=valores["titulo"], fin=fin, lugar=valores.get("lugar", ""),
            dependencia=valores.get("dependencia", ""), preside=valores.get("preside", ""), prioridad=prioridad,
            roles=list(valores.get("roles") or []) or None, invitar_medios=valores.get("medios") == "si",
            notas=valores.get("notas", ""),
        )
        return _propuesta(serie.id, valores["titulo"], repeticion)
    evento = registrar_evento(
        session, peticion,
        titulo=valores["titulo"], momento=momento, fin=fin, lugar=valores.get("lugar", ""),
        dependencia=valores.get("dependencia", ""), preside=valores.get("preside", ""), prioridad=prioridad,
        roles=list(valores.get("roles") or []) or None, invitar_medios=valores.get("medios") == "si",
        notas=valores.get("notas", ""),
    )
    return _registrado(evento, peticion, session)


# --- un evento ----------------------------------------------------------------------------------
@enrutador.sub("ver", uso="/agenda ver N")
def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    evento = buscar_evento(session, peticion, numero_de_evento(resto, "/agenda ver N"))
    boletines = session.scalars(
        select(Boletin).where(Boletin.evento_id == evento.id, Boletin.estado != EstadoBoletin.CANCELADO)
        .order_by(Boletin.anio, Boletin.numero)
    ).all()
    tipos = tipos_de_evento(session, evento.id)
    emitido = any(b.estado in (EstadoBoletin.APROBADO, EstadoBoletin.PUBLICADO) for b in boletines)
    # Un evento que ya pasó con archivos o boletín se realizó, aunque nadie lo haya marcado; y un rol
    # con archivos (o la redacción con boletín) no se lee como «falta».
    evidencia: dict[str, str] = {}
    estado = str(evento.estado)
    if evento.estado == EstadoEvento.PROGRAMADO and evento.fin <= peticion.ahora and (tipos or emitido):
        estado = f"realizado, según su archivo y sus boletines (márcalo con /agenda realizado {evento.numero})"
    if evento.estado != EstadoEvento.CANCELADO:
        for tipo in ("foto", "video", "audio"):
            if tipos.get(tipo):
                evidencia[tipo] = f"sin nadie registrado, pero hay {describir_tipos({tipo: tipos[tipo]})} en el archivo"
        if emitido:
            evidencia["redacción"] = "sin nadie registrado, pero su boletín ya salió"
    return Respuesta.plantilla(
        "evento.j2", e=vista(session, evento, peticion.config.tz), estado=estado, evidencia=evidencia,
        preside=estilo.quien_preside(evento.preside, peticion.config),
        archivo=describir_tipos(tipos), boletines=[(folio(b.numero, b.anio), b.estado) for b in boletines],
        serie=serie.descripcion if (serie := serie_de(session, evento)) is not None else "",
    )


def _avisar_asignados(usuarios: list[str], respuesta: Respuesta, texto: str) -> int:
    for usuario in usuarios:
        respuesta.avisar_a(usuario, Respuesta.texto(texto))
    return len(usuarios)


@enrutador.sub("mover", "reprogramar", uso="/agenda mover N <cuándo>")
def mover(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    uso = "/agenda mover N <cuándo> · /agenda mover N serie <cuándo>"
    numero_texto, cuando = separar(resto)
    evento = buscar_evento(session, peticion, numero_de_evento(numero_texto, uso))
    exigir_que_pueda_editar(session, peticion, evento, "moverlo")
    exigir_vigente(evento, "mover")
    palabra, despues = separar(cuando)
    if palabra == "serie":
        return _mover_serie(peticion, session, evento, despues, uso)
    if not cuando:
        raise ErrorDeUsuario("Falta la nueva fecha u hora.", uso=uso)
    mover_evento(evento, momento_de(cuando, peticion), peticion)
    cuando_texto = cuando_del_evento(evento, peticion)
    respuesta = Respuesta.texto(f"Evento #{evento.numero} ({evento.titulo}) movido a {cuando_texto}.", publica=True)
    avisados = _avisar_asignados(
        asignados(session, evento), respuesta,
        f"Cambio de horario: el evento #{evento.numero} «{evento.titulo}» ahora es el {cuando_texto}"
        + (f" en {evento.lugar}" if evento.lugar else "") + ".",
    )
    if avisados:
        respuesta.cuerpo += f" Avisé a {cuantos(avisados, 'persona asignada')}."
    return respuesta


def _mover_serie(peticion: Peticion, session: Session, evento: Evento, cuando: str, uso: str) -> Respuesta:
    if not cuando:
        raise ErrorDeUsuario("Falta la nueva fecha u hora de la serie.", uso=uso)
    fechas = mover_serie(session, evento, momento_de(cuando, peticion), peticion)
    respuesta = Respuesta.texto(
        f"Serie de «{evento.titulo}»: {cuantos(len(fechas), 'fecha movida')}; la siguiente es el "
        f"{cuando_del_evento(fechas[0], peticion)} (#{fechas[0].numero}).", publica=True)
    return _avisar_serie(session, respuesta, fechas, f"Cambio de horario en la serie «{evento.titulo}»", peticion)


def _avisar_serie(session: Session, respuesta: Respuesta, fechas: Any, encabezado: str, peticion: Peticion) -> Respuesta:
    """Un solo mensaje a cada persona asignada, con las fechas de la serie que le tocan."""
    por_persona: dict[str, list[str]] = {}
    for fecha in fechas:
        for usuario in asignados(session, fecha):
            por_persona.setdefault(usuario, []).append(f"#{fecha.numero} {cuando_del_evento(fecha, peticion)}")
    for usuario, lineas in por_persona.items():
        respuesta.avisar_a(usuario, Respuesta.texto(encabezado + ":\n" + "\n".join(f"• {l}" for l in lineas)))
    if por_persona:
        respuesta.cuerpo += f" Avisé a {cuantos(len(por_persona), 'persona asignada')}."
    return respuesta


@enrutador.sub("cancelar", uso="/agenda cancelar N [motivo] · /agenda cancelar N serie [motivo]")
def cancelar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero_texto, motivo = separar(resto)
    evento = buscar_evento(session, peticion, numero_de_evento(numero_texto, "/agenda cancelar N [motivo]"))
    exigir_que_pueda_editar(session, peticion, evento, "cancelarlo")
    palabra, despues = separar(motivo)
    if palabra == "serie":
        fechas = cancelar_serie(session, evento, despues, peticion.ahora)
        respuesta = Respuesta.texto(f"Serie de «{evento.titulo}»: {cuantos(len(fechas), 'fecha cancelada')}"
                                    + (f": {despues}" if despues else "") + ".", publica=True)
        return _avisar_serie(session, respuesta, fechas, f"Se canceló la serie «{evento.titulo}»"
                             + (f" ({despues})" if despues else "") + "; ya no tienes que cubrir", peticion)
    cancelar_evento(evento, motivo, peticion.ahora)
    texto = f"Evento #{evento.numero} ({evento.titulo}) cancelado" + (f": {motivo}" if motivo else "") + "."
    respuesta = Respuesta.texto(texto, publica=True)
    avisados = _avisar_asignados(
        asignados(session, evento), respuesta,
        f"Se canceló el evento #{evento.numero} «{evento.titulo}»" + (f". Motivo: {motivo}" if motivo else "")
        + ". Ya no tienes que cubrirlo.",
    )
    if avisados:
        respuesta.cuerpo += f" Avisé a {cuantos(avisados, 'persona asignada')}."
    return respuesta


@enrutador.sub("prioridad", uso="/agenda prioridad N alta|media|baja")
def prioridad(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    uso = "/agenda prioridad N alta|media|baja"
    numero_texto, valor = separar(resto)
    evento = buscar_evento(session, peticion, numero_de_evento(numero_texto, uso))
    exigir_que_pueda_editar(session, peticion, evento, "cambiar su prioridad")
    if not valor:
        raise ErrorDeUsuario("Falta la prioridad: alta, media o baja.", uso=uso)
    agregados = cambiar_prioridad(evento, leer_prioridad(valor), peticion.ahora)
    texto = f"Evento #{evento.numero} ({evento.titulo}): prioridad {evento.prioridad}."
    if agregados:
        texto += (f" Agregué {'el rol' if len(agregados) == 1 else 'los roles'} que pide: {', '.join(agregados)} "
                  f"(ahora necesita {', '.join(evento.lista_roles)}; asígnalos con /cobertura asignar {evento.numero}).")
    return Respuesta.texto(texto, publica=True)


@enrutador.sub("roles", "rol", uso="/agenda roles N foto,video")
def roles(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    uso = "/agenda roles N foto,video"
    numero_texto, texto = separar(resto)
    evento = buscar_evento(session, peticion, numero_de_evento(numero_texto, uso))
    exigir_que_pueda_editar(session, peticion, evento, "cambiar sus roles")
    exigir_vigente(evento, "cambiar sus roles")
    if not texto:
        raise ErrorDeUsuario(f"Faltan los roles. Los roles son: {', '.join(ROLES)} (o «ninguno»).", uso=uso)
    lista = [] if normalizar(texto) in ("ninguno", "ninguna", "nada") else leer_roles(texto)
    evento.roles_necesarios = ",".join(lista)
    evento.actualizado = peticion.ahora
    return Respuesta.texto(
        f"Evento #{evento.numero} ({evento.titulo}): roles necesarios " + (", ".join(lista) or "ninguno") + ".", publica=True
    )


@enrutador.sub("realizado", "realizada", "hecho", uso="/agenda realizado N")
def realizado(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    evento = buscar_evento(session, peticion, numero_de_evento(resto, "/agenda realizado N"))
    marcar_realizado(evento, peticion)
    return Respuesta.texto(f"Evento #{evento.numero} ({evento.titulo}) marcado como realizado.", publica=True)


USO_CALENDARIO = "/agenda calendario [mío] · /agenda calendario revocar ENLACE"
VIGENCIA_CALENDARIO = 366  # un calendario de suscripción vale un año; se revoca cuando se quiera


@enrutador.sub("calendario", "ical", uso=USO_CALENDARIO)
def calendario(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """Un enlace personal para suscribir el teléfono a la agenda de la oficina o (``mío``) solo a los
    eventos que cubre quien lo pide; firmado, vale un año y se revoca con ``revocar``."""
    palabra, numero = separar(resto)
    if palabra == "revocar":
        enlace = revocar_enlace(session, peticion.espacio_id, numero, peticion.ahora)
        if not enlace.tipo.startswith("calendario") or enlace.creado_por_id != peticion.persona_id:
            exigir_director(session, peticion, "revocar el calendario de otra persona")
        return Respuesta.texto(f"Enlace {enlace.id} revocado: el calendario ya no se actualiza en ese teléfono.")
    if palabra not in ("", "mio", "mia", "mis", "personal"):
        raise ErrorDeUsuario(f"No entiendo «{resto.strip()}»: usa /agenda calendario o /agenda calendario mío.",
                             uso=USO_CALENDARIO)
    personal = bool(palabra)
    enlace = crear_enlace(session, espacio_id=peticion.espacio_id,
                          tipo="calendario_persona" if personal else "calendario_oficina",
                          objeto_id=peticion.persona_id if personal else peticion.espacio_id,
                          ahora=peticion.ahora, dias=VIGENCIA_CALENDARIO, destinatario=peticion.usuario[:60],
                          creado_por_id=peticion.persona_id)
    url = url_de(peticion.config, enlace) + ".ics"
    que = "los eventos que cubres" if personal else "la agenda de la oficina"
    vence = fecha_en_palabras(enlace.vence.astimezone(peticion.config.tz).date(), con_anio=True)
    return Respuesta.texto(
        f"📅 Tu calendario con {que} (enlace {enlace.id}, personal: no lo compartas):\n{url}\n"
        "En el iPhone: Ajustes → Calendario → Cuentas → Añadir cuenta → Otra → Añadir calendario suscrito. "
        "En Google Calendar (desde la computadora): Otros calendarios → + → Desde URL. "
        f"Se actualiza solo; vale hasta el {vence}. Para cortarlo: /agenda calendario revocar {enlace.id}"
    )


manejar = enrutador
FORMULARIOS = {"agenda.nueva": al_enviar_nuevo}
ACCIONES = {"agenda.serie_registrar": al_registrar_serie, "agenda.serie_descartar": al_descartar_serie,
            "agenda.oficio_fecha": al_elegir_fecha_del_oficio}
DEFINICIONES = {"agenda.nueva": lambda _p, _s, _c: formulario_nuevo()}
