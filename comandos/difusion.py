"""Difundir un documento aprobado: la página de Facebook, el sitio web municipal y el kit de WhatsApp.

• `/difusion NUM` — las piezas de cada canal: el texto corto de Facebook con los hashtags del municipio y
  sus fotos (las mejores primero, hasta 10), la nota completa para el sitio web con su galería, y qué falta
  configurar; con los botones **Publicar ya**, **Programar** y **Editar** (texto de Facebook y fotos de cada canal)
• `/difusion publicar NUM facebook|web|todo` — publica ya (solo directores, solo documentos aprobados);
  contesta con el enlace de cada publicación, lo registra y marca el documento como publicado
• `/difusion programar NUM facebook|web|todo <cuándo>` — la publica el programador a esa hora, una sola
  vez (`mañana a las 9`, `viernes 18:30`); si falla, quien la programó recibe un mensaje directo con el
  motivo del canal. Programarla otra vez cambia la hora
• `/difusion kit NUM` — el kit de WhatsApp: el texto con su formato para pegar y un ZIP con las fotos

NUM es el número del documento: `45` o `045/2026` (un boletín), `comunicado 3`, `aviso 002/2026`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asistente import boletines, difusion
from asistente.fechas import FechaNoEntendida, interpretar
from asistente.nucleo.comando import Enrutador, separar
from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario, Opcion
from asistente.nucleo.identidad import exigir_director
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Boton, Respuesta
from modelos import Boletin, Difusion

NOMBRE = "difusion"
USO = ("/difusion NUM · /difusion publicar NUM facebook|web|todo · /difusion programar NUM facebook|web|todo <cuándo> · "
       "/difusion kit NUM")
RESUMEN = "difundir un documento aprobado: Facebook, el sitio web y el kit de WhatsApp"
_USO_PUBLICAR = "/difusion publicar NUM facebook|web|todo"
_USO_PROGRAMAR = "/difusion programar NUM facebook|web|todo <cuándo>"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def _documento(peticion: Peticion, session: Session, texto: str, uso: str) -> tuple[Boletin, str]:
    return boletines.buscar_documento(session, peticion, texto, uso)


def _filas(session: Session, boletin: Boletin) -> dict[str, Difusion]:
    return {d.canal: d for d in session.scalars(select(Difusion).where(Difusion.boletin_id == boletin.id))}


def _mostrar(peticion: Peticion, session: Session, boletin: Boletin, mensaje: str = "") -> Respuesta:
    armado = difusion.piezas_de(session, peticion, boletin)
    filas = _filas(session, boletin)
    por_id = {c.id: c.foto for c in armado.candidatas}
    canales = []
    for nombre in difusion.publicacion.PUBLICABLES[::-1]:  # Facebook primero: es lo que más se revisa
        canal = peticion.canales.get(nombre)
        if canal is None:
            continue
        fila = filas.get(nombre)
        pieza = armado.piezas[nombre]
        canales.append({
            "nombre": nombre, "titulo": canal.titulo[:1].upper() + canal.titulo[1:], "configurado": canal.configurado,
            "falta": difusion.publicacion.sin_configurar(canal) if not canal.configurado else "",
            "texto": pieza.texto if nombre == "facebook" else "",
            "parrafos": len(armado.vista.parrafos),
            "fotos": [{"id": i, "leyenda": por_id[i].leyenda} for i in armado.ids[nombre]],
            "editada": nombre in armado.editadas,
            "estado": fila.estado if fila else "pendiente", "permalink": fila.permalink if fila else "",
            "motivo": fila.motivo if fila else "",
        })
    respuesta = Respuesta.plantilla(
        "difusion.j2", mensaje=mensaje, encabezado=boletin.encabezado, titular=boletin.titular,
        estado=boletin.estado, referencia=boletin.referencia_corta, canales=canales,
        candidatas=[{"id": c.id, "leyenda": c.foto.leyenda} for c in armado.candidatas],
    )
    pendientes = [c for c in canales if c["configurado"] and c["estado"] != "publicada"]
    if boletin.estado in ("aprobado", "publicado") and pendientes:
        respuesta.con_botones(Boton("Publicar ya", "difusion.publicar", f"{boletin.referencia}|todo", "primario"),
                              Boton("Programar", "difusion.programar", boletin.referencia))
    if boletin.estado != "cancelado" and any(c["estado"] != "publicada" for c in canales):
        respuesta.con_botones(Boton("Editar", "difusion.editar", boletin.referencia))
    return respuesta


@enrutador.sub("ver", "piezas", uso="/difusion NUM")
def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    boletin, sobra = _documento(peticion, session, resto, "/difusion NUM")
    if sobra:
        raise ErrorDeUsuario(f"No entendí «{sobra}».", uso="/difusion NUM")
    return _mostrar(peticion, session, boletin)


def _otro(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    """``/difusion 45`` es ``/difusion ver 45``."""
    if boletines.parece_folio(texto):
        return ver(peticion, session, texto)
    raise ErrorDeUsuario(f"No conozco «/difusion {texto.split()[0]}».", uso=USO)


enrutador.otro = _otro


# --- publicar ya ----------------------------------------------------------------------------------------
def _publicar(peticion: Peticion, session: Session, boletin: Boletin, palabra: str) -> Respuesta:
    exigir_director(session, peticion, "publicar en los canales de la oficina")
    difusion.exigir_publicable(boletin)
    canales = difusion.canales_pedidos(peticion, palabra, _USO_PUBLICAR)
    resultados = difusion.publicar(session, peticion, boletin, canales)
    lineas = []
    for r in resultados:
        titulo = r.titulo[:1].upper() + r.titulo[1:]
        if r.ya_estaba:
            lineas.append(f"• {titulo}: ya estaba publicado: {r.permalink}" if r.permalink else
                          f"• {titulo}: se está publicando (si se quedó a medias, el programador la busca en el "
                          "canal y la anota en unos minutos; nunca se publica dos veces).")
        elif r.publicado:
            lineas.append(f"• {titulo}: {r.permalink}")
        else:
            despues = " Se puede volver a intentar más tarde." if r.reintentable else ""
            lineas.append(f"• {titulo}: no se publicó. {r.motivo}{despues}")
    nuevos = [r for r in resultados if r.publicado and not r.ya_estaba]
    if nuevos:
        titulos = [r.titulo for r in nuevos]
        donde = titulos[0] if len(titulos) == 1 else ", ".join(titulos[:-1]) + " y " + titulos[-1]
        encabezado = f"📣 {boletin.encabezado} publicad{boletin.genero} en {donde}:"
    else:
        encabezado = f"{boletin.encabezado}: nada nuevo publicado."
    texto = encabezado + "\n" + "\n".join(lineas)
    if any(not r.publicado for r in resultados):
        return Respuesta(cuerpo=texto, es_error=not nuevos, publica=bool(nuevos))
    return Respuesta.texto(texto, publica=True)


@enrutador.sub("publicar", "publica", uso=_USO_PUBLICAR)
def publicar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    boletin, palabra = _documento(peticion, session, resto, _USO_PUBLICAR)
    return _publicar(peticion, session, boletin, palabra)


# --- programar ------------------------------------------------------------------------------------------
def _programar(peticion: Peticion, session: Session, boletin: Boletin, palabra: str, cuando_texto: str) -> Respuesta:
    exigir_director(session, peticion, "programar publicaciones en los canales de la oficina")
    difusion.exigir_publicable(boletin)
    canales = difusion.canales_pedidos(peticion, palabra, _USO_PROGRAMAR)
    if not cuando_texto.strip():
        raise ErrorDeUsuario("Falta cuándo: por ejemplo «mañana a las 9» o «viernes 18:30».", uso=_USO_PROGRAMAR)
    momento = interpretar(cuando_texto, peticion.ahora)
    if not momento.con_hora:
        raise ErrorDeUsuario(f"Falta la hora: «{cuando_texto.strip()}» dice el día pero no a qué hora publicar.",
                             uso=_USO_PROGRAMAR)
    resultado = difusion.programar(session, peticion, boletin, canales, momento.inicio)
    hechas = [r.titulo for r in resultado if not r.nota]
    texto = ""
    if hechas:
        donde = hechas[0] if len(hechas) == 1 else ", ".join(hechas[:-1]) + " y " + hechas[-1]
        texto = (f"🗓 {boletin.encabezado} se publicará en {donde} {difusion.cuando_en_palabras(momento.inicio, peticion)}. "
                 f"Lo ves en /parrilla.")
    for r in resultado:
        if r.nota:
            texto += f"\n• {r.titulo[:1].upper()}{r.titulo[1:]}: {r.nota}."
    return Respuesta.texto(texto.strip(), publica=bool(hechas))


@enrutador.sub("programar", "programa", uso=_USO_PROGRAMAR)
def programar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    boletin, sobra = _documento(peticion, session, resto, _USO_PROGRAMAR)
    palabra, cuando = separar(sobra)
    return _programar(peticion, session, boletin, palabra, cuando)


def formulario_programar(referencia: str) -> Formulario:
    return Formulario(
        id="difusion.programar", titulo="Programar", boton="Programar", contexto={"ref": referencia},
        campos=(
            Campo("canal", "Dónde", tipo="opcion", requerido=True, inicial="todo", opciones=(
                Opcion("todo", "Facebook y el sitio web"), Opcion("facebook", "Facebook"), Opcion("web", "El sitio web"))),
            Campo("cuando", "Cuándo", requerido=True, ayuda="por ejemplo «mañana a las 9» o «viernes 18:30»"),
        ),
    )


def _definicion_programar(peticion: Peticion, session: Session, contexto: dict[str, str]) -> Formulario:
    return formulario_programar(contexto.get("ref", ""))


def al_enviar_programar(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    boletin, _ = _documento(peticion, session, contexto.get("ref", ""), _USO_PROGRAMAR)
    try:
        return _programar(peticion, session, boletin, str(valores.get("canal") or "todo"), str(valores.get("cuando") or ""))
    except FechaNoEntendida as error:
        raise ErroresDeFormulario({"cuando": error.mensaje}) from None


def _boton_programar(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    boletin, _ = _documento(peticion, session, valor, USO)
    exigir_director(session, peticion, "programar publicaciones en los canales de la oficina")
    difusion.exigir_publicable(boletin)
    return Respuesta.formulario(formulario_programar(boletin.referencia))


# --- kit de WhatsApp ------------------------------------------------------------------------------------
def _kit(peticion: Peticion, session: Session, boletin: Boletin) -> Respuesta:
    publicado, texto, fotos = difusion.kit(session, peticion, boletin)
    assert publicado.archivo is not None
    aviso = f"📲 Kit de WhatsApp de {boletin.encabezado}: el texto para pegar, y {'la foto' if fotos == 1 else f'las {fotos} fotos'} en el ZIP." if fotos \
        else f"📲 Kit de WhatsApp de {boletin.encabezado}: el texto para pegar (el documento no tiene fotos)."
    return Respuesta.archivo(publicado.archivo, f"Kit de WhatsApp — {boletin.encabezado}", "application/zip",
                             f"{aviso}\n\n{texto}")


@enrutador.sub("kit", "whatsapp", uso="/difusion kit NUM")
def kit(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    boletin, sobra = _documento(peticion, session, resto, "/difusion kit NUM")
    if sobra:
        raise ErrorDeUsuario(f"No entendí «{sobra}».", uso="/difusion kit NUM")
    return _kit(peticion, session, boletin)


# --- editar las piezas (formulario) ---------------------------------------------------------------------
def formulario_editar(referencia: str, texto: str | None = None, fotos_fb: str | None = None,
                      fotos_web: str | None = None, ids: str = "") -> Formulario:
    ayuda_fotos = f"IDs del archivo, en orden, separados por comas (de este documento: {ids})" if ids else \
        "IDs del archivo, en orden, separados por comas"
    return Formulario(
        id="difusion.editar", titulo="Piezas de difusión", boton="Guardar", contexto={"ref": referencia},
        campos=(
            Campo("texto", "Texto de Facebook", tipo="parrafo", requerido=True, inicial=texto,
                  max_largo=difusion.piezas.MAX_TEXTO_FACEBOOK),
            Campo("fotos_facebook", "Fotos de Facebook (hasta 10)", inicial=fotos_fb, ayuda=ayuda_fotos, max_largo=200),
            Campo("fotos_web", "Fotos del sitio web", inicial=fotos_web, ayuda=ayuda_fotos, max_largo=200),
        ),
    )


def _abrir_edicion(peticion: Peticion, session: Session, boletin: Boletin) -> Respuesta:
    exigir_director(session, peticion, "editar las piezas de difusión")
    if boletin.estado == "cancelado":
        raise ErrorDeUsuario(f"{boletin.etiqueta.capitalize()} está cancelad{boletin.genero}; no se difunde.")
    armado = difusion.piezas_de(session, peticion, boletin)
    return Respuesta.formulario(formulario_editar(
        boletin.referencia, armado.piezas["facebook"].texto, ", ".join(map(str, armado.ids["facebook"])),
        ", ".join(map(str, armado.ids["web"])), ", ".join(str(c.id) for c in armado.candidatas)))


def _definicion(peticion: Peticion, session: Session, contexto: dict[str, str]) -> Formulario:
    return formulario_editar(contexto.get("ref", ""))


def al_enviar_edicion(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    exigir_director(session, peticion, "editar las piezas de difusión")
    boletin, _ = _documento(peticion, session, contexto.get("ref", ""), "/difusion NUM")
    validas = [c.id for c in difusion.candidatas(session, peticion.config, boletin)]
    elegidas: dict[str, list[int]] = {}
    errores: dict[str, str] = {}
    for campo, maximo in (("fotos_facebook", difusion.MAX_FOTOS_FACEBOOK), ("fotos_web", difusion.piezas.MAX_FOTOS_WEB)):
        try:
            elegidas[campo] = difusion.leer_ids_de_fotos(str(valores.get(campo) or ""), validas, maximo)
        except ErrorDeUsuario as error:
            errores[campo] = error.mensaje
    if errores:
        raise ErroresDeFormulario(errores)
    difusion.editar_pieza(session, peticion, boletin, "facebook", str(valores.get("texto") or ""),
                          elegidas["fotos_facebook"])
    difusion.editar_pieza(session, peticion, boletin, "web", None, elegidas["fotos_web"])
    return _mostrar(peticion, session, boletin, "✏️ Piezas guardadas: así saldrán.")


# --- botones -----------------------------------------------------------------------------------------------
def _boton_publicar(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    referencia, _, palabra = valor.partition("|")
    boletin, _ = _documento(peticion, session, referencia, USO)
    return _publicar(peticion, session, boletin, palabra or "todo")


def _boton_editar(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    boletin, _ = _documento(peticion, session, valor, USO)
    return _abrir_edicion(peticion, session, boletin)


manejar = enrutador
ACCIONES = {"difusion.publicar": _boton_publicar, "difusion.programar": _boton_programar,
            "difusion.editar": _boton_editar}
FORMULARIOS = {"difusion.editar": al_enviar_edicion, "difusion.programar": al_enviar_programar}
DEFINICIONES = {"difusion.editar": _definicion, "difusion.programar": _definicion_programar}
