"""El kit de WhatsApp: no hay API para las listas y los grupos de la oficina, así que el canal prepara
lo que se pega a mano: el texto con el formato de WhatsApp (lo trae la pieza) y un ZIP con las fotos
elegidas, que se sube a la conversación."""

from __future__ import annotations

import zipfile
from pathlib import Path

from asistente.archivo.documentos import guardar_documento
from asistente.nucleo.canal import Pieza, Publicado
from asistente.nucleo.config import Config


class CanalWhatsApp:
    nombre = "whatsapp"
    titulo = "WhatsApp"
    variables: tuple[str, ...] = ()
    configurado = True

    def __init__(self, config: Config) -> None:
        self.config = config  # el kit queda en el almacén, en ``difusion/``

    def buscar(self, pieza: Pieza) -> Publicado | None:
        return None  # el kit no se publica en ningún lado: se entrega en la conversación

    def publicar(self, pieza: Pieza) -> Publicado:
        def escribir(ruta: Path) -> None:
            with zipfile.ZipFile(ruta, "w", compression=zipfile.ZIP_STORED) as zip_:  # las fotos ya van comprimidas
                for i, foto in enumerate(pieza.fotos, 1):
                    zip_.write(foto.ruta, f"{i:02d}-{foto.nombre}")
                zip_.writestr("texto.txt", pieza.texto + "\n")

        return Publicado(permalink="", archivo=guardar_documento(self.config, f"difusion/{pieza.clave}-whatsapp.zip", escribir))
