"""Continuum two-region models of New Economic Geography (issue 7)."""
