"""El monitoreo de medios y la síntesis informativa (SPEC §10).

- ``notas``: registrar una nota de un enlace (lee la página con el puerto ``Lector``), a mano o de una
  fuente; tono, tema, corrección; ``contar_notas`` y ``contar_por_tono`` para los informes.
- ``extraccion``: titular, medio, fecha, entradilla y texto de una página (JSON-LD, OpenGraph, ``<title>``,
  trafilatura).
- ``fuentes``: las fuentes RSS/Atom de los medios y sus entradas que nos mencionan.
- ``empate``: ligar una nota con el documento que reporta (para ``/boletin acuses``).
- ``sintesis`` y ``pdf``: la síntesis informativa de un día, en el chat y en PDF.
- ``aclaracion``: el comunicado que responde a una nota.
- ``ajustes``: el canal de monitoreo, las palabras clave y quién recibe la síntesis.

La pasada del programador que lee las fuentes y publica la síntesis es ``asistente.programador.monitoreo``.
"""

from asistente.monitoreo.notas import contar_notas, contar_por_tono

__all__ = ["contar_notas", "contar_por_tono"]
