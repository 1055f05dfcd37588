"""El archivo en un bucket compatible con S3 (AWS, MinIO…): varios servidores comparten un archivo.

Cumple la misma interfaz que la carpeta (``Almacen`` en ``almacen.py``); las claves son las mismas,
bajo ``s3://bucket/prefijo/``. Lo que necesita un disco sigue en la carpeta local ``ASISTENTE_CACHE``:
los temporales de escritura (``.tmp/``) y una caché de lo leído (``.cache/<etag>/``), que nunca
sirve algo viejo porque el ETag es del contenido.

Durabilidad, igual que en disco: ``colocar_en`` sube el archivo entero, S3 comprueba el MD5 de cada
parte (``Content-MD5``), y antes de volver se pide su cabecera y se compara el tamaño; solo entonces la
fila hace commit. Un archivo grande (videos) sube en partes de ``PARTE`` bytes. Colocar sin pisar usa
la escritura condicional de S3 (``If-None-Match: *``): dos servidores no toman la misma clave.

Vive en ``asistente/archivo/`` y no en ``asistente/canales/`` porque es el almacén del archivo (el
dominio lo pide con ``almacen_de`` desde muchas capas) y no un canal de publicación; es el único
módulo del dominio que importa boto3, con su excepción escrita en ``pyproject.toml``.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from botocore.exceptions import ClientError

from asistente.archivo import almacen as alm
from asistente.nucleo.config import Config

registro_log = logging.getLogger(__name__)

# Sobre esto, subida en partes (el mínimo de S3 para una parte que no es la última es 5 MiB).
PARTE = 64 * 1024 * 1024
CACHE = ".cache"


def _md5(datos: bytes) -> str:
    return base64.b64encode(hashlib.md5(datos, usedforsecurity=False).digest()).decode()


def _codigo(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class AlmacenS3:
    """El archivo en ``s3://bucket/prefijo``; temporales y caché en ``local``."""

    def __init__(self, cliente: Any, bucket: str, prefijo: str, local: Path, parte: int = PARTE) -> None:
        self.cliente = cliente
        self.bucket = bucket
        self.prefijo = prefijo.strip("/")
        self.parte = parte
        # Los temporales (y su limpieza por edad o por proceso muerto) son los de la carpeta local.
        self.local = alm.AlmacenLocal(local)
        self.cache = self.local.raiz / CACHE

    # --- claves ↔ objetos ---------------------------------------------------------------------------
    def _objeto(self, clave: str) -> str:
        alm.validar_clave(clave)
        return f"{self.prefijo}/{clave}" if self.prefijo else clave

    def _clave(self, objeto: str) -> str:
        return objeto[len(self.prefijo) + 1:] if self.prefijo else objeto

    def _cabecera(self, clave: str) -> dict[str, Any] | None:
        try:
            return dict(self.cliente.head_object(Bucket=self.bucket, Key=self._objeto(clave)))
        except ClientError as error:
            if _codigo(error) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    # --- escribir -------------------------------------------------------------------------------------
    def temporal(self) -> AbstractContextManager[alm.Temporal]:
        return self.local.temporal()

    def colocar_en(self, temporal: alm.Temporal, clave: str, reemplazar: bool = False) -> None:
        temporal.flujo.flush()
        objeto = self._objeto(clave)
        tamanio = temporal.ruta.stat().st_size
        condicion = {} if reemplazar else {"IfNoneMatch": "*"}
        try:
            if tamanio > self.parte:
                self._subir_en_partes(temporal.ruta, objeto, condicion)
            else:
                datos = temporal.ruta.read_bytes()
                self.cliente.put_object(Bucket=self.bucket, Key=objeto, Body=datos, ContentMD5=_md5(datos), **condicion)
        except ClientError as error:
            if _codigo(error) in ("PreconditionFailed", "412", "ConditionalRequestConflict"):
                raise FileExistsError(clave) from None
            raise
        cabecera = self._cabecera(clave)
        if cabecera is None or int(cabecera["ContentLength"]) != tamanio:
            raise OSError(f"la subida de {clave} a S3 no quedó completa")

    def _subir_en_partes(self, ruta: Path, objeto: str, condicion: dict[str, str]) -> None:
        inicio = self.cliente.create_multipart_upload(Bucket=self.bucket, Key=objeto)
        subida = inicio["UploadId"]
        partes: list[dict[str, Any]] = []
        try:
            with open(ruta, "rb") as f:
                for numero, datos in enumerate(iter(lambda: f.read(self.parte), b""), start=1):
                    r = self.cliente.upload_part(Bucket=self.bucket, Key=objeto, UploadId=subida, PartNumber=numero,
                                                 Body=datos, ContentMD5=_md5(datos))
                    partes.append({"ETag": r["ETag"], "PartNumber": numero})
            self.cliente.complete_multipart_upload(Bucket=self.bucket, Key=objeto, UploadId=subida,
                                                   MultipartUpload={"Parts": partes}, **condicion)
        except BaseException:
            # Una subida a medias no se queda cobrando espacio en el bucket.
            try:
                self.cliente.abort_multipart_upload(Bucket=self.bucket, Key=objeto, UploadId=subida)
            except ClientError:
                registro_log.warning("no pude cancelar la subida en partes de %s", objeto)
            raise

    def clave_libre(self, carpeta: str, nombre: str) -> str:
        return alm.primera_libre(carpeta, nombre, self.existe)

    def colocar(self, temporal: alm.Temporal, carpeta: str, nombre: str) -> str:
        return alm.colocar_sin_pisar(self, temporal, carpeta, nombre)

    def mover(self, clave: str, carpeta: str) -> str:
        """S3 no renombra: copia en el servidor (en partes si es grande) y borra el original."""
        if alm.carpeta_de(clave) == carpeta:
            return clave
        nueva = self.clave_libre(carpeta, alm.nombre_de(clave))
        self.cliente.copy({"Bucket": self.bucket, "Key": self._objeto(clave)}, self.bucket, self._objeto(nueva))
        origen, destino = self._cabecera(clave), self._cabecera(nueva)
        if origen is None or destino is None or destino["ContentLength"] != origen["ContentLength"]:
            raise OSError(f"la copia de {clave} a {nueva} en S3 no quedó completa")
        self.borrar(clave)
        return nueva

    def borrar(self, clave: str) -> None:
        self.cliente.delete_object(Bucket=self.bucket, Key=self._objeto(clave))

    # --- leer -------------------------------------------------------------------------------------------
    def existe(self, clave: str) -> bool:
        return self._cabecera(clave) is not None

    def abrir(self, clave: str) -> BinaryIO:
        try:
            cuerpo = self.cliente.get_object(Bucket=self.bucket, Key=self._objeto(clave))["Body"]
        except ClientError as error:
            if _codigo(error) in ("404", "NoSuchKey"):
                raise FileNotFoundError(clave) from None
            raise
        return cuerpo  # type: ignore[no-any-return]

    def leer(self, clave: str, desde: int, largo: int) -> bytes:
        """Un GET con ``Range``: solo esos bytes viajan."""
        if largo <= 0:
            return b""
        try:
            respuesta = self.cliente.get_object(Bucket=self.bucket, Key=self._objeto(clave),
                                                Range=f"bytes={desde}-{desde + largo - 1}")
        except ClientError as error:
            if _codigo(error) in ("416", "InvalidRange"):  # desde más allá del final
                return b""
            if _codigo(error) in ("404", "NoSuchKey"):
                raise FileNotFoundError(clave) from None
            raise
        return bytes(respuesta["Body"].read())

    def tamanio(self, clave: str) -> int:
        cabecera = self._cabecera(clave)
        if cabecera is None:
            raise FileNotFoundError(clave)
        return int(cabecera["ContentLength"])

    def ruta_local(self, clave: str) -> Path:
        """Una copia en la caché local, por ETag: si el objeto cambia, la ruta cambia."""
        cabecera = self._cabecera(clave)
        if cabecera is None:
            raise FileNotFoundError(clave)
        etag = str(cabecera["ETag"]).strip('"').replace("-", "_")
        ruta = self.cache / etag / alm.nombre_de(clave)
        if ruta.is_file() and ruta.stat().st_size == int(cabecera["ContentLength"]):
            return ruta
        ruta.parent.mkdir(parents=True, exist_ok=True)
        with self.local.temporal() as tmp:
            self.cliente.download_fileobj(self.bucket, self._objeto(clave), tmp.flujo)
            tmp.flujo.flush()
            tmp.ruta.replace(ruta)
        return ruta

    def ruta_visible(self, carpeta: str) -> str:
        return f"s3://{self.bucket}/{self._objeto(carpeta)}/"

    def raiz_visible(self) -> str:
        return f"s3://{self.bucket}/{self.prefijo}" if self.prefijo else f"s3://{self.bucket}"

    def claves(self, derivadas: str = "") -> Iterator[str]:
        """Las claves del árbol navegable; con ``derivadas`` (``COPIAS`` o ``MINIATURAS``), las de esa
        carpeta interna, como en la carpeta local."""
        if derivadas and derivadas not in (alm.COPIAS, alm.MINIATURAS):
            raise alm.ClaveInvalida(derivadas)
        prefijo = "/".join(p for p in (self.prefijo, derivadas) if p)
        paginas = self.cliente.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, **({"Prefix": prefijo + "/"} if prefijo else {}))
        for pagina in paginas:
            for objeto in pagina.get("Contents", []):
                clave = self._clave(objeto["Key"])
                partes = clave.split("/")
                if derivadas:
                    if not any(p.startswith(".") for p in partes[1:]):
                        yield clave
                elif not any(p.startswith(".") for p in partes):
                    yield clave

    def listar(self, carpeta: str) -> Iterator[str]:
        alm.validar_clave(carpeta)
        paginas = self.cliente.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self._objeto(carpeta) + "/", Delimiter="/")
        for pagina in paginas:
            for objeto in pagina.get("Contents", []):
                clave = self._clave(objeto["Key"])
                if not alm.nombre_de(clave).startswith("."):
                    yield clave

    def limpiar_temporales(self, edad_minima: float = alm.EDAD_TEMPORAL_ABANDONADO) -> int:
        """Los temporales locales y las subidas en partes que alguien dejó a medias en el bucket."""
        borrados = self.local.limpiar_temporales(edad_minima)
        limite = datetime.fromtimestamp(time.time() - edad_minima, timezone.utc)
        paginas = self.cliente.get_paginator("list_multipart_uploads").paginate(
            Bucket=self.bucket, **({"Prefix": self.prefijo + "/"} if self.prefijo else {}))
        for pagina in paginas:
            for subida in pagina.get("Uploads", []):
                if subida["Initiated"] <= limite:
                    self.cliente.abort_multipart_upload(Bucket=self.bucket, Key=subida["Key"], UploadId=subida["UploadId"])
                    borrados += 1
        return borrados


