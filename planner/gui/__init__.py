"""The desktop app (PySide6). The only package of the planner that imports Qt.

Entry point: ``planner.gui.app.run_app``. Layout: ``document`` (the plan with its undo stack and
change signals), ``commands`` (undo commands wrapping engine operations), ``canvas/`` (scene, items,
view, tools), ``panels/`` (inspector, layers, history), ``main_window``, ``recovery`` (autosave),
``icons`` and ``theme``.
"""
