"""``asistente demo``: la semana guionada corre entera y deja lo que promete donde dice."""

from __future__ import annotations

import io
from pathlib import Path

from asistente.procesos.demo import demo


def test_la_demo_juega_la_semana_y_dice_donde_quedo_todo(tmp_path: Path) -> None:
    salida = io.StringIO()
    assert demo(tmp_path / "semana", salida) == 0
    texto = salida.getvalue()
    assert "Evento #1 registrado" in texto
    assert "No entendí" not in texto and "algo salió mal" not in texto and "Uso:" not in texto
    assert f"Todo quedó en {tmp_path / 'semana'}" in texto
    assert (tmp_path / "semana" / "asistente.db").is_file()
    assert "Boletín No. 001/2026 aprobado" in texto
    # La semana termina con el informe del mes: el avance del POA, el PDF y la hoja de cálculo.
    assert "Preparando el informe de marzo de 2026" in texto and "Informe de resultados: marzo de 2026" in texto
    informe = tmp_path / "semana" / "archivo" / "informes" / "1" / "2026-03" / "informe-2026-03.pdf"
    assert f"informe (PDF)  {informe}" in texto and informe.is_file() and informe.with_suffix(".xlsx").is_file()
    pdf = tmp_path / "semana" / "archivo" / "boletines" / "2026" / "001-2026.pdf"
    assert f"boletín (PDF)  {pdf}" in texto and pdf.is_file()
    # El membrete del municipio de ejemplo sale de sus ajustes, en el chat y en cada hoja del PDF.
    assert ("H. Ayuntamiento de Tlalchapa\nAdministración 2024–2027\nDirección de Comunicación Social\n"
            "Tlalchapa, tierra que trabaja\nBoletín No. 001/2026") in texto
    from pypdf import PdfReader

    for pagina in PdfReader(str(pdf)).pages:
        assert "Tel. 767 123 4567 · prensa@tlalchapa.gob.mx · tlalchapa.gob.mx · @GobTlalchapa" in pagina.extract_text()
    # Al final, el evento dice qué quedó de él: las fotos en el archivo y su boletín publicado.
    assert "📁 Archivo: 5 fotos → /archivo evento 1" in texto
    assert "📰 Boletín No. 001/2026 (publicado) → /boletin ver 001/2026" in texto


def test_la_demo_publica_su_boletin_en_facebook_y_el_sitio_y_muestra_los_enlaces(tmp_path: Path) -> None:
    salida = io.StringIO()
    demo(tmp_path / "semana", salida)
    texto = salida.getvalue()
    assert "📣 Boletín No. 001/2026 publicado en el sitio web y Facebook:" in texto
    assert "• Facebook: https://www.facebook.com/AyuntamientoTlalchapa/posts/" in texto
    assert "  Facebook       https://www.facebook.com/AyuntamientoTlalchapa/posts/" in texto and "(5 fotos)" in texto
    assert "  sitio web      http://127.0.0.1:" in texto
    assert "*Inauguran la cancha de usos múltiples de la Col. Centro*" in texto  # el kit de WhatsApp
    assert "✅ publicada" in texto  # la parrilla


def test_la_demo_reparte_la_cobertura_con_botones(tmp_path: Path) -> None:
    salida = io.StringIO()
    demo(tmp_path / "semana", salida)
    texto = salida.getvalue()
    assert "[1 Acepto]  [2 No puedo]" in texto
    assert "✅ Ana aceptó cubrir foto en el evento" in texto
    assert "❌ Carla no puede cubrir redacción" in texto and "Motivo: tengo cita en el IMSS" in texto
    assert "⚠️ Ojo: Ana ya cubre el evento" in texto
    assert "foto ✅ Ana · redacción ⚠️ (❌ Carla)" in texto
