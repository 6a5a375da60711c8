"""The map: scene (items kept in step with the document), view (zoom, pan, scale bar) and tools."""
