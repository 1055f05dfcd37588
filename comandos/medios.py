"""El directorio de medios de comunicación (sala de prensa).

• `/medios` — los medios registrados con sus contactos (correos y teléfonos completos solo para directores;
  para los demás, enmascarados: son datos personales)
• `/medios agregar nombre | tipo | contacto | correo | teléfono` — registra un medio; tipo: impreso, radio,
  tv, portal o redes; solo nombre y tipo son obligatorios. Si el medio ya existe, le suma el contacto.
  Sin texto después de `agregar` abre un formulario
• `/medios quitar ID` — lo quita del directorio junto con sus contactos (directores)
• `/medios fuente ID <url>` — la fuente RSS o Atom del medio: cada 30 minutos se leen sus notas nuevas
  y se registran las que mencionan al municipio o las palabras clave (`/asistente palabras …`)
• `/medios fuentes` — las fuentes registradas, cuándo se leyeron y su último error
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from asistente.medios.directorio import agregar as agregar_medio
from asistente.medios.directorio import buscar, directorio
from asistente.medios.directorio import quitar as quitar_medio
from asistente.monitoreo import ajustes as ajustes_de_monitoreo
from asistente.monitoreo import fuentes
from asistente.monitoreo.ajustes import palabras_clave
from asistente.nucleo.comando import Enrutador
from asistente.nucleo.errores import ErrorDeUsuario, con_uso
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario, Opcion
from asistente.nucleo.identidad import exigir_director, persona_actual
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from modelos import TIPOS_DE_MEDIO

NOMBRE = "medios"
USO = ("/medios · /medios agregar nombre | tipo | contacto | correo | teléfono · /medios quitar ID · "
       "/medios fuente ID <url> · /medios fuentes")
USO_FUENTE = "/medios fuente ID https://medio.mx/feed"
USO_AGREGAR = "/medios agregar nombre | tipo | contacto | correo | teléfono   (tipo: impreso, radio, tv, portal, redes)"
USO_QUITAR = "/medios quitar ID"
RESUMEN = "el directorio de medios de comunicación: agregar, quitar, ver"

enrutador = Enrutador(NOMBRE, USO, __doc__ or "")


@enrutador.sub("lista", "ver", "todos")
def lista(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    completo = persona_actual(session, peticion).es_director
    return Respuesta.plantilla("medios.j2", medios=directorio(session, peticion.espacio_id, completo),
                               completo=completo, tipos=TIPOS_DE_MEDIO)


enrutador.vacio = lista


def _alta(peticion: Peticion, session: Session, nombre: str, tipo: str, contacto: str, correo: str,
          telefono: str) -> Respuesta:
    alta = agregar_medio(session, peticion, nombre, tipo, contacto, correo, telefono)
    m = alta.medio
    if alta.nuevo:
        texto = f"Medio {m.id} registrado: {m.nombre} ({m.tipo})"
        texto += f", contacto {alta.contacto.nombre or alta.contacto.correo or 'sin nombre'}." if alta.contacto else "."
        if alta.contacto is None or not alta.contacto.correo:
            texto += " Sin correo no le llegarán invitaciones ni boletines: agrégale un contacto con correo."
    else:
        assert alta.contacto is not None
        texto = f"Contacto agregado a {m.nombre} (ID {m.id}): {alta.contacto.nombre or alta.contacto.correo}."
    return Respuesta.texto(texto, publica=True)


@enrutador.sub("agregar", "nuevo", "alta", "anadir", uso=USO_AGREGAR)
def agregar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    if not resto.strip():
        return Respuesta.formulario(formulario_medio())
    partes = [p.strip() for p in resto.split("|")]
    if len(partes) > 5:
        raise ErrorDeUsuario("Sobran partes: son a lo más cinco, separadas por «|».", uso=USO_AGREGAR)
    if len(partes) < 2:
        raise ErrorDeUsuario("Falta el tipo de medio después de «|».", uso=USO_AGREGAR)
    nombre, tipo, contacto, correo, telefono = (partes + [""] * 5)[:5]
    try:
        return _alta(peticion, session, nombre, tipo, contacto, correo, telefono)
    except ErrorDeUsuario as error:
        raise con_uso(error, USO_AGREGAR) from None


def formulario_medio() -> Formulario:
    return Formulario(
        id="medios.agregar", titulo="Nuevo medio", boton="Registrar",
        campos=(
            Campo("nombre", "Medio", requerido=True, ayuda="El Sol de Tierra Caliente"),
            Campo("tipo", "Tipo", tipo="opcion", requerido=True, inicial="impreso",
                  opciones=tuple(Opcion(t, t.capitalize() if t != "tv" else "TV") for t in TIPOS_DE_MEDIO)),
            Campo("contacto", "Contacto", ayuda="nombre de la reportera o jefe de información"),
            Campo("correo", "Correo", max_largo=254, ayuda="redaccion@diario.mx"),
            Campo("telefono", "Teléfono", max_largo=40, ayuda="733 123 4567"),
        ),
    )


_CAMPO_DEL_ERROR = (("correo", "correo"), ("teléfono", "telefono"), ("tipo", "tipo"), ("nombre", "nombre"))


def al_enviar(peticion: Peticion, session: Session, valores: dict[str, Any], contexto: dict[str, str]) -> Respuesta:
    try:
        return _alta(peticion, session, valores["nombre"], valores.get("tipo", ""), valores.get("contacto", ""),
                     valores.get("correo", ""), valores.get("telefono", ""))
    except ErroresDeFormulario:
        raise
    except ErrorDeUsuario as error:
        # El error junto al campo que lo causó (el correo, el teléfono…); si no, junto al nombre.
        campo = next((c for palabra, c in _CAMPO_DEL_ERROR if palabra in error.mensaje.lower()), "nombre")
        raise ErroresDeFormulario({campo: error.mensaje}) from None


@enrutador.sub("quitar", "borrar", "eliminar", uso=USO_QUITAR)
def quitar(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    exigir_director(session, peticion, "quitar medios del directorio")
    medio = buscar(session, peticion, resto)
    nombre, numero = medio.nombre, medio.id
    contactos = quitar_medio(session, medio)
    con = "con su contacto" if contactos == 1 else f"con sus {contactos} contactos"
    return Respuesta.texto(f"Medio {numero} ({nombre}) quitado del directorio, {con}.", publica=True)


@enrutador.sub("fuente", "rss", "feed", uso=USO_FUENTE)
def fuente(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    medio_texto, _, url = resto.strip().partition(" ")
    alta = fuentes.agregar(session, peticion, medio_texto, url)
    if not alta.nueva:
        return Respuesta.texto(f"Esa fuente ya estaba registrada para {alta.medio.nombre}.")
    texto = (f"Fuente de {alta.medio.nombre} registrada: {alta.fuente.url}. La leo cada 30 minutos y registro las "
             "notas que mencionan al municipio o las palabras clave (/asistente palabras).")
    if not palabras_clave(ajustes_de_monitoreo.leer(session, peticion.espacio_id), peticion.config):
        texto += (" Ojo: todavía no hay municipio (ASISTENTE_MUNICIPIO) ni palabras clave, así que no registraré "
                  "nada hasta que un director las ponga con /asistente palabras.")
    return Respuesta.texto(texto, publica=True)


@enrutador.sub("fuentes", uso="/medios fuentes")
def lista_de_fuentes(peticion: Peticion, session: Session, resto: str) -> Respuesta:
    filas = fuentes.todas(session, peticion.espacio_id)
    if not filas:
        return Respuesta.texto(f"No hay fuentes RSS registradas. Agrega una con {USO_FUENTE}")
    lineas = []
    for f, medio in filas:
        estado = f"error: {f.error}" if f.error else ("leída" if f.leida else "sin leer aún")
        lineas.append(f"• {f.id} · {medio}: {f.url} ({estado})")
    return Respuesta.texto("Fuentes RSS de los medios:\n" + "\n".join(lineas))


manejar = enrutador
FORMULARIOS = {"medios.agregar": al_enviar}
DEFINICIONES = {"medios.agregar": lambda _p, _s, _c: formulario_medio()}
