"""La agenda: los eventos de la oficina y lo que se dice de ellos.

- ``eventos``: buscar un evento por número, los de un intervalo (``eventos_entre``) y cuándo son, en palabras.
- ``registro``: registrar, mover, cancelar y priorizar eventos, con sus reglas (duración, título repetido).
- ``vistas``: los eventos en hora local con su cobertura por rol, para las plantillas.
- ``anuncios``: el hilo del mensaje que anuncia un evento, adonde van los archivos que se contestan ahí.
"""
