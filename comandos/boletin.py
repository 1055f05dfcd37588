"""Los boletines de prensa numerados y los demás documentos de la oficina: del borrador al PDF.

• `/boletin borrador N` — redacta el siguiente boletín del año (Boletín No. 045/2026) con los datos del evento #N
• `/boletin nuevo [tipo] título` — un documento sin evento, con el siguiente número de la serie de su tipo
  (Comunicado No. 003/2026). Tipos: boletín (si no se dice), comunicado, aviso, convocatoria,
  posicionamiento, felicitación, esquela; su texto sale de plantillas/documento_<tipo>.j2
• `/boletin ver NUM` — el boletín completo, con su estado
• `/boletin editar NUM` — abre el formulario (titular, resumen, cuerpo); si estaba aprobado vuelve a borrador
• `/boletin aprobar NUM` — lo aprueba (solo directores)
• `/boletin publicar NUM <url> [<url>…]` — registra dónde se publicó (solo boletines aprobados)
• `/boletin pdf NUM` — el PDF para los medios (y su texto plano para correo o WhatsApp)
• `/boletin cancelar NUM [motivo]` — lo cancela; conserva su número, marcado como cancelado
• `/boletin historial NUM` — cada cambio: quién, cuándo y qué
• `/boletin lista [mes]` — los boletines del mes (`marzo`, `marzo 2026`, `2026`)
• `/boletin tema NUM <tema>` — el tema del documento (salud, educación, protección civil, informe, obras…):
  en veda solo se aprueban y difunden los de salud, educación y protección civil; los de informe, en la
  ventana del Informe de Gobierno
• `/boletin numero [N]` — el siguiente número del año; con N lo fija un director (oficinas que empiezan a mitad de año)
• `/boletin enviar NUM [todos|<tipo>|ID,ID]` — lo envía por correo a los medios (solo aprobados; directores): el texto
  en el cuerpo, el PDF adjunto y un enlace personal de cada medio a la galería de fotos originales
• `/boletin acuses NUM` — por medio: enviado (o en cola, o rechazado y por qué), abrió la galería, bajó
  originales, lo publicó (con su enlace, de `/boletin publicar`)

NUM es el número del boletín: `45` (de este año) o `045/2026`; para otro tipo, el tipo delante:
`comunicado 3`, `aviso 002/2026`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente import boletines, veda
from asistente.agenda.eventos import buscar_evento
from asistente.fechas.palabras import MESES, fecha_en_palabras, nombre_de_mes
from asistente.medios import boletin as envio_a_medios
from asistente.nucleo.comando import Enrutador, numero_de_evento, separar
from asistente.nucleo.errores import ErrorDeUsuario, SinPermiso
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario
from asistente.nucleo.identidad import exigir_director, persona_actual
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Boton, Respuesta
from asistente.nucleo.texto import cuantos, normalizar
from modelos import Boletin, EstadoBoletin, Evento, Persona

NOMBRE = "boletin"
USO = ("/boletin borrador N · /boletin nuevo [tipo] título · /boletin ver|editar|aprobar|pdf|historial NUM · "
       "/boletin publicar NUM <url>… · "
       "/boletin cancelar NUM [motivo] · /boletin tema NUM <tema> · /boletin lista [mes] · /boletin numero [N] · "
       "/boletin enviar NUM [todos|<tipo>|ID,ID] · /boletin acuses NUM")
USO_ENVIAR = "/boletin enviar NUM [todos|<tipo>|ID,ID]"
USO_ACUSES = "/boletin acuses NUM"
RESUMEN = ("boletines y comunicados numerados: borrador desde un evento o sin evento, aprobación, PDF, envío a los "
           "medios y dónde se publicaron")

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def _boletin(peticion: Peticion, session: Session, texto: str, uso: str) -> Boletin:
    """El documento que nombra todo ``texto`` (``45``, ``045/2026``, ``comunicado 3``)."""
    tipo, numero_texto, resto = boletines.separar_documento(texto)
    return boletines.localizar(session, peticion, f"{numero_texto} {resto}".strip(), tipo, uso)


def _botones(boletin: Boletin) -> list[Boton]:
    valor = boletin.referencia
    botones = []
    if boletin.estado == EstadoBoletin.BORRADOR:
        botones.append(Boton("Aprobar", "boletin.aprobar", valor, "primario"))
    if boletin.estado in (EstadoBoletin.BORRADOR, EstadoBoletin.APROBADO):
        botones.append(Boton("Editar", "boletin.editar", valor))
    if boletin.estado != EstadoBoletin.CANCELADO:
        botones.append(Boton("PDF", "boletin.pdf", valor))
    return botones


def _mostrar(peticion: Peticion, session: Session, boletin: Boletin, mensaje: str = "", publica: bool = True) -> Respuesta:
    """El boletín completo con los botones que tocan a su estado. Crear, editar y aprobar se anuncian
    en la conversación; ``ver`` solo lo ve quien pregunta."""
    v = boletines.vista(session, peticion.config, boletin)
    respuesta = Respuesta.plantilla("boletin.j2", publica=publica, b=v, mensaje=mensaje)
    return respuesta.con_botones(*_botones(boletin))


# --- crear y ver -----------------------------------------------------------------------------------
@enrutador.sub("borrador", uso="/boletin borrador N")
def borrador(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero = numero_de_evento(resto, "/boletin borrador N")
    evento = buscar_evento(session, peticion, numero, "el boletín se redacta a partir de un evento")
    boletin = boletines.crear_borrador(session, peticion, evento)
    mensaje = (f"📝 Borrador listo: {boletin.encabezado}, del evento #{evento.numero}. "
               "Revísalo, edítalo o apruébalo.")
    otros = boletines.otros_del_evento(session, boletin)
    if otros:
        mensaje += " Ojo: este evento ya tiene " + ", ".join(f"el {b.folio} ({b.estado})" for b in otros) + "."
    return _mostrar(peticion, session, boletin, mensaje)


_USO_NUEVO = "/boletin nuevo [tipo] título (tipos: boletín, comunicado, aviso, convocatoria, posicionamiento, felicitación, esquela)"


@enrutador.sub("nuevo", "nueva", uso=_USO_NUEVO)
def nuevo(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """``/boletin nuevo comunicado Título``; ``/boletin nuevo 12`` (solo un número) sigue siendo el
    borrador del evento #12."""
    if resto.strip() and re.fullmatch(r"#?\d{1,9}", resto.strip()):
        return borrador(peticion, session, resto)
    palabra, titulo = separar(resto)
    tipo = boletines.leer_tipo(palabra) if palabra else None
    if tipo is None:
        tipo, titulo = "boletin", resto.strip()
    if not titulo.strip():
        nombre = boletines.nombre_de_tipo(tipo).lower()
        raise ErrorDeUsuario(f"Falta el título {'de la' if tipo in boletines.FEMENINOS else 'del'} {nombre}.",
                             uso=_USO_NUEVO)
    boletin = boletines.crear_documento(session, peticion, tipo, titulo)
    mensaje = (f"📝 Borrador listo: {boletin.encabezado}. Completa lo que está entre corchetes con "
               f"/boletin editar {boletin.referencia_corta} y luego apruébalo.")
    return _mostrar(peticion, session, boletin, mensaje)


