"""Una plataforma de mentira que graba lo que el asistente publica (cumple ``Plataforma``).

Se le puede pedir que falle en un canal (``fallar_canal("C-x", "channel_not_found")``) o en todo un
espacio (``revocar("slack:T2")``: token revocado). Es segura entre hilos (dos programadores a la vez).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from asistente.nucleo.plataforma import ErrorDeEnvio, EspacioInaccesible
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta


@dataclass(frozen=True)
class Enviado:
    espacio: str
    destino: str  # canal o usuario
    texto: str
    directo: bool
    marca: str = ""


@dataclass
class Grabadora:
    nombre: str = "slack"
    demora: float = 0.0  # segundos por envío, para ensanchar las carreras entre procesos
    enviados: list[Enviado] = field(default_factory=list)
    canales_rotos: dict[str, str] = field(default_factory=dict)
    espacios_revocados: set[str] = field(default_factory=set)
    _candado: threading.Lock = field(default_factory=threading.Lock)

    # --- configurar fallas ------------------------------------------------------------------
    def fallar_canal(self, canal: str, motivo: str = "channel_not_found") -> None:
        self.canales_rotos[canal] = motivo

    def reparar(self, canal: str) -> None:
        self.canales_rotos.pop(canal, None)

    def revocar(self, espacio: str) -> None:
        self.espacios_revocados.add(espacio)

    # --- Plataforma -------------------------------------------------------------------------------
    def publicar(self, espacio: str, canal: str, respuesta: Respuesta, hilo: str | None = None) -> str | None:
        self._revisar(espacio)
        if canal in self.canales_rotos:
            raise ErrorDeEnvio(self.canales_rotos[canal])
        return self._grabar(Enviado(espacio, canal, renderizar(respuesta, "texto"), False, respuesta.marca))

    def mensaje_directo(self, espacio: str, usuario: str, respuesta: Respuesta) -> str | None:
        self._revisar(espacio)
        return self._grabar(Enviado(espacio, usuario, renderizar(respuesta, "texto"), True, respuesta.marca))

    def ya_publicada(self, espacio: str, destino: str, marca: str, desde: datetime, directo: bool) -> bool:
        self._revisar(espacio)
        with self._candado:
            return any(e.espacio == espacio and e.destino == destino and e.marca == marca for e in self.enviados)

    # --- consultas para las pruebas -------------------------------------------------------------
    def en(self, destino: str, espacio: str | None = None) -> list[str]:
        return [e.texto for e in self.enviados if e.destino == destino and (espacio is None or e.espacio == espacio)]

    def _revisar(self, espacio: str) -> None:
        if espacio in self.espacios_revocados:
            raise EspacioInaccesible("token_revoked")

    def _grabar(self, enviado: Enviado) -> str:
        if self.demora:
            time.sleep(self.demora)
        with self._candado:
            self.enviados.append(enviado)
            return f"m{len(self.enviados)}"
