"""Los errores del asistente.

Árbol de excepciones (las que no viven aquí dicen su módulo)::

    Exception
    ├── ErrorDeUsuario          el texto llega tal cual a la persona del chat (en español), con la
    │   │                       línea de uso del comando si la hay
    │   ├── FechaNoEntendida    (asistente.fechas) una fecha u hora que no se pudo leer
    │   ├── SinPermiso          la tarea es de un director
    │   ├── NoEncontrado        un evento, boletín, archivo o persona que no existe
    │   ├── NoProcede           bien escrito, pero no en ese estado (ya cancelado, ya aprobado)
    │   └── ErroresDeFormulario (asistente.nucleo.formularios) un mensaje por campo: el adaptador
    │                           los pone junto a cada campo y el formulario sigue abierto
    ├── ErrorDeConfiguracion    lo lee quien instala, al arrancar: una variable de entorno mal
    │                           escrita, una base que falta o sin migrar, un argumento de la línea de
    │                           comandos; nombra la variable y qué hacer. ``asistente`` lo imprime y
    │                           sale con código 2, sin traza
    ├── ErrorDeEnvio            (asistente.nucleo.plataforma) la plataforma no aceptó un mensaje
    │   └── EspacioInaccesible  nada se puede enviar a ese espacio (token revocado, app desinstalada)
    ├── ErrorDeDescarga         (asistente.archivo.entrada) la plataforma no entregó un archivo
    ├── ArchivoRechazado        (asistente.archivo.medios) un archivo que no se archiva; su motivo va
    │                           en la respuesta de la ingesta
    └── EscrituraEnLectura      (asistente.datos.bd) el despacho repite la transacción como escritura

Lo que la persona del chat lee lo decide un solo lugar, ``asistente.nucleo.fallos.respuesta_de_error``:
un ``ErrorDeUsuario`` llega con su texto y la línea de uso (``SinPermiso``, ``NoEncontrado`` y
``NoProcede`` sin la línea de uso del comando: no son errores de cómo se escribió); cualquier otra excepción (también un
``ErrorDeConfiguracion``, que no es culpa de quien escribe) se registra con su traza y la persona
recibe ``MENSAJE_GENERICO``.
"""

from __future__ import annotations

MENSAJE_GENERICO = (
    "Lo siento, algo salió mal de nuestro lado. Ya quedó registrado; intenta de nuevo en un momento."
)


class ErrorDeUsuario(Exception):
    """Un error esperado: su mensaje (en español) se muestra a la persona sin cambios.

    ``uso`` es la línea de uso del comando, que se añade a la respuesta cuando existe.
    """

    def __init__(self, mensaje: str, *, uso: str | None = None) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.uso = uso

    def __str__(self) -> str:
        return self.mensaje


class SinPermiso(ErrorDeUsuario):
    """La persona no tiene el rol necesario (normalmente: director)."""


class NoEncontrado(ErrorDeUsuario):
    """Lo que se pidió no existe en este espacio de trabajo."""


class NoProcede(ErrorDeUsuario):
    """Se escribió bien, pero no se puede en el estado en que está (ya cancelado, ya aprobado…)."""


class ErrorDeConfiguracion(Exception):
    """Un problema de la instalación, no de quien usa el chat: su mensaje (en español) nombra la
    variable o el argumento y qué hacer, y lo muestra ``asistente`` al arrancar. Nunca se le
    enseña a una persona del chat como si fuera su error."""

    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje

    def __str__(self) -> str:
        return self.mensaje


def con_uso(error: ErrorDeUsuario, uso: str) -> ErrorDeUsuario:
    """El mismo error, con la línea de uso del subcomando si es de cómo se escribió y no trae una propia.

    Para quien atiende un subcomando y deja pasar los errores de lo que llama (``raise con_uso(error, USO)``):
    ``SinPermiso``, ``NoEncontrado`` y ``NoProcede`` salen como vinieron, sin «Uso:»."""
    if error.uso is None and not isinstance(error, (SinPermiso, NoEncontrado, NoProcede)):
        error.uso = uso
    return error

