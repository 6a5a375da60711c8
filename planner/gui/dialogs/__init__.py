"""Dialogs of the analysis features: link calculator, report, engine errors, preferences."""
