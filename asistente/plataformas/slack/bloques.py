"""La respuesta neutral dibujada en Block Kit, dentro de los límites de Slack.

Límites que cuidamos (https://api.slack.com/reference/block-kit): 3000 caracteres por sección o
contexto, 50 bloques por mensaje (100 en App Home y modales), 25 elementos por bloque de acciones,
75 caracteres por texto de botón y 2000 por su valor. Un listado largo se parte en varias secciones
por párrafos y, si aun así no cabe, se corta con una nota «… y N más». El texto del usuario ya llega
escapado (``&``, ``<``, ``>``) desde ``asistente.nucleo.render``.
"""

from __future__ import annotations

import json
from typing import Any

from asistente.nucleo.formularios import Campo, Formulario
from asistente.nucleo.render import escapar_slack, renderizar
from asistente.nucleo.respuesta import Boton, Respuesta

LIMITE_SECCION = 3000
MAX_BLOQUES = 50
MAX_BLOQUES_VISTA = 100
MAX_BOTONES = 25
# Un mensaje de 50 secciones llenas es ilegible y roza el tope de tamaño de Slack: cortamos antes.
LIMITE_MENSAJE = 12000
LIMITE_AVISO = 3000  # el ``text`` de respaldo (notificaciones)

Bloque = dict[str, Any]


def _partir_largo(texto: str, limite: int) -> list[str]:
    """Un párrafo en trozos de hasta ``limite`` caracteres, por líneas y, si hace falta, a la fuerza."""
    trozos: list[str] = []
    actual = ""
    for linea in texto.split("\n"):
        while len(linea) > limite:
            if actual:
                trozos.append(actual)
                actual = ""
            trozos.append(linea[:limite])
            linea = linea[limite:]
        candidato = f"{actual}\n{linea}" if actual else linea
        if len(candidato) > limite:
            trozos.append(actual)
            actual = linea
        else:
            actual = candidato
    if actual:
        trozos.append(actual)
    return trozos


def _es_nota(parrafo: str) -> bool:
    """Un párrafo entero en cursiva (la leyenda de un listado) va como bloque de contexto."""
    p = parrafo.strip()
    return len(p) > 2 and p.startswith("_") and p.endswith("_") and "\n" not in p


def _seccion(texto: str) -> Bloque:
    return {"type": "section", "text": {"type": "mrkdwn", "text": texto}}


def _contexto(texto: str) -> Bloque:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": texto[:LIMITE_SECCION]}]}


def _boton(boton: Boton, action_id: str) -> Bloque:
    elemento: Bloque = {
        "type": "button",
        "text": {"type": "plain_text", "text": boton.etiqueta[:75] or "…", "emoji": True},
        "action_id": action_id,
        "value": boton.valor[:2000],
    }
    if boton.estilo == "primario":
        elemento["style"] = "primary"
    elif boton.estilo == "peligro":
        elemento["style"] = "danger"
    return elemento


def acciones(botones: list[Boton]) -> list[Bloque]:
    """Bloques de acciones (25 botones cada uno). ``action_id`` es la acción; si se repite en el
    mensaje se le añade ``|n`` (Slack exige ids únicos) y el adaptador lo quita al recibirlo."""
    vistos: dict[str, int] = {}
    elementos: list[Bloque] = []
    for boton in botones:
        n = vistos.get(boton.accion, 0) + 1
        vistos[boton.accion] = n
        elementos.append(_boton(boton, boton.accion if n == 1 else f"{boton.accion}|{n}"))
    return [{"type": "actions", "elements": elementos[i:i + MAX_BOTONES]} for i in range(0, len(elementos), MAX_BOTONES)]


def accion_de(action_id: str) -> str:
    return action_id.split("|", 1)[0]


def _cuantos(parrafos: list[str]) -> int:
    """Cuántas cosas quedaron fuera: eventos («*#12*…») si el listado los tiene, si no párrafos."""
    eventos = sum(1 for p in parrafos for linea in p.split("\n") if linea.startswith("*#"))
    return eventos or len(parrafos)


def _secciones(parrafos: list[str]) -> list[tuple[str, int]]:
    """Empaca párrafos en secciones de hasta 3000 caracteres: ``(texto, último párrafo completo)``.
    Un párrafo más largo que el límite se parte; sus trozos cuentan como ese párrafo."""
    secciones: list[tuple[str, int]] = []
    actual, hasta = "", -1
    for i, parrafo in enumerate(parrafos):
        if actual and len(actual) + 2 + len(parrafo) <= LIMITE_SECCION:
            actual, hasta = f"{actual}\n\n{parrafo}", i
            continue
        if actual:
            secciones.append((actual, hasta))
        trozos = _partir_largo(parrafo, LIMITE_SECCION)
        for trozo in trozos[:-1]:
            secciones.append((trozo, i - 1))
        actual, hasta = trozos[-1], i
    if actual:
        secciones.append((actual, hasta))
    return secciones


