"""Language detection with py3langid: ISO 639-1 codes, None when there is too little to judge."""

from __future__ import annotations

import pytest

from corpus_builder.extract.language import MIN_LETTERS, detect_language

NEWS = {
    "en": (
        "The city council voted on Tuesday to expand the bus network, adding three routes that "
        "will connect the northern suburbs with the hospital and the university campus."
    ),
    "fr": (
        "Le conseil municipal a voté mardi l'extension du réseau de bus, avec trois nouvelles "
        "lignes qui relieront les quartiers nord à l'hôpital et au campus universitaire."
    ),
    "de": (
        "Der Stadtrat hat am Dienstag beschlossen, das Busnetz auszubauen. Drei neue Linien "
        "sollen die nördlichen Vororte mit dem Krankenhaus und der Universität verbinden."
    ),
    "es": (
        "El ayuntamiento aprobó el martes la ampliación de la red de autobuses, con tres nuevas "
        "líneas que conectarán los barrios del norte con el hospital y el campus universitario."
    ),
}


@pytest.mark.parametrize("code", sorted(NEWS))
def test_news_paragraphs(code: str) -> None:
    assert detect_language(NEWS[code]) == code


@pytest.mark.parametrize("text", ["", "   \n\t ", "2019-09-10 12:00 | 4,500", "— … ** ##"])
def test_no_letters_is_unknown(text: str) -> None:
    assert detect_language(text) is None


def test_too_short_to_judge() -> None:
    short = "Paris, mardi"
    assert sum(ch.isalpha() for ch in short) < MIN_LETTERS
    assert detect_language(short) is None
    # The same language with enough letters is recognised: the threshold is what said None.
    assert detect_language(NEWS["fr"]) == "fr"


def test_only_the_start_of_a_long_text_is_read() -> None:
    # Deterministic and bounded: a long English article followed by a German appendix is English.
    text = NEWS["en"] * 20 + NEWS["de"] * 5
    assert detect_language(text) == "en"


def test_returns_two_letter_codes() -> None:
    for text in NEWS.values():
        code = detect_language(text)
        assert code is not None and len(code) == 2 and code.isalpha() and code.islower()
