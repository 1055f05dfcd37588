"""Los ajustes del equipo para las publicaciones programadas (solo directores pueden cambiarlos).

• `/asistente config` — muestra el canal del equipo, la hora de la agenda del día, el día y la hora del resumen semanal, los minutos del recordatorio y del traslado
• `/asistente config canal #prensa` — el canal donde se publican la agenda y el resumen (`canal aquí`: este canal)
• `/asistente config hora-agenda 07:30` — la hora de la agenda del día
• `/asistente config resumen lunes 08:00` — el día y la hora del resumen semanal
• `/asistente config recordatorio 45` — minutos antes de cada evento para recordar a quien lo cubre (0: sin recordatorios)
• `/asistente config traslado 30` — minutos de traslado entre eventos al revisar empalmes de cobertura
• `/asistente config municipio Tlalchapa` — el municipio del membrete y la fecha de los boletines
• `/asistente config estado Gro.` — la abreviatura del estado para la fecha de los boletines
• `/asistente config formulario` — todo lo anterior en un formulario
• `/asistente config <ajuste> predeterminado` — vuelve al valor del entorno

También sin «config»: `/asistente canal #prensa`, `/asistente recordatorio 30`.

Los canales de difusión de este espacio (solo directores; mandan sobre las variables del entorno, así un
despliegue publica en la página y el sitio de cada municipio):
• `/asistente difusion` — cada canal y de dónde viene su configuración (sin mostrar secretos)
• `/asistente difusion facebook PAGINA TOKEN` — la página de Facebook (su id numérico) y su token de acceso
• `/asistente difusion web https://sitio.gob.mx USUARIO CLAVE` — el sitio WordPress, su usuario y su contraseña de aplicación
• `/asistente difusion hashtags #Tlalchapa #GobiernoDeTlalchapa` — los hashtags al pie de Facebook
• `/asistente difusion quitar facebook|web|hashtags` — vuelve a lo del entorno

La veda electoral y el Informe de Gobierno (solo directores los cambian):
• `/asistente veda del <fecha> al <fecha> [motivo]` — durante la veda no se aprueba, publica ni programa
  nada salvo los temas salud, educación y protección civil (`/boletin tema NUM salud`)
• `/asistente veda` — las vedas registradas · `/asistente veda quitar ID` — quita una
• `/asistente informe <fecha>` — el día del Informe de Gobierno: los documentos con tema «informe» se
  difunden solo de 7 días antes a 5 días después · `/asistente informe` — el día registrado
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente import veda
from asistente.difusion import ajustes as ajustes_de_difusion
from asistente.equipo.ajustes import Ajustes, efectivos
from asistente.equipo.personas import persona_por_mencion
from asistente.monitoreo import ajustes as ajustes_de_monitoreo
from asistente.fechas import interpretar
from asistente.fechas.palabras import DIAS, fecha_en_palabras
from asistente.nucleo.ajustes import leer_dia, leer_hora, leer_resumen
from asistente.nucleo.comando import Enrutador, separar
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario, Opcion
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import normalizar
from modelos import Espacio, Persona

NOMBRE = "asistente"
USO = ("/asistente config · /asistente config canal #prensa | hora-agenda 07:30 | resumen lunes 08:00 | "
       "recordatorio 45 | traslado 30 | municipio Tlalchapa | estado Gro. · /asistente config formulario · /asistente difusion [facebook|web|hashtags|quitar …] · /asistente veda [del <fecha> al <fecha> [motivo] | "
       "quitar ID] · /asistente informe [<fecha>] · /asistente monitoreo [#canal] · /asistente palabras … · "
       "/asistente sintesis @persona…")
USO_DIFUSION = ("/asistente difusion · /asistente difusion facebook PAGINA TOKEN · /asistente difusion web URL USUARIO CLAVE · "
                "/asistente difusion hashtags #uno #dos · /asistente difusion quitar facebook|web|hashtags")
USO_VEDA = "/asistente veda del <fecha> al <fecha> [motivo] · /asistente veda · /asistente veda quitar ID"
USO_INFORME = "/asistente informe <fecha>"
USO_MONITOREO = "/asistente monitoreo [#canal|quitar]"
USO_PALABRAS = "/asistente palabras palabra, otra palabra, … · /asistente palabras quitar"
USO_SINTESIS = "/asistente sintesis @persona [@persona…] · /asistente sintesis nadie · /asistente sintesis hora 08:00"
RESUMEN = "los ajustes del equipo: canal, horas de la agenda, resumen y recordatorios, municipio; la veda y el Informe"
USO_CONFIG = ("/asistente config [canal #prensa | hora-agenda 07:30 | resumen lunes 08:00 | recordatorio 45 | traslado 30 | "
              "municipio Tlalchapa | estado Gro. | formulario]")
MAX_MUNICIPIO = 120
MAX_ESTADO = 40
MAX_RECORDATORIO = 24 * 60
MAX_TRASLADO = 240
PREDETERMINADO = ("predeterminado", "predeterminada", "defecto", "omision", "entorno")
_CANAL_SLACK = re.compile(r"^<#([A-Z0-9]+)(?:\|[^>]*)?>$")

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def _espacio(session: Session, peticion: Peticion) -> Espacio:
    espacio = session.get(Espacio, peticion.espacio_id)
    assert espacio is not None, "el despacho registra el espacio antes de llamar al comando"
    return espacio


def _lugar(espacio: Espacio, peticion: Peticion, campo: str, propio_al_empezar: bool) -> str | None:
    """El municipio (o el estado) que vale: el del espacio, o el del entorno. ``peticion.config`` ya trae
    el del espacio tal como estaba al empezar la petición; si era propio y se acaba de quitar, el del
    entorno no se sabe aquí (``None``)."""
    if getattr(espacio, campo):
        return str(getattr(espacio, campo))
    return None if propio_al_empezar else str(getattr(peticion.config, campo))


def _mostrar(espacio: Espacio, peticion: Peticion, cambio: str = "",
             propios_al_empezar: tuple[bool, bool] | None = None) -> Respuesta:
    ajustes: Ajustes = efectivos(espacio, peticion.config)
    antes = propios_al_empezar or (bool(espacio.municipio), bool(espacio.estado))
    propios = {
        "canal": bool(espacio.canal), "hora_agenda": bool(espacio.hora_agenda), "resumen": bool(espacio.resumen),
        "recordatorio": espacio.recordatorio_min is not None, "traslado": espacio.margen_traslado is not None,
        "municipio": bool(espacio.municipio), "estado": bool(espacio.estado),
    }
    municipio = _lugar(espacio, peticion, "municipio", antes[0])
    estado = _lugar(espacio, peticion, "estado", antes[1])
    falta = " y ".join(n for n, v in (("el municipio", municipio), ("el estado", estado)) if v == "")
    lugar = ", ".join(v for v in (municipio, estado) if v)
    return Respuesta.plantilla(
        "asistente_config.j2", a=ajustes, dia=DIAS[ajustes.dia_resumen], propios=propios, cambio=cambio,
        municipio=municipio, estado=estado, publica=bool(cambio), falta=falta,
        membrete=f"H. Ayuntamiento de {municipio}" if municipio else "H. Ayuntamiento",
        fecha=f"{lugar}, a 12 de marzo…" if lugar else "A 12 de marzo…",
    )


def leer_lugar(texto: str, que: str, maximo: int) -> str:
    """Un municipio o un estado como se escribe en el membrete (``Tlalchapa``, ``Gro.``)."""
    limpio = " ".join(texto.split())
    if len(limpio) > maximo or any(c in limpio for c in "<>@#*_`|"):
        raise ErrorDeUsuario(f"«{texto.strip()}» no parece {que}: escríbelo como va en el membrete "
                             f"(hasta {maximo} letras, sin @, #, < ni >).")
    return limpio


def leer_canal(texto: str) -> str:
    """``<#C123|prensa>`` (Slack) → ``C123``; ``#prensa`` o ``~prensa`` (Mattermost) → ``prensa``."""
    texto = texto.strip()
    m = _CANAL_SLACK.match(texto)
    if m:
        return m.group(1)
    canal = texto.lstrip("#~").strip()
    if not canal or len(canal) > 120 or any(c.isspace() for c in canal) or "<" in canal or ">" in canal:
        raise ErrorDeUsuario(f"«{texto}» no es un canal: escribe su nombre, por ejemplo #prensa.")
    return canal


