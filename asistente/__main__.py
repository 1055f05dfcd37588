from asistente.cli import principal

raise SystemExit(principal())
