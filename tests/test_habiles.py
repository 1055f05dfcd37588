"""Días hábiles: los feriados de la LFT se conocen solos; los de la oficina se suman."""

from __future__ import annotations

from datetime import date

from asistente.fechas.habiles import (
    dias_habiles_entre,
    es_habil,
    feriados_oficiales,
    primer_dia_habil,
    sumar_dias_habiles,
)


def test_los_feriados_oficiales_de_2026_son_los_de_la_ley() -> None:
    assert feriados_oficiales(2026) == {
        date(2026, 1, 1), date(2026, 2, 2), date(2026, 3, 16), date(2026, 5, 1),
        date(2026, 9, 16), date(2026, 11, 16), date(2026, 12, 25),
    }


def test_el_primero_de_octubre_solo_cuando_cambia_el_ejecutivo_federal() -> None:
    assert date(2024, 10, 1) in feriados_oficiales(2024)
    assert date(2030, 10, 1) in feriados_oficiales(2030)
    assert date(2026, 10, 1) not in feriados_oficiales(2026)


def test_fin_de_semana_feriado_y_dia_de_la_oficina_no_son_habiles() -> None:
    assert not es_habil(date(2026, 12, 5))  # sábado
    assert not es_habil(date(2026, 9, 16))  # miércoles patrio
    assert es_habil(date(2026, 11, 2))
    assert not es_habil(date(2026, 11, 2), extra=[date(2026, 11, 2)])


def test_dias_habiles_entre_cuenta_despues_de_hoy_hasta_el_dia_pedido() -> None:
    lunes = date(2026, 12, 7)
    assert dias_habiles_entre(lunes, date(2026, 12, 10)) == 3
    assert dias_habiles_entre(lunes, date(2026, 12, 14)) == 5
    assert dias_habiles_entre(lunes, lunes) == 0
    assert dias_habiles_entre(date(2026, 12, 23), date(2026, 12, 28)) == 2  # 24 y 28: el 25 no


def test_sumar_y_primer_dia_habil() -> None:
    assert sumar_dias_habiles(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert primer_dia_habil(2026, 1) == date(2026, 1, 2)
    assert primer_dia_habil(2026, 2) == date(2026, 2, 3)  # domingo 1, lunes 2 feriado
    assert primer_dia_habil(2026, 11, extra=[date(2026, 11, 2)]) == date(2026, 11, 3)
