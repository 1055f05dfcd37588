"""Los archivos de un boletín: el PDF y el texto plano, y dónde se guardan."""

from __future__ import annotations

from pathlib import Path
from sqlalchemy.orm import Session

import plantillas
from asistente.archivo.documentos import guardar_documento
from asistente.boletines.pdf import generar_pdf
from asistente.boletines.presentacion import VistaBoletin, vista
from asistente.nucleo.config import Config
from asistente.nucleo.render import renderizar
from asistente.nucleo.respuesta import Respuesta
from modelos import Boletin


def clave_de_boletin(anio: int, numero: int, extension: str, tipo: str = "boletin") -> str:
    """La clave (ruta relativa dentro del archivo) de un documento exportado:
    ``boletines/2026/045-2026.pdf``, ``boletines/2026/comunicado-003-2026.pdf``. El único lugar que
    decide dónde van."""
    prefijo = "" if tipo == "boletin" else f"{tipo}-"
    return f"boletines/{anio}/{prefijo}{numero:03d}-{anio}.{extension}"


def ruta_de_boletin(config: Config, anio: int, numero: int, extension: str, tipo: str = "boletin") -> Path:
    """Dónde quedaría con el archivo en la carpeta local; con S3 el documento vive en el bucket: úsese
    ``clave_de_boletin`` con el almacén (``asistente.archivo.almacenes.almacen_de``)."""
    return config.archivo / clave_de_boletin(anio, numero, extension, tipo)


def logo(config: Config) -> Path | None:
    """El logotipo del membrete: ``ASISTENTE_LOGO`` si existe, si no ``plantillas/logo.png``."""
    candidatos = [Path(config.logo).expanduser()] if config.logo else []
    candidatos.append(Path(plantillas.__file__).parent / "logo.png")
    return next((c for c in candidatos if c.is_file()), None)


def texto_plano(v: VistaBoletin) -> str:
    """El boletín en texto plano, listo para pegar en un correo o en WhatsApp."""
    return renderizar(Respuesta.plantilla("boletin_texto.j2", b=v), "texto") + "\n"


def exportar(session: Session, config: Config, boletin: Boletin) -> tuple[Path, Path, VistaBoletin]:
    """Genera (de nuevo: siempre refleja la última edición) el PDF y el texto plano del boletín y los
    guarda en el almacén (la carpeta o el bucket); devuelve sus rutas locales para subirlos al chat."""
    v = vista(session, config, boletin)
    imagen = logo(config)
    pdf = guardar_documento(config, clave_de_boletin(boletin.anio, boletin.numero, "pdf", boletin.tipo),
                            lambda ruta: generar_pdf(v, ruta, imagen))
    txt = guardar_documento(config, clave_de_boletin(boletin.anio, boletin.numero, "txt", boletin.tipo),
                            lambda ruta: ruta.write_text(texto_plano(v), encoding="utf-8"))
    return pdf, txt, v
