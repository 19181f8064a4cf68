"""PySide6 widgets. The only package that imports Qt; widgets call services, never SQL."""
