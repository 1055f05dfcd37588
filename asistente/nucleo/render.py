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
    # Casi ningún texto trae ``&``, ``<`` o ``>``: buscarlos cuesta la mitad que reemplazarlos.
    if "&" in texto or "<" in texto or ">" in texto:
        return texto.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return texto


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


class Formado(str):
    """Texto que ya trae su formato y sus escapes (lo que dan ``negrita``, ``cursiva``, ``tachado``,
    ``enlace`` y ``e``): ``finalize`` no lo vuelve a escapar. Es un ``str`` sin más (``Markup`` de
    markupsafe haría lo mismo, pero armarlo cuesta el triple y va varias veces por evento listado)."""

    __slots__ = ()


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
    negrita_marca, cursiva_marca, tachado_marca = _NEGRITA[formato], _CURSIVA[formato], _TACHADO[formato]

    def finalizar(valor: Any) -> Any:
        tipo = type(valor)
        if tipo is str:  # el caso común, primero
            return escapar(valor)
        if tipo is Formado or isinstance(valor, (Formado, Markup)):
            return valor
        return "" if valor is None else escapar(_texto(valor))

    def formado(valor: Any) -> str:
        """El valor escapado, o tal cual si ya viene formado."""
        if type(valor) is str:
            return escapar(valor)
        return str(valor) if isinstance(valor, (Formado, Markup)) else escapar(_texto(valor))

    def negrita(valor: Any) -> Formado:
        texto = formado(valor)
        return Formado(f"{negrita_marca}{texto}{negrita_marca}" if texto else "")

    def cursiva(valor: Any) -> Formado:
        texto = formado(valor)
        return Formado(f"{cursiva_marca}{texto}{cursiva_marca}" if texto else "")

    def tachado(valor: Any) -> Formado:
        texto = formado(valor)
        return Formado(f"{tachado_marca}{texto}{tachado_marca}" if texto else "")

    def enlace(url: str, texto: str = "") -> Formado:
        texto = texto or url
        if formato == "slack":
            # Dentro de <…|…> Slack solo entiende &amp; &lt; &gt;; un «|» partiría el enlace.
            return Formado(f"<{escapar_slack(url).replace('|', '%7C')}|{escapar(texto)}>")
        if formato == "mattermost":
            return Formado(f"[{escapar(texto)}]({url.replace('(', '%28').replace(')', '%29').replace(' ', '%20')})")
        return Formado(url if texto == url else f"{texto} ({url})")

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
    env.filters.update(negrita=negrita, cursiva=cursiva, tachado=tachado, enlace=enlace, e=lambda v: Formado(formado(v)),
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
    return _LINEAS_DE_SOBRA.sub("\n\n", texto).strip()


_LINEAS_DE_SOBRA = re.compile(r"\n{3,}")
