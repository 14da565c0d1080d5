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
    r"(advertisement|advertising|advert|sponsored( content| links?)?|ad|ads|promoted( content)?)",
    r".*\b(requires|enable|turn on) javascript\b.*",
    r"(story|article) continues (below|after) (the )?(advertisement|ad)",
    r"(continue|keep) reading( below| the (main )?(story|article))?\.*",
    r"read (more|full (story|article)|story|post|feature|interview|next)\W*",
    r"(share|tweet|email|print|save|comment|pin|like)( (this|the) (article|story|post|page))?\W*",
    r"(share|follow us)( on)?\W*(facebook|twitter|linkedin|whatsapp|email|reddit|pinterest)?\W*",
    r"((facebook|twitter|linkedin|whatsapp|e-?mail|reddit|pinterest|pin|pint|instagram|youtube|"
    r"copy link|telegram|messenger|flipboard|vk|share|tweet|print|sms|x)\W*)+",
    r".*\b(all rights reserved|todos los derechos reservados|tous droits réservés|"
    r"alle rechte vorbehalten|todos os direitos reservados|tutti i diritti riservati|"
    r"все права защищены)\b.*",
    r".*(무단전재|無断転載|版权所有|版權所有).*",
    r"(©|ⓒ|\(c\)|copyright)\s*(\d{4}|ⓒ|©).*",
    r".*\b(we use cookies|this (web)?site uses cookies|cookie (policy|settings))\b.*",
    r".*\b(privacy policy|terms of (use|service))\b.*",
    r"(back to top|skip to (main )?content|toggle navigation|close menu|open menu)\W*",
    r"(image|photo)s? \d+ of \d+",
    r"this (post|article|page) (may contain|contains) affiliate.*",
    r"click to (share|email|print|tweet|pin)\b.*",
    r".*\b(may|might|could) (earn|receive|get|collect) (a |an )?(small )?(share|commission|"
    r"portion|fee)\b.*",
    r".*\bsubscribe to our\b.*|[^.]{0,80}\?\s*subscribe\b.*",
    r"(e-?mail|follow|contact)\b.{0,80}(@\w+|\S+@\S+\.\w+).{0,80}",
    r".*\bsubject to copyright\b.*",
    # legal small print in page footers
    r".*\b(are|is) (a |the )?(registered )?trademarks? (of|owned by)\b.*",
    r".*\bnot been evaluated by the food and drug administration\b.*",
    r".*\bfor (general )?informational (purposes|use) only\b.*",
    # inline links to other stories: "READ MORE: Headline", "Related: Headline [VIDEO]"
    r"(related|read more|read also|also read|see also|"
    r"leia mais|leia também|lesen sie auch|à lire aussi|lee también|leggi anche)\s*:\s*.+",
    r".*\[(?-i:[A-Z][A-Z ]{1,20})\]",
    # author boxes: "Jane Doe (@jdoe) is a staff writer at ..."
    r"(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})(?: \([^)]{1,60}\))? (is|was|has been) "
    r"(a|an|the)\b.{0,100}\b(writer|reporter|editor|contributor|correspondent|columnist|"
    r"journalist|author|producer|host|analyst|blogger|freelancer)\b.*",
    r".*\(opens in (a )?new window\)",
)

# Photo captions and credits: a caption line is not article text.
CAPTION_LINES: tuple[str, ...] = (
    r"(image caption|caption|file photo|photo|foto|picture)\s*:?\s.*",
    r"©.*",
    r".*\[(file|photo|image|picture|foto)\s*:[^\]]{1,80}\]\.?",
    # a gallery counter glued or set before the caption: "1of4A shopper...", "2 of 4 The..."
    r"\d+\s*of\s*\d+(?:(?=\S)\D|\s+(?-i:[A-Z])).*",
    r".*\((ap|afp|reuters|getty|epa|ani|pti)?\s*(photo|image|foto|picture)s?\b[^)]*\)\.?",
    r".*\b(photo|image|picture|foto)s?\s*(credit)?\s*:\s*[^.]{2,60}",
    r".*\bcredit\s*(:|\.\.\.|…)\s*[^.]{2,60}",
    # agency credits as printed under photos: "REUTERS/Name", "Getty Images" (case kept)
    r"(?=.{0,250}$).*(?-i:\b(REUTERS|AFP|Getty Images|Shutterstock|iStock|AP Photo|EPA))"
    r"(/[^.]{1,60})?\)?",
)

# Lines of comment threads: "name says:", time stamps, reply/report buttons.
COMMENT_LINES: tuple[str, ...] = (
    r"(reply|report|report comment|flag|like|dislike|upvote|downvote|load more comments)\W*",
    r"[^.!?]{0,40}\b\d{1,2}:\d\d\s*(am|pm)?\b[^.!?]{0,12}",
    r"\d+ (minutes?|hours?|days?|weeks?|months?|years?) ago",
)

