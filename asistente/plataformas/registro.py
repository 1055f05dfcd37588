"""Las plataformas, en una sola lista: cuáles están configuradas, cómo se crea cada una, cómo baja
los archivos que la gente suelta en un canal y qué escucha en segundo plano al arrancar el servidor.
Quien necesita «todas las plataformas» (el programador, ``asistente servir``, la reanudación de
descargas) pregunta aquí; agregar una plataforma es agregar una fila.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from asistente.archivo.entrada import Descargador
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.nucleo.plataforma import Plataforma
from asistente.plataformas.consola.consola import Consola
from asistente.plataformas.mattermost.escucha import (
    DescargadorMattermost,
    iniciar_escucha,
)
from asistente.plataformas.mattermost.plataforma import PlataformaMattermost
from asistente.plataformas.slack.cliente import crear_cliente
from asistente.plataformas.slack.conexion import ESTADO, conectar
from asistente.plataformas.slack.descargas import DescargadorSlack
from asistente.plataformas.slack.plataforma import PlataformaSlack, crear_plataforma_slack
from asistente.plataformas.web import iniciar_socket_mode


@dataclass(frozen=True)
class PlataformaRegistrada:
    """Una plataforma: su prefijo de espacio (``slack:T012`` → ``slack``), si la configuración trae sus
    credenciales, cómo se crea su adaptador y, si recibe archivos, su descargador."""

    nombre: str
    configurada: Callable[[Config], bool]
    crear: Callable[[Aplicacion], Plataforma]
    descargador: Callable[[Aplicacion, Plataforma], Descargador | None]
    # Lo que escucha en segundo plano en ``asistente servir`` (Socket Mode, el WebSocket de
    # Mattermost); devuelve qué quedó escuchando, para el registro.
    escuchar: Callable[[Aplicacion], str]


def _descargador_slack(app: Aplicacion, plataforma: Plataforma) -> Descargador | None:
    instalaciones = plataforma.instalaciones if isinstance(plataforma, PlataformaSlack) else None
    return DescargadorSlack(app.config, instalaciones.token_de if instalaciones else None)


def _descargador_mattermost(app: Aplicacion, plataforma: Plataforma) -> Descargador | None:
    if not isinstance(plataforma, PlataformaMattermost):
        return None
    return DescargadorMattermost(plataforma.cliente, app.config.max_bytes)


def _escuchar_slack(app: Aplicacion) -> str:
    """Comprueba el token del bot (un token malo detiene el arranque con qué hacer; Slack sin contestar
    deja /salud «degradado» y se reintenta) y, en Socket Mode, conecta en cuanto Slack contesta."""
    socket_mode = bool(app.config.slack_app_token)
    texto = conectar(app.config, crear_cliente(app.config),
                     (lambda: iniciar_socket_mode(app)) if socket_mode else (lambda: None))
    return f"{texto} ({'Socket Mode' if socket_mode else 'HTTP en POST /slack/events'})"


def _escuchar_mattermost(app: Aplicacion) -> str:
    iniciar_escucha(app, app.config)
    return "Mattermost: escucho los archivos por WebSocket"


PLATAFORMAS: tuple[PlataformaRegistrada, ...] = (
    PlataformaRegistrada(
        "slack",
        configurada=lambda c: c.slack_configurado,
        crear=crear_plataforma_slack,
        descargador=_descargador_slack,
        escuchar=_escuchar_slack,
    ),
    PlataformaRegistrada(
        "mattermost",
        configurada=lambda c: bool(c.mattermost_url and c.mattermost_bot_token),
        crear=lambda app: PlataformaMattermost(app.config),
        descargador=_descargador_mattermost,
        escuchar=_escuchar_mattermost,
    ),
    # La consola siempre está: sus espacios (``consola:local``, la demo) publican en la salida estándar.
    PlataformaRegistrada(
        "consola",
        configurada=lambda _c: True,
        crear=lambda app: Consola(config=app.config, despachador=app.despachador, salida=sys.stdout),
        descargador=lambda _app, _p: None,
        escuchar=lambda _app: "",
    ),
)


def configuradas(app: Aplicacion) -> dict[str, Plataforma]:
    """El adaptador de cada plataforma con credenciales, por prefijo de espacio."""
    return {p.nombre: p.crear(app) for p in PLATAFORMAS if p.configurada(app.config)}


def escuchar(app: Aplicacion) -> list[str]:
    """Arranca lo que cada plataforma configurada escucha en segundo plano; dice qué quedó escuchando."""
    return [texto for p in PLATAFORMAS if p.configurada(app.config) and (texto := p.escuchar(app))]


def vigilar(app: Aplicacion) -> None:
    """Los trabajadores que no escuchan (el 0 lo hace) también saben si Slack contesta, para que
    ``/salud`` diga lo mismo en cualquier proceso que atienda la petición."""
    if app.config.slack_bot_token:
        try:
            conectar(app.config, crear_cliente(app.config))
        except ErrorDeConfiguracion as error:  # el trabajador 0 lo dice y detiene el arranque
            ESTADO.degradar(error.mensaje)


def descargadores(app: Aplicacion, plataformas: dict[str, Plataforma]) -> dict[str, Descargador]:
    """El descargador de cada plataforma dada que recibe archivos (con el token de su bot)."""
    resultado: dict[str, Descargador] = {}
    for registrada in PLATAFORMAS:
        plataforma = plataformas.get(registrada.nombre)
        if plataforma is None:
            continue
        descargador = registrada.descargador(app, plataforma)
        if descargador is not None:
            resultado[registrada.nombre] = descargador
    return resultado
