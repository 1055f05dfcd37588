"""Las solicitudes de las áreas del ayuntamiento (SPEC §9): la fila de diseño y producción.

``areas`` (las áreas que piden y cómo se escriben), ``tipos`` (cartel, lona, spot…), ``alta`` (una
solicitud nueva, por el chat o el portal, con el aviso de días hábiles), ``estados`` (asignar, entregar,
aprobar, pedir cambios; cada paso con quién y cuándo y su aviso al solicitante y a quien la hace),
``consultas`` (buscar, listas, versiones, conteos para los informes) e ``inhabiles`` (los días que la
oficina no trabaja además de los feriados de ley).
"""
