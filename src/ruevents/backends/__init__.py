"""Adapters around third-party NLP code: the only modules that import razdel,
slovnet, navec and pymorphy3."""
