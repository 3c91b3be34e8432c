"""PySide6 user interface: wizard, main window, tray, settings. The only package importing Qt."""