def canal_pedido(peticion: Peticion, texto: str, ejemplo: str) -> str:
    """El canal que se escribió, o el de la conversación si dice «aquí» o «este»."""
    if normalizar(texto) in ("aqui", "este"):
        if not peticion.canal:
            raise ErrorDeUsuario(f"No sé en qué canal estás; escribe su nombre, por ejemplo {ejemplo}.")
        return peticion.canal
    return leer_canal(texto)


def leer_minutos(texto: str, que: str, maximo: int) -> int:
    t = normalizar(texto).removesuffix("minutos").removesuffix("min").strip()
    if not t.isdecimal() or int(t) > maximo:
        raise ErrorDeUsuario(f"Los minutos de {que} deben ser un número entero de 0 a {maximo}, no «{texto}».")
    return int(t)


def _aplicar(espacio: Espacio, peticion: Peticion, ajuste: str, valor: str) -> str:
    """Valida y guarda un ajuste; devuelve qué cambió, con su artículo («la hora de la agenda del día»)."""
    if not valor:
        raise ErrorDeUsuario(f"Falta el valor de «{ajuste}».", uso=USO_CONFIG)
    volver = normalizar(valor) in PREDETERMINADO
    if ajuste == "canal":
        espacio.canal = "" if volver else canal_pedido(peticion, valor, "#prensa")
        return "el canal del equipo"
    if ajuste in ("hora-agenda", "horaagenda", "agenda", "hora"):
        espacio.hora_agenda = "" if volver else f"{leer_hora(valor):%H:%M}"
        return "la hora de la agenda del día"
    if ajuste == "resumen":
        if volver:
            espacio.resumen = ""
        else:
            dia, hora = leer_resumen(valor)
            espacio.resumen = f"{normalizar(DIAS[dia])} {hora:%H:%M}"
        return "el resumen semanal"
    if ajuste in ("recordatorio", "recordatorios"):
        espacio.recordatorio_min = None if volver else leer_minutos(valor, "recordatorio", MAX_RECORDATORIO)
        return "el recordatorio"
    if ajuste in ("traslado", "margen"):
        espacio.margen_traslado = None if volver else leer_minutos(valor, "traslado", MAX_TRASLADO)
        return "el margen de traslado"
    if ajuste == "municipio":
        espacio.municipio = "" if volver else leer_lugar(valor, "un municipio", MAX_MUNICIPIO)
        return "el municipio"
    if ajuste == "estado":
        espacio.estado = "" if volver else leer_lugar(valor, "un estado", MAX_ESTADO)
        return "el estado"
    raise ErrorDeUsuario(
        f"No conozco el ajuste «{ajuste}». Los ajustes son: canal, hora-agenda, resumen, recordatorio, traslado, "
        "municipio, estado.",
        uso=USO_CONFIG,
    )


