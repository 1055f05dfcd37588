"""El informe de resultados en Slack, de punta a punta: el comando firmado recibe «preparando…» por
``response_url`` al instante y, cuando el informe está listo, el Slack de mentiras recibe en el canal el
resumen, las gráficas como imagen, el PDF y la hoja de cálculo como archivos."""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.falso_slack import FalsoSlack
from tests.test_slack import Servidor, falso, servidor, slack_config  # noqa: F401  (accesorios compartidos)


def _subidos(falso: FalsoSlack, n: int) -> dict[str, tuple[dict[str, Any], bytes]]:
    """Los primeros ``n`` archivos subidos, por extensión: (su descripción en completeUploadExternal, sus bytes)."""
    subidos: dict[str, tuple[dict[str, Any], bytes]] = {}
    for i in range(1, n + 1):
        completo = falso.esperar("files.completeUploadExternal", n=i, timeout=30).params
        nombres = {c.respuesta["file_id"]: c.params["filename"] for c in falso.llamadas("files.getUploadURLExternal")}
        archivos = completo["files"] if isinstance(completo["files"], list) else json.loads(completo["files"])
        ident = archivos[0]["id"]
        subidos[nombres[ident].rsplit(".", 1)[-1]] = ({**completo, **archivos[0]}, falso.subidas()[ident])
    return subidos


def test_informe_en_slack_preparando_al_instante_y_luego_grafica_pdf_y_xlsx(servidor: Servidor) -> None:
    servidor.anunciar("nueva Inauguración del mercado | hoy a las 0:00 | Mercado municipal")
    servidor.falso.olvidar()
    estado, cuerpo, url = servidor.comando("año", comando="/informe")
    assert estado == 200 and cuerpo == ""  # el ack, vacío y de inmediato
    assert "Preparando el informe de año" in servidor.falso.esperar_url(url)["text"]

    subidos = _subidos(servidor.falso, 3)
    assert set(subidos) == {"png", "pdf", "xlsx"}
    for descripcion, _datos in subidos.values():
        assert descripcion["channel_id"] == "C-prensa"
    assert subidos["png"][1].startswith(b"\x89PNG") and "gráficas" in subidos["png"][0]["title"]
    # En el canal: el resumen con la imagen, el PDF y el XLSX (el aviso de «quedaste como director(a)» va aparte).
    mensajes = [c.params for c in servidor.falso.llamadas("chat.postMessage") if c.params["channel"] == "C-prensa"]
    assert len(mensajes) == 3
    assert "Eventos: 1" in mensajes[0]["text"] and "(PDF)" in mensajes[1]["text"]
    assert "(hoja de cálculo)" in mensajes[2]["text"]

    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(subidos["pdf"][1])).pages)
    assert "Informe de resultados" in pdf and "Inauguración del mercado" in pdf
    assert any(p.images for p in PdfReader(io.BytesIO(subidos["pdf"][1])).pages)
    libro = load_workbook(io.BytesIO(subidos["xlsx"][1]), read_only=True)
    eventos = [f for f in libro["Eventos"].iter_rows(values_only=True)][1:]
    assert [f[0] for f in eventos] == [1] and eventos[0][2] == "Inauguración del mercado"
    libro.close()


def test_informe_malo_en_slack_solo_explica_y_no_sube_nada(servidor: Servidor) -> None:
    _, _, url = servidor.comando("trimestre 9", comando="/informe")
    assert "trimestre es un número del 1 al 4" in servidor.falso.esperar_url(url)["text"]
    servidor.esperar_pendientes()
    assert not servidor.falso.llamadas("files.getUploadURLExternal")


def test_si_el_bot_no_esta_en_el_canal_el_informe_llega_por_mensaje_directo(servidor: Servidor) -> None:
    servidor.falso.error_en_canal("C-prensa", "not_in_channel")
    _, _, url = servidor.comando("mes", comando="/informe")
    assert "Preparando el informe de" in servidor.falso.esperar_url(url)["text"]
    subidos = _subidos(servidor.falso, 3)
    assert set(subidos) == {"png", "pdf", "xlsx"}
    assert {d["channel_id"] for d, _ in subidos.values()} == {"DU1"}  # a quien lo pidió, completo


def test_avance_del_mes_en_slack_el_primer_dia_habil_con_su_grafica_una_vez(servidor: Servidor) -> None:
    from datetime import datetime, time

    from asistente.fechas.habiles import primer_dia_habil
    from asistente.plataformas.slack import crear_plataforma
    from asistente.programador import correr_pasada

    _, _, url = servidor.comando("meta nueva Boletines informativos | boletines | 120 | cuenta: boletines", comando="/poa")
    assert "Meta 1 registrada" in servidor.falso.esperar_url(url)["text"]
    servidor.esperar_pendientes()
    servidor.falso.olvidar()
    # El Slack de las pruebas usa el reloj de verdad: el primer día hábil del mes que viene.
    hoy = datetime.now(servidor.config.tz)
    anio, mes = (hoy.year + 1, 1) if hoy.month == 12 else (hoy.year, hoy.month + 1)
    dia = primer_dia_habil(anio, mes)
    plataformas = {"slack": crear_plataforma(servidor.config)}
    correr_pasada(servidor.app, datetime.combine(dia, time(8, 59), servidor.config.tz), plataformas)
    assert not [c for c in servidor.falso.llamadas("chat.postMessage") if "Avance de" in c.params.get("text", "")]
    for hora in (time(9, 0), time(9, 1), time(18, 0)):
        correr_pasada(servidor.app, datetime.combine(dia, hora, servidor.config.tz), plataformas)
    [avance] = [c.params for c in servidor.falso.llamadas("chat.postMessage") if "Avance de" in c.params.get("text", "")]
    assert avance["channel"] == "C-prensa" and "Boletines informativos" in avance["text"]
    [subida] = servidor.falso.llamadas("files.getUploadURLExternal")
    assert subida.params["filename"].endswith(".png")
