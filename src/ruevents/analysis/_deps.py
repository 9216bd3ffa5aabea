"""The optional libraries of ``ruevents.analysis``, imported with an install hint."""

from __future__ import annotations

import importlib
from types import ModuleType

INSTALL_HINT = "pip install 'ruevents[analysis]'"


def require(module: str) -> ModuleType:
    """Import ``module`` or raise ``ImportError`` that says how to install the analysis extras."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"ruevents.analysis needs {module.split('.')[0]}, which is not installed: {INSTALL_HINT}"
        ) from error