# Short heading lines after which a page has left the article: related links,
# comment threads, tag lists, newsletters, "most read" boxes.
END_MARKERS: tuple[str, ...] = (
    r"related( (stories|articles|posts|news|content|coverage|links|reading|topics|videos))?:?",
    r"(more|other) (stories|articles|news|posts|from|on|in|like this|to explore)\b.{0,40}",
    r"(most (popular|read|viewed|shared|emailed|commented)|trending( now| stories)?)\b.{0,30}",
    r"(latest|recent|top|popular) (news|stories|articles|posts|headlines|videos|blogs|features)\W*",
    r"(related )?(tags|topics|keywords|filed under|categories)\s*:?",
    r"(newsletter|sign up for our newsletter|get our newsletter)\W*",
    r"(share this|share this (article|story|post))\W*",
    r"(read|see) also\s*:?",
    r"(more|also|see more)\s*:",
    r"(sponsored|partner) (stories|content|links)\W*",
    # the same headings in other common languages
    r"leia (também|tambem|mais)\W*",
    r"veja (também|tambem|mais)\W*|(notícias|noticias|artigos|posts) relacionad[oa]s\W*",
    r"(lee también|más noticias|noticias relacionadas|ver más)\W*",
    r"(mehr zum thema|weitere artikel|ähnliche artikel)\W*",
    r"(à lire aussi|lire aussi|sur le même sujet|à voir aussi)\W*",
    r"(leggi anche|articoli correlati)\W*",
    r"(читайте также|похожие (статьи|новости)|другие новости)\W*",
)

# The line that opens one comment: "Jane on May 2, 2019 at 9:14 am said:".
COMMENT_HEADS: tuple[str, ...] = (r"[^!?]{1,80}\b(says|said|wrote|writes|replied)\s*:",)

# Headings of what follows an article and is never part of it (comment threads,
# author boxes): the body run never crosses them.
HARD_END_MARKERS: tuple[str, ...] = (
    r"\W*(leave|post|add|write|submit) a (reply|comment)\W*",
    r"\W*\d+\s+(comments?|responses?|replies|reactions|thoughts)( (on|to) .*)?\W*",
    r"\W*(comments?|responses|reader comments|discussion|join the (conversation|discussion))\W*",
    r"\W*(top|all|show|view|read|see|most recent|newest|oldest|best)( rated| reader)? comments\W*",
    r"\W*(comentários|comentarios|kommentare|commentaires|commenti|комментарии|reacties)\W*",
    r"\W*(deixe|deja|escreva) (um|un|seu|su) (comentário|comentario)\W*",
    r"\W*(laisser|laissez|écrire) un commentaire\W*|\W*lascia un commento\W*",
    r"\W*(schreibe|schreiben sie) einen kommentar\W*",
    # recommendation boxes come after the article (unlike "Related" boxes, which
    # also sit between its paragraphs)
    r"\W*(you|we think you) (may|might|will) (also )?(like|enjoy|be interested in).{0,20}",
    r"\W*recommended( for you| stories| articles| reading)?\W*",
    r"\W*(você|voce) (também |tambem )?(pode|vai) gostar.{0,10}",
    r"\W*(te puede interesar|das könnte sie auch interessieren|vous aimerez aussi)\W*",
    r"\W*(potrebbe interessarti|ti potrebbe interessare)\W*",
    r"\W*(about|more about|more from) the (author|writer)\W*",
    # an author or company box: "About Jane Doe", "Über Moritz Bachmann", "Sobre Ana"
    r"\W*(about|sobre|über|à propos de|a proposito di|acerca de|o autorze|об авторе)\s+"
    r"(?-i:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\W*",
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
# A date stamp line ("Published 2:16 AM EST Nov 20, 2019") is a date or time plus
# only these words (and at most a few others, such as a place or a name).
TIME_TEXT = r"\b\d{1,2}[:.h]\d\d\b(\s*[ap]\.?m\.?)?|\b\d+\s+(minutes?|hours?|days?)\s+ago\b"
STAMP_WORDS = (
    r"\b(published|updated|posted|last|first|date|on|at|modified|am|pm|a\.m|p\.m|"
    r"et|est|edt|pt|pst|gmt|utc|cet|ist|bst|"
    r"mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(rs(day)?)?|fri(day)?|sat(urday)?|sun(day)?)\b"
)


def compile_any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex that fully matches any of `patterns`."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


PROMO_RE = compile_any(PROMO_LINES)
END_RE = compile_any(END_MARKERS)
HARD_END_RE = compile_any(HARD_END_MARKERS)
COMMENT_RE = compile_any(COMMENT_LINES)
CAPTION_RE = compile_any(CAPTION_LINES)
COMMENT_HEAD_RE = compile_any(COMMENT_HEADS)
BYLINE_RE = re.compile(BYLINE, re.IGNORECASE)
BYLINE_TAIL_RE = re.compile(BYLINE_TAIL, re.IGNORECASE)
AUTHOR_SPLIT_RE = re.compile(AUTHOR_SPLIT, re.IGNORECASE)
IMAGE_CREDIT_RE = re.compile(IMAGE_CREDIT, re.IGNORECASE)
DATE_RES = tuple(re.compile(p, re.IGNORECASE) for p in DATE_TEXT)
TIME_RE = re.compile(TIME_TEXT, re.IGNORECASE)
STAMP_WORDS_RE = re.compile(STAMP_WORDS, re.IGNORECASE)
MONTH_NUMBERS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
