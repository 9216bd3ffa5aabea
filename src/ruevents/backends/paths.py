"""Where the model files live.

The slovnet news models and the navec embedding ship inside the ``natasha``
package.  Importing ``natasha`` (or any of its submodules: Python runs the
package ``__init__`` first) pulls in pymorphy2, which is broken on Python
3.11+, so we locate the package directory without executing it.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

#: Set to a directory holding the four files below to override the packaged ones.
MODELS_ENV = "RUEVENTS_MODELS_DIR"

EMBEDDING_FILE = "navec_news_v1_1B_250K_300d_100q.tar"
MORPH_FILE = "slovnet_morph_news_v1.tar"
SYNTAX_FILE = "slovnet_syntax_news_v1.tar"
NER_FILE = "slovnet_ner_news_v1.tar"


class ModelsNotFoundError(RuntimeError):
    """The slovnet/navec model files are not installed."""


@lru_cache(maxsize=None)
def natasha_data_dir() -> Path:
    """The ``natasha/data`` directory, found without importing natasha."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ModelsNotFoundError(
            "expected the 'natasha' package (it ships the slovnet news models), "
            "got none installed: pip install 'natasha>=1.6,<1.7'"
        )
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def model_path(name: str) -> Path:
    """Full path of one model file, from ``$RUEVENTS_MODELS_DIR`` or natasha."""
    override = os.environ.get(MODELS_ENV)
    if override:
        path = Path(override) / name
    else:
        sub = "emb" if name == EMBEDDING_FILE else "model"
        path = natasha_data_dir() / sub / name
    if not path.is_file():
        raise ModelsNotFoundError(f"expected model file {path}, got nothing there")
    return path
