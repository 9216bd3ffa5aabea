"""The pipeline stages, one spaCy component per module, in chain order.

Importing this package registers every component factory with spaCy.
"""

from . import tokenize, morph, syntax, ner, ner_rules, names, entities  # noqa: F401
from . import coref, events  # noqa: F401,E402
from . import times  # noqa: F401,E402