@enrutador.sub("ver", "mostrar", uso="/boletin ver NUM")
def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return _mostrar(peticion, session, _boletin(peticion, session, resto, "/boletin ver NUM"), publica=False)


# --- editar (formulario) -----------------------------------------------------------------------------
def formulario_editar(boletin: Boletin | None, folio: str, partes: int) -> Formulario:
    """Titular, resumen y el cuerpo en uno o más campos de hasta 3000 caracteres (lo que admite un
    modal de Slack); al guardar se unen con una línea en blanco entre ellos."""
    trozos = boletines.partir_cuerpo(boletin.cuerpo) if boletin else []
    campos = [
        Campo("titular", "Titular", requerido=True, max_largo=boletines.MAX_TITULAR,
              inicial=boletin.titular if boletin else None),
        Campo("resumen", "Resumen", tipo="parrafo", max_largo=boletines.MAX_RESUMEN,
              inicial=boletin.resumen if boletin else None, ayuda="una viñeta por línea, empezando con «-»"),
    ]
    for i in range(1, partes + 1):
        etiqueta = "Cuerpo" if partes == 1 else f"Cuerpo ({i} de {partes})"
        ayuda = "párrafos separados por una línea en blanco" if i == 1 else "continúa el cuerpo (puede quedar vacío)"
        campos.append(Campo(f"cuerpo_{i}", etiqueta, tipo="parrafo", requerido=i == 1, max_largo=boletines.MAX_PARTE,
                            inicial=trozos[i - 1] if i <= len(trozos) else None, ayuda=ayuda))
    nombre = boletin.nombre_tipo if boletin else "Documento"
    return Formulario(id="boletin.editar", titulo=f"{nombre} {folio.split()[-1]}"[:24], campos=tuple(campos), boton="Guardar",
                      contexto={"folio": folio, "partes": str(partes)})


