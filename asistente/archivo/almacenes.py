"""El almacén configurado: el bucket de ``ASISTENTE_ARCHIVO=s3://…`` o la carpeta ``ASISTENTE_ARCHIVO``.

Vive aparte de ``almacen.py`` (la interfaz, las claves y la carpeta) para que el almacén S3, que usa
esas piezas, no forme un ciclo con quien lo elige.
"""

from __future__ import annotations

from asistente.archivo.almacen import Almacen, almacen_local
from asistente.archivo.s3 import almacen_s3
from asistente.nucleo.config import Config


def almacen_de(config: Config) -> Almacen:
    if config.archivo_s3:
        return almacen_s3(config)
    return almacen_local(config.archivo.resolve())
