"""La consola: los mismos comandos en una terminal, contra la base de datos local.

Cada línea que empieza con ``/`` es un comando (``/agenda mañana``). Además:
``/subir RUTA [#N]`` hace de archivo soltado en el canal, ``/boton N`` pulsa el botón N del último
mensaje, ``/como NOMBRE`` cambia de persona y ``/salir`` termina. Los formularios se contestan
campo por campo.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from asistente.nucleo.config import Config
from asistente.nucleo.despacho import Despachador
from asistente.nucleo.fallos import respuesta_de_error
from asistente.nucleo.formularios import ErroresDeFormulario, Formulario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.plataforma import entregar_avisos
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Boton, Respuesta
from asistente.nucleo.texto import normalizar
from asistente.plataformas.tareas import correr_tarea

ESPACIO = "consola:local"
_MENCION = re.compile(r"(?<![<\w])@([\w.-]+)")
CANAL = "consola"

registro = logging.getLogger("asistente.consola")

Reloj = Callable[[], datetime]
Pregunta = Callable[[str], str]


def partir_ruta(texto: str) -> tuple[str, str]:
    """``/subir`` recibe una ruta y luego el mensaje (``#12``). La ruta puede ir entre comillas, traer
    espacios sin comillas (``Fotos del DIF/IMG 1.jpg #3``: se toma la más larga que existe) o ser de
    Windows (``C:\\Users\\ana\\foto.jpg``: las diagonales invertidas no se tocan)."""
    texto = texto.strip()
    if texto[:1] in ("'", '"'):
        cierre = texto.find(texto[0], 1)
        if cierre > 0:
            return texto[1:cierre], texto[cierre + 1 :].strip()
    palabras = texto.split(" ")
    for n in range(len(palabras), 1, -1):
        ruta = " ".join(palabras[:n])
        if Path(ruta).expanduser().exists():
            return ruta, " ".join(palabras[n:]).strip()
    return palabras[0], " ".join(palabras[1:]).strip()


@dataclass
class Consola:
    """Adaptador de terminal. También cumple ``Plataforma`` (publica imprimiendo)."""

    config: Config
    despachador: Despachador
    usuario: str = "director"
    reloj: Reloj | None = None
    salida: TextIO = field(default_factory=lambda: sys.stdout)
    preguntar: Pregunta = input
    nombre: str = "consola"
    botones: list[Boton] = field(default_factory=list)
    subir: Callable[["Consola", str, str], Respuesta] | None = None
    _interrumpe: str | None = field(default=None, init=False)  # un comando escrito a media pregunta de un formulario

    # --- Plataforma ---------------------------------------------------------------------------
    def publicar(self, espacio: str, canal: str, respuesta: Respuesta, hilo: str | None = None) -> str | None:
        self._mostrar(respuesta, encabezado=f"#{canal}" + (" (hilo)" if hilo else ""))
        return None

    def mensaje_directo(self, espacio: str, usuario: str, respuesta: Respuesta) -> str | None:
        self._mostrar(respuesta, encabezado=f"✉ mensaje directo para {usuario}")
        return None

    def ya_publicada(self, espacio: str, destino: str, marca: str, desde: datetime, directo: bool) -> bool:
        return False  # la consola no guarda lo que mostró: lo que un choque dejó a medias se muestra otra vez

    # --- petición --------------------------------------------------------------------------------
    def ahora(self) -> datetime:
        return self.reloj() if self.reloj else datetime.now(self.config.tz)

    def peticion(self, comando: str, texto: str) -> Peticion:
        usuario = normalizar(self.usuario).replace(" ", ".")
        return Peticion(
            config=self.config, espacio=ESPACIO, usuario=usuario, texto=texto, ahora=self.ahora(),
            comando=comando, nombre_usuario=self.usuario, usuario_handle=usuario, canal=CANAL,
            nombre_espacio="Consola",
        )

    # --- una línea ------------------------------------------------------------------------------
    def linea(self, linea: str) -> bool:
        """Atiende una línea; devuelve ``False`` cuando hay que terminar."""
        linea = linea.strip()
        if not linea or linea.startswith("#"):
            return True
        if not linea.startswith("/"):
            self._escribir("Escribe un comando que empiece con / (por ejemplo /ayuda). /salir para terminar.")
            return True
        comando, _, texto = linea[1:].partition(" ")
        comando = normalizar(comando)
        if comando in ("salir", "exit", "quit"):
            return False
        if comando == "como":
            self.usuario = texto.strip() or self.usuario
            self._escribir(f"(ahora eres {self.usuario})")
            return True
        try:
            if comando == "boton":
                self._pulsar(texto.strip())
            elif comando == "subir":
                self._subir(texto)
            else:
                # En la consola no hay ids de plataforma: «@ana» es la persona con id «ana».
                texto = _MENCION.sub(lambda m: f"<@{normalizar(m.group(1))}|{m.group(1)}>", texto)
                peticion = self.peticion(comando, texto)
                respuesta = self.despachador.comando(peticion)
                self.atender(respuesta)
                if respuesta.tarea is not None:  # en la terminal, el informe se prepara ahí mismo
                    correr_tarea(self.despachador, self, peticion, respuesta.tarea)
        except Exception as error:
            # Lo inesperado de una línea no tumba la sesión: la traza al registro, una línea a la persona.
            self._mostrar(respuesta_de_error(error, registro=registro, que=f"falló «{linea}» en la consola"))
        return True

    def atender(self, respuesta: Respuesta) -> None:
        if respuesta.form is not None:
            respuesta = self._llenar(respuesta.form)
        self._mostrar(respuesta)
        entregar_avisos(self, ESPACIO, respuesta.avisos)
        if self._interrumpe is not None:
            comando, self._interrumpe = self._interrumpe, None
            self.linea(comando)

    def _pulsar(self, texto: str) -> None:
        try:
            boton = self.botones[int(texto.lstrip("#")) - 1]
        except (ValueError, IndexError):
            self._escribir("No hay ese botón. Uso: /boton N (el número entre corchetes del último mensaje).")
            return
        self.atender(self.despachador.accion(self.peticion("boton", boton.etiqueta), boton.accion, boton.valor))

    def _subir(self, texto: str) -> None:
        ruta, resto = partir_ruta(texto)
        if not ruta:
            self._escribir("Uso: /subir RUTA [#N]")
            return
        if self.subir is None:
            self._escribir("El archivo no está disponible en esta instalación.")
            return
        self.atender(self.subir(self, ruta, resto))

    def _llenar(self, formulario: Formulario) -> Respuesta:
        self._escribir(f"── {formulario.titulo} ── (Enter deja el valor sugerido o vacío)")
        valores: dict[str, object] = {}
        pendientes = list(formulario.campos)
        errores: dict[str, str] = {}
        while True:
            for campo in pendientes:
                sugerido = campo.inicial if isinstance(campo.inicial, str) else ",".join(campo.inicial or ())
                opciones = f" [{'/'.join(o.valor for o in campo.opciones)}]" if campo.opciones else ""
                if campo.tipo == "si_no":
                    opciones = " [si/no]"
                aviso = f"  ⚠ {errores[campo.nombre]}\n" if campo.nombre in errores else ""
                obligatorio = " *" if campo.requerido else ""
                ayuda = f" ({campo.ayuda})" if campo.ayuda else ""
                try:
                    dato = self.preguntar(f"{aviso}{campo.etiqueta}{obligatorio}{opciones}{ayuda}: ").strip()
                except EOFError:
                    return Respuesta.texto("Formulario cancelado.")
                if dato.startswith("/"):
                    # Un comando en lugar de la respuesta: se deja el formulario y se atiende el comando.
                    self._interrumpe = dato
                    return Respuesta.texto("Formulario cancelado.")
                valores[campo.nombre] = dato or (sugerido or "")
            try:
                return self.despachador.formulario(
                    self.peticion("formulario", formulario.id), formulario.id, valores, formulario.contexto
                )
            except ErroresDeFormulario as e:
                errores = e.errores
                pendientes = [c for c in formulario.campos if c.nombre in errores]

    # --- dibujo -----------------------------------------------------------------------------------
    def _mostrar(self, respuesta: Respuesta, encabezado: str | None = None) -> None:
        texto = renderizar(respuesta, "texto")
        if encabezado:
            texto = f"[{encabezado}]\n{texto}"
        if respuesta.adjunto is not None:
            texto += f"\n📎 {respuesta.adjunto.titulo}: {respuesta.adjunto.ruta}"
        if respuesta.botones:
            self.botones = list(respuesta.botones)
            texto += "\n" + "  ".join(f"[{i} {b.etiqueta}]" for i, b in enumerate(respuesta.botones, 1))
            texto += "   (pulsa con /boton N)"
        self._escribir(texto)

    def _escribir(self, texto: str) -> None:
        print(texto, file=self.salida, flush=True)

    # --- bucle -------------------------------------------------------------------------------------
    def correr(self, lineas: Iterable[str] | None = None, eco: bool = False) -> None:
        if lineas is not None:
            for linea in lineas:
                if eco and linea.strip() and not linea.lstrip().startswith("#"):
                    self._escribir(f"\n{self.usuario}> {linea.rstrip()}")
                if not self.linea(linea):
                    return
            return
        self._escribir("Asistente de Comunicación Social — consola. /ayuda para empezar, /salir para terminar.")
        while True:
            try:
                linea = self.preguntar(f"{self.usuario}> ")
            except (EOFError, KeyboardInterrupt):
                self._escribir("")
                return
            if not self.linea(linea):
                return
