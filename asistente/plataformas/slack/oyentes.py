"""La app de Bolt: comandos slash, botones, modales, archivos soltados en un canal y la pestaña
Inicio, todos hacia el mismo despacho neutral.

Todo se reconoce (``ack``) de inmediato, en el hilo de la petición, y el trabajo sigue después en
otro hilo (comandos y botones: nuestro ejecutor; eventos: un oyente perezoso, ``lazy``, de Bolt): la
respuesta llega por ``response_url`` o por la Web API. Usamos ``process_before_response=True`` en vez
del modo por omisión de Bolt, que espera el ``ack`` del oyente consultando cada 10 ms (eso solo ya
cuesta ~10 ms por petición).
La excepción es el envío de un modal, que se valida antes del ``ack`` para poder mostrar los
errores junto a cada campo; lo que sigue (publicar el resultado) va a otro hilo.
"""

from __future__ import annotations

import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError

from asistente.agenda.anuncios import publicar_anclada
from asistente.archivo.entrada import ArchivoRemoto, Lote
from asistente.archivo.ingesta import recibir
from asistente.coberturas.inicio import vista_inicio
from asistente.datos.bd import primera_vez, reclamar_evento, terminar_evento
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.nucleo.fallos import respuesta_de_error
from asistente.nucleo.formularios import ErroresDeFormulario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.plataforma import ErrorDeEnvio, entregar_avisos
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas import HILOS
from asistente.plataformas.slack.bloques import (
    MAX_BLOQUES_VISTA,
    accion_de,
    dibujar,
    modal,
    valores_de_vista,
)
from asistente.plataformas.slack.cliente import (
    Nombres,
    Respondedor,
    crear_cliente,
    error_de_slack,
)
from asistente.plataformas.slack.descargas import DescargadorSlack
from asistente.plataformas.slack.oauth import argumentos_de_bolt, escuchar_desinstalaciones
from asistente.plataformas.slack.plataforma import PlataformaSlack, crear_plataforma_slack
from asistente.plataformas.tareas import correr_tarea
from asistente.plataformas.trabajo import TRABAJO, EjecutorContado
from comandos import registro

registro_log = logging.getLogger("asistente.slack")

# Un evento reclamado y sin terminar (el proceso murió a la mitad) se vuelve a tomar si Slack lo
# reenvía pasada su concesión (Slack reintenta al momento, al minuto y a los 5 minutos).
CONCESION_EVENTO = timedelta(minutes=3)
# Un archivo reclamado y sin terminar: su descarga puede tardar; más que eso, el proceso murió.
CONCESION_ARCHIVO = timedelta(minutes=30)

NO_PUDE_ABRIR = "No pude abrir el formulario en Slack. Intenta de nuevo con el comando."


def espacio_de(body: dict[str, Any]) -> str:
    equipo = (body.get("team_id") or (body.get("team") or {}).get("id")
              or (body.get("user") or {}).get("team_id") or "")
    return f"slack:{equipo}"


