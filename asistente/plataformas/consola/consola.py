"""La consola: los mismos comandos en una terminal, contra la base de datos local.

Cada línea que empieza con ``/`` es un comando (``/agenda mañana``). Además:
``/subir RUTA [#N]`` hace de archivo soltado en el canal, ``/boton N`` pulsa el botón N de la última
respuesta, ``/como NOMBRE`` cambia de persona y ``/salir`` termina. Los formularios se contestan
campo por campo: un campo de varias líneas termina con una línea que tiene solo ``.``; un campo
obligatorio vacío se vuelve a preguntar en el momento. El Markdown (``**negritas**``, ```código```) se
dibuja para la terminal.
"""

from __future__ import annotations

import difflib
import logging
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from asistente.nucleo.config import Config
from asistente.nucleo.despacho import Despachador
from asistente.nucleo.fallos import respuesta_de_error
from asistente.nucleo.formularios import Campo, ErroresDeFormulario, Formulario
from asistente.nucleo.peticion import Peticion
from asistente.nucleo.plataforma import entregar_avisos
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Boton, Respuesta
from asistente.nucleo.texto import normalizar
from asistente.plataformas.tareas import correr_tarea
from modelos import Espacio, Persona

ESPACIO = "consola:local"
# «@channel», «@here», «@todos»… avisan a todo el canal en Slack y Mattermost: no son una persona, y
# en la consola quedan como texto (no se pregunta si se registra a «channel» como persona nueva).
_MENCION = re.compile(r"(?<![<\w])@(?!(?:channel|here|everyone|all|canal|todos)\b)([\w.-]+)", re.IGNORECASE)
FIN_DE_TEXTO = "."  # la línea que termina un campo de varias líneas
_NEGRITA_MD = re.compile(r"\*\*(.+?)\*\*")
_CODIGO_MD = re.compile(r"`([^`\n]+)`")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def para_terminal(texto: str, color: bool = False) -> str:
    """Markdown a la terminal: ``**x**`` y ```x``` sin sus marcas (en negrita si la terminal tiene color)."""
    resaltar = (lambda m: f"\033[1m{m.group(1)}\033[0m") if color else (lambda m: m.group(1))
    # Lo guardado pudo venir de afuera (el portal, un medio, Slack): sus caracteres de control (ESC y
    # compañía) no llegan a la terminal, donde borrarían la pantalla o esconderían texto.
    texto = _CONTROL.sub("", texto)
    return _CODIGO_MD.sub(resaltar, _NEGRITA_MD.sub(resaltar, texto))
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
        if comando != "boton":
            self.botones = []  # /boton N aprieta solo los botones de la última respuesta
        try:
            if comando == "boton":
                self._pulsar(texto.strip())
            elif comando == "subir":
                self._subir(texto)
            else:
                if not self._confirmar_menciones(texto):
                    return True
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

    def _conocidas(self) -> dict[str, str]:
        """Cómo se puede nombrar a cada persona del equipo de la consola (``ana``, ``ana.lopez``) → su @."""
        with self.despachador.fabrica() as session:
            filas = session.execute(
                select(Persona.usuario_id, Persona.usuario, Persona.nombre).join(Espacio, Espacio.id == Persona.espacio_id)
                .where(Espacio.clave == ESPACIO)).all()
        nombres: dict[str, str] = {}
        for usuario_id, usuario, nombre in filas:
            arroba = normalizar(usuario or usuario_id)
            for forma in (usuario_id, usuario, nombre, (nombre or "").split(" ")[0], (nombre or "").replace(" ", ".")):
                if forma:
                    nombres.setdefault(normalizar(forma), arroba)
        return nombres

    def _confirmar_menciones(self, texto: str) -> bool:
        """Un ``@nombre`` que nadie del equipo tiene (mal escrito, o alguien nuevo) se pregunta antes de
        que el comando cree a esa persona; «no» deja todo como estaba."""
        menciones = list(dict.fromkeys(normalizar(m) for m in _MENCION.findall(texto)))
        if not menciones:
            return True
        conocidas = self._conocidas()
        for mencion in menciones:
            if mencion in conocidas:
                continue
            parecidas = difflib.get_close_matches(mencion, list(conocidas), n=1, cutoff=0.6)
            quiza = f" ¿Quisiste decir @{conocidas[parecidas[0]]}?" if parecidas else ""
            try:
                dato = self.preguntar(f"No conozco a @{mencion} en el equipo.{quiza} ¿La registro como persona nueva? [si/no]: ")
            except EOFError:
                dato = ""
            if normalizar(dato) not in ("si", "s", "sí", "yes"):
                self._escribir("No hice nada." + (f" Escribe de nuevo el comando con @{conocidas[parecidas[0]]}."
                                                  if parecidas else " Revisa los nombres con /equipo."))
                return False
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
            numero = int(texto.lstrip("#"))
            boton = self.botones[numero - 1]
            if numero < 1:
                raise IndexError
        except (ValueError, IndexError):
            if not self.botones:
                self._escribir("La última respuesta no tiene botones.")
            else:
                self._escribir(f"No hay ese botón: la última respuesta tiene {len(self.botones)} "
                               f"({'  '.join(f'[{i} {b.etiqueta}]' for i, b in enumerate(self.botones, 1))}). "
                               "Uso: /boton N")
            return
        self.botones = []
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
        self._escribir(f"── {formulario.titulo} ── (* obligatorio; Enter deja lo que está entre corchetes «actual»)")
        valores: dict[str, object] = {}
        pendientes = list(formulario.campos)
        errores: dict[str, str] = {}
        while True:
            for campo in pendientes:
                try:
                    dato = self._campo(campo, errores.get(campo.nombre, ""))
                except EOFError:
                    return Respuesta.texto("Formulario cancelado.")
                if dato is None:
                    return Respuesta.texto("Formulario cancelado.")
                valores[campo.nombre] = dato
            try:
                return self.despachador.formulario(
                    self.peticion("formulario", formulario.id), formulario.id, valores, formulario.contexto
                )
            except ErroresDeFormulario as e:
                errores = e.errores
                pendientes = [c for c in formulario.campos if c.nombre in errores]

    def _campo(self, campo: Campo, error: str) -> str | None:
        """La respuesta a un campo (``None``: se escribió un comando y el formulario se deja). Un campo
        obligatorio que se deja vacío se vuelve a preguntar en el momento; un ejemplo nunca es el valor."""
        sugerido = campo.inicial if isinstance(campo.inicial, str) else ",".join(campo.inicial or ())
        opciones = f" [{'/'.join(o.valor for o in campo.opciones)}]" if campo.opciones else ""
        if campo.tipo == "si_no":
            opciones = " [si/no]"
        obligatorio = " *" if campo.requerido else ""
        varias = campo.tipo == "parrafo"
        if campo.ayuda:
            ayuda = f" (ejemplo: {campo.ayuda})" if campo.tipo in ("texto", "parrafo") else f" ({campo.ayuda})"
        else:
            ayuda = ""
        actual = ""
        if sugerido and not varias:
            actual = f" [actual: {sugerido if len(sugerido) <= 60 else sugerido[:59] + '…'}]"
        if varias:
            if sugerido:
                self._escribir(f"  {campo.etiqueta}, el texto actual:\n" + "\n".join(f"  │ {r}" for r in sugerido.splitlines()))
            actual = (" — varias líneas; termina con una línea con solo «.»"
                      + ("; Enter en la primera deja el texto actual" if sugerido else ""))
        aviso = f"  ⚠ {error}\n" if error else ""
        while True:
            dato = self.preguntar(f"{aviso}{campo.etiqueta}{obligatorio}{opciones}{ayuda}{actual}: ").strip()
            if dato.startswith("/"):
                # Un comando en lugar de la respuesta: se deja el formulario y se atiende el comando.
                self._interrumpe = dato
                return None
            if varias and dato and dato != FIN_DE_TEXTO:
                dato = self._mas_lineas(dato)
            elif dato == FIN_DE_TEXTO:
                dato = ""
            # «\n» escrito tal cual nunca llega a un documento: salto de línea donde cabe, espacio donde no.
            dato = dato.replace("\\n", "\n" if varias else " ").strip()
            valor = dato or sugerido or ""
            if campo.requerido and not valor.strip():
                aviso = f"  ⚠ {campo.etiqueta} es obligatorio: escribe algo (o un comando /… para dejar el formulario).\n"
                continue
            return valor

    def _mas_lineas(self, primera: str) -> str:
        """Las líneas que siguen a ``primera`` hasta una con solo «.» (o el final de la entrada)."""
        lineas = [primera]
        while True:
            try:
                linea = self.preguntar("  … ")
            except EOFError:
                break
            if linea.strip() == FIN_DE_TEXTO:
                break
            lineas.append(linea.rstrip())
        return "\n".join(lineas)

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
        color = bool(getattr(self.salida, "isatty", lambda: False)())
        print(para_terminal(texto, color), file=self.salida, flush=True)

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
