"""``asistente consola``: arma la aplicación y corre la consola (teclado o guion)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.config import Config
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.plataformas.consola.consola import Consola
from asistente.plataformas.consola.subir import subir_desde_consola
from asistente.procesos.app import crear_app


def consola(config: Config, usuario: str, guion: str | None) -> int:
    app = crear_app(config, migrar=True)
    c = Consola(config=config, despachador=app.despachador, usuario=usuario)
    conectar_archivo(c, app)
    if guion is None:
        c.correr()
        return 0
    ruta = Path(guion)
    if not ruta.is_file():
        raise ErrorDeConfiguracion(f"No encuentro el guion «{guion}» (--guion): revisa la ruta del archivo.")
    lineas: Iterator[str] = iter(ruta.read_text(encoding="utf-8").splitlines())

    def siguiente(pregunta: str) -> str:
        """Un campo de formulario contestado con la siguiente línea del guion, que se ve en la salida."""
        try:
            respuesta = next(lineas)
        except StopIteration:
            raise EOFError from None
        print("\n".join(f"  {renglon.strip()}" for renglon in f"{pregunta}{respuesta}".splitlines()), file=c.salida, flush=True)
        return respuesta

    c.preguntar = siguiente
    c.correr(lineas, eco=True)
    return 0


def conectar_archivo(c: Consola, app: Aplicacion) -> None:
    """Conecta ``/subir`` con el archivo."""
    c.subir = subir_desde_consola(app)
