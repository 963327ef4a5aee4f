import re
import unicodedata

import pytest

from partners.languages import LANGUAGES, choices, name


def german_fold(text):
    text = text.casefold().translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))
    # Other accents (Māori, Guaraní, Bokmål) are dropped too.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_codes_are_two_lowercase_letters():
    assert all(re.fullmatch(r"[a-z]{2}", code) for code in LANGUAGES)


def test_count_is_about_the_iso_639_1_set():
    assert 180 <= len(LANGUAGES) <= 190


def test_deprecated_codes_are_left_out():
    assert not {"iw", "in", "ji", "mo", "sh"} & LANGUAGES.keys()


@pytest.mark.parametrize(
    ("code", "german", "english"),
    [
        ("de", "Deutsch", "German"),
        ("tr", "Türkisch", "Turkish"),
        ("ps", "Paschtu", "Pashto"),
        ("fa", "Persisch", "Persian"),
        ("uk", "Ukrainisch", "Ukrainian"),
        ("ar", "Arabisch", "Arabic"),
        ("so", "Somali", "Somali"),
    ],
)
def test_names(code, german, english):
    assert LANGUAGES[code] == (german, english)
    assert name(code) == german
    assert name(code, "de") == german
    assert name(code, "en") == english
    assert name(code, "en-gb") == english


def test_unknown_code_returns_the_code():
    assert name("xx") == "xx"
    assert name("xx", "en") == "xx"


def test_german_choices_sorted_with_umlauts_folded():
    names = [label for _, label in choices()]
    assert len(names) == len(LANGUAGES)
    for before, after in zip(names, names[1:], strict=False):
        assert german_fold(before) <= german_fold(after), (before, after)
    assert names.index("Türkisch") < names.index("Ungarisch")
    # Umlauts sort with their base letter, not after Z.
    assert names.index("Rätoromanisch") < names.index("Rumänisch") < names.index("Russisch")


def test_english_choices():
    pairs = choices("en")
    assert pairs[0][1] in ("Abkhazian", "Afar")
    assert dict(pairs) == {code: english for code, (_, english) in LANGUAGES.items()}
