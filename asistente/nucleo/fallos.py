"""El único lugar que convierte un error en lo que la persona del chat lee.

El despacho (comandos, botones, formularios) y cada adaptador (Slack, Mattermost, la consola, los
archivos soltados en un canal) llaman a ``respuesta_de_error`` cuando algo falla; ninguno arma su
propio mensaje de error. El árbol de errores está dibujado en ``asistente.nucleo.errores``.
"""

from __future__ import annotations

import logging

from asistente.nucleo.errores import (
    MENSAJE_GENERICO,
    ErrorDeUsuario,
    NoEncontrado,
    NoProcede,
    SinPermiso,
)
from asistente.nucleo.formularios import ErroresDeFormulario
from asistente.nucleo.respuesta import Respuesta

registro_log = logging.getLogger("asistente.nucleo.fallos")


def respuesta_de_error(
    error: BaseException, uso: str | None = None, *, que: str = "error inesperado",
    registro: logging.Logger | None = None,
) -> Respuesta:
    """La respuesta que ve la persona cuando ``error`` interrumpió su petición.

    - ``ErrorDeUsuario``: su texto tal cual y, debajo, ``Uso: …`` (la línea del error o, si no
      trae, ``uso``). Un error que no es de cómo se escribió (``SinPermiso``: no es director;
      ``NoEncontrado``: no existe; ``NoProcede``: ya estaba cancelado…) va sin la línea de uso del
      comando: repetirla haría creer que se escribió mal.
    - Cualquier otra cosa es un defecto o un problema de la instalación (``ErrorDeConfiguracion``),
      no culpa de quien escribe: se registra con su traza en ``registro`` (por omisión el de este
      módulo) con ``que`` (qué se estaba haciendo) y se contesta ``MENSAJE_GENERICO``. También
      ``ErroresDeFormulario`` cuando llega hasta aquí: solo un formulario abierto sabe mostrarlos.
    """
    if isinstance(error, ErrorDeUsuario) and not isinstance(error, ErroresDeFormulario):
        de_sintaxis = not isinstance(error, (SinPermiso, NoEncontrado, NoProcede))
        return Respuesta.error(error.mensaje, error.uso or (uso if de_sintaxis else None))
    (registro or registro_log).error("%s", que, exc_info=error)
    return Respuesta.error(MENSAJE_GENERICO)
