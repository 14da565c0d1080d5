"""Language of a text as an ISO 639-1 code, with py3langid (its model ships in the wheel)."""

from __future__ import annotations

import functools
import re

# Below this many letters a character n-gram model mostly sees names and numbers: a byline or a
# caption of a few words is classified close to at random, so we say "unknown" instead.
MIN_LETTERS = 40
# Normalised probability under which the model is not deciding between languages but guessing
# (mixed-language or code-like text).
MIN_PROBABILITY = 0.5
# The language is settled within the first few hundred characters (on the scrapinghub pages the
# first 200 give the same answer as the first 5000); reading more only costs.
_SAMPLE_CHARS = 600
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# The model also knows varieties that have no ISO 639-1 code; these belong to a macrolanguage
# that has one. Other 3-letter labels (e.g. "zxx", no linguistic content) give None.
_TO_639_1 = {
    "arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz", "gug": "gn", "sdh": "ku",
    "fuv": "ff",
}  # fmt: skip


@functools.cache
def _identifier():  # type: ignore[no-untyped-def]
    # Loaded once per process (about 0.3 s); workers each load their own copy on first use.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when it is too short or too unsure to say."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    lang, prob = _identifier().classify(sample)
    if prob < MIN_PROBABILITY:
        return None
    lang = _TO_639_1.get(lang, lang)
    return lang if len(lang) == 2 else None
