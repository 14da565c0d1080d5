"""Phrases that mark page furniture in extracted HTML text, as data for `cleanup`.

English only for now; add other languages' phrases here, not branches in code.
"""

from __future__ import annotations

import re

# A short block matching one of these is not article text wherever it appears.
BOILERPLATE = re.compile(
    r"""^(?:
        order\ reprints | print\ (?:this\ )?article | share\ (?:this|on)\b.* | advertisement
      | (?:read|see)\ (?:more|also)(?:\ (?:here|at|on)\b.*|\s*:.+)?
      | related(?:\ (?:articles?|stories|content))?:?
      | don'?t\ miss | you\ (?:may|might)\ also\ like.* | recommended(?:\ for\ you)?
      | tell\ us\ what\ you\ think.* | \d*\s*comments?
      | (?:sign\ up|subscribe)\b(?:\W+\w+){0,5}\W* | click\ here\b(?:\W+\w+){0,6}\W*
      | this\ copy\ is\ for\ your\ personal,?\ non-commercial\ use.*
      | (?:copyright|©)\ .* | .*\ball\ rights\ reserved\b.*
      | write\ to\ .*@.* | follow\ us\b.* | thank\ you | an\ error\ has\ occurred.*
      | this\ article\ has\ been\ sent\ to.*
      # newsletter and sign-up widgets
      | thanks?(?:\ you)?\ for\ (?:signing\ up|subscribing|registering)\b.*
      | (?:you'?re|you\ are)\ (?:now\ |all\ )?(?:signed\ up|subscribed|registered)\b.*
      | check\ your\ (?:inbox|email)\b.* | enter\ your\ email\b.*
      | by\ (?:signing\ up|subscribing|clicking|registering)\b.*
      | (?:get|sign\ up\ for|subscribe\ to)\ (?:our|the)\b.{0,60}\bnewsletters?\b.*
      # photo credits on a line of their own
      | [\[(]?(?:photo|image|picture|illustration|foto|bild)s?(?:\ (?:by|credit|courtesy))?
        \s*[:/|]\s*[^.!?]{0,80}[\])]?
      | [\[(]?(?:photo|image|picture)s?\ (?:by|courtesy\ of)\ [^.!?]{0,80}[\])]?
      # comment counters and share bars
      | (?:view|show|read|see|load)\ (?:all\ )?(?:\d+\ )?comments?\b.* | comments?\ \(\d+\)
      | join\ the\ (?:conversation|discussion)\b.*
      | (?:(?:share|facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|e-?mail|print
          |copy\ link|flipboard|tweet|messenger|telegram)\W*){2,}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# A short block matching one of these near the end starts the furniture after the article.
END_MARKERS = re.compile(
    r"""^(?:
        related(?:\ (?:articles?|stories|content|posts|coverage))?:? | more\ (?:from|on|stories)\b.*
      | you\ (?:may|might)\ also\ like.* | recommended(?:\ for\ you)?:? | read\ next:?
      | tell\ us\ what\ you\ think.* | (?:\d+\ )?comments?:? | leave\ a\ (?:comment|reply)
      | trending(?:\ now)?:? | most\ (?:read|popular)(?:\ stories)?:?
      | share\ this\ (?:article|story):?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
