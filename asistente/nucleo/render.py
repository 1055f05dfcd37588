"""Dibuja respuestas como texto de cada plataforma con las plantillas Jinja2 de ``plantillas/``.

Un entorno por formato (``slack``: mrkdwn, ``mattermost``: markdown, ``texto``: consola), hecho
una sola vez y con ``StrictUndefined``. Toda expresión ``{{ … }}`` se escapa para el formato
(texto de usuarios incluido); el formato lo ponen los filtros ``negrita``, ``cursiva`` y ``enlace``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from asistente.fechas import palabras
from asistente.nucleo.texto import cuantos
from asistente.nucleo.respuesta import Respuesta

Formato = Literal["slack", "mattermost", "texto"]

_MD_ESPECIALES = re.compile(r"([\\*_`~\[\]#|>])")


def escapar_slack(texto: str) -> str:
    return texto.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Mattermost avisa a quien se menciona con ``@nombre`` (y a todo el canal con ``@channel``, ``@here`` o
# ``@all``) aunque la @ venga del texto de una persona: un evento titulado «Junta @channel» haría
# sonar a todo el canal cada mañana con la agenda del día. Un espacio de ancho cero tras la @ no se
# ve y deja de ser mención.
_MENCION_MATTERMOST = re.compile(r"@(?=[\w.-])")


def escapar_mattermost(texto: str) -> str:
    return _MENCION_MATTERMOST.sub("@\u200b", _MD_ESPECIALES.sub(r"\\\1", texto))


ESCAPES: dict[str, Callable[[str], str]] = {
    "slack": escapar_slack,
    "mattermost": escapar_mattermost,
    "texto": lambda t: t,
}
_NEGRITA = {"slack": "*", "mattermost": "**", "texto": ""}
_CURSIVA = {"slack": "_", "mattermost": "_", "texto": ""}
_TACHADO = {"slack": "~", "mattermost": "~~", "texto": ""}


def _texto(valor: Any) -> str:
    if isinstance(valor, datetime):
        return valor.strftime("%H:%M")
    if isinstance(valor, date):
        return valor.isoformat()
    return str(valor)


# Plantillas parciales que se copian en su lugar al cargar la plantilla que las incluye con
# ``{% include "…" +%}`` (la forma que conserva el salto de línea del include): así un listado las
# compila una vez dentro de su propio código en vez de abrir un contexto nuevo por cada evento.
_EN_LINEA = ("_evento_linea.j2",)


class _Cargador(PackageLoader):
    """Las plantillas de ``plantillas/`` con los includes de ``_EN_LINEA`` ya copiados en su lugar.

    Da el mismo texto que el include: la parcial termina en una etiqueta ``{% … %}`` sin ``-`` ni
    ``+`` (si no, se queda como include), así su último salto se lo come ``trim_blocks`` como se lo
    comería ``keep_trailing_newline=False``, y el salto que el ``+%}`` conservaba sigue ahí. La
    parcial no asigna variables ni usa ``loop`` fuera de sus propios ``for``: copiada, ve lo mismo
    que veía incluida."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool] | None]:
        fuente, archivo, al_dia = super().get_source(environment, template)
        for parcial in _EN_LINEA:
            etiqueta = '{% include "' + parcial + '" +%}'
            if parcial != template and etiqueta in fuente:
                texto = super().get_source(environment, parcial)[0].rstrip("\n")
                if texto.endswith("%}") and not texto.endswith(("-%}", "+%}")):
                    fuente = fuente.replace(etiqueta, texto + "\n")
        return fuente, archivo, al_dia


@lru_cache(maxsize=None)
def entorno(formato: Formato) -> Environment:
    escapar = ESCAPES[formato]

    def finalizar(valor: Any) -> Any:
        if type(valor) is str:  # el caso común, primero
            return escapar(valor)
        if isinstance(valor, Markup) or valor is None:
            return valor if valor is not None else ""
        return escapar(_texto(valor))

    def negrita(valor: Any) -> Markup:
        marca = _NEGRITA[formato]
        texto = str(valor) if isinstance(valor, Markup) else escapar(_texto(valor))
        return Markup(f"{marca}{texto}{marca}") if texto else Markup("")

    def cursiva(valor: Any) -> Markup:
        marca = _CURSIVA[formato]
        texto = str(valor) if isinstance(valor, Markup) else escapar(_texto(valor))
        return Markup(f"{marca}{texto}{marca}") if texto else Markup("")

    def tachado(valor: Any) -> Markup:
        marca = _TACHADO[formato]
        texto = str(valor) if isinstance(valor, Markup) else escapar(_texto(valor))
        return Markup(f"{marca}{texto}{marca}") if texto else Markup("")

    def enlace(url: str, texto: str = "") -> Markup:
        texto = texto or url
        if formato == "slack":
            # Dentro de <…|…> Slack solo entiende &amp; &lt; &gt;; un «|» partiría el enlace.
            return Markup(f"<{escapar_slack(url).replace('|', '%7C')}|{escapar(texto)}>")
        if formato == "mattermost":
            return Markup(f"[{escapar(texto)}]({url.replace('(', '%28').replace(')', '%29').replace(' ', '%20')})")
        return Markup(url if texto == url else f"{texto} ({url})")

    env = Environment(
        loader=_Cargador("plantillas", ""),
        undefined=StrictUndefined,
        finalize=finalizar,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # Las plantillas no cambian con el proceso corriendo: sin revisar el archivo en cada include.
        auto_reload=False,
    )
    env.filters.update(negrita=negrita, cursiva=cursiva, tachado=tachado, enlace=enlace, e=lambda v: Markup(escapar(_texto(v))),
                       cuantos=cuantos)  # {{ n|cuantos('pieza') }} → «1 pieza», «20 piezas»
    env.globals["formato"] = formato
    _registrar_filtros_de_fecha(env)
    return env


def _registrar_filtros_de_fecha(env: Environment) -> None:
    env.filters.update(
        fecha=palabras.fecha_en_palabras,
        hora=palabras.hora,
        momento=lambda e: palabras.momento_en_palabras(e.inicio, e.fin, e.con_hora),
    )


def renderizar(respuesta: Respuesta, formato: Formato) -> str:
    """El texto de la respuesta en el formato pedido (sin botones ni adjuntos)."""
    if respuesta.nombre_plantilla is None:
        return ESCAPES[formato](respuesta.cuerpo)
    plantilla = entorno(formato).get_template(respuesta.nombre_plantilla)
    texto = plantilla.render(**respuesta.datos)
    return re.sub(r"\n{3,}", "\n\n", texto).strip()
