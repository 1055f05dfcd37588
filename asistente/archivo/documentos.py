"""Los documentos que el asistente genera (el PDF y el texto de un boletín, la síntesis en PDF, los
informes, los XLSX de transparencia y los inventarios, el calendario de ``/agenda mes``, los kits de
WhatsApp) se guardan en el almacén configurado, como los originales: con ``ASISTENTE_ARCHIVO=s3://…``
quedan en el bucket y cualquier servidor los encuentra.

Se generan en una carpeta temporal del sistema (con su nombre de verdad: matplotlib y compañía
deciden el formato por la extensión), se copian a un temporal del almacén y se colocan en su clave
de una vez (``rename`` en la carpeta; subida verificada en S3): nunca queda medio documento. Lo que
se devuelve es una ruta local para subirlo al chat (en S3, la copia de la caché local).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from asistente.archivo.almacen import Almacen, nombre_de, validar_clave
from asistente.archivo.almacenes import almacen_de
from asistente.nucleo.config import Config

# Las carpetas del almacén donde viven los documentos generados: no son archivos de nadie (ninguna fila
# los conoce) y ``verificar`` no los cuenta como huérfanos.
CARPETAS_DE_DOCUMENTOS = ("agenda", "boletines", "difusion", "informes", "inventarios", "sintesis", "transparencia")


def es_documento_generado(clave: str) -> bool:
    return clave.split("/", 1)[0] in CARPETAS_DE_DOCUMENTOS


@contextmanager
def carpeta_de_trabajo() -> Iterator[Path]:
    """Una carpeta temporal del sistema donde generar documentos; se borra al salir."""
    with tempfile.TemporaryDirectory(prefix="asistente-documento-") as carpeta:
        yield Path(carpeta)


def guardar_en(almacen: Almacen, clave: str, origen: Path) -> Path:
    """Coloca ``origen`` en ``clave`` (reemplazando la versión anterior) y devuelve la ruta local del
    documento guardado."""
    validar_clave(clave)
    with almacen.temporal() as tmp, open(origen, "rb") as entrada:
        shutil.copyfileobj(entrada, tmp.flujo)
        almacen.colocar_en(tmp, clave, reemplazar=True)
    return almacen.ruta_local(clave)


def guardar_documento(config: Config, clave: str, escribir: Callable[[Path], object]) -> Path:
    """Genera un documento con ``escribir(ruta)`` y lo guarda en ``clave`` del almacén."""
    with carpeta_de_trabajo() as carpeta:
        ruta = carpeta / nombre_de(clave)
        escribir(ruta)
        return guardar_en(almacen_de(config), clave, ruta)

