"""Generic, site-independent line patterns for text dumps, kept as data tables.

Every table is plain data (regex source strings) so it can be reviewed and extended
without touching the logic in `lines.py`, `body.py` and `metadata.py`. Patterns are
matched case-insensitively against a line with indentation and list bullets removed.
Site-specific knowledge does not belong here: it goes in `corpus_builder/profiles/*.json`.
"""

from __future__ import annotations

import re

# Whole lines that are calls to action, never article text: subscription and
# newsletter promos, share widgets, ad labels, cookie and copyright notices.
PROMO_LINES: tuple[str, ...] = (
    r"enjoying this (article|story)\?.*",
    r".*\bclick here to (subscribe|sign up|register|read more).*",
    r".*\bsign up (for|to) (our|the)\b.*\bnewsletters?\b.*",
    r".*\bsubscribe (to|for) (our|the)\b.*\b(newsletters?|updates|channel)\b.*",
    r"(subscribe|sign up|register|log ?in|sign in)( now| today| here| for free)?[.!]?",
    r"(subscribe|sign in|log in|register)\s*(/|\||or)?\s*(subscribe|sign in|log in|register)",
    r"to read the full (story|article).*",
    r".*\b(already (a|an) (subscriber|member))\b.*",
    r"(advertisement|advertising|sponsored( content| links?)?|ad|ads|promoted( content)?)",
    r"(story|article) continues (below|after) (the )?(advertisement|ad)",
    r"(continue|keep) reading( below| the (main )?(story|article))?\.*",
    r"read (more|full (story|article)|story|post|feature|interview|next)\W*",
    r"(share|tweet|email|print|save|comment|pin|like)( (this|the) (article|story|post|page))?\W*",
    r"(share|follow us)( on)?\W*(facebook|twitter|linkedin|whatsapp|email|reddit|pinterest)?\W*",
    r"(facebook|twitter|linkedin|whatsapp|email|reddit|pinterest|instagram|youtube|copy link)",
    r".*\ball rights reserved\b.*",
    r"(©|\(c\)|copyright)\s*\d{4}.*",
    r".*\b(we use cookies|this (web)?site uses cookies|cookie (policy|settings))\b.*",
    r".*\b(privacy policy|terms of (use|service))\b.*",
    r"(back to top|skip to (main )?content|toggle navigation|close menu|open menu)\W*",
    r"(image|photo)s? \d+ of \d+",
    r"this (post|article|page) (may contain|contains) affiliate.*",
)

# Short heading lines after which a page has left the article: related links,
# comment threads, tag lists, newsletters, "most read" boxes.
END_MARKERS: tuple[str, ...] = (
    r"related( (stories|articles|posts|news|content|coverage|links|reading|topics|videos))?:?",
    r"(more|other) (stories|articles|news|posts|from|on|in|like this|to explore)\b.{0,40}",
    r"(you|we think you) (may|might|will) (also )?(like|enjoy|be interested in).{0,20}",
    r"recommended( for you| stories| articles| reading)?:?",
    r"(most (popular|read|viewed|shared|emailed|commented)|trending( now| stories)?)\b.{0,30}",
    r"(latest|recent|top|popular) (news|stories|articles|posts|headlines|videos|blogs|features)\W*",
    r"(related )?(tags|topics|keywords|filed under|categories)\s*:?",
    r"(newsletter|sign up for our newsletter|get our newsletter)\W*",
    r"(share this|share this (article|story|post))\W*",
    r"(read|see) also\s*:?",
    r"(sponsored|partner) (stories|content|links)\W*",
)

# Headings of what follows an article and is never part of it (comment threads,
# author boxes): the body run never crosses them.
HARD_END_MARKERS: tuple[str, ...] = (
    r"(leave|post|add|write|submit) a (reply|comment)\W*",
    r"\d+\s+(comments?|responses?|replies|reactions)",
    r"(comments?|responses|reader comments|discussion|join the (conversation|discussion))\W*",
    r"(about|more about|more from) the (author|writer)\W*",
    r"you must be logged in to post a comment\.?",
)

# "By Jane Doe" bylines (English and a few common languages).
BYLINE = r"(by|por|par|von|di|door|av|af|przez)\s+(?P<who>.+)"
# What follows the names in a byline: "for The Diplomat", "| Reuters", a date.
BYLINE_TAIL = (
    r"\s*(\bfor\b|\||,?\s*(published|updated|posted)\b|\s-\s|\s–\s|\s—\s|\bon\b\s+\w+ \d).*$"
)
AUTHOR_SPLIT = r"\s*(?:,|;|\band\b|&|\bund\b|\by\b|\bet\b|\be\b)\s*"

# Credit line of the lead image; `credit` is what is kept.
IMAGE_CREDIT = (
    r"\(?(?:(?:cover |featured |lead |top )?(?:image|photo|picture|foto|photograph)s?"
    r"(?: credit)?s?|credit)\s*:\s*(?P<credit>.+?)\)?"
)

# Dates written on the page (publication lines) and in the dump header.
MONTHS = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
    r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?"
)
DATE_TEXT: tuple[str, ...] = (
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
    r"(?P<mon>" + MONTHS + r")\s+(?P<d>\d{1,2})(st|nd|rd|th)?,?\s+(?P<y>\d{4})",
    r"(?P<d>\d{1,2})(st|nd|rd|th)?\s+(?P<mon>" + MONTHS + r"),?\s+(?P<y>\d{4})",
)
# A line that is only a date / time / "Published ..." stamp carries no body text.
DATE_LINE_WORDS = (
    r"(published|updated|posted|last updated|first published|date|on|modified)"
)


def compile_any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex that fully matches any of `patterns`."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


PROMO_RE = compile_any(PROMO_LINES)
END_RE = compile_any(END_MARKERS)
HARD_END_RE = compile_any(HARD_END_MARKERS)
BYLINE_RE = re.compile(BYLINE, re.IGNORECASE)
BYLINE_TAIL_RE = re.compile(BYLINE_TAIL, re.IGNORECASE)
AUTHOR_SPLIT_RE = re.compile(AUTHOR_SPLIT, re.IGNORECASE)
IMAGE_CREDIT_RE = re.compile(IMAGE_CREDIT, re.IGNORECASE)
DATE_RES = tuple(re.compile(p, re.IGNORECASE) for p in DATE_TEXT)
MONTH_NUMBERS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
