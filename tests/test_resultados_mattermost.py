"""El informe de resultados en Mattermost, de punta a punta: el comando contesta «preparando…» y el
bot publica después, por REST, el resumen con la gráfica, el PDF y la hoja de cálculo en el canal."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.test_mattermost import Mundo, falso, mundo  # noqa: F401  (accesorios compartidos)


def test_informe_en_mattermost_preparando_y_luego_grafica_pdf_y_xlsx(mundo: Mundo) -> None:
    mundo.di("/equipo")
    mundo.di("/agenda nueva Sesión de cabildo | 2026-02-10 12:00 | Sala de cabildo | Secretaría")
    r = mundo.di("/informe mes febrero")
    assert "Preparando el informe de febrero de 2026" in r["text"]

    def con_archivo(extension: str):  # type: ignore[no-untyped-def]
        def condicion(post: dict) -> bool:  # type: ignore[type-arg]
            return any(mundo.falso.archivos[f][0]["name"].endswith(extension) for f in post.get("file_ids") or [])
        return condicion

    grafica = mundo.falso.esperar_post(con_archivo(".png"), texto="Informe de resultados: febrero de 2026", tiempo=30)
    assert grafica["channel_id"] == mundo.canal and "Eventos: 1" in grafica["message"]
    pdf_post = mundo.falso.esperar_post(con_archivo(".pdf"), tiempo=30)
    xlsx_post = mundo.falso.esperar_post(con_archivo(".xlsx"), tiempo=30)
    assert pdf_post["channel_id"] == xlsx_post["channel_id"] == mundo.canal

    _, pdf = mundo.falso.archivos[pdf_post["file_ids"][0]]
    lector = PdfReader(io.BytesIO(pdf))
    assert "Sesión de cabildo" in "".join(p.extract_text() for p in lector.pages)
    assert any(p.images for p in lector.pages)
    _, xlsx = mundo.falso.archivos[xlsx_post["file_ids"][0]]
    libro = load_workbook(io.BytesIO(xlsx), read_only=True)
    resumen = dict(list(libro["Resumen"].iter_rows(values_only=True))[1:])
    assert resumen["Eventos realizados o programados"] == 1 and resumen["Periodo"] == "febrero de 2026"
    libro.close()


def test_informe_de_una_dependencia_sin_eventos_en_mattermost_se_explica(mundo: Mundo) -> None:
    mundo.di("/equipo")
    r = mundo.di("/informe dependencia Turismo")
    assert "No hay eventos de «Turismo» en 2026" in r["text"] and r["response_type"] == "ephemeral"
