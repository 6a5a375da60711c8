"""Dock panels of the main window: inspector, layers (history is Qt's QUndoView)."""
