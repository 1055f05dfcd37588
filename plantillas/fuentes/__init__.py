"""Fuentes TrueType incrustadas en los PDF de los boletines (DejaVu Sans; ver LICENCIA-DejaVu.txt)."""
