"""Una descarga que se corta a medio camino (la red se cae, el servidor cierra la conexión) se
reintenta con esperas crecientes antes de rechazarse; el hilo siempre dice una razón en español y
nunca el error crudo de una biblioteca (``IncompleteRead``, ``RemoteProtocolError``…). De punta a
punta por Slack (evento firmado) y por Mattermost (WebSocket), contra sus falsos."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from asistente.archivo import descarga
from modelos import DescargaPendiente, Medio
from tests.archivos import jpeg
from tests.test_slack import Servidor, falso, servidor, slack_config  # noqa: F401  (accesorios compartidos)

CRUDOS = ("IncompleteRead", "RemoteProtocolError", "Errno", "http.client", "httpx", "peer closed", "Traceback")


@pytest.fixture
def esperas_cortas(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Las mismas esperas crecientes, en centésimas; cada espera pedida queda anotada."""
    esperas: list[float] = []
    monkeypatch.setattr(descarga, "ESPERAS_DESCARGA", (0.01, 0.02, 0.04))
    dormir = descarga.time.sleep
    monkeypatch.setattr(descarga.time, "sleep", lambda s: (esperas.append(s), dormir(s))[1])
    return esperas


def test_las_esperas_entre_reintentos_crecen() -> None:  # las de verdad, sin acortar
    esperas = descarga.ESPERAS_DESCARGA
    assert len(esperas) >= 2 and all(a < b for a, b in zip(esperas, esperas[1:], strict=False))


def _foto_en_canal(servidor: Servidor, ts: str, cortes: int) -> dict[str, Any]:
    url = servidor.falso.servir_archivo("DSC_0007.jpg", jpeg(semilla=7), "image/jpeg")
    servidor.falso.cortar_descarga(url, cortes)
    return {"type": "message", "subtype": "file_share", "channel": "C-prensa", "user": "U1", "text": "fotos",
            "ts": ts, "files": [servidor.falso.descripcion(servidor.falso.archivo(url))]}


def _contestacion(servidor: Servidor, hilo: str) -> str:
    servidor.falso.esperar("chat.postMessage", timeout=20)
    servidor.esperar_pendientes()
    [texto] = [c.params["text"] for c in servidor.falso.llamadas("chat.postMessage") if c.params.get("thread_ts") == hilo]
    return str(texto)


def test_slack_descarga_cortada_dos_veces_se_reintenta_y_se_archiva(servidor: Servidor, esperas_cortas: list[float]) -> None:
    assert servidor.evento(_foto_en_canal(servidor, "1700000000.000700", cortes=2), "EvCorte")[0] == 200
    texto = _contestacion(servidor, "1700000000.000700")
    assert "Archivé 1 archivo" in texto
    assert len(servidor.falso.llamadas("descarga")) == 3
    assert esperas_cortas == [0.01, 0.02]  # cada vez espera más
    with servidor.app.fabrica() as s:
        assert s.scalar(select(func.count(Medio.id))) == 1


def test_slack_descarga_que_siempre_se_corta_se_rechaza_en_espanol(servidor: Servidor, esperas_cortas: list[float]) -> None:
    assert servidor.evento(_foto_en_canal(servidor, "1700000000.000800", cortes=99), "EvCorteSiempre")[0] == 200
    texto = _contestacion(servidor, "1700000000.000800")
    assert "DSC_0007.jpg" in texto and "se cortó a medio archivo" in texto and "4 veces" in texto
    assert not any(crudo in texto for crudo in CRUDOS), texto
    assert len(servidor.falso.llamadas("descarga")) == 4
    assert esperas_cortas == [0.01, 0.02, 0.04]
    with servidor.app.fabrica() as s:
        assert s.scalar(select(func.count(Medio.id))) == 0
        assert s.scalar(select(func.count(DescargaPendiente.id))) == 0  # nada queda a medias


def test_slack_archivo_que_no_existe_no_se_reintenta(servidor: Servidor, esperas_cortas: list[float]) -> None:
    """Un 404 no es pasajero: se rechaza al primer intento, sin esperar."""
    evento = _foto_en_canal(servidor, "1700000000.000900", cortes=0)
    evento["files"][0]["url_private_download"] = servidor.falso.base + "/archivos/FNOEXISTE/x.jpg"
    assert servidor.evento(evento, "EvNoExiste")[0] == 200
    texto = _contestacion(servidor, "1700000000.000900")
    assert "HTTP 404" in texto and not any(crudo in texto for crudo in CRUDOS)
    assert esperas_cortas == []
