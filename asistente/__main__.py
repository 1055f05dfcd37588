from asistente.procesos.cli import principal

raise SystemExit(principal())
