"""El programador: publica solo, en cada espacio de trabajo, la agenda del día, el resumen semanal y
los recordatorios a quienes cubren un evento, exactamente una vez.

- ``proceso``: el proceso ``asistente programador`` (una pasada cada ~30 s, o una sola con ``--una-vez``).
- ``pasada``: una pasada para todos los espacios: qué toca, reclamarlo, enviarlo, registrarlo.
- ``contenido``: los datos de cada publicación, cargados en lote (consultas fijas por pasada).
- ``reclamos``: la fila de ``publicaciones`` que hace que cada publicación salga una sola vez.
"""

from asistente.programador.pasada import Resumen, correr_pasada
from asistente.programador.proceso import leer_ahora, principal

__all__ = ["Resumen", "correr_pasada", "leer_ahora", "principal"]
