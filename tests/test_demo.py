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
    pdf = tmp_path / "semana" / "archivo" / "boletines" / "2026" / "001-2026.pdf"
    assert f"boletín (PDF)  {pdf}" in texto and pdf.is_file()
    # Al final, el evento dice qué quedó de él: las fotos en el archivo y su boletín publicado.
    assert "📁 Archivo: 5 fotos → /archivo evento 1" in texto
    assert "📰 Boletín No. 001/2026 (publicado) → /boletin ver 001/2026" in texto


def test_la_demo_reparte_la_cobertura_con_botones(tmp_path: Path) -> None:
    salida = io.StringIO()
    demo(tmp_path / "semana", salida)
    texto = salida.getvalue()
    assert "[1 Acepto]  [2 No puedo]" in texto
    assert "✅ Ana aceptó cubrir foto en el evento" in texto
    assert "❌ Carla no puede cubrir redacción" in texto and "Motivo: tengo cita en el IMSS" in texto
    assert "⚠️ Ojo: Ana ya cubre el evento" in texto
    assert "foto ✅ Ana · redacción ⚠️ (❌ Carla)" in texto
