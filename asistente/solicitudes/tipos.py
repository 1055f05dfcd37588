"""Los tipos de trabajo que piden las áreas (SPEC §9) y cómo se escriben en la calle."""

from __future__ import annotations

import difflib

from asistente.nucleo.errores import ErrorDeUsuario
from asistente.nucleo.texto import normalizar
from modelos import TIPOS_SOLICITUD

ETIQUETAS = {"cartel": "cartel", "volante": "volante", "lona": "lona", "aviso": "aviso", "convocatoria": "convocatoria",
             "diapositivas": "diapositivas", "spot": "spot (perifoneo/radio)", "redes": "redes sociales",
             "cobertura": "cobertura", "entrevista": "entrevista"}
_ALIAS = {"poster": "cartel", "flyer": "volante", "folleto": "volante", "manta": "lona", "banner": "lona",
          "presentacion": "diapositivas", "diapositiva": "diapositivas", "perifoneo": "spot", "radio": "spot",
          "audio": "spot", "publicacion": "redes", "post": "redes", "facebook": "redes", "carteles": "cartel",
          "volantes": "volante", "lonas": "lona"}
# Lo que de ordinario se imprime: el formulario pregunta medida y piezas.
IMPRESOS = ("cartel", "volante", "lona")


def leer_tipo(texto: str) -> str:
    buscado = normalizar(texto.strip())
    if not buscado:
        raise ErrorDeUsuario(f"Falta el tipo: {', '.join(TIPOS_SOLICITUD)}.")
    if buscado in TIPOS_SOLICITUD:
        return buscado
    if buscado in _ALIAS:
        return _ALIAS[buscado]
    parecido = difflib.get_close_matches(buscado, [*TIPOS_SOLICITUD, *_ALIAS], n=1, cutoff=0.6)
    sugerencia = f" ¿Quisiste decir «{_ALIAS.get(parecido[0], parecido[0])}»?" if parecido else ""
    escrito = texto.strip() if len(texto.strip()) <= 40 else texto.strip()[:39] + "…"
    raise ErrorDeUsuario(f"«{escrito}» no es un tipo de solicitud.{sugerencia} Los tipos: {', '.join(TIPOS_SOLICITUD)}.")
