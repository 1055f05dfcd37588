"""La cuenta bot de Mattermost como ``Plataforma``: publica en canales e hilos, manda mensajes
directos y sube archivos por la API REST v4."""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import datetime
from pathlib import Path

from asistente.nucleo.config import Config
from asistente.nucleo.plataforma import ErrorDeEnvio
from asistente.nucleo.respuesta import Respuesta
from asistente.plataformas.mattermost import dibujo
from asistente.plataformas.mattermost.cliente import ClienteMattermost

registro_log = logging.getLogger("asistente.plataformas.mattermost")

_ID = re.compile(r"^[a-z0-9]{26}$")
PROP_MARCA = "asistente_marca"  # la marca de una publicación programada, en los props del post
CACHE_NOMBRES_S = 600.0


def equipo_de(espacio: str) -> str:
    """``mattermost:abc`` → ``abc``."""
    return espacio.split(":", 1)[1] if ":" in espacio else espacio


class PlataformaMattermost:
    nombre = "mattermost"

    def __init__(self, config: Config, cliente: ClienteMattermost | None = None) -> None:
        self.config = config
        self.cliente = cliente or ClienteMattermost(config.mattermost_url, config.mattermost_bot_token)
        # Adonde Mattermost manda los botones y diálogos; con Mattermost configurado es obligatoria.
        self.url_publica = config.url_publica.rstrip("/")
        self._canales: dict[tuple[str, str], str] = {}
        self._nombres: dict[str, tuple[float, str]] = {}
        self._candado = threading.Lock()

    # --- URLs de vuelta ----------------------------------------------------------------------
    @property
    def url_acciones(self) -> str:
        return f"{self.url_publica}/mattermost/acciones" if self.url_publica else ""

    @property
    def url_dialogos(self) -> str:
        return f"{self.url_publica}/mattermost/dialogos" if self.url_publica else ""

    # --- Plataforma ------------------------------------------------------------------------------
    def publicar(self, espacio: str, canal: str, respuesta: Respuesta, hilo: str | None = None, *,
                 para: str = "") -> str | None:
        canal_id = self.canal_id(espacio, canal)
        archivos = []
        if respuesta.adjunto is not None:
            adjunto = respuesta.adjunto
            archivos.append(self.cliente.subir_archivo(canal_id, adjunto.ruta, adjunto.ruta.name, adjunto.tipo_mime))
        post = self.cliente.crear_post(
            canal_id, dibujo.mensaje(respuesta), raiz=hilo,
            adjuntos=self._adjuntos(respuesta, espacio, para, canal_id), archivos=archivos,
            props={PROP_MARCA: respuesta.marca} if respuesta.marca else None,
        )
        return str(post.get("id") or "") or None

    def ya_publicada(self, espacio: str, destino: str, marca: str, desde: datetime, directo: bool) -> bool:
        """Busca la marca en los ``props`` de los posts del bot en el canal (o el mensaje directo)."""
        canal_id = self.cliente.canal_directo(destino) if directo else self.canal_id(espacio, destino)
        bot = self.cliente.yo().get("id")
        return any(p.get("user_id") == bot and (p.get("props") or {}).get(PROP_MARCA) == marca
                   for p in self.cliente.posts_desde(canal_id, int(desde.timestamp() * 1000)))

    def mensaje_directo(self, espacio: str, usuario: str, respuesta: Respuesta) -> str | None:
        # Sus botones («Acepto», «No puedo») solo valen para esa persona.
        return self.publicar(espacio, self.cliente.canal_directo(usuario), respuesta, para=usuario)

    def subir_archivo(self, espacio: str, canal: str, ruta: Path, titulo: str, hilo: str | None = None) -> str | None:
        canal_id = self.canal_id(espacio, canal)
        archivo = self.cliente.subir_archivo(canal_id, Path(ruta))
        post = self.cliente.crear_post(canal_id, titulo, raiz=hilo, archivos=[archivo])
        return str(post.get("id") or "") or None

    def efimero(self, espacio: str, usuario: str, canal: str, respuesta: Respuesta) -> None:
        """Un mensaje que solo ve ``usuario`` en ese canal."""
        canal_id = self.canal_id(espacio, canal)
        self.cliente.post_efimero(
            usuario, canal_id, dibujo.mensaje(respuesta), adjuntos=self._adjuntos(respuesta, espacio, usuario, canal_id)
        )

    # --- apoyo -----------------------------------------------------------------------------------
    def _adjuntos(self, respuesta: Respuesta, espacio: str, para: str = "", canal_id: str = "") -> list[dict[str, object]]:
        if respuesta.botones and not self.url_acciones:
            registro_log.warning("mensaje con botones sin ASISTENTE_URL_PUBLICA: se publican sin botones")
        return dibujo.adjuntos(respuesta, espacio, self.url_acciones, self.config.secreto_firma, para=para,
                               canal=canal_id)

    def canal_id(self, espacio: str, canal: str) -> str:
        """Acepta el id de un canal o su nombre (``prensa``, ``~prensa``, ``#prensa``) en el equipo."""
        canal = canal.strip()
        if _ID.match(canal):
            return canal
        nombre = canal.lstrip("~#").lower()
        clave = (espacio, nombre)
        with self._candado:
            if clave in self._canales:
                return self._canales[clave]
        equipo = equipo_de(espacio)
        if not nombre or not equipo:
            raise ErrorDeEnvio(f"No sé a qué canal de Mattermost publicar («{canal}»).")
        canal_id = str(self.cliente.canal_por_nombre(equipo, nombre)["id"])
        with self._candado:
            self._canales[clave] = canal_id
        return canal_id

    def nombre_de(self, usuario_id: str, respaldo: str = "") -> str:
        """El nombre visible de una persona (para créditos y el equipo); se recuerda unos minutos."""
        if not self.config.mattermost_url or not usuario_id:
            return respaldo
        ahora = time.monotonic()
        with self._candado:
            guardado = self._nombres.get(usuario_id)
        if guardado and ahora - guardado[0] < CACHE_NOMBRES_S:
            return guardado[1]
        try:
            datos = self.cliente.usuario(usuario_id)
        except ErrorDeEnvio:
            registro_log.warning("no pude leer el nombre de %s", usuario_id)
            return respaldo
        completo = " ".join(p for p in (datos.get("first_name"), datos.get("last_name")) if p)
        nombre = completo or str(datos.get("nickname") or "") or str(datos.get("username") or "") or respaldo
        with self._candado:
            self._nombres[usuario_id] = (ahora, nombre)
        return nombre


def crear_plataforma(config: Config) -> PlataformaMattermost:
    return PlataformaMattermost(config)
