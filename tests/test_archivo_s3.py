"""El archivo en un bucket S3 (``ASISTENTE_ARCHIVO=s3://bucket/prefijo``), contra el servidor S3 de moto
en el puerto 0 (un servidor HTTP de verdad, no mocks de boto3): lo mismo que en la carpeta —
carpetas por evento, copias, mover, duplicados, ``verificar``, ``respaldo`` y el portal — pero en el bucket."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from asistente.archivo import almacen as alm
from asistente.archivo.almacenes import almacen_de
from asistente.archivo.privacidad import quitar_gps
from asistente.archivo.respaldo import MANIFIESTO, respaldo, verificar
from asistente.archivo.s3 import AlmacenS3
from asistente.nucleo.aplicacion import Aplicacion
from asistente.nucleo.errores import ErrorDeConfiguracion
from asistente.procesos.app import crear_app
from asistente.procesos.entorno import desde_entorno
from modelos import Base
from tests.archivos import jpeg, mp3, pdf
from tests.conftest import Charla, hacer_config
from tests.test_archivo import CARPETA_1, medios, soltar
from tests.test_portal import Portal, armar_portal

LLAVES = {"aws_llave": "prueba", "aws_secreto": "prueba", "aws_region": "us-east-1"}


@pytest.fixture(scope="module")
def servidor_s3() -> Iterator[str]:
    servidor = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    servidor.start()
    host, puerto = servidor.get_host_and_port()
    try:
        yield f"http://{host}:{puerto}"
    finally:
        servidor.stop()


@pytest.fixture
def bucket(servidor_s3: str) -> Iterator[tuple[str, object]]:
    nombre = f"prensa-{uuid.uuid4().hex[:10]}"
    cliente = boto3.client("s3", endpoint_url=servidor_s3, aws_access_key_id="prueba",
                           aws_secret_access_key="prueba", region_name="us-east-1")
    cliente.create_bucket(Bucket=nombre)
    yield nombre, cliente
    cliente.close()


def _config_s3(bd_url: str, tmp_path: Path, servidor_s3: str, nombre: str, **cambios: object) -> dict[str, object]:
    return {"archivo_s3": f"s3://{nombre}/tlalchapa", "aws_url": servidor_s3, **LLAVES, **cambios}


@pytest.fixture
def app_s3(bd_url: str, tmp_path: Path, servidor_s3: str, bucket: tuple[str, object]) -> Iterator[Aplicacion]:
    app = crear_app(hacer_config(bd_url, tmp_path, **_config_s3(bd_url, tmp_path, servidor_s3, bucket[0])))
    Base.metadata.create_all(app.motor)
    yield app
    app.motor.dispose()


@pytest.fixture
def charla_s3(app_s3: Aplicacion) -> Charla:
    charla = Charla(app_s3)
    charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
    return charla


def objetos(bucket: tuple[str, object]) -> list[str]:
    nombre, cliente = bucket
    r = cliente.list_objects_v2(Bucket=nombre)  # type: ignore[attr-defined]
    return sorted(o["Key"] for o in r.get("Contents", []))


def leer(bucket: tuple[str, object], clave: str) -> bytes:
    nombre, cliente = bucket
    return cliente.get_object(Bucket=nombre, Key=f"tlalchapa/{clave}")["Body"].read()  # type: ignore[attr-defined, no-any-return]


def test_la_foto_el_original_copia_y_miniatura_quedan_en_el_bucket_y_no_en_el_disco(
        charla_s3: Charla, bucket: tuple[str, object], tmp_path: Path) -> None:
    foto = jpeg()
    _, texto = soltar(charla_s3, {"IMG_0001.jpg": foto}, texto="fotos del #1")
    assert "Archivé 1 archivo" in texto and CARPETA_1 in texto
    [m] = medios(charla_s3.app)
    assert objetos(bucket) == sorted(f"tlalchapa/{c}" for c in (m.clave, m.clave_copia, m.clave_miniatura))
    assert leer(bucket, m.clave) == foto
    with Image.open(io.BytesIO(leer(bucket, m.clave_miniatura))) as mini:
        assert max(mini.size) == 320
    # En el disco local solo la carpeta de temporales, vacía: nada del archivo.
    local = charla_s3.app.config.archivo
    assert not (local / CARPETA_1).exists() and not any((local / alm.TEMPORALES).iterdir())
    assert list(almacen_de(charla_s3.app.config).claves()) == [f"{CARPETA_1}/IMG_0001.jpg"]


def test_colisiones_duplicados_y_mover_funcionan_en_el_bucket(charla_s3: Charla, bucket: tuple[str, object]) -> None:
    soltar(charla_s3, {"IMG.jpg": jpeg(semilla=1)}, texto="#1")
    soltar(charla_s3, {"IMG.jpg": jpeg(semilla=2)}, texto="#1")
    _, texto = soltar(charla_s3, {"otra.jpg": jpeg(semilla=1)}, texto="#1")
    assert "es el mismo que" in texto
    almacen = almacen_de(charla_s3.app.config)
    assert list(almacen.claves()) == [f"{CARPETA_1}/IMG-2.jpg", f"{CARPETA_1}/IMG.jpg"]
    nueva = almacen.mover(f"{CARPETA_1}/IMG.jpg", "2026/03-marzo/sin-evento")
    assert nueva == "2026/03-marzo/sin-evento/IMG.jpg" and leer(bucket, nueva) == jpeg(semilla=1)
    assert not almacen.existe(f"{CARPETA_1}/IMG.jpg")


def test_colocar_sin_pisar_no_reemplaza_lo_que_otro_servidor_subio(app_s3: Aplicacion, bucket: tuple[str, object]) -> None:
    almacen = almacen_de(app_s3.config)
    for contenido in (b"primero", b"segundo"):
        with almacen.temporal() as tmp:
            tmp.flujo.write(contenido)
            if contenido == b"primero":
                almacen.colocar_en(tmp, "2026/x/a.txt")
            else:
                with pytest.raises(FileExistsError):
                    almacen.colocar_en(tmp, "2026/x/a.txt")
                assert almacen.colocar(tmp, "2026/x", "a.txt") == "2026/x/a-2.txt"
    assert leer(bucket, "2026/x/a.txt") == b"primero" and leer(bucket, "2026/x/a-2.txt") == b"segundo"
    with pytest.raises(alm.ClaveInvalida):
        almacen.existe("../fuera.txt")


def test_un_video_grande_sube_en_partes_y_queda_entero(app_s3: Aplicacion, bucket: tuple[str, object]) -> None:
    s3 = almacen_de(app_s3.config)
    assert isinstance(s3, AlmacenS3)
    chico = AlmacenS3(s3.cliente, s3.bucket, s3.prefijo, app_s3.config.archivo, parte=5 * 1024 * 1024)
    datos = bytes(range(256)) * (11 * 1024 * 1024 // 256 + 7)  # 11 MiB y algo: tres partes
    with chico.temporal() as tmp:
        tmp.flujo.write(datos)
        chico.colocar_en(tmp, "2026/video/largo.mp4")
    assert leer(bucket, "2026/video/largo.mp4") == datos
    cabecera = s3.cliente.head_object(Bucket=s3.bucket, Key="tlalchapa/2026/video/largo.mp4")
    assert cabecera["ETag"].strip('"').endswith("-3")  # la firma de una subida en tres partes
    assert chico.ruta_local("2026/video/largo.mp4").read_bytes() == datos
    assert chico.tamanio("2026/video/largo.mp4") == len(datos)


def test_una_subida_en_partes_abandonada_se_limpia(app_s3: Aplicacion) -> None:
    s3 = almacen_de(app_s3.config)
    assert isinstance(s3, AlmacenS3)
    s3.cliente.create_multipart_upload(Bucket=s3.bucket, Key="tlalchapa/2026/a-medias.mp4")
    # (moto fecha toda subida en 2010: la edad mínima, que protege la de otro servidor que sigue, no se
    # puede probar aquí; se limpia lo que pasa de ella.)
    assert s3.limpiar_temporales(edad_minima=0) == 1
    assert s3.cliente.list_multipart_uploads(Bucket=s3.bucket).get("Uploads", []) == []


def test_respaldo_y_verificar_leen_el_bucket(charla_s3: Charla, bucket: tuple[str, object], tmp_path: Path) -> None:
    soltar(charla_s3, {"IMG_1.jpg": jpeg(semilla=1), "IMG_2.jpg": jpeg(semilla=2), "voz.mp3": mp3()}, texto="#1")
    config = charla_s3.app.config
    salida = io.StringIO()
    assert respaldo(config, tmp_path / "respaldo", salida) == 0
    assert f"aws s3 sync s3://{bucket[0]}/tlalchapa" in salida.getvalue()
    manifiesto = (tmp_path / "respaldo" / MANIFIESTO).read_text().splitlines()
    assert manifiesto[0].startswith(f"# Manifiesto del archivo s3://{bucket[0]}/tlalchapa")
    assert any(l.endswith(f"  {CARPETA_1}/IMG_1.jpg") for l in manifiesto)
    salida = io.StringIO()
    assert verificar(config, salida) == 0 and "Todo en orden: 3" in salida.getvalue()
    nombre, cliente = bucket
    cliente.put_object(Bucket=nombre, Key=f"tlalchapa/{CARPETA_1}/IMG_1.jpg", Body=b"alterada")  # type: ignore[attr-defined]
    cliente.delete_object(Bucket=nombre, Key=f"tlalchapa/{CARPETA_1}/voz.mp3")  # type: ignore[attr-defined]
    salida = io.StringIO()
    assert verificar(config, salida) == 1
    assert f"CAMBIÓ     consola:prueba {CARPETA_1}/IMG_1.jpg" in salida.getvalue()
    assert f"FALTA      consola:prueba {CARPETA_1}/voz.mp3" in salida.getvalue()


def test_la_cache_local_no_sirve_una_version_vieja(charla_s3: Charla, bucket: tuple[str, object]) -> None:
    soltar(charla_s3, {"IMG_1.jpg": jpeg(semilla=1)}, texto="#1")
    almacen = almacen_de(charla_s3.app.config)
    clave = f"{CARPETA_1}/IMG_1.jpg"
    assert almacen.ruta_local(clave).read_bytes() == jpeg(semilla=1)
    nombre, cliente = bucket
    cliente.put_object(Bucket=nombre, Key=f"tlalchapa/{clave}", Body=b"otra cosa")  # type: ignore[attr-defined]
    assert almacen.ruta_local(clave).read_bytes() == b"otra cosa"


def test_el_portal_sirve_la_galeria_desde_el_bucket(bd_url: str, tmp_path: Path, servidor_s3: str,
                                                    bucket: tuple[str, object]) -> None:
    for app, url, reloj in armar_portal(bd_url, tmp_path, **_config_s3(bd_url, tmp_path, servidor_s3, bucket[0])):
        portal = Portal(Charla(app), url, reloj)
        portal.charla.di("/equipo")
        portal.charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10 | Unidad deportiva")
        archivos = {"IMG_0001.jpg": jpeg(2400, 1800, semilla=1), "programa.pdf": pdf()}
        soltar(portal.charla, archivos, texto="#1")
        galeria = portal.compartir()
        assert portal.get(galeria).status_code == 200
        original = portal.get(f"{galeria}/original/1")
        # El original sale del bucket tal cual, salvo su GPS (vaciado en su lugar: el mismo largo).
        assert original.content == quitar_gps(archivos["IMG_0001.jpg"]) != archivos["IMG_0001.jpg"]
        assert original.headers["content-length"] == str(len(archivos["IMG_0001.jpg"]))
        with Image.open(io.BytesIO(portal.get(f"{galeria}/miniatura/1").content)) as mini:
            assert max(mini.size) == 320
        assert portal.get(f"{galeria}/original/2").content == archivos["programa.pdf"]
        assert portal.get(f"{galeria}/todo.zip").status_code == 200


def test_un_video_del_bucket_sale_sin_ubicacion_leyendo_solo_sus_cajas(bd_url: str, tmp_path: Path, servidor_s3: str,
                                                                       bucket: tuple[str, object]) -> None:
    """Un video de varios GB no se baja entero a la caché antes de servirlo: se leen sus cajas de
    metadatos con GET por rangos y el original sale en flujo del bucket, sin ©xyz."""
    from tests.test_privacidad import video_de_android

    for app, url, reloj in armar_portal(bd_url, tmp_path, **_config_s3(bd_url, tmp_path, servidor_s3, bucket[0])):
        portal = Portal(Charla(app), url, reloj)
        portal.charla.di("/equipo")
        portal.charla.di("/agenda nueva Inauguración de la cancha | mañana a las 10")
        video = video_de_android()
        soltar(portal.charla, {"VID_1.mp4": video}, texto="#1")
        almacen = almacen_de(app.config)
        assert isinstance(almacen, AlmacenS3)
        [m] = medios(app)
        assert almacen.leer(m.clave, len(video) - 4, 100) == video[-4:] and almacen.leer(m.clave, len(video) + 5, 10) == b""
        en_cache = set(almacen.cache.rglob("*")) if almacen.cache.exists() else set()
        servido = portal.get(f"{portal.compartir()}/original/1")
        assert servido.headers["content-length"] == str(len(video)) and servido.content == quitar_gps(video)
        assert b"19.4326" in video and b"19.4326" not in servido.content
        assert (set(almacen.cache.rglob("*")) if almacen.cache.exists() else set()) == en_cache  # nada se bajó entero


def test_la_url_s3_se_lee_del_entorno_y_sin_bucket_se_explica(tmp_path: Path) -> None:
    config = desde_entorno({"ASISTENTE_ARCHIVO": "s3://prensa-guerrero/tlalchapa/", "ASISTENTE_CACHE": str(tmp_path / "c"),
                            "AWS_ENDPOINT_URL": "http://minio:9000/"}, archivo_env=None)
    assert config.archivo_s3 == "s3://prensa-guerrero/tlalchapa/" and config.archivo == tmp_path / "c"
    assert config.aws_url == "http://minio:9000"
    with pytest.raises(ErrorDeConfiguracion, match="no dice el bucket"):
        desde_entorno({"ASISTENTE_ARCHIVO": "s3:///tlalchapa"}, archivo_env=None)