def dibujar(respuesta: Respuesta, max_bloques: int = MAX_BLOQUES) -> tuple[str, list[Bloque]]:
    """``(texto_de_respaldo, bloques)`` de una respuesta."""
    texto = renderizar(respuesta, "slack")
    botones = acciones(respuesta.botones)
    parrafos = [p.strip("\n") for p in texto.split("\n\n") if p.strip()]
    nota = parrafos.pop() if parrafos and _es_nota(parrafos[-1]) else None
    secciones = _secciones(parrafos)
    lugar = max_bloques - len(botones) - (1 if nota else 0)
    total = sum(len(t) for t, _ in secciones)
    bloques: list[Bloque] = []
    if len(secciones) <= lugar and total <= LIMITE_MENSAJE:
        bloques = [_seccion(t) for t, _ in secciones]
    else:
        usados, hasta, corte = 0, -1, 0
        for texto_seccion, ultimo in secciones:
            if len(bloques) + 1 >= lugar or usados + len(texto_seccion) > LIMITE_MENSAJE:
                break
            bloques.append(_seccion(texto_seccion))
            usados += len(texto_seccion)
            if ultimo > hasta:  # cortamos solo donde termina un párrafo completo
                hasta, corte = ultimo, len(bloques)
        del bloques[corte:]
        bloques.append(_contexto(f"… y {_cuantos(parrafos[hasta + 1:])} más. "
                                 "Pide un día o un rango más corto para ver el resto."))
    if nota:
        bloques.append(_contexto(nota))
    if not bloques and not botones:
        bloques.append(_seccion(" "))
    bloques.extend(botones)
    respaldo = texto if len(texto) <= LIMITE_AVISO else texto[: LIMITE_AVISO - 1] + "…"
    return respaldo or " ", bloques


# --- formularios → modales -------------------------------------------------------------------------
def _texto_plano(texto: str, limite: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": (texto[: limite - 1] + "…") if len(texto) > limite else texto, "emoji": True}


def _opciones(campo: Campo) -> list[dict[str, Any]]:
    return [{"text": _texto_plano(o.etiqueta, 75), "value": o.valor} for o in campo.opciones[:100]]


def _elemento(campo: Campo) -> dict[str, Any]:
    inicial = campo.inicial
    if campo.tipo in ("texto", "parrafo"):
        elemento: dict[str, Any] = {"type": "plain_text_input", "action_id": campo.nombre,
                                    "multiline": campo.tipo == "parrafo", "max_length": min(campo.max_largo, 3000)}
        if isinstance(inicial, str) and inicial:
            elemento["initial_value"] = inicial
        if campo.ayuda:
            elemento["placeholder"] = _texto_plano(campo.ayuda, 150)
        return elemento
    if campo.tipo == "opcion":
        elemento = {"type": "static_select", "action_id": campo.nombre, "options": _opciones(campo),
                    "placeholder": _texto_plano("Elige…", 150)}
        elegida = [o for o in elemento["options"] if o["value"] == inicial]
        if elegida:
            elemento["initial_option"] = elegida[0]
        return elemento
    if campo.tipo == "multiple":
        elemento = {"type": "multi_static_select", "action_id": campo.nombre, "options": _opciones(campo),
                    "placeholder": _texto_plano("Elige…", 150)}
        iniciales = set(inicial) if isinstance(inicial, tuple) else ({inicial} if inicial else set())
        elegidas = [o for o in elemento["options"] if o["value"] in iniciales]
        if elegidas:
            elemento["initial_options"] = elegidas
        return elemento
    # si_no
    opciones = [{"text": _texto_plano("Sí", 75), "value": "si"}, {"text": _texto_plano("No", 75), "value": "no"}]
    elemento = {"type": "radio_buttons", "action_id": campo.nombre, "options": opciones}
    if inicial in ("si", "no"):
        elemento["initial_option"] = opciones[0] if inicial == "si" else opciones[1]
    return elemento


def modal(formulario: Formulario, metadatos: dict[str, Any]) -> dict[str, Any]:
    """El modal de un formulario. ``block_id`` y ``action_id`` son el nombre del campo, así los
    errores por campo del despacho vuelven a su lugar."""
    bloques: list[Bloque] = []
    for campo in formulario.campos:
        bloque: Bloque = {"type": "input", "block_id": campo.nombre, "label": _texto_plano(campo.etiqueta, 2000),
                          "element": _elemento(campo), "optional": not campo.requerido}
        if campo.ayuda and campo.tipo not in ("texto", "parrafo"):
            bloque["hint"] = _texto_plano(campo.ayuda, 2000)
        bloques.append(bloque)
    return {
        "type": "modal",
        "callback_id": "formulario",
        "title": _texto_plano(formulario.titulo, 24),
        "submit": _texto_plano(formulario.boton, 24),
        "close": _texto_plano("Cancelar", 24),
        "private_metadata": json.dumps(metadatos, ensure_ascii=False)[:3000],
        "blocks": bloques[:MAX_BLOQUES_VISTA],
    }


def valores_de_vista(vista: dict[str, Any]) -> dict[str, Any]:
    """``{campo: valor}`` desde ``view.state.values`` de un envío."""
    valores: dict[str, Any] = {}
    for bloque, acciones_ in (vista.get("state", {}).get("values", {}) or {}).items():
        for _accion, estado in acciones_.items():
            tipo = estado.get("type")
            if tipo == "plain_text_input":
                valores[bloque] = estado.get("value") or ""
            elif tipo in ("static_select", "radio_buttons"):
                elegida = estado.get("selected_option")
                valores[bloque] = elegida["value"] if elegida else ""
            elif tipo in ("multi_static_select", "checkboxes"):
                valores[bloque] = [o["value"] for o in estado.get("selected_options") or []]
            else:
                valores[bloque] = estado.get("value") or ""
    return valores


def escapar(texto: str) -> str:
    return escapar_slack(texto)
