"""Las notas de los medios sobre el municipio (el monitoreo de medios).

• `/nota <enlace>` — lee la página (titular, medio, fecha, entrada) y registra la nota, con botones
  Positiva / Neutral / Negativa y Editar; el mismo enlace no se registra dos veces. También basta con
  soltar el enlace en el canal de monitoreo (`/asistente monitoreo #canal`)
• `/nota impreso|radio|tv|portal|redes medio | titular | [página u horario] | [tono]` — una nota sin
  enlace (o de un portal que no se pudo leer: el enlace va en el tercer lugar)
• `/nota ver ID` · `/nota tono ID positiva|neutral|negativa` · `/nota tema ID <tema>`
• `/nota foto ID ARCHIVO` — liga una foto (o el PDF) de la página impresa: súbela al canal y usa el ID
  de archivo que da el asistente; o, más fácil, suéltala en el hilo de la ficha de la nota (las
  registradas a mano). Una nota a dos páginas, o portada e interior, lleva todas, en orden;
  `/nota foto ID quitar ARCHIVO` quita una ligada por error
• `/nota editar ID` — abre un formulario; `/nota editar ID titular | medio | tono | tema` lo hace en
  una línea (lo vacío no cambia)

Una nota que reporta uno de nuestros documentos (titular o texto parecidos) queda ligada a él y su medio
cuenta como «publicado» en `/boletin acuses`. Para responder una nota: `/aclaracion ID`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from asistente.fechas.palabras import fecha_en_palabras
from asistente.monitoreo import ajustes as ajustes_de_monitoreo
from asistente.monitoreo.notas import (
    Registro,
    adjuntar_foto,
    buscar,
    calificar,
    editar as editar_nota,
    fijar_tema,
    paginas,
    quitar_foto,
    registrar_a_mano,
    registrar_enlace,
)
from asistente.nucleo.comando import Enrutador, separar
from asistente.nucleo.errores import ErrorDeUsuario, con_uso
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario, Opcion
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Boton, Respuesta
from asistente.nucleo.texto import normalizar
from modelos import TIPOS_DE_MEDIO, TONOS, Boletin, Nota

NOMBRE = "nota"
USO = ("/nota <enlace> · /nota impreso|radio|tv medio | titular | [página u horario] | [tono] · "
       "/nota ver|tono|tema|foto|editar ID …")
USO_MANO = "/nota impreso|radio|tv|portal|redes medio | titular | [página u horario] | [positiva|neutral|negativa]"
USO_TONO = "/nota tono ID positiva|neutral|negativa"
USO_TEMA = "/nota tema ID <tema>"
USO_EDITAR = "/nota editar ID [titular | medio | tono | tema]"
USO_FOTO = "/nota foto ID ARCHIVO   (el ID del archivo de la foto de la página) · /nota foto ID quitar ARCHIVO"
RESUMEN = "registra una nota de un medio (de un enlace o a mano), su tono y su tema, para la síntesis"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


def ficha(session: Session, peticion: Peticion, nota: Nota, aviso: str = "") -> Respuesta:
    documento = session.get(Boletin, nota.boletin_id) if nota.boletin_id else None
    aclaracion = session.get(Boletin, nota.aclaracion_id) if nota.aclaracion_id else None
    respuesta = Respuesta.plantilla(
        "nota.j2", n=nota, aviso=aviso, fecha=fecha_en_palabras(nota.publicada.astimezone(peticion.config.tz).date()),
        documento=documento.etiqueta if documento else "",
        aclaracion=f"{aclaracion.encabezado} ({aclaracion.estado})" if aclaracion else "",
        paginas=[f"archivo {m.id} ({m.nombre})" for m in paginas(session, nota)], publica=True)
    return respuesta.con_botones(
        *(Boton(t.capitalize(), "nota.tono", f"{nota.id}:{t}", "primario" if nota.tono == t else "normal")
          for t in TONOS),
        Boton("Editar", "nota.editar", str(nota.id)))


def _registrada(session: Session, peticion: Peticion, registro: Registro) -> Respuesta:
    aviso = "" if registro.nueva else f"Ese enlace ya estaba registrado como la nota {registro.nota.id}."
    return ficha(session, peticion, registro.nota, aviso)


def _enlace(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    url, _, tema = texto.strip().partition(" ")
    return _registrada(session, peticion, registrar_enlace(session, peticion, url, tema.strip()))


def _otro(peticion: Peticion, session: Session, texto: str) -> Respuesta:
    if texto.lower().startswith(("http://", "https://", "<http", "www.")) or "://" in texto.split(" ", 1)[0]:
        return _enlace(peticion, session, texto)
    palabra = separar(texto)[0]
    raise ErrorDeUsuario(f"No conozco «/nota {palabra}»: pega el enlace de la nota o di de qué tipo es "
                         "(impreso, radio, tv).", uso=USO)


enrutador.otro = _otro


def _a_mano(tipo: str) -> Any:
    def manejar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
        partes = [p.strip() for p in resto.split("|")]
        if not resto.strip():
            raise ErrorDeUsuario("Faltan el medio y el titular.", uso=USO_MANO)
        if len(partes) > 4:
            raise ErrorDeUsuario("Sobran partes: son a lo más cuatro, separadas por «|».", uso=USO_MANO)
        if len(partes) < 2:
            raise ErrorDeUsuario("Falta el titular después de «|».", uso=USO_MANO)
        medio, titular, pagina, tono = (partes + [""] * 4)[:4]
        try:
            nota = registrar_a_mano(session, peticion, tipo, medio, titular, pagina, tono)
        except ErrorDeUsuario as error:
            raise con_uso(error, USO_MANO) from None
        # La ficha de una nota sin enlace se publica con su hilo: la foto de la página soltada ahí es suya.
        return ficha(session, peticion, nota).anclada_a_nota(nota.id)
    return manejar


for _tipo in TIPOS_DE_MEDIO:
    enrutador.sub(_tipo, uso=USO_MANO)(_a_mano(_tipo))
enrutador.sub("television", uso=USO_MANO)(_a_mano("tv"))


@enrutador.sub("ver", uso="/nota ver ID")
def ver(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    return ficha(session, peticion, buscar(session, peticion.espacio_id, resto))


@enrutador.sub("tono", uso=USO_TONO)
def tono(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero, valor = separar(resto)
    nota = buscar(session, peticion.espacio_id, numero)
    if not valor:
        raise ErrorDeUsuario("Falta el tono: positiva, neutral o negativa.", uso=USO_TONO)
    calificar(nota, valor)
    return ficha(session, peticion, nota, f"Nota {nota.id}: ahora es {nota.tono}.")


@enrutador.sub("tema", uso=USO_TEMA)
def tema(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero, valor = separar(resto)
    nota = buscar(session, peticion.espacio_id, numero)
    fijar_tema(nota, valor)
    return ficha(session, peticion, nota, f"Nota {nota.id}: tema «{nota.tema}».")


@enrutador.sub("foto", "pagina", "imagen", uso=USO_FOTO)
def foto(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero, archivo = separar(resto)
    nota = buscar(session, peticion.espacio_id, numero)
    accion, quitar_id = separar(archivo)
    if normalizar(accion) in ("quitar", "sin", "borrar"):
        if not quitar_id:
            raise ErrorDeUsuario("Falta el ID del archivo que ya no es página de la nota.", uso=USO_FOTO)
        medio = quitar_foto(session, nota, quitar_id)
        return ficha(session, peticion, nota, f"Nota {nota.id}: el archivo {medio.id} ({medio.nombre}) ya no es "
                                              "una de sus páginas (sigue en el archivo).")
    medio, nueva = adjuntar_foto(session, nota, archivo)
    orden = next(i for i, m in enumerate(paginas(session, nota), start=1) if m.id == medio.id)
    if not nueva:
        aviso = f"Nota {nota.id}: el archivo {medio.id} ({medio.nombre}) ya era su página {orden}."
    elif orden == 1:
        aviso = f"Nota {nota.id}: la página es el archivo {medio.id} ({medio.nombre})."
    else:
        aviso = f"Nota {nota.id}: el archivo {medio.id} ({medio.nombre}) es su página {orden}."
    return ficha(session, peticion, nota, aviso)


@enrutador.sub("editar", "corregir", uso=USO_EDITAR)
def editar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    numero, cambios = separar(resto)
    nota = buscar(session, peticion.espacio_id, numero)
    if not cambios:
        return Respuesta.formulario(formulario_nota(nota))
    partes = [p.strip() for p in cambios.split("|")]
    if len(partes) > 4:
        raise ErrorDeUsuario("Sobran partes: son a lo más cuatro (titular | medio | tono | tema).", uso=USO_EDITAR)
    titular, medio, tono_, tema_ = (partes + [""] * 4)[:4]
    hechos = editar_nota(session, nota, titular, medio, tono_, tema_)
    return ficha(session, peticion, nota, f"Nota {nota.id} corregida: {', '.join(hechos)}.")


@enrutador.sub("canal")
def canal(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    """Un mensaje con enlace en un canal (lo manda el adaptador, siempre con su hilo): solo en el canal de
    monitoreo se registra; en cualquier otro canal no pasa nada (respuesta vacía). Quien lo escribe como
    comando (sin hilo) recibe cómo registrar una nota, nunca el silencio."""
    if peticion.hilo is None:
        raise ErrorDeUsuario("Para registrar una nota: /nota <enlace>, o suelta el enlace en el canal de monitoreo "
                             "(/asistente monitoreo #canal).", uso=USO)
    ajustes = ajustes_de_monitoreo.leer(session, peticion.espacio_id)
    nombre = ""
    if resto.startswith("~"):  # Mattermost manda también el nombre del canal: pudo guardarse así
        nombre, _, resto = resto[1:].partition(" ")
    if ajustes is None or not ajustes.canal or ajustes.canal not in (peticion.canal, nombre):
        return Respuesta.texto("")
    enlace = next((p for p in resto.split() if p.lower().startswith(("http://", "https://", "<http"))), "")
    if not enlace:
        return Respuesta.texto("")
    try:
        return _registrada(session, peticion, registrar_enlace(session, peticion, enlace))
    except ErrorDeUsuario as error:  # en el canal no hay línea de uso: se contesta en el hilo
        return Respuesta.texto(error.mensaje, publica=True)


# --- botones y formulario -------------------------------------------------------------------------------
def _boton_tono(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    numero, _, tono_ = valor.partition(":")
    nota = buscar(session, peticion.espacio_id, numero)
    calificar(nota, tono_)
    respuesta = ficha(session, peticion, nota, f"Tono: {nota.tono}.")
    respuesta.reemplaza_original = True
    return respuesta


def _boton_editar(peticion: Peticion, session: Session, valor: str) -> Respuesta:
    return Respuesta.formulario(formulario_nota(buscar(session, peticion.espacio_id, valor)))


def formulario_nota(nota: Nota) -> Formulario:
    return Formulario(
        id="nota.editar", titulo=f"Nota {nota.id}", boton="Guardar", contexto={"nota": str(nota.id)},
        campos=(
            Campo("titular", "Titular", requerido=True, inicial=nota.titular, max_largo=500),
            Campo("medio", "Medio", requerido=True, inicial=nota.medio or None),
            Campo("tono", "Tono", tipo="opcion", inicial=nota.tono or None,
                  opciones=tuple(Opcion(t, t.capitalize()) for t in TONOS)),
            Campo("tema", "Tema", inicial=nota.tema or None, max_largo=60, ayuda="obras, seguridad, salud…"),
        ),
    )


def _definicion(peticion: Peticion, session: Session, contexto: dict[str, str]) -> Formulario:
    return formulario_nota(buscar(session, peticion.espacio_id, contexto.get("nota", "")))


def al_enviar(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    nota = buscar(session, peticion.espacio_id, contexto.get("nota", ""))
    try:
        editar_nota(session, nota, valores.get("titular") or "", valores.get("medio") or "",
                    valores.get("tono") or "", valores.get("tema") or "")
    except ErroresDeFormulario:
        raise
    except ErrorDeUsuario as error:
        campo = "tema" if "tema" in error.mensaje.lower() else "titular"
        raise ErroresDeFormulario({campo: error.mensaje}) from None
    return ficha(session, peticion, nota, f"Nota {nota.id} guardada.")


manejar = enrutador
ACCIONES = {"nota.tono": _boton_tono, "nota.editar": _boton_editar}
FORMULARIOS = {"nota.editar": al_enviar}
DEFINICIONES = {"nota.editar": _definicion}
