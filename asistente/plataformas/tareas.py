"""Las tareas pesadas que siguen a una respuesta (``Respuesta.tarea``: un informe con gráficas, su PDF
y su hoja de cálculo). Cada adaptador ya contestó «preparando…»; aquí la tarea corre en su propia
transacción, con la misma identidad y el mismo trato de errores que un comando, y su resultado se
publica donde se pidió: el canal (o el hilo), o un mensaje directo si no hay canal o el bot no está en
él. Un error va solo a quien lo pidió."""

from __future__ import annotations

import logging
from collections.abc import Callable

from asistente.nucleo.despacho import Despachador
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.plataforma import ErrorDeEnvio, Plataforma, entregar_avisos
from asistente.nucleo.respuesta import Aviso, Respuesta

registro_log = logging.getLogger("asistente.plataformas.tareas")


def correr_tarea(despachador: Despachador, plataforma: Plataforma, peticion: Peticion,
                 tarea: Callable[..., Respuesta]) -> None:
    resultado = despachador.en_transaccion(peticion, tarea)
    avisos = resultado.avisos
    try:
        if peticion.canal and not resultado.es_error:
            try:
                plataforma.publicar(peticion.espacio, peticion.canal, resultado, peticion.hilo)
            except ErrorDeEnvio as error:
                registro_log.info("%s; el resultado va por mensaje directo", error)
                plataforma.mensaje_directo(peticion.espacio, peticion.usuario, resultado)
                # Lo que iba al mismo canal (el PDF, la hoja) también va por mensaje directo.
                avisos = [Aviso(a.respuesta, usuario=peticion.usuario) if a.canal == peticion.canal else a
                          for a in avisos]
        else:
            plataforma.mensaje_directo(peticion.espacio, peticion.usuario, resultado)
    except ErrorDeEnvio:
        registro_log.exception("no se pudo entregar el resultado de %s a %s", peticion.comando, peticion.usuario)
        return
    if avisos:
        entregar_avisos(plataforma, peticion.espacio, avisos)
