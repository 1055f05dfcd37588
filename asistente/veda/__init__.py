"""La veda electoral y la ventana del Informe de Gobierno (SPEC §7).

Durante una veda no se aprueba, no se publica ni se programa un documento, salvo que su tema sea una
excepción de ley (salud, educación, protección civil); cada excepción usada queda en el historial del
documento (quién, cuándo, por qué). Los documentos con tema ``informe`` solo se difunden de 7 días antes
a 5 días después del Informe de Gobierno (``/asistente informe <fecha>``).

- ``periodos``: registrar, listar y quitar vedas, fijar el día del Informe, la veda de un día.
- ``reglas``: los temas y la revisión que usan la aprobación, la publicación y la programación.
"""

from asistente.veda.periodos import (
    dia_del_informe,
    fijar_informe,
    leer_periodo,
    quitar_veda,
    registrar_veda,
    veda_del_dia,
    vedas,
)
from asistente.veda.reglas import (
    EXCEPCIONES,
    TEMAS,
    exigir_permitido,
    fijar_tema,
    leer_tema,
    nombre_de_tema,
)

__all__ = [
    "EXCEPCIONES", "TEMAS", "dia_del_informe", "exigir_permitido", "fijar_informe", "fijar_tema", "leer_periodo",
    "leer_tema", "nombre_de_tema", "quitar_veda", "registrar_veda", "veda_del_dia", "vedas",
]