@enrutador.sub("config", "configuracion", "ajustes", uso=USO_CONFIG)
def config(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    espacio = _espacio(session, peticion)
    if not resto:
        return _mostrar(espacio, peticion)
    ajuste, valor = separar(resto)
    if ajuste in ("formulario", "form"):
        exigir_director(session, peticion, "cambiar los ajustes del equipo")
        return Respuesta.formulario(formulario_config(espacio, peticion))
    exigir_director(session, peticion, "cambiar los ajustes del equipo")
    antes = (bool(espacio.municipio), bool(espacio.estado))
    nombre = _aplicar(espacio, peticion, normalizar(ajuste).replace("_", "-"), valor)
    return _mostrar(espacio, peticion, cambio=f"Listo: cambié {nombre}.", propios_al_empezar=antes)


def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return _mostrar(_espacio(session, peticion), peticion)


enrutador.vacio = ver
enrutador.otro = config  # «/asistente canal #prensa» es lo mismo que «/asistente config canal #prensa»


# --- formulario ------------------------------------------------------------------------------------
def formulario_config(espacio: Espacio, peticion: Peticion) -> Formulario:
    a = efectivos(espacio, peticion.config)
    dias = tuple(Opcion(normalizar(d), d.capitalize()) for d in DIAS)
    return Formulario(
        id="asistente.config",
        titulo="Ajustes del equipo",
        boton="Guardar",
        campos=(
            Campo("canal", "Canal del equipo", inicial=a.canal, ayuda="donde salen la agenda del día y el resumen: #prensa"),
            Campo("hora_agenda", "Hora de la agenda del día", requerido=True, inicial=f"{a.hora_agenda:%H:%M}", max_largo=10),
            Campo("dia_resumen", "Día del resumen semanal", tipo="opcion", requerido=True,
                  inicial=normalizar(DIAS[a.dia_resumen]), opciones=dias),
            Campo("hora_resumen", "Hora del resumen semanal", requerido=True, inicial=f"{a.hora_resumen:%H:%M}", max_largo=10),
            Campo("recordatorio", "Minutos del recordatorio", requerido=True, inicial=str(a.recordatorio_min),
                  max_largo=5, ayuda="antes de cada evento; 0 = sin recordatorios"),
            Campo("traslado", "Minutos de traslado", requerido=True, inicial=str(a.margen_traslado), max_largo=5,
                  ayuda="entre eventos, al revisar empalmes"),
        ),
    )


def al_enviar_config(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    exigir_director(session, peticion, "cambiar los ajustes del equipo")
    espacio = _espacio(session, peticion)
    errores: dict[str, str] = {}
    limpios: dict[str, Any] = {}
    lectores = {
        "canal": lambda v: leer_canal(v) if v else "",
        "hora_agenda": lambda v: f"{leer_hora(v):%H:%M}",
        "dia_resumen": leer_dia,
        "hora_resumen": lambda v: f"{leer_hora(v):%H:%M}",
        "recordatorio": lambda v: leer_minutos(v, "recordatorio", MAX_RECORDATORIO),
        "traslado": lambda v: leer_minutos(v, "traslado", MAX_TRASLADO),
    }
    for campo, leer in lectores.items():
        try:
            limpios[campo] = leer(str(valores.get(campo, "")))
        except ErrorDeUsuario as error:
            errores[campo] = error.mensaje
    if errores:
        raise ErroresDeFormulario(errores)
    espacio.canal = limpios["canal"]
    espacio.hora_agenda = limpios["hora_agenda"]
    espacio.resumen = f"{normalizar(DIAS[limpios['dia_resumen']])} {limpios['hora_resumen']}"
    espacio.recordatorio_min = limpios["recordatorio"]
    espacio.margen_traslado = limpios["traslado"]
    return _mostrar(espacio, peticion, cambio="Listo: guardé los ajustes del equipo.")


# --- la veda y el Informe de Gobierno ---------------------------------------------------------------
@enrutador.sub("difusion", "canales", uso=USO_DIFUSION)
def difusion(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    espacio = _espacio(session, peticion)
    que, valor = separar(resto)
    if not que:
        lineas = ajustes_de_difusion.describir(espacio, peticion.config)
        return Respuesta.texto("📣 Canales de difusión de este espacio:\n" + "\n".join(f"• {l}" for l in lineas))
    exigir_director(session, peticion, "configurar los canales de difusión")
    partes = valor.split()
    if que == "facebook":
        if len(partes) != 2:
            raise ErrorDeUsuario("Son dos datos: el id de la página y su token de acceso.", uso=USO_DIFUSION)
        ajustes_de_difusion.fijar_facebook(espacio, partes[0], partes[1])
        cambio = "Listo: este espacio publica en su página de Facebook."
    elif que in ("web", "sitio", "wordpress"):
        if len(partes) < 3:
            raise ErrorDeUsuario("Son tres datos: la dirección del sitio, el usuario y la contraseña de aplicación.",
                                 uso=USO_DIFUSION)
        # La contraseña de aplicación de WordPress viene en grupos separados por espacios.
        ajustes_de_difusion.fijar_web(espacio, partes[0], partes[1], " ".join(partes[2:]))
        cambio = "Listo: este espacio publica en su sitio web."
    elif que == "hashtags":
        cambio = f"Listo: los hashtags de Facebook son {ajustes_de_difusion.fijar_hashtags(espacio, valor)}."
    elif que == "quitar":
        ajustes_de_difusion.quitar(espacio, normalizar(valor))
        cambio = f"Listo: {normalizar(valor)} vuelve a lo del entorno."
    else:
        raise ErrorDeUsuario(f"No conozco «{que}»: usa facebook, web, hashtags o quitar.", uso=USO_DIFUSION)
    lineas = ajustes_de_difusion.describir(espacio, peticion.config)
    return Respuesta.texto(cambio + "\n" + "\n".join(f"• {l}" for l in lineas))


@enrutador.sub("veda", uso=USO_VEDA)
def veda_(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    palabra, demas = separar(resto)
    if not palabra:
        lista = veda.vedas(session, peticion.espacio_id)
        if not lista:
            return Respuesta.texto("No hay vedas registradas. Un director la registra con " + USO_VEDA.split(" · ")[0] + ".")
        hoy = peticion.ahora.astimezone(peticion.config.tz).date()
        lineas = [f"• {v.id}: del {fecha_en_palabras(v.inicio, con_anio=True)} al {fecha_en_palabras(v.fin, con_anio=True)}"
                  + (f" — {v.motivo}" if v.motivo else "") + (" (en curso)" if v.inicio <= hoy <= v.fin else "")
                  for v in lista]
        return Respuesta.texto("🚫 Vedas:\n" + "\n".join(lineas))
    exigir_director(session, peticion, "registrar o quitar una veda")
    if palabra == "quitar":
        quitada = veda.quitar_veda(session, peticion, demas)
        return Respuesta.texto(f"Quité la veda {quitada.id} (del {fecha_en_palabras(quitada.inicio)} al "
                               f"{fecha_en_palabras(quitada.fin)}).", publica=True)
    inicio, fin, motivo = veda.leer_periodo(resto, peticion, USO_VEDA)
    nueva = veda.registrar_veda(session, peticion, inicio, fin, motivo)
    return Respuesta.texto(
        f"🚫 Veda {nueva.id} registrada: del {fecha_en_palabras(inicio, con_anio=True)} al "
        f"{fecha_en_palabras(fin, con_anio=True)}{' — ' + motivo if motivo else ''}. En esos días no se aprueba, publica "
        "ni programa nada salvo los temas salud, educación y protección civil.", publica=True)


@enrutador.sub("informe", uso=USO_INFORME)
def informe(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if not resto.strip():
        dia = veda.dia_del_informe(session, peticion.espacio_id)
        if dia is None:
            return Respuesta.texto("No hay día del Informe de Gobierno. Un director lo fija con " + USO_INFORME + ".")
        return Respuesta.texto(f"El Informe de Gobierno es el {fecha_en_palabras(dia, con_anio=True)}.")
    exigir_director(session, peticion, "fijar el día del Informe de Gobierno")
    dia = interpretar(resto, peticion.ahora).inicio.astimezone(peticion.config.tz).date()
    veda.fijar_informe(session, peticion, dia)
    desde, hasta = dia - veda.reglas.ANTES_DEL_INFORME, dia + veda.reglas.DESPUES_DEL_INFORME
    return Respuesta.texto(
        f"📅 Informe de Gobierno el {fecha_en_palabras(dia, con_anio=True)}: los documentos con tema «informe» se "
        f"difunden del {fecha_en_palabras(desde)} al {fecha_en_palabras(hasta)}.", publica=True)


# --- el monitoreo de medios -------------------------------------------------------------------------
def _ajustes_del_monitoreo(peticion: Peticion, session: Session, cambio: str = "") -> Respuesta:
    a = ajustes_de_monitoreo.leer(session, peticion.espacio_id)
    palabras = ajustes_de_monitoreo.palabras_clave(a, peticion.config)
    quienes = [u for u in (a.destinatarios.splitlines() if a else []) if u]
    hora = (a.hora_sintesis if a else "") or peticion.config.hora_sintesis
    nombres = {p.usuario_id: p.nombre_visible for p in session.scalars(
        select(Persona).where(Persona.espacio_id == peticion.espacio_id, Persona.usuario_id.in_(quienes)))}
    lineas = [
        f"• Canal de monitoreo: {('#' + a.canal) if a and a.canal else 'ninguno (' + USO_MONITOREO + ')'}",
        f"• Palabras clave de las fuentes: {', '.join(palabras) if palabras else 'ninguna (' + USO_PALABRAS + ')'}",
        f"• Síntesis por mensaje directo a las {hora}: "
        + (", ".join(nombres.get(u, u) for u in quienes) if quienes else "nadie (" + USO_SINTESIS.split(' · ')[0] + ")"),
    ]
    return Respuesta.texto((cambio + "\n" if cambio else "") + "🗞️ Monitoreo de medios:\n" + "\n".join(lineas),
                           publica=bool(cambio))


@enrutador.sub("monitoreo", uso=USO_MONITOREO)
def monitoreo(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if not resto.strip():
        return _ajustes_del_monitoreo(peticion, session)
    exigir_director(session, peticion, "configurar el monitoreo de medios")
    fila = ajustes_de_monitoreo.propios(session, peticion.espacio_id)
    if normalizar(resto) in ("quitar", "ninguno", "nada"):
        fila.canal = ""
        return _ajustes_del_monitoreo(peticion, session, "Listo: sin canal de monitoreo.")
    fila.canal = canal_pedido(peticion, resto, "#monitoreo")
    return _ajustes_del_monitoreo(peticion, session, "Listo: los enlaces que se suelten en ese canal se registran "
                                                     "como notas (el asistente tiene que estar invitado).")


@enrutador.sub("palabras", "palabras-clave", "claves", uso=USO_PALABRAS)
def palabras(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if not resto.strip():
        return _ajustes_del_monitoreo(peticion, session)
    exigir_director(session, peticion, "cambiar las palabras clave del monitoreo")
    fila = ajustes_de_monitoreo.propios(session, peticion.espacio_id)
    if normalizar(resto) in ("quitar", "ninguna", "nada"):
        fila.palabras = ""
        return _ajustes_del_monitoreo(peticion, session, "Listo: sin palabras clave propias.")
    nuevas = [" ".join(p.split()) for p in resto.replace(";", ",").split(",") if p.strip()]
    if len(nuevas) > ajustes_de_monitoreo.MAX_PALABRAS or any(len(p) > 60 for p in nuevas):
        raise ErrorDeUsuario(f"Son a lo más {ajustes_de_monitoreo.MAX_PALABRAS} palabras clave, de hasta 60 letras "
                             "cada una, separadas por comas.", uso=USO_PALABRAS)
    fila.palabras = "\n".join(nuevas)
    return _ajustes_del_monitoreo(peticion, session, "Listo: guardé las palabras clave.")


@enrutador.sub("sintesis", uso=USO_SINTESIS)
def sintesis_(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if not resto.strip():
        return _ajustes_del_monitoreo(peticion, session)
    exigir_director(session, peticion, "elegir quién recibe la síntesis")
    fila = ajustes_de_monitoreo.propios(session, peticion.espacio_id)
    palabra, valor = separar(resto)
    if palabra == "hora":
        if not valor:
            raise ErrorDeUsuario("Falta la hora, por ejemplo 08:00.", uso=USO_SINTESIS)
        fila.hora_sintesis = "" if normalizar(valor) in PREDETERMINADO else f"{leer_hora(valor):%H:%M}"
        return _ajustes_del_monitoreo(peticion, session, "Listo: cambié la hora de la síntesis.")
    if normalizar(resto) in ("nadie", "quitar", "ninguno"):
        fila.destinatarios = ""
        return _ajustes_del_monitoreo(peticion, session, "Listo: la síntesis ya no llega por mensaje directo.")
    personas = [persona_por_mencion(session, peticion.espacio_id, m, peticion.ahora) for m in resto.split()]
    fila.destinatarios = "\n".join(dict.fromkeys(p.usuario_id for p in personas))
    return _ajustes_del_monitoreo(peticion, session, "Listo: la síntesis les llegará por mensaje directo.")


manejar = enrutador
FORMULARIOS = {"asistente.config": al_enviar_config}
DEFINICIONES = {"asistente.config": lambda p, s, _c: formulario_config(_espacio(s, p), p)}
