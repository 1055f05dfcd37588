"""Los documentos que el asistente genera, con el archivo en un bucket S3 (el servidor de moto en el
puerto 0): el PDF de un boletín, la síntesis, un informe, el XLSX de transparencia, el calendario del
mes y el kit de WhatsApp quedan en el bucket, no en el disco local; la entrega-recepción los encuentra
ahí y ``verificar`` no los confunde con archivos sin fila."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from asistente.archivo.documentos import guardar_documento
from asistente.archivo.respaldo import verificar
from asistente.nucleo.respuesta import Respuesta
from asistente.transparencia.entrega import MANIFIESTO, entrega_recepcion
from tests.conftest import Charla
from tests.test_archivo_s3 import app_s3, bucket, charla_s3, leer, objetos, servidor_s3  # noqa: F401
from tests.test_boletin import evento

PREFIJO = "tlalchapa/"


def _en_el_bucket(bucket: tuple[str, object]) -> set[str]:
    return {o.removeprefix(PREFIJO) for o in objetos(bucket)}


def _en_el_disco(charla: Charla) -> set[str]:
    """Lo que quedó en la carpeta local (fuera de los temporales y la caché de S3, que empiezan con punto)."""
    raiz = charla.app.config.archivo
    if not raiz.exists():
        return set()
    return {p.relative_to(raiz).as_posix() for p in raiz.rglob("*")
            if p.is_file() and not any(parte.startswith(".") for parte in p.relative_to(raiz).parts)}


def _correr(charla: Charla, r: Respuesta, texto: str) -> Respuesta:
    assert r.tarea is not None and not r.es_error, r.cuerpo
    return charla.app.despachador.en_transaccion(charla.peticion("informe", texto, "dir"), r.tarea)


def _boletin(charla: Charla) -> Respuesta:
    evento(charla)
    charla.di("/boletin borrador 2")
    charla.di("/boletin aprobar 1")
    r = charla.respuesta("/boletin pdf 1")
    assert r.adjunto is not None and not r.es_error, r.cuerpo
    return r


def _sintesis(charla: Charla) -> Respuesta:
    charla.di("/nota impreso El Sur | Alcaldesa inaugura cancha | página 5 | positiva")
    r = charla.respuesta("/sintesis pdf hoy")
    assert r.adjunto is not None and not r.es_error, r.cuerpo
    return r


def test_boletin_sintesis_informe_y_transparencia_quedan_en_el_bucket_y_no_en_el_disco(
        charla_s3: Charla, bucket: tuple[str, object]) -> None:
    boletin = _boletin(charla_s3)
    sintesis = _sintesis(charla_s3)
    informe = _correr(charla_s3, charla_s3.respuesta("/informe mes febrero"), "mes febrero")
    transparencia = charla_s3.respuesta("/transparencia trimestre 1 2026")
    assert transparencia.adjunto is not None, transparencia.cuerpo
    mes = charla_s3.respuesta("/agenda mes marzo")
    assert mes.adjunto is not None, mes.cuerpo

    guardado = _en_el_bucket(bucket)
    esperados = {"boletines/2026/001-2026.pdf", "boletines/2026/001-2026.txt", "sintesis/2026/sintesis-2026-03-02.pdf",
                 "informes/1/2026-02/informe-2026-02.pdf", "informes/1/2026-02/informe-2026-02.xlsx",
                 "informes/1/2026-02/informe-2026-02.png", "transparencia/2026/comunicacion-social-1T-2026-general.xlsx",
                 "agenda/1/2026-03.png"}
    assert esperados <= guardado, sorted(esperados - guardado)
    assert _en_el_disco(charla_s3) == set()
    # Lo que se sube al chat es el mismo documento que quedó en el bucket.
    assert boletin.adjunto is not None and boletin.adjunto.ruta.read_bytes() == leer(bucket, "boletines/2026/001-2026.pdf")
    assert sintesis.adjunto is not None
    assert "Alcaldesa inaugura cancha" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(leer(bucket, "sintesis/2026/sintesis-2026-03-02.pdf"))).pages)
    libro = load_workbook(io.BytesIO(leer(bucket, "transparencia/2026/comunicacion-social-1T-2026-general.xlsx")))
    assert libro.sheetnames
    assert informe.adjunto is not None and informe.adjunto.ruta.suffix == ".png"


def test_volver_a_exportar_un_boletin_reemplaza_su_pdf_en_el_bucket(charla_s3: Charla, bucket: tuple[str, object]) -> None:
    _boletin(charla_s3)
    r = charla_s3.respuesta("/boletin pdf 1")
    assert r.adjunto is not None
    assert r.adjunto.ruta.read_bytes() == leer(bucket, "boletines/2026/001-2026.pdf")
    assert [o for o in objetos(bucket) if "boletines/" in o] == [
        f"{PREFIJO}boletines/2026/001-2026.pdf", f"{PREFIJO}boletines/2026/001-2026.txt"]  # sin copias «-2»


def test_la_entrega_recepcion_encuentra_el_boletin_y_la_sintesis_en_el_bucket(
        charla_s3: Charla, bucket: tuple[str, object], tmp_path: Path) -> None:
    _boletin(charla_s3)
    _sintesis(charla_s3)
    destino = tmp_path / "entrega"
    entrega_recepcion(charla_s3.app.config, destino, ahora=charla_s3.ahora)
    for clave in ("boletines/2026/001-2026.pdf", "boletines/2026/001-2026.txt", "sintesis/2026/sintesis-2026-03-02.pdf"):
        assert (destino / "archivo" / clave).read_bytes() == leer(bucket, clave)
    manifiesto = (destino / MANIFIESTO).read_text(encoding="utf-8")
    assert "archivo/sintesis/2026/sintesis-2026-03-02.pdf" in manifiesto
    assert "archivo/boletines/2026/001-2026.pdf" in manifiesto


def test_verificar_no_cuenta_los_documentos_generados_como_archivos_sin_fila(
        charla_s3: Charla, bucket: tuple[str, object]) -> None:
    _sintesis(charla_s3)
    salida = io.StringIO()
    assert verificar(charla_s3.app.config, salida) == 0, salida.getvalue()
    assert "SIN FILA" not in salida.getvalue()


def test_guardar_un_documento_que_falla_al_generarse_no_deja_nada(charla_s3: Charla, bucket: tuple[str, object]) -> None:
    def falla(ruta: Path) -> None:
        ruta.write_bytes(b"%PDF-1.4 a medias")
        raise RuntimeError("se cayó reportlab")

    with pytest.raises(RuntimeError):
        guardar_documento(charla_s3.app.config, "sintesis/2026/sintesis-2026-03-03.pdf", falla)
    assert not any("sintesis-2026-03-03" in o for o in objetos(bucket))
