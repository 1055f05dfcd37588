"""El despacho: de una petición neutral a la respuesta neutral, dentro de una transacción.

Un error del comando se convierte en lo que la persona ve con ``respuesta_de_error`` (un
``ErrorDeUsuario`` llega con su texto y la línea de uso; cualquier otra excepción se registra con
su traza y se contesta con ``MENSAJE_GENERICO``); solo los ``ErroresDeFormulario`` de un formulario
salen de aquí, para que el adaptador los ponga junto a cada campo.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import Any

from sqlalchemy.orm import Session

from asistente.datos.bd import EscrituraEnLectura, Fabrica, transaccion
from asistente.nucleo.canal import (
    Canales,
    ConstructorDeCanales,
    leer_ajustes_de_canales,
)
from asistente.nucleo.config import Config
from asistente.nucleo.fallos import respuesta_de_error
from asistente.nucleo.lector import Lector
from asistente.nucleo.formularios import ErroresDeFormulario, Formulario, validar
from asistente.nucleo.identidad import Identidad, identidad
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.respuesta import Respuesta
from asistente.nucleo.texto import normalizar
from modelos import Espacio

registro_log = logging.getLogger("asistente.nucleo.despacho")

AVISO_DIRECTOR = (
    "Eres la primera persona en usar el asistente en este espacio, así que quedaste como director(a): "
    "puedes asignar coberturas, aprobar boletines y configurar. Cambia roles con `/equipo`."
)

ManejadorAccion = Callable[[Peticion, Session, str], Respuesta]
ManejadorFormulario = Callable[[Peticion, Session, dict[str, Any], dict[str, str]], Respuesta]
# Reconstruye la definición de un formulario (sus opciones pueden venir de la base).
DefinicionFormulario = Callable[[Peticion, Session, dict[str, str]], Formulario]


class Despachador:
    def __init__(self, fabrica: Fabrica, comandos: dict[str, ModuleType], canales: Canales | None = None,
                 construir_canales: ConstructorDeCanales | None = None, lector: Lector | None = None) -> None:
        """``comandos``: ``{"agenda": comandos.agenda, …}``; ``canales``: los de difusión del despliegue,
        que llegan a cada petición; ``construir_canales``: arma los de un espacio que tiene los suyos.
        Los da ``asistente.procesos.app``."""
        self.fabrica = fabrica
        self.comandos = comandos
        self.canales: Canales = canales if canales is not None else {}
        self.construir_canales = construir_canales
        self.lector = lector
        self._canales_por_espacio: dict[tuple[int, str], Canales] = {}
        self._candado_canales = threading.Lock()
        # Qué comandos (nombre y primera palabra) o botones escribieron alguna vez: esos abren su
        # transacción ya como escritura; los demás empiezan como de solo lectura (ver ``_ejecutar``).
        self._escriben: set[str] = set()
        self.acciones: dict[str, ManejadorAccion] = {}
        self.formularios: dict[str, ManejadorFormulario] = {}
        self.definiciones: dict[str, DefinicionFormulario] = {}
        for modulo in comandos.values():
            self.acciones.update(getattr(modulo, "ACCIONES", {}))
            self.formularios.update(getattr(modulo, "FORMULARIOS", {}))
            self.definiciones.update(getattr(modulo, "DEFINICIONES", {}))

    # --- canales de difusión por espacio ---------------------------------------------------------------
    def canales_de(self, espacio: Espacio | Identidad) -> Canales:
        """Los canales del espacio: los suyos si un director los fijó desde el chat (sobre los del
        despliegue), si no, los del despliegue. Se arman una vez por cada versión de sus ajustes."""
        propios = leer_ajustes_de_canales(espacio.difusion)
        if not propios or self.construir_canales is None:
            return self.canales
        clave = (espacio.id, espacio.difusion)
        with self._candado_canales:
            canales = self._canales_por_espacio.get(clave)
            if canales is None:
                canales = self._canales_por_espacio[clave] = self.construir_canales(propios)
            return canales

    @staticmethod
    def config_de(config: Config, espacio: Espacio | Identidad) -> Config:
        """La configuración con lo propio del espacio, si lo tiene: hashtags, municipio y estado."""
        hashtags = leer_ajustes_de_canales(espacio.difusion).get("hashtags")
        if not (hashtags or espacio.municipio or espacio.estado):
            return config
        return replace(config, hashtags=hashtags or config.hashtags, municipio=espacio.municipio or config.municipio,
                       estado=espacio.estado or config.estado)

    # --- entradas -----------------------------------------------------------------------
    def comando(self, peticion: Peticion) -> Respuesta:
        nombre = normalizar(peticion.comando.lstrip("/"))
        modulo = self.comandos.get(nombre)
        if modulo is None:
            conocidos = " ".join(f"/{n}" for n in sorted(self.comandos))
            return Respuesta.error(f"No conozco el comando «/{nombre}». Los comandos son: {conocidos}.")
        clave = f"/{nombre} {normalizar((peticion.texto.split(None, 1) or [''])[0])}"
        return self._ejecutar(peticion, lambda p, s: modulo.manejar(p, s), getattr(modulo, "USO", None), clave=clave)

    def accion(self, peticion: Peticion, accion: str, valor: str) -> Respuesta:
        manejador = self.acciones.get(accion)
        if manejador is None:
            return Respuesta.error("Ese botón ya no sirve. Vuelve a pedir la información con el comando.")
        return self._ejecutar(peticion, lambda p, s: manejador(p, s, valor), None, clave=f"boton {accion}")

    def formulario(
        self, peticion: Peticion, id_formulario: str, valores: dict[str, Any], contexto: dict[str, str] | None = None
    ) -> Respuesta:
        """Valida un envío y llama a su manejador. La definición se reconstruye aquí (sus opciones
        pueden depender de la base), así el adaptador solo guarda ``id`` y ``contexto``.

        Los errores por campo salen como ``ErroresDeFormulario``: el adaptador los pone junto a cada
        campo y el formulario sigue abierto. Nada se escribe en ese caso.
        """
        manejador = self.formularios.get(id_formulario)
        definicion = self.definiciones.get(id_formulario)
        if manejador is None or definicion is None:
            return Respuesta.error("Ese formulario ya no existe. Vuelve a abrirlo con el comando.")
        contexto = dict(contexto or {})

        def correr(p: Peticion, s: Session) -> Respuesta:
            formulario = definicion(p, s, contexto)
            limpios = validar(formulario, valores)
            return manejador(p, s, limpios, contexto)

        return self._ejecutar(peticion, correr, None, errores_de_campo=True)

    def en_transaccion(self, peticion: Peticion, funcion: Callable[[Peticion, Session], Respuesta]) -> Respuesta:
        """Para adaptadores y el programador: cualquier trabajo con la misma identidad y errores."""
        return self._ejecutar(peticion, funcion, None)

    # --- núcleo ---------------------------------------------------------------------------
    def _ejecutar(
        self,
        peticion: Peticion,
        funcion: Callable[[Peticion, Session], Respuesta],
        uso: str | None,
        errores_de_campo: bool = False,
        clave: str | None = None,
    ) -> Respuesta:
        """Corre ``funcion`` en una transacción. Con ``clave`` (comandos y botones) la transacción
        empieza como de solo lectura, que en SQLite no hace fila detrás de las escrituras; si la
        función intenta escribir, todo se revierte y se repite como escritura, y la clave se
        recuerda para empezar así la próxima vez. Repetir es seguro: nada se confirmó y los comandos
        no tienen otros efectos (los avisos salen después, de la respuesta)."""
        solo_lectura = clave is not None and clave not in self._escriben
        while True:
            try:
                return self._intentar(peticion, funcion, uso, errores_de_campo, solo_lectura)
            except EscrituraEnLectura as escritura:
                assert clave is not None
                if escritura.del_comando:  # no lo que escribe el registro de la persona (ver abajo)
                    if len(self._escriben) > 1000:
                        self._escriben.clear()
                    self._escriben.add(clave)
                solo_lectura = False

    def _intentar(
        self,
        peticion: Peticion,
        funcion: Callable[[Peticion, Session], Respuesta],
        uso: str | None,
        errores_de_campo: bool,
        solo_lectura: bool,
    ) -> Respuesta:
        try:
            with transaccion(self.fabrica, solo_lectura=solo_lectura) as session:
                try:
                    quien = identidad(session, peticion)
                    session.flush()  # un nombre que cambió se escribe aquí y no se achaca al comando
                except EscrituraEnLectura as escritura:
                    escritura.del_comando = False  # una persona nueva o renombrada: solo esta vez
                    raise
                completa = peticion.con(espacio_id=quien.id, persona_id=quien.persona_id, canales=self.canales_de(quien),
                                        config=self.config_de(peticion.config, quien),
                                        lector=peticion.lector or self.lector)
                respuesta = funcion(completa, session)
                session.flush()
        except EscrituraEnLectura:
            raise  # la repite ``_ejecutar`` como escritura
        except ErroresDeFormulario as errores:
            if errores_de_campo:
                raise
            return respuesta_de_error(errores, registro=registro_log,
                                      que=f"errores de formulario fuera de un formulario en {peticion.comando}")
        except Exception as error:
            return respuesta_de_error(error, uso, registro=registro_log, que=(
                f"falló {peticion.comando} {peticion.texto!r} de {peticion.usuario} en {peticion.espacio}"))
        if quien.nueva_directora:
            respuesta.avisar_a(peticion.usuario, Respuesta.texto(AVISO_DIRECTOR))
        return respuesta
