"""Quotations of a document and who said them.

- `marks`: quotation marks paired in one linear pass (`find_quotes`): direct and partial
  quotes, multi-paragraph chains;
- `attribution`: the speaker sieve (`attribute`), ordered rules over one document `Context`
  (`context`): where a quote's cue is looked for (`segments`), the subject next to a cue
  (`speakers`), what a quote with no cue of its own falls back to (`fallbacks`), pronouns
  resolved to names (`pronoun_resolution`, token-level helpers in `pronouns`), the last check
  that a speaker names someone (`speaker_filter`); quote-aware sentence bounds (`sentences`);
- `confidence`: each speaker's `speaker_confidence` (`with_confidence`).
The entities read are the entity layer's, labels repaired (`entities/labels.py`). Cue verbs,
speaker titles and group nouns live in `corpus_builder/resources/` (`annotate/lexicon.py`).
"""

from corpus_builder.annotate.quotes.attribution import attribute
from corpus_builder.annotate.quotes.confidence import with_confidence
from corpus_builder.annotate.quotes.marks import QuoteSpan, find_quotes

__all__ = ["QuoteSpan", "attribute", "find_quotes", "with_confidence"]