def _abrir_edicion(peticion: Peticion, session: Session, boletin: Boletin) -> Respuesta:
    boletines.exigir_editable(boletin)
    trozos = boletines.partir_cuerpo(boletin.cuerpo)
    # Un cuerpo largo lleva un campo vacío de más, para que haya dónde seguir escribiendo.
    extra = 1 if len(boletin.cuerpo) > boletines.MAX_PARTE * 2 // 3 else 0
    if len(trozos) > boletines.MAX_PARTES:  # no debería pasar (ver MAX_CUERPO), pero nunca se pierde texto
        raise ErrorDeUsuario(f"El cuerpo de {boletin.encabezado} es demasiado largo para el formulario.")
    partes = max(1, min(boletines.MAX_PARTES, len(trozos) + extra))
    return Respuesta.formulario(formulario_editar(boletin, boletin.referencia, partes))


@enrutador.sub("editar", "corregir", uso="/boletin editar NUM")
def editar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return _abrir_edicion(peticion, session, _boletin(peticion, session, resto, "/boletin editar NUM"))


def _definicion(peticion: Peticion, session: Session, contexto: dict[str, str]) -> Formulario:
    try:
        partes = max(1, min(boletines.MAX_PARTES, int(contexto.get("partes", "1"))))
    except ValueError:
        partes = 1
    return formulario_editar(None, contexto.get("folio", ""), partes)


