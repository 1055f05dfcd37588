"""El programador: publica solo, en cada espacio de trabajo, la agenda del día, el resumen semanal y
los recordatorios a quienes cubren un evento, exactamente una vez.

- ``pasada``: una pasada para todos los espacios: qué toca, reclamarlo, enviarlo, registrarlo.
- ``contenido``: los datos de cada publicación, cargados en lote (consultas fijas por pasada).
- ``reclamos``: la fila de ``publicaciones`` que hace que cada publicación salga una sola vez.

El proceso que corre una pasada cada ~30 s (``asistente programador``) es
``asistente.procesos.programador``.
"""

from asistente.programador.pasada import Resumen, correr_pasada

__all__ = ["Resumen", "correr_pasada"]
