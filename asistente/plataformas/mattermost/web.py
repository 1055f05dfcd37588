"""Los tres puntos HTTP que Mattermost llama: comandos slash, botones y diálogos (WSGI simple).

Mattermost manda los comandos como formulario (``token``, ``team_id``, ``user_id``, ``command``,
``text``, ``trigger_id``…) y los botones y diálogos como JSON. Los comandos se autentican con su
token (``MATTERMOST_TOKENS``); botones y diálogos con la firma HMAC de su contexto o ``state``.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from asistente.agenda.anuncios import publicar_anclada
from asistente.datos.bd import primera_vez
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.fallos import respuesta_de_error
from asistente.nucleo.formularios import ErroresDeFormulario, Formulario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.plataforma import ErrorDeEnvio, entregar_avisos
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.mattermost import dibujo, textos
from asistente.plataformas.mattermost.firma import verificar_contexto, verificar_estado
from asistente.plataformas.mattermost.plataforma import (
    PlataformaMattermost,
    crear_plataforma,
)
from asistente.plataformas.tareas import correr_tarea
from asistente.plataformas.trabajo import TRABAJO

registro_log = logging.getLogger("asistente.plataformas.mattermost")

Entorno = dict[str, Any]
IniciarRespuesta = Callable[..., Any]
Wsgi = Callable[[Entorno, IniciarRespuesta], Iterable[bytes]]

MAX_CUERPO = 1_000_000
_MENCION = re.compile(r"(?<![<\w])@([a-z0-9][a-z0-9._-]*)", re.IGNORECASE)


class _Salida(Exception):
    def __init__(self, estado: int, cuerpo: dict[str, Any]) -> None:
        self.estado = estado
        self.cuerpo = cuerpo


def _leer_cuerpo(entorno: Entorno) -> bytes:
    try:
        largo = int(entorno.get("CONTENT_LENGTH") or 0)
    except ValueError:
        largo = 0
    if largo > MAX_CUERPO:
        raise _Salida(413, {"text": textos.PETICION_INVALIDA})
    return bytes(entorno["wsgi.input"].read(largo)) if largo > 0 else b""


def _json(cuerpo: bytes) -> dict[str, Any]:
    try:
        datos = json.loads(cuerpo or b"{}")
    except ValueError:
        raise _Salida(400, {"text": textos.PETICION_INVALIDA}) from None
    if not isinstance(datos, dict):
        raise _Salida(400, {"text": textos.PETICION_INVALIDA})
    return datos


def _en_segundo_plano(funcion: Callable[[], None]) -> None:
    def correr() -> None:
        try:
            funcion()
        except Exception:
            registro_log.exception("falló un envío en segundo plano a Mattermost")

    TRABAJO.en_hilo(correr, "mattermost-envio")


def _con_el_error(punto: str, texto: str) -> dict[str, Any]:
    """``texto`` en la forma en que cada punto lo muestra: comando, botón o diálogo."""
    if punto == "acciones":
        return {"ephemeral_text": texto}
    if punto == "dialogos":
        return {"error": texto}
    return {"response_type": "ephemeral", "text": texto}


class AppMattermost:
    """El WSGI de ``/mattermost/…``. Acepta el prefijo en ``SCRIPT_NAME`` o en ``PATH_INFO``."""

    def __init__(self, app: Aplicacion, plataforma: PlataformaMattermost | None = None) -> None:
        self.app = app
        self.config = app.config
        self.plataforma = plataforma or crear_plataforma(app.config)
        self.reloj: Callable[[], datetime] = lambda: datetime.now(self.config.tz)
        self._equipos: tuple[float, set[str]] | None = None
        self._origenes = [ipaddress.ip_network(o, strict=False) for o in self.config.mattermost_origenes]
        if not self.config.mattermost_tokens:
            registro_log.warning("MATTERMOST_TOKENS está vacío: todo comando slash de Mattermost recibirá 401")

    # --- WSGI --------------------------------------------------------------------------------
    def __call__(self, entorno: Entorno, iniciar: IniciarRespuesta) -> Iterable[bytes]:
        ruta = (entorno.get("PATH_INFO") or "/").rstrip("/")
        punto = ruta.rsplit("/", 1)[-1]
        try:
            if punto not in ("comandos", "acciones", "dialogos"):
                raise _Salida(404, {"text": textos.NO_ENCONTRADO})
            if not self._origen_permitido(entorno):
                registro_log.warning("llamada a /mattermost/%s desde %s, fuera de MATTERMOST_ORIGENES", punto,
                                     entorno.get("REMOTE_ADDR"))
                raise _Salida(403, {"text": textos.ORIGEN_AJENO})
            metodo = entorno.get("REQUEST_METHOD")
            if punto == "comandos" and metodo == "GET":
                # Un comando slash configurado con el método GET manda sus campos en la consulta.
                cuerpo = str(entorno.get("QUERY_STRING", "")).encode("latin-1")[:MAX_CUERPO]
            elif metodo != "POST":
                raise _Salida(405, {"text": textos.METODO})
            else:
                cuerpo = _leer_cuerpo(entorno)
            if punto == "comandos":
                estado, datos = self.comando(entorno, cuerpo)
            elif punto == "acciones":
                estado, datos = self.accion(_json(cuerpo))
            else:
                estado, datos = self.dialogo(_json(cuerpo))
        except _Salida as salida:
            estado, datos = salida.estado, salida.cuerpo
        except Exception as error:
            # Mattermost solo enseña el texto de una respuesta 200: la persona lee el mensaje genérico.
            texto = dibujo.mensaje(respuesta_de_error(error, registro=registro_log, que=f"falló {ruta}"))
            estado, datos = 200, _con_el_error(punto, texto)
        carga = json.dumps(datos, ensure_ascii=False).encode() if datos is not None else b""
        frases = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                  413: "Payload Too Large", 500: "Internal Server Error"}
        iniciar(f"{estado} {frases.get(estado, 'OK')}", [
            ("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(carga))),
        ])
        return [carga]

    def _origen_permitido(self, entorno: Entorno) -> bool:
        """Con ``MATTERMOST_ORIGENES``, solo el servidor de Mattermost llega a sus puntos: un botón del
        canal no se puede reenviar desde otra máquina. ``REMOTE_ADDR`` es quien conecta (waitress no
        cree en ``X-Forwarded-For``): detrás de un proxy, se pone la dirección del proxy."""
        if not self._origenes:
            return True
        try:
            direccion = ipaddress.ip_address(str(entorno.get("REMOTE_ADDR") or ""))
        except ValueError:
            return False
        return any(direccion in red for red in self._origenes)

    # --- comandos slash ----------------------------------------------------------------------------
    def _token_valido(self, entorno: Entorno, campos: dict[str, str]) -> bool:
        """El token de un comando vale solo para su equipo: ``equipo:token`` en ``MATTERMOST_TOKENS``,
        o un token solo, que vale en los equipos a los que pertenece el bot. Así un token filtrado no
        sirve para hablar en nombre de otro equipo."""
        encabezado = str(entorno.get("HTTP_AUTHORIZATION", ""))
        token = encabezado[6:].strip() if encabezado[:6].lower() == "token " else campos.get("token", "")
        equipo = campos.get("team_id", "")
        if not token or not equipo:
            return False
        coincide_suelto = coincide_del_equipo = False
        for esperado in self.config.mattermost_tokens:
            dueno, _, secreto = esperado.rpartition(":")
            # Se comparan todos, siempre, en tiempo constante.
            igual = hmac.compare_digest(token.encode(), secreto.encode())
            coincide_del_equipo = (igual and hmac.compare_digest(equipo.encode(), dueno.encode())) or coincide_del_equipo
            coincide_suelto = (igual and not dueno) or coincide_suelto
        if coincide_del_equipo:
            return True
        return coincide_suelto and equipo in self._equipos_del_bot()

    def _equipos_del_bot(self) -> set[str]:
        """Los equipos del bot, pedidos a Mattermost y recordados un minuto."""
        ahora = time.monotonic()
        if self._equipos is None or ahora - self._equipos[0] > 60:
            try:
                self._equipos = (ahora, self.plataforma.cliente.equipos_del_bot())
            except ErrorDeEnvio:
                registro_log.warning("no pude saber a qué equipos pertenece el bot; rechazo el comando")
                return set()
        return self._equipos[1]

    def comando(self, entorno: Entorno, cuerpo: bytes) -> tuple[int, dict[str, Any] | None]:
        bruto = parse_qs(cuerpo.decode("utf-8", "replace"), keep_blank_values=True)
        campos = {k: v[0] for k, v in bruto.items() if v}
        if not self._token_valido(entorno, campos):
            registro_log.warning("comando de Mattermost con token inválido desde %s", entorno.get("REMOTE_ADDR"))
            return 401, {"response_type": "ephemeral", "text": textos.TOKEN_INVALIDO}
        espacio = f"mattermost:{campos.get('team_id', '')}"
        usuario = campos.get("user_id", "")
        peticion = Peticion(
            config=self.config, espacio=espacio, usuario=usuario,
            texto=self._menciones(campos.get("text", "")), ahora=self.reloj(),
            comando=campos.get("command", "").lstrip("/"),
            nombre_usuario=self.plataforma.nombre_de(usuario, campos.get("user_name", "")),
            usuario_handle=campos.get("user_name", ""), canal=campos.get("channel_id", ""),
            nombre_espacio=campos.get("team_domain", ""),
        )
        respuesta = self.app.despachador.comando(peticion)
        if respuesta.form is not None:
            return 200, self._abrir(respuesta.form, campos.get("trigger_id", ""), espacio, peticion.canal)
        if respuesta.tarea is not None:  # un informe: se contesta «preparando…» y el archivo llega después
            tarea = respuesta.tarea
            _en_segundo_plano(lambda: correr_tarea(self.app.despachador, self.plataforma, peticion, tarea))
        if respuesta.anclada and respuesta.publica and not respuesta.es_error and peticion.canal:
            # Un anuncio lo publica el bot por REST (la respuesta del comando no dice el id del post):
            # su hilo queda ligado al evento. Si el bot no está en el canal, va como respuesta normal.
            try:
                publicar_anclada(self.app.fabrica, self.plataforma, espacio, peticion.canal,
                                 replace(respuesta, adjunto=None, avisos=[]))
            except ErrorDeEnvio as error:
                registro_log.info("%s; el anuncio va como respuesta del comando, sin hilo", error)
            else:
                self._despues(respuesta, espacio, peticion.canal)
                return 200, {"response_type": "ephemeral", "text": ""}
        self._despues(respuesta, espacio, peticion.canal)
        cuerpo_respuesta: dict[str, Any] = {
            "response_type": "in_channel" if respuesta.publica and not respuesta.es_error else "ephemeral",
            "text": dibujo.mensaje(respuesta),
        }
        # Una respuesta efímera solo la ve quien escribió el comando: sus botones son suyos.
        para = "" if cuerpo_respuesta["response_type"] == "in_channel" else usuario
        adjuntos = dibujo.adjuntos(respuesta, espacio, self.plataforma.url_acciones, self.config.secreto_firma, para=para,
                                   canal=peticion.canal)
        if adjuntos:
            cuerpo_respuesta["attachments"] = adjuntos
        return 200, cuerpo_respuesta

    def _menciones(self, texto: str) -> str:
        """``@ana`` → ``<@id|ana>`` con los ids de Mattermost (así se le puede escribir a la persona)."""
        nombres = sorted({m.group(1).rstrip(".").lower() for m in _MENCION.finditer(texto)})
        if not nombres or not self.config.mattermost_url:
            return texto
        try:
            usuarios = self.plataforma.cliente.usuarios_por_nombre(nombres)
        except ErrorDeEnvio:
            registro_log.warning("no pude resolver las menciones %s", nombres)
            return texto
        ids = {str(u.get("username", "")).lower(): str(u.get("id", "")) for u in usuarios if u.get("id")}

        def cambiar(m: re.Match[str]) -> str:
            nombre = m.group(1).rstrip(".")
            uid = ids.get(nombre.lower())
            return f"<@{uid}|{nombre}>" + m.group(1)[len(nombre):] if uid else m.group(0)

        return _MENCION.sub(cambiar, texto)

    # --- botones -------------------------------------------------------------------------------------
    def accion(self, datos: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        contexto = verificar_contexto(self.config.secreto_firma, datos.get("context"), self.reloj().timestamp())
        if contexto is None:
            registro_log.warning("botón de Mattermost con firma inválida o vencida de %s", datos.get("user_id"))
            return 200, {"ephemeral_text": textos.BOTON_FALSO}
        espacio = contexto["espacio"]
        usuario = str(datos.get("user_id", ""))
        if contexto["para"] and not hmac.compare_digest(contexto["para"].encode(), usuario.encode("utf-8", "replace")):
            registro_log.warning("botón de %s pulsado por %s", contexto["para"], usuario)
            return 200, {"ephemeral_text": textos.BOTON_AJENO}
        if contexto.get("canal") and not hmac.compare_digest(
                contexto["canal"].encode(), str(datos.get("channel_id", "")).encode("utf-8", "replace")):
            registro_log.warning("botón del canal %s pulsado desde %s por %s", contexto["canal"], datos.get("channel_id"), usuario)
            return 200, {"ephemeral_text": textos.BOTON_OTRO_CANAL}
        disparo = str(datos.get("trigger_id") or "")
        if disparo and not primera_vez(self.app.fabrica, f"mattermost:clic:{espacio}:{disparo}"[:200], self.reloj()):
            # Mattermost da un trigger_id nuevo a cada clic: el mismo, reenviado, no se atiende otra vez.
            registro_log.warning("clic de Mattermost repetido (%s) de %s", disparo, usuario)
            return 200, {"ephemeral_text": textos.BOTON_REPETIDO}
        canal = str(datos.get("channel_id", ""))
        peticion = Peticion(
            config=self.config, espacio=espacio, usuario=usuario, texto="", ahora=self.reloj(), comando="boton",
            nombre_usuario=self.plataforma.nombre_de(usuario, str(datos.get("user_name", ""))),
            usuario_handle=str(datos.get("user_name", "")), canal=canal, hilo=str(datos.get("post_id") or "") or None,
        )
        respuesta = self.app.despachador.accion(peticion, contexto["accion"], contexto["valor"])
        if respuesta.form is not None:
            return 200, self._abrir(respuesta.form, str(datos.get("trigger_id", "")), espacio, canal)
        self._despues(respuesta, espacio, canal)
        if respuesta.reemplaza_original and not respuesta.es_error:
            adjuntos = dibujo.adjuntos(respuesta, espacio, self.plataforma.url_acciones, self.config.secreto_firma,
                                       para=contexto["para"], canal=canal)
            return 200, {"update": {"message": dibujo.mensaje(respuesta), "props": {"attachments": adjuntos}}}
        if respuesta.publica and not respuesta.es_error:
            _en_segundo_plano(lambda: self._publicar_o_avisar(respuesta, espacio, canal, usuario))
            return 200, {}
        if respuesta.botones:
            _en_segundo_plano(lambda: self._efimero_o_directo(respuesta, espacio, canal, usuario))
            return 200, {}
        return 200, {"ephemeral_text": dibujo.mensaje(respuesta)}

    # --- diálogos -------------------------------------------------------------------------------------
    def dialogo(self, datos: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        if datos.get("cancelled") or datos.get("type") == "dialog_cancellation":
            return 200, None
        estado = verificar_estado(self.config.secreto_firma, datos.get("state"))
        if estado is None:
            registro_log.warning("diálogo de Mattermost con state inválido de %s", datos.get("user_id"))
            return 200, {"error": textos.DIALOGO_FALSO}
        espacio = str(estado.get("e", ""))
        canal = str(datos.get("channel_id") or estado.get("c") or "")
        usuario = str(datos.get("user_id", ""))
        peticion = Peticion(
            config=self.config, espacio=espacio, usuario=usuario, texto="", ahora=self.reloj(),
            comando="formulario", nombre_usuario=self.plataforma.nombre_de(usuario), canal=canal,
        )
        contexto = estado.get("x") if isinstance(estado.get("x"), dict) else {}
        valores = dibujo.valores_de_envio(datos.get("submission"))
        try:
            respuesta = self.app.despachador.formulario(peticion, str(estado.get("f", "")), dict(valores), contexto)
        except ErroresDeFormulario as errores:
            nombres = set(valores)
            por_campo = {k: v for k, v in errores.errores.items() if k in nombres}
            sueltos = [v for k, v in errores.errores.items() if k not in nombres]
            cuerpo: dict[str, Any] = {"errors": por_campo} if por_campo else {}
            if sueltos:
                cuerpo["error"] = " ".join(sueltos)
            return 200, cuerpo
        if respuesta.es_error:
            return 200, {"error": dibujo.mensaje(respuesta)}
        self._despues(respuesta, espacio, canal)
        if respuesta.publica:
            _en_segundo_plano(lambda: self._publicar_o_avisar(respuesta, espacio, canal, usuario))
        else:
            _en_segundo_plano(lambda: self._efimero_o_directo(respuesta, espacio, canal, usuario))
        return 200, None

    # --- apoyo ------------------------------------------------------------------------------------------
    def _abrir(self, formulario: Formulario, trigger_id: str, espacio: str, canal: str) -> dict[str, Any]:
        """Abre el diálogo; si no se puede, lo dice en un mensaje que solo ve quien pidió."""
        try:
            if not self.plataforma.url_dialogos:
                raise ErrorDeEnvio(textos.SIN_URL_PUBLICA)
            self.plataforma.cliente.abrir_dialogo(
                trigger_id, self.plataforma.url_dialogos,
                dibujo.dialogo(formulario, self.config.secreto_firma, espacio, canal),
            )
        except ErrorDeEnvio as error:
            registro_log.warning("no se abrió el diálogo %s: %s", formulario.id, error)
            return {"response_type": "ephemeral", "text": textos.SIN_FORMULARIO.format(motivo=error)}
        return {}

    def _despues(self, respuesta: Respuesta, espacio: str, canal: str) -> None:
        """Lo que va después de contestar: los avisos a otras personas y el archivo adjunto."""
        avisos = list(respuesta.avisos)
        adjunto = respuesta.adjunto
        if not avisos and adjunto is None:
            return

        def enviar() -> None:
            if adjunto is not None:
                try:
                    self.plataforma.subir_archivo(espacio, canal, adjunto.ruta, adjunto.titulo)
                except ErrorDeEnvio as error:
                    registro_log.warning("no se subió %s: %s", adjunto.ruta, error)
            entregar_avisos(self.plataforma, espacio, avisos)

        _en_segundo_plano(enviar)

    def _publicar_o_avisar(self, respuesta: Respuesta, espacio: str, canal: str, usuario: str) -> None:
        sin_adjunto = replace(respuesta, adjunto=None, avisos=[])
        try:
            publicar_anclada(self.app.fabrica, self.plataforma, espacio, canal, sin_adjunto)
        except ErrorDeEnvio as error:
            # El bot puede no ser miembro del canal: que al menos lo vea quien lo pidió.
            registro_log.warning("no se publicó en %s (%s); se manda como efímero", canal, error)
            self._efimero_o_directo(sin_adjunto, espacio, canal, usuario)

    def _efimero_o_directo(self, respuesta: Respuesta, espacio: str, canal: str, usuario: str) -> None:
        """Lo que solo debe ver una persona y no cabe en la respuesta del comando o del botón (trae
        botones, o llega después): un mensaje efímero si el bot puede (Mattermost solo deja a los
        administradores del sistema), si no, un mensaje directo a esa persona."""
        sin_adjunto = replace(respuesta, adjunto=None, avisos=[])
        try:
            self.plataforma.efimero(espacio, usuario, canal, sin_adjunto)
        except ErrorDeEnvio as error:
            registro_log.info("sin mensaje efímero (%s): va por mensaje directo", error)
            self.plataforma.mensaje_directo(espacio, usuario, sin_adjunto)


def crear_wsgi(app: Aplicacion, plataforma: PlataformaMattermost | None = None) -> AppMattermost:
    """El WSGI de Mattermost que ``asistente servir`` monta en ``/mattermost/``."""
    return AppMattermost(app, plataforma)
