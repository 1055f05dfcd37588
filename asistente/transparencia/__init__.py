"""Transparencia y el archivo institucional (SPEC §12): campañas, contratos y facturas de
comunicación social; los formatos trimestrales del SIPOT (columnas en ``plantillas/transparencia/``);
el cuadro general de clasificación, el inventario documental y la entrega-recepción del archivo."""