def partir_url(url: str) -> tuple[str, str]:
    """``s3://bucket/prefijo/`` → ``("bucket", "prefijo")``."""
    resto = url.split("://", 1)[1]
    bucket, _, prefijo = resto.partition("/")
    return bucket, prefijo.strip("/")


@lru_cache(maxsize=8)
def _almacen(url: str, llave: str, secreto: str, region: str, endpoint: str, local: Path) -> AlmacenS3:
    # boto3 (≈0.1 s de importar) solo se carga si el archivo está en S3.
    import boto3
    from botocore.config import Config as ConfigBoto

    # El cliente de boto3 es seguro entre hilos y guarda su pool de conexiones: uno por proceso.
    sesion = boto3.session.Session(aws_access_key_id=llave or None, aws_secret_access_key=secreto or None,
                                   region_name=region or None)
    cliente = sesion.client("s3", endpoint_url=endpoint or None,
                            config=ConfigBoto(retries={"max_attempts": 5, "mode": "standard"},
                                              max_pool_connections=32))
    bucket, prefijo = partir_url(url)
    return AlmacenS3(cliente, bucket, prefijo, local)


def almacen_s3(config: Config) -> AlmacenS3:
    return _almacen(config.archivo_s3, config.aws_llave, config.aws_secreto, config.aws_region, config.aws_url,
                    config.archivo.resolve())