def al_enviar_edicion(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    boletin = _boletin(peticion, session, contexto.get("folio", ""), "/boletin editar NUM")
    partes = sorted((k for k in valores if k.startswith("cuerpo_")), key=lambda k: int(k.split("_")[1]))
    cuerpo = boletines.unir_partes([str(valores[k]) for k in partes])
    errores = boletines.validar_textos(str(valores.get("titular", "")), str(valores.get("resumen", "")), cuerpo)
    if errores:
        raise ErroresDeFormulario({("cuerpo_1" if k == "cuerpo" else k): v for k, v in errores.items()})
    mensaje = boletines.editar(session, peticion, boletin, str(valores["titular"]), str(valores.get("resumen", "")), cuerpo)
    return _mostrar(peticion, session, boletin, "✏️ " + mensaje)


# --- estados ---------------------------------------------------------------------------------------
def _aprobar(peticion: Peticion, session: Session, boletin: Boletin) -> Respuesta:
    exigir_director(session, peticion, "aprobar boletines")
    veda.exigir_permitido(session, peticion, boletin, "aprobar", peticion.ahora)
    boletines.aprobar(session, peticion, boletin)
    respuesta = _mostrar(peticion, session, boletin, f"✅ {boletin.encabezado} aprobad{boletin.genero}. Ya se puede enviar a los medios.")
    if boletin.creado_por_id and boletin.creado_por_id != peticion.persona_id:
        autor = session.get(Persona, boletin.creado_por_id)
        if autor is not None:
            aprobo = persona_actual(session, peticion).nombre_visible
            respuesta.avisar_a(autor.usuario_id, Respuesta.texto(
                f"{aprobo} aprobó tu {boletin.encabezado} «{boletin.titular}»."))
    return respuesta


@enrutador.sub("aprobar", uso="/boletin aprobar NUM")
def aprobar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return _aprobar(peticion, session, _boletin(peticion, session, resto, "/boletin aprobar NUM"))


@enrutador.sub("publicar", "publicado", uso="/boletin publicar NUM <url> [<url>…]")
def publicar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    uso = "/boletin publicar NUM <url> [<url>…]"
    boletin, urls_texto = boletines.buscar_documento(session, peticion, resto, uso)
    urls = boletines.leer_urls(urls_texto)
    nuevas = boletines.publicar(session, peticion, boletin, urls)
    total = len([u for u in boletin.urls.splitlines() if u])
    texto = (f"📣 {boletin.encabezado} publicado: registré {cuantos(len(nuevas), 'dirección')}"
             f"{f' ({total} en total)' if total != len(nuevas) else ''}.")
    return Respuesta.texto(texto, publica=True)


@enrutador.sub("cancelar", uso="/boletin cancelar NUM [motivo]")
def cancelar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    boletin, motivo = boletines.buscar_documento(session, peticion, resto, "/boletin cancelar NUM [motivo]")
    persona = persona_actual(session, peticion)
    if not (persona.es_director or boletin.creado_por_id == persona.id):
        raise SinPermiso(f"Solo un director o quien redactó {boletin.etiqueta} puede cancelarlo.")
    boletines.cancelar(session, peticion, boletin, motivo.strip())
    texto = (f"{boletin.encabezado} cancelado" + (f": {motivo.strip()}" if motivo.strip() else "")
             + ". Conserva su número; el siguiente borrador toma el que sigue.")
    return Respuesta.texto(texto, publica=True)


@enrutador.sub("tema", uso="/boletin tema NUM <tema>")
def tema(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    uso = "/boletin tema NUM <tema>"
    boletin, texto = boletines.buscar_documento(session, peticion, resto, uso)
    exigir_director(session, peticion, "cambiar el tema de un documento")
    if not texto.strip():
        actual = veda.nombre_de_tema(boletin.tema) if boletin.tema else "sin tema"
        raise ErrorDeUsuario(f"Falta el tema ({boletin.encabezado}: {actual}). Los temas son: "
                             f"{', '.join(veda.TEMAS.values())}.", uso=uso)
    clave = veda.leer_tema(texto)
    veda.fijar_tema(session, peticion, boletin, clave)
    excepcion = " Se puede difundir en veda." if clave in veda.EXCEPCIONES else ""
    return Respuesta.texto(f"{boletin.encabezado}: tema «{veda.nombre_de_tema(clave)}».{excepcion}", publica=True)


@enrutador.sub("historial", "versiones", uso="/boletin historial NUM")
def historial(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    boletin = _boletin(peticion, session, resto, "/boletin historial NUM")
    tz = peticion.config.tz
    filas = []
    for version, quien in boletines.versiones(session, boletin):
        local = version.cuando.astimezone(tz)
        filas.append({"cuando": f"{fecha_en_palabras(local.date())} {local:%H:%M}", "quien": quien,
                      "accion": version.accion, "detalle": version.detalle})
    return Respuesta.plantilla("boletin_historial.j2", encabezado=boletin.encabezado, versiones=filas,
                               estado=boletin.estado)


# --- PDF -------------------------------------------------------------------------------------------------
def _pdf(peticion: Peticion, session: Session, boletin: Boletin) -> Respuesta:
    if boletin.estado == EstadoBoletin.CANCELADO:
        raise ErrorDeUsuario(f"{boletin.etiqueta.capitalize()} está cancelad{boletin.genero}; no genero su PDF.")
    pdf, _txt, v = boletines.exportar(session, peticion.config, boletin)
    aviso = " Es un borrador: el PDF lo dice en cada hoja." if boletin.estado == EstadoBoletin.BORRADOR else ""
    texto = (f"📄 {boletin.encabezado}: {v.titular}.{aviso} El texto para correo o WhatsApp quedó junto al PDF "
             f"en el archivo ({boletines.clave_de_boletin(boletin.anio, boletin.numero, 'txt', boletin.tipo)}).")
    return Respuesta.archivo(pdf, f"{boletin.encabezado}", "application/pdf", texto)


@enrutador.sub("pdf", "imprimir", uso="/boletin pdf NUM")
def pdf(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return _pdf(peticion, session, _boletin(peticion, session, resto, "/boletin pdf NUM"))


# --- a los medios ---------------------------------------------------------------------------------------
@enrutador.sub("enviar", "mandar", uso=USO_ENVIAR)
def enviar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    folio_texto, a_quien = separar(resto)
    boletin = _boletin(peticion, session, folio_texto, USO_ENVIAR)
    exigir_director(session, peticion, "enviar boletines a los medios")
    informe = envio_a_medios.enviar(session, peticion, boletin, a_quien)
    lineas = [f"Boletín No. {boletin.folio}:", *informe.lineas("Va con su PDF y su galería de originales")]
    if informe.encolados:
        lineas.append(f"Quién lo recibió, abrió y publicó: /boletin acuses {boletin.numero}")
    return Respuesta.texto("\n".join(lineas), publica=True)


@enrutador.sub("acuses", "acuse", "recibidos", uso=USO_ACUSES)
def acuses(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    boletin = _boletin(peticion, session, resto, USO_ACUSES)
    return Respuesta.plantilla("boletin_acuses.j2", folio=boletin.folio, numero=boletin.numero,
                               acuses=envio_a_medios.acuses(session, peticion.espacio_id, boletin))


# --- lista y numeración -------------------------------------------------------------------------------
_MESES = {normalizar(m): i for i, m in enumerate(MESES, 1)} | {"setiembre": 9}


def periodo(texto: str, hoy: date) -> tuple[date, date, str]:
    """«» (este mes), «marzo», «marzo 2026», «marzo de 2026», «03/2026», «2026-03» o «2026»."""
    t = normalizar(texto)
    if not t:
        return _mes(hoy.year, hoy.month)
    if m := re.fullmatch(r"(\d{4})", t):
        anio = _anio(int(m.group(1)))
        return date(anio, 1, 1), date(anio + 1, 1, 1), f"Boletines de {anio}"
    if m := re.fullmatch(r"([a-z]+)(?:\s+(?:de(?:l)?\s+)?(\d{4}))?", t):
        mes = _MESES.get(m.group(1))
        if mes is not None:
            if m.group(2):
                return _mes(int(m.group(2)), mes)
            # Sin año: el más reciente que no esté en el futuro («diciembre», pedido en enero).
            return _mes(hoy.year if mes <= hoy.month else hoy.year - 1, mes)
    if (m := re.fullmatch(r"(\d{1,2})/(\d{4})", t)) and 1 <= int(m.group(1)) <= 12:
        return _mes(int(m.group(2)), int(m.group(1)))
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", t)) and 1 <= int(m.group(2)) <= 12:
        return _mes(int(m.group(1)), int(m.group(2)))
    raise ErrorDeUsuario(f"No entendí el mes «{texto.strip()}». Escribe por ejemplo «marzo», «marzo 2026» o «2026».")


def _anio(anio: int) -> int:
    if not 1900 <= anio <= 2999:
        raise ErrorDeUsuario(f"El año {anio} está fuera de rango.")
    return anio


def _mes(anio: int, mes: int) -> tuple[date, date, str]:
    anio = _anio(anio)
    fin = date(anio + 1, 1, 1) if mes == 12 else date(anio, mes + 1, 1)
    return date(anio, mes, 1), fin, f"Boletines de {nombre_de_mes(mes)} de {anio}"


@enrutador.sub("lista", "listar", "todos", uso="/boletin lista [mes]")
def lista(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    tz = peticion.config.tz
    hoy = peticion.ahora.astimezone(tz).date()
    desde, hasta, titulo = periodo(resto, hoy)
    filas = session.execute(
        select(Boletin, Evento.numero)
        .outerjoin(Evento, Evento.id == Boletin.evento_id)
        .where(Boletin.espacio_id == peticion.espacio_id,
               Boletin.fecha >= datetime.combine(desde, time(0), tzinfo=tz),
               Boletin.fecha < datetime.combine(hasta, time(0), tzinfo=tz))
        .order_by(Boletin.anio, Boletin.tipo != "boletin", Boletin.tipo, Boletin.numero)
    ).all()
    boletines_ = [{
        "folio": b.folio if b.tipo == "boletin" else f"{b.nombre_tipo} {b.folio}", "dia": fecha_en_palabras(b.fecha.astimezone(tz).date()),
        "titular": b.titular if len(b.titular) <= 90 else b.titular[:89] + "…", "estado": b.estado, "evento": evento,
    } for b, evento in filas]
    siguiente = ""
    if desde <= hoy < hasta:
        siguiente = boletines.folio(boletines.siguiente_de(session, peticion.espacio_id, hoy.year,
                                                            periodo=peticion.config.periodo_numeracion), hoy.year)
    return Respuesta.plantilla("boletin_lista.j2", titulo=titulo, boletines=boletines_, siguiente=siguiente, uso="")


def _vacio(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """``/boletin`` solo: los boletines del mes y, al pie, el uso del comando."""
    respuesta = lista(peticion, session, "")
    respuesta.datos["uso"] = USO
    return respuesta


enrutador.vacio = _vacio


def _otro(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    """``/boletin 45`` es ``/boletin ver 45``; cualquier otra palabra es un error con el uso."""
    if boletines.parece_folio(texto):
        return ver(peticion, session, texto)
    raise ErrorDeUsuario(f"No conozco «/boletin {texto.split()[0]}».", uso=USO)


enrutador.otro = _otro


@enrutador.sub("numero", "numeracion", "folio", uso="/boletin numero [N]")
def numero(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    uso = "/boletin numero [N]"
    anio_actual = boletines.anio_de(peticion)
    if not resto.strip():
        siguiente = boletines.siguiente_de(session, peticion.espacio_id, anio_actual,
                                           periodo=peticion.config.periodo_numeracion)
        return Respuesta.texto(f"El siguiente boletín será el No. {boletines.folio(siguiente, anio_actual)}. "
                               "Un director puede cambiarlo con /boletin numero N.")
    exigir_director(session, peticion, "cambiar la numeración de los boletines")
    siguiente, anio = boletines.leer_folio(resto, anio_actual, uso)
    boletines.fijar_siguiente_numero(session, peticion.espacio_id, anio, siguiente, peticion.config.periodo_numeracion)
    return Respuesta.texto(f"Listo: el siguiente boletín será el No. {boletines.folio(siguiente, anio)}.", publica=True)


# --- botones ------------------------------------------------------------------------------------------
def _accion(funcion: Any) -> Any:
    def manejador(peticion: Peticion, session: Session, valor: str) -> Respuesta:
        return funcion(peticion, session, _boletin(peticion, session, valor, USO))

    return manejador


manejar = enrutador
ACCIONES = {
    "boletin.aprobar": _accion(_aprobar),
    "boletin.editar": _accion(_abrir_edicion),
    "boletin.pdf": _accion(_pdf),
}
FORMULARIOS = {"boletin.editar": al_enviar_edicion}
DEFINICIONES = {"boletin.editar": _definicion}