class Oyentes:
    """Reúne lo que los oyentes comparten: la aplicación, la plataforma y los nombres."""

    def __init__(self, aplicacion: Aplicacion, plataforma: PlataformaSlack) -> None:
        self.aplicacion = aplicacion
        self.config = aplicacion.config
        self.plataforma = plataforma
        self.nombres = Nombres(plataforma.cliente_de)
        self.respondedor = Respondedor(conexiones=plataforma.conexiones)
        instalaciones = plataforma.instalaciones
        self.descargador = DescargadorSlack(aplicacion.config, instalaciones.token_de if instalaciones else None)
        # Las descargas pueden tardar minutos: van en su propio ejecutor, no en el de Bolt.
        self.lento = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slack-archivos")
        # Comandos y botones: tantos hilos como el servidor web, así cada petición aceptada tiene
        # quien la atienda (el trabajo es corto; más hilos solo competirían por el GIL).
        self.rapido = ThreadPoolExecutor(max_workers=HILOS, thread_name_prefix="slack-respuestas")
        # Lo aceptado que sigue en curso (ya se le dio ``ack``): al detenerse, ``asistente servir``
        # espera a que termine (ver ``asistente.plataformas.trabajo``).
        self.trabajo = TRABAJO

    def _encargar(self, ejecutor: ThreadPoolExecutor, funcion: Any, *args: Any) -> None:
        self.trabajo.encargar(ejecutor, funcion, *args)

    def esperar_pendientes(self, limite: float = 30.0) -> bool:
        """Espera a que termine lo ya aceptado (comandos, botones, formularios, archivos); ``True``
        si terminó todo antes de ``limite`` segundos. Lo que se encargue mientras también se espera."""
        return self.trabajo.esperar(limite)

    def ahora(self) -> datetime:
        return datetime.now(self.config.tz)

    def peticion(self, body: dict[str, Any], *, usuario: str, comando: str, texto: str = "", canal: str = "",
                 handle: str = "", hilo: str | None = None, buscar_nombre: bool = True) -> Peticion:
        # Sin nombre real («»), el núcleo conserva el que ya tenía la persona (o usa su @usuario).
        nombre = self.nombres.de(usuario, espacio=espacio_de(body)) if buscar_nombre else self.nombres.conocido(usuario)
        return Peticion(
            config=self.config, espacio=espacio_de(body), usuario=usuario, texto=texto, ahora=self.ahora(),
            comando=comando, nombre_usuario=nombre, usuario_handle=handle, canal=canal,
            hilo=hilo, nombre_espacio=body.get("team_domain") or (body.get("team") or {}).get("domain") or "",
        )

    # --- contestar ---------------------------------------------------------------------------------
    def abrir_formulario(self, respuesta: Respuesta, trigger_id: str, canal: str, espacio: str) -> bool:
        assert respuesta.form is not None
        metadatos = {"id": respuesta.form.id, "contexto": respuesta.form.contexto, "canal": canal, "espacio": espacio}
        try:
            self.plataforma.cliente_de(espacio).views_open(trigger_id=trigger_id, view=modal(respuesta.form, metadatos))
            return True
        except ErrorDeEnvio as error:
            registro_log.warning("views.open: %s", error)
            return False
        except SlackApiError as error:
            registro_log.warning("views.open falló: %s", error_de_slack(error))
            return False

    def contestar(self, respuesta: Respuesta, respond: Respond, peticion: Peticion, *,
                  reemplazar: bool = False) -> None:
        if respuesta.anclada and respuesta.publica and peticion.canal and not reemplazar:
            # Un anuncio se publica con chat.postMessage (response_url no devuelve el ``ts``): su
            # hilo queda ligado al evento. Si el bot no está en el canal, va por response_url.
            try:
                publicar_anclada(self.aplicacion.fabrica, self.plataforma, peticion.espacio, peticion.canal, respuesta)
            except ErrorDeEnvio as error:
                registro_log.info("%s; el anuncio va por response_url, sin hilo", error)
            else:
                self.despues(replace(respuesta, adjunto=None), peticion)
                return
        texto, bloques = dibujar(respuesta)
        tipo = "in_channel" if respuesta.publica else "ephemeral"
        if respond.response_url and not self.respondedor.usa_proxy(respond.response_url):
            # El mismo mensaje que armaría ``respond``, por una conexión que se reutiliza.
            mensaje: dict[str, Any] = {"text": texto, "response_type": tipo, "replace_original": reemplazar}
            if bloques:
                mensaje["blocks"] = bloques
            self.respondedor.enviar(respond.response_url, mensaje)
        else:
            respond(text=texto, blocks=bloques, response_type=tipo, replace_original=reemplazar)
        self.despues(respuesta, peticion)

    def despues(self, respuesta: Respuesta, peticion: Peticion) -> None:
        """Lo que sigue a la respuesta: el archivo adjunto (PDF) y los avisos a otras personas."""
        if respuesta.adjunto is not None:
            canal = peticion.canal or self.plataforma.canal_directo(peticion.usuario, peticion.espacio)
            try:
                self.plataforma.subir_archivo(peticion.espacio, canal, respuesta.adjunto.ruta, respuesta.adjunto.titulo,
                                              peticion.hilo)
            except ErrorDeEnvio as error:
                registro_log.warning("%s; lo mando por mensaje directo", error)
                try:
                    self.plataforma.subir_archivo(peticion.espacio,
                                                  self.plataforma.canal_directo(peticion.usuario, peticion.espacio),
                                                  respuesta.adjunto.ruta, respuesta.adjunto.titulo)
                except ErrorDeEnvio:
                    registro_log.exception("no se pudo subir %s", respuesta.adjunto.ruta)
        if respuesta.avisos:
            entregar_avisos(self.plataforma, peticion.espacio, respuesta.avisos)
        if respuesta.tarea is not None:  # un informe: «preparando…» ya salió; el archivo, cuando esté
            self._encargar(self.lento, correr_tarea, self.aplicacion.despachador, self.plataforma, peticion,
                           respuesta.tarea)

    def publicar_resultado(self, respuesta: Respuesta, peticion: Peticion) -> None:
        """Para lo que no tiene response_url (modales, pestaña Inicio): al canal si es pública, si
        no (o si el bot no está en el canal) por mensaje directo."""
        try:
            if respuesta.publica and peticion.canal:
                try:
                    publicar_anclada(self.aplicacion.fabrica, self.plataforma, peticion.espacio, peticion.canal,
                                     respuesta)
                except ErrorDeEnvio as error:
                    registro_log.info("%s; lo mando por mensaje directo", error)
                    self.plataforma.mensaje_directo(peticion.espacio, peticion.usuario, respuesta)
            else:
                self.plataforma.mensaje_directo(peticion.espacio, peticion.usuario, respuesta)
        except ErrorDeEnvio:
            registro_log.exception("no se pudo entregar la respuesta a %s", peticion.usuario)
            return
        if respuesta.avisos:
            entregar_avisos(self.plataforma, peticion.espacio, respuesta.avisos)

    # --- reconocer y seguir en otro hilo -----------------------------------------------------------------
    def reconocer_comando(self, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        """``ack`` y el trabajo a un hilo propio. Hace lo mismo que un oyente ``lazy`` de Bolt sin
        su copia profunda de la petición (una cuarta parte de lo que Bolt gasta por comando)."""
        ack()
        if self._repetida(body, "comando"):
            return
        self._encargar(self.rapido, self._seguro, respond, self.comando, body, respond)

    def reconocer_boton(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        if self._repetida(body, "boton"):
            return
        self._encargar(self.rapido, self._seguro, respond, self.boton, body, action, respond)

    @staticmethod
    def _seguro(respond: Respond, funcion: Any, *args: Any) -> None:
        """Lo que falla fuera del despacho (dibujar, contestar) también se le dice a la persona,
        como en la consola: el mensaje genérico, solo para ella, por ``response_url``."""
        try:
            funcion(*args)
        except Exception as error:
            texto, _bloques = dibujar(respuesta_de_error(error, registro=registro_log, que="falló la respuesta a Slack"))
            try:
                respond(text=texto, response_type="ephemeral", replace_original=False)
            except Exception as otro:  # sin response_url (pestaña Inicio) o Slack no contesta
                registro_log.warning("no pude avisar del error por response_url: %s", otro)

    # --- comandos slash -------------------------------------------------------------------------------
    def comando(self, body: dict[str, Any], respond: Respond) -> None:
        peticion = self.peticion(body, usuario=body["user_id"], comando=body["command"].lstrip("/"),
                                 texto=desescapar(body.get("text") or ""), canal=body.get("channel_id") or "",
                                 handle=body.get("user_name") or "")
        respuesta = self.aplicacion.despachador.comando(peticion)
        if respuesta.form is not None:
            if not self.abrir_formulario(respuesta, body.get("trigger_id", ""), peticion.canal, peticion.espacio):
                respond(text=NO_PUDE_ABRIR, response_type="ephemeral")
            return
        self.contestar(respuesta, respond, peticion)

    # --- botones ----------------------------------------------------------------------------------------
    def boton(self, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        usuario = body.get("user") or {}
        canal = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
        mensaje = body.get("message") or {}
        peticion = self.peticion(body, usuario=usuario.get("id", ""), comando="boton", texto=action.get("value", ""),
                                 canal=canal, handle=usuario.get("username") or usuario.get("name") or "",
                                 hilo=mensaje.get("thread_ts"))
        respuesta = self.aplicacion.despachador.accion(peticion, accion_de(action.get("action_id", "")),
                                                       action.get("value") or "")
        if respuesta.form is not None:
            if not self.abrir_formulario(respuesta, body.get("trigger_id", ""), canal, peticion.espacio) and body.get("response_url"):
                respond(text=NO_PUDE_ABRIR, response_type="ephemeral", replace_original=False)
            return
        if body.get("response_url"):
            self.contestar(respuesta, respond, peticion, reemplazar=respuesta.reemplaza_original)
        else:  # un botón de la pestaña Inicio: no hay mensaje que contestar
            self.publicar_resultado(respuesta, peticion.con(canal=""))

    # --- modales --------------------------------------------------------------------------------------------
    def envio(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        try:
            metadatos = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            metadatos = {}
        usuario = body.get("user") or {}
        bloques = [b.get("block_id") for b in view.get("blocks", []) if b.get("block_id")]
        peticion = self.peticion(body, usuario=usuario.get("id", ""), comando="formulario",
                                 texto=str(metadatos.get("id", "")), canal=str(metadatos.get("canal", "")),
                                 handle=usuario.get("username") or usuario.get("name") or "",
                                 buscar_nombre=False)  # antes del ack: nada de llamadas que puedan tardar
        try:
            respuesta = self.aplicacion.despachador.formulario(
                peticion, str(metadatos.get("id", "")), valores_de_vista(view), metadatos.get("contexto") or {}
            )
        except ErroresDeFormulario as errores:
            propios = {k: v[:150] for k, v in errores.errores.items() if k in bloques}
            for k, v in errores.errores.items():  # un error sin campo va al primero
                if k not in bloques and bloques:
                    propios.setdefault(bloques[0], v[:150])
            ack(response_action="errors", errors=propios)
            return
        if respuesta.es_error and bloques:
            ack(response_action="errors", errors={bloques[0]: respuesta.cuerpo[:150]})
            return
        ack()
        self._encargar(self.lento, self.publicar_resultado, respuesta, peticion)

    # --- archivos soltados en un canal -----------------------------------------------------------------------
    def mensaje(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        # Los archivos llegan con subtype «file_share» (o sin subtype en clientes nuevos).
        if (event.get("subtype") is None and not event.get("files") and not event.get("bot_id")
                and "http" in (event.get("text") or "")):
            if self._primera(body):
                self._encargar(self.lento, self._enlace, body, event)
            return
        if event.get("subtype") not in (None, "file_share") or not event.get("files") or event.get("bot_id"):
            return
        if not self._primera(body):
            return
        lote = Lote(
            espacio=espacio_de(body), usuario=event.get("user", ""), canal=event.get("channel", ""),
            ahora=self.ahora(), archivos=[self._remoto(f, espacio_de(body)) for f in event["files"]],
            nombre_usuario="", hilo=event.get("thread_ts") or event.get("ts") or "", texto=desescapar(event.get("text") or ""),
        )
        self._encargar(self.lento, self._archivar_evento, body, lote)

    def _archivar_evento(self, body: dict[str, Any], lote: Lote) -> None:
        try:
            self._archivar(body, lote)
        finally:
            self._terminar(body)

    def _enlace(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """Un mensaje con un enlace: si es el canal de monitoreo, la nota se registra y se contesta en el
        hilo (``/nota canal``); en cualquier otro canal no pasa nada."""
        canal = event.get("channel", "")
        hilo = event.get("thread_ts") or event.get("ts") or None
        peticion = self.peticion(body, usuario=event.get("user", ""), comando="nota",
                                 texto="canal " + desescapar(event.get("text") or ""), canal=canal, hilo=hilo,
                                 buscar_nombre=False)
        respuesta = self.aplicacion.despachador.comando(peticion)
        if not respuesta.cuerpo and respuesta.nombre_plantilla is None:
            return
        try:
            self.plataforma.publicar(peticion.espacio, canal, respuesta, hilo=hilo)
        except ErrorDeEnvio:
            registro_log.exception("no pude contestar la nota en el hilo de %s", canal)

    def archivo_compartido(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        # ``file_shared`` trae ``user_id`` (no ``user``): Bolt no lo reconoce como propio y nuestros
        # PDF subidos volverían como archivos por archivar.
        propios = {a.get("user_id") for a in body.get("authorizations") or [] if a.get("is_bot")}
        if event.get("user_id") in propios or not self._primera(body):
            return
        self._encargar(self.lento, self._archivo_compartido, body, event)

    def _archivo_compartido(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        try:
            self._archivo_compartido_en_curso(body, event)
        finally:
            self._terminar(body)

    def _archivo_compartido_en_curso(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        try:
            archivo = self.plataforma.cliente_de(espacio_de(body)).files_info(file=event.get("file_id", ""))["file"]
        except ErrorDeEnvio as error:
            registro_log.warning("files.info: %s", error)
            return
        except SlackApiError as error:
            registro_log.warning("files.info falló: %s", error_de_slack(error))
            return
        canal = event.get("channel_id") or ""
        hilo = ""
        for comparticiones in (archivo.get("shares") or {}).values():
            for ts in (comparticiones.get(canal) or [])[:1]:
                hilo = ts.get("thread_ts") or ts.get("ts") or ""
        lote = Lote(espacio=espacio_de(body), usuario=event.get("user_id") or archivo.get("user") or "", canal=canal,
                    ahora=self.ahora(), archivos=[self._remoto(archivo, espacio_de(body))], hilo=hilo,
                    texto=desescapar((archivo.get("initial_comment") or {}).get("comment", "")))
        self._archivar(body, lote)

    @staticmethod
    def _remoto(archivo: dict[str, Any], espacio: str) -> ArchivoRemoto:
        return ArchivoRemoto(
            espacio=espacio,
            origen=str(archivo.get("id", "")), nombre=str(archivo.get("name") or archivo.get("title") or "archivo"),
            url=str(archivo.get("url_private_download") or archivo.get("url_private") or ""),
            tamanio=archivo.get("size"), mime=str(archivo.get("mimetype") or ""),
        )

    def _archivar(self, body: dict[str, Any], lote: Lote) -> None:
        # El mismo archivo llega como ``message`` (file_share) y como ``file_shared``: uno solo lo toma.
        # Reclamados con concesión: si el proceso muere antes de registrar su descarga, un reintento
        # de Slack (o el otro de los dos eventos) pasada la concesión los vuelve a tomar.
        fabrica = self.aplicacion.fabrica
        nuevos = [a for a in lote.archivos
                  if reclamar_evento(fabrica, self._clave_archivo(lote, a), lote.ahora, CONCESION_ARCHIVO)]
        if not nuevos:
            return
        try:
            self._archivar_nuevos(lote, nuevos)
        finally:
            for a in nuevos:
                terminar_evento(fabrica, self._clave_archivo(lote, a), self.ahora())

    @staticmethod
    def _clave_archivo(lote: Lote, archivo: ArchivoRemoto) -> str:
        return f"slack:archivo:{lote.espacio}:{archivo.origen}"

    def _archivar_nuevos(self, lote: Lote, nuevos: list[ArchivoRemoto]) -> None:
        nombre = lote.nombre_usuario or (self.nombres.de(lote.usuario, espacio=lote.espacio) if lote.usuario else "")
        lote = replace(lote, archivos=nuevos, nombre_usuario=nombre)
        try:
            respuesta = recibir(self.aplicacion, lote, self.descargador)
        except Exception as error:
            respuesta = respuesta_de_error(error, registro=registro_log,
                                           que=f"falló el archivo de {lote.usuario} en {lote.canal}")
        try:
            self.plataforma.publicar(lote.espacio, lote.canal, respuesta, hilo=lote.hilo or None)
        except ErrorDeEnvio:
            registro_log.exception("no pude contestar en el hilo de %s", lote.canal)
        if respuesta.avisos:
            entregar_avisos(self.plataforma, lote.espacio, respuesta.avisos)

    def _repetida(self, body: dict[str, Any], tipo: str) -> bool:
        """Una petición firmada que alguien vuelve a mandar dentro de la ventana de 5 minutos de la
        firma (o que un proxy reintenta) trae el mismo ``trigger_id``: se atiende una sola vez, por la
        llave primaria de ``eventos_procesados``, también entre réplicas. Slack da un ``trigger_id``
        nuevo a cada comando y a cada clic."""
        disparo = body.get("trigger_id")
        if not disparo:
            return False
        clave = f"slack:{tipo}:{espacio_de(body)}:{disparo}"
        if primera_vez(self.aplicacion.fabrica, clave, self.ahora()):
            return False
        registro_log.warning("petición de Slack repetida (%s): no la atiendo otra vez", clave)
        return True

    def _primera(self, body: dict[str, Any]) -> bool:
        """Slack reenvía un evento si cree que se perdió: cada ``event_id`` se atiende una vez, por
        la llave primaria de ``eventos_procesados`` (también entre reinicios y réplicas). Queda
        reclamado sin terminar hasta ``_terminar``: si el proceso murió a la mitad, un reintento de
        Slack pasada ``CONCESION_EVENTO`` lo vuelve a tomar, así el choque no lo pierde."""
        clave = body.get("event_id")
        if not clave:
            return True
        return reclamar_evento(self.aplicacion.fabrica, f"slack:{clave}", self.ahora(), CONCESION_EVENTO)

    def _terminar(self, body: dict[str, Any]) -> None:
        if body.get("event_id"):
            terminar_evento(self.aplicacion.fabrica, f"slack:{body['event_id']}", self.ahora())

    # --- pestaña Inicio -----------------------------------------------------------------------------------------
    def inicio(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        peticion = self.peticion(body, usuario=event["user"], comando="inicio")
        respuesta = self.aplicacion.despachador.en_transaccion(peticion, vista_inicio)
        _texto, bloques = dibujar(respuesta, max_bloques=MAX_BLOQUES_VISTA)
        try:
            self.plataforma.cliente_de(peticion.espacio).views_publish(user_id=event["user"],
                                                                       view={"type": "home", "blocks": bloques})
        except ErrorDeEnvio as error:
            registro_log.warning("views.publish: %s", error)
        except SlackApiError as error:
            registro_log.warning("views.publish falló: %s", error_de_slack(error))
        if respuesta.avisos:
            entregar_avisos(self.plataforma, peticion.espacio, respuesta.avisos)


def desescapar(texto: str) -> str:
    """Slack manda el texto que se escribe con ``&``, ``<`` y ``>`` escapados (``&amp;`` …): sin esto,
    «Salud & Bienestar» quedaría guardado como «Salud &amp; Bienestar» en la agenda y en el boletín.
    Los formularios (modales) llegan sin escapar y no pasan por aquí."""
    return texto.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _reconocer(ack: Ack) -> None:
    ack()


def crear_bolt(aplicacion: Aplicacion, plataforma: PlataformaSlack | None = None, *, socket_mode: bool = False) -> App:
    """La app de Bolt con todos los oyentes. En modo HTTP exige ``SLACK_SIGNING_SECRET``. Con
    ``SLACK_CLIENT_ID`` y ``SLACK_CLIENT_SECRET`` atiende a cada espacio que la instale por OAuth."""
    config = aplicacion.config
    if not config.slack_configurado:
        raise ErrorDeConfiguracion("Falta SLACK_BOT_TOKEN (el token del bot, xoxb-…), o SLACK_CLIENT_ID y "
                                   "SLACK_CLIENT_SECRET para instalar la app en varios espacios.")
    if not socket_mode and not config.slack_signing_secret:
        raise ErrorDeConfiguracion(
            "Falta SLACK_SIGNING_SECRET (en la app de Slack: Basic Information → Signing Secret); "
            "sin él no se pueden verificar las peticiones por HTTP. Agrégalo al entorno o usa Socket Mode "
            "con SLACK_APP_TOKEN.")
    plataforma = plataforma or crear_plataforma_slack(aplicacion)
    distribuida = config.slack_oauth and not config.slack_bot_token and plataforma.instalaciones is not None
    multiples: dict[str, Any] = {}
    if distribuida:
        assert plataforma.instalaciones is not None
        multiples = argumentos_de_bolt(config, plataforma.cliente, plataforma.instalaciones)
    bolt = App(
        client=plataforma.cliente,
        # Los oyentes perezosos (eventos) cuentan como trabajo aceptado: SIGTERM los espera.
        listener_executor=EjecutorContado(TRABAJO, ThreadPoolExecutor(max_workers=HILOS, thread_name_prefix="slack-eventos")),
        signing_secret=config.slack_signing_secret or None,
        request_verification_enabled=not socket_mode,
        process_before_response=True,
        # El token se comprueba al arrancar (``conexion.conectar``), con su explicación en español; Bolt
        # lo haría en inglés y sin reintentar si Slack no contesta.
        token_verification_enabled=False,
        logger=logging.getLogger("asistente.slack.bolt"),
        **multiples,
    )
    if distribuida:
        assert plataforma.instalaciones is not None
        escuchar_desinstalaciones(bolt, plataforma.instalaciones)
    oyentes = Oyentes(aplicacion, plataforma)
    for nombre in registro():
        bolt.command(f"/{nombre}")(oyentes.reconocer_comando)
    bolt.action(re.compile(r".+"))(oyentes.reconocer_boton)
    bolt.view("formulario")(oyentes.envio)
    bolt.event("message")(ack=_reconocer, lazy=[oyentes.mensaje])
    bolt.event("file_shared")(ack=_reconocer, lazy=[oyentes.archivo_compartido])
    bolt.event("app_home_opened")(ack=_reconocer, lazy=[oyentes.inicio])
    bolt.oyentes = oyentes  # type: ignore[attr-defined]  # para las pruebas y el benchmark
    return bolt

