"""Morphology: slovnet news tags as UD POS/features, lemmas from pymorphy3.

The lemma comes from the pymorphy3 parse that agrees best with slovnet's tag,
so «стороны» tagged Nom Plur lemmatises to «сторона», not to a genitive reading.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..backends import pymorphy, slovnet
from ._batching import BatchedStage, register
from .tokenize import model_words


class MorphStage(BatchedStage):
    def process(self, docs: list[Doc]) -> None:
        sentences = [model_words(sent) for doc in docs for sent in doc.sents]
        tags = slovnet.tag_morph([[t.text for t in sent] for sent in sentences])
        for sent, sent_tags in zip(sentences, tags):
            for token, tag in zip(sent, sent_tags):
                token.pos_ = tag.pos
                token.set_morph(tag.feats or None)
                token.lemma_ = pymorphy.lemmatize(token.text, tag.pos, tag.feats)
        for doc in docs:
            for token in doc:
                if token.is_space:
                    token.pos_ = "SPACE"
                    token.lemma_ = token.text


register("ruevents_morph", MorphStage, assigns=["token.pos", "token.morph", "token.lemma"])
