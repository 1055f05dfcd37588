"""La respuesta neutral que devuelve un comando; cada adaptador la dibuja a su manera.

Se construye con los constructores con nombre (``texto``, ``plantilla``, ``archivo``,
``formulario``, ``error``). ``texto`` es texto plano (el adaptador lo escapa); el formato rico
solo viene de una plantilla de ``plantillas/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from asistente.nucleo.formularios import Formulario

Estilo = Literal["normal", "primario", "peligro"]


@dataclass(frozen=True)
class Boton:
    """Un botón: al pulsarlo se llama a la acción ``accion`` (p. ej. ``cobertura.aceptar``) con ``valor``."""

    etiqueta: str
    accion: str
    valor: str = ""
    estilo: Estilo = "normal"


@dataclass(frozen=True)
class Adjunto:
    """Un archivo que el adaptador sube a la conversación (el PDF de un boletín)."""

    ruta: Path
    titulo: str
    tipo_mime: str = "application/octet-stream"


@dataclass
class Aviso:
    """Un mensaje para alguien más que quien pidió: un mensaje directo o un canal."""

    respuesta: "Respuesta"
    usuario: str | None = None
    canal: str | None = None
    hilo: str | None = None


@dataclass
class Respuesta:
    cuerpo: str = ""
    nombre_plantilla: str | None = None
    datos: dict[str, Any] = field(default_factory=dict)
    botones: list[Boton] = field(default_factory=list)
    adjunto: Adjunto | None = None
    form: "Formulario | None" = None
    publica: bool = False
    es_error: bool = False
    reemplaza_original: bool = False
    avisos: list[Aviso] = field(default_factory=list)
    # El id de un evento: el mensaje con que se publique esta respuesta en un canal queda como su
    # hilo de anuncio (lo anota el adaptador con ``asistente.agenda.anuncios.anclar``).
    ancla: int | None = None
    # Lo mismo para una solicitud de un área: su hilo recibe sus versiones (``S-031``).
    ancla_solicitud: int | None = None
    # Qué anuncia ``ancla``: un evento o una factura (un PDF contestado en su hilo queda con ella).
    ancla_tipo: Literal["evento", "factura", "nota"] = "evento"
    # Trabajo pesado que sigue a la respuesta (un informe con gráficas): el adaptador manda esta
    # respuesta («preparando…») al instante y corre la tarea fuera del hilo de la petición, en su
    # propia transacción, como ``tarea(peticion, session) -> Respuesta``; lo que devuelve (con su
    # archivo y sus avisos) se publica donde se pidió (``asistente.plataformas.tareas``).
    tarea: Callable[..., "Respuesta"] | None = None
    # La clave de una publicación programada (``agenda/C1/2026-03-02``): el adaptador la guarda con el
    # mensaje (``metadata`` en Slack, ``props`` en Mattermost) para encontrarla antes de reenviarla.
    marca: str = ""

    # --- constructores con nombre -------------------------------------------------
    @classmethod
    def texto(cls, texto: str, *, publica: bool = False) -> "Respuesta":
        return cls(cuerpo=texto, publica=publica)

    @classmethod
    def plantilla(cls, nombre: str, *, publica: bool = False, **datos: Any) -> "Respuesta":
        return cls(nombre_plantilla=nombre, datos=datos, publica=publica)

    @classmethod
    def archivo(cls, ruta: Path, titulo: str, tipo_mime: str, texto: str = "", *, publica: bool = True) -> "Respuesta":
        return cls(cuerpo=texto, adjunto=Adjunto(ruta, titulo, tipo_mime), publica=publica)

    @classmethod
    def preparando(cls, texto: str, tarea: Callable[..., "Respuesta"], *, publica: bool = False) -> "Respuesta":
        """«Preparando el informe…» ahora; el resultado de ``tarea`` cuando esté listo."""
        return cls(cuerpo=texto, tarea=tarea, publica=publica)

    @classmethod
    def formulario(cls, formulario: "Formulario") -> "Respuesta":
        return cls(form=formulario)

    @classmethod
    def error(cls, mensaje: str, uso: str | None = None) -> "Respuesta":
        texto = mensaje if not uso else f"{mensaje}\nUso: {uso}"
        return cls(cuerpo=texto, es_error=True)

    # --- complementos --------------------------------------------------------------
    def con_botones(self, *botones: Boton) -> "Respuesta":
        self.botones.extend(botones)
        return self

    def anclada_a(self, evento_id: int) -> "Respuesta":
        """Publicada en un canal, anuncia ese evento: los archivos contestados en su hilo irán a él."""
        self.ancla, self.ancla_tipo = evento_id, "evento"
        return self

    def anclada_a_factura(self, factura_id: int) -> "Respuesta":
        """Publicada en un canal, anuncia esa factura: el PDF soltado en su hilo queda archivado con ella."""
        self.ancla, self.ancla_tipo = factura_id, "factura"
        return self

    def anclada_a_nota(self, nota_id: int) -> "Respuesta":
        """Publicada en un canal, es la ficha de esa nota de monitoreo: la foto (o el PDF) de la página
        impresa soltada en su hilo queda ligada a ella."""
        self.ancla, self.ancla_tipo = nota_id, "nota"
        return self

    def anclada_a_solicitud(self, solicitud_id: int) -> "Respuesta":
        """Publicada en un canal, anuncia esa solicitud: los archivos contestados en su hilo son sus versiones."""
        self.ancla_solicitud = solicitud_id
        return self

    @property
    def anclada(self) -> bool:
        return self.ancla is not None or self.ancla_solicitud is not None

    def avisar_a(self, usuario: str, respuesta: "Respuesta") -> "Respuesta":
        self.avisos.append(Aviso(respuesta=respuesta, usuario=usuario))
        return self

    def avisar_en(self, canal: str, respuesta: "Respuesta", hilo: str | None = None) -> "Respuesta":
        self.avisos.append(Aviso(respuesta=respuesta, canal=canal, hilo=hilo))
        return self
