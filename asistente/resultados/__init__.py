"""Metas y resultados (SPEC §11): las metas del programa anual (POA), su avance contado de lo que el
asistente ya registra, y los informes del mes, el trimestre, el año o una dependencia, con gráficas
(PDF) y las mismas cifras en una hoja de cálculo (XLSX)."""
