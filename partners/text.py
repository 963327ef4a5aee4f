"""German text to search terms: folding, gender forms, stop words, stemming, typo spellings.

Pure functions: no models, no database. The Snowball stemmer keeps state on its instance, so
calls to it are serialised with a lock; `stem` is cached, so the lock is only taken once per
distinct word.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

__all__ = ["STOP_WORDS", "spellings", "stem", "terms", "within_one_typo", "words"]

_LETTER = r"[^\W\d_]"

# "Senior*innen", "Senior:in", "Senior_innen", "Senior/-innen", "Senior·innen", "Senior*Innen".
# A lower-case "innen" may continue a compound ("Bürger*innenbeteiligung" -> "Bürgerbeteiligung");
# otherwise the form must end the word, so "Treffpunkt:Innenhof" is left alone.
# Both patterns only count when a letter comes right before the match (checked in _drop_gender:
# a look-behind here would be tried at every position and make the scan several times slower).
_MARKED = re.compile(
    rf"(?:/-|[*:_/·])(?:innen|(?:[Ii]nnen|[Ii]n)(?!{_LETTER}))|\((?:[Ii]nnen|[Ii]n)\)"
)
# "SeniorInnen", "BürgerIn": capital I straight after a lower-case letter, at the word end.
_CAMEL = re.compile(rf"(?:Innen|In)(?!{_LETTER})")
_TOKEN = re.compile(r"[^\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# A plain "innen" plural ending is dropped when at least this many letters remain.
_INNEN_MIN_STEM = 4
# A participle ending "end" is dropped from a stem when at least this many letters remain.
_END_MIN_STEM = 4
# Words shorter than this only match exactly in `within_one_typo`.
_TYPO_MIN_LENGTH = 5


def _drop_mark(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def _fold(text: str) -> str:
    # casefold() already turns ß into ss.
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    if text.isascii():
        return text
    return _NON_ASCII.sub(_drop_mark, unicodedata.normalize("NFKD", text))


STOP_WORDS = frozenset(
    _fold(word)
    for word in (
        *("und", "oder", "aber", "sowie", "bzw", "usw", "etc"),
        *("der", "die", "das", "den", "dem", "des"),
        *("ein", "eine", "einer", "eines", "einem", "einen"),
        *("für", "mit", "von", "vom", "im", "in", "am", "an", "auf", "zu", "zur", "zum"),
        *("bei", "beim", "aus", "nach", "über", "unter", "um", "durch", "bis"),
        *("als", "wie", "auch", "ist", "sind", "es", "sich"),
    )
)


def _char_before(text: str, match: re.Match[str]) -> str:
    return text[match.start() - 1] if match.start() else ""


def _drop_gender(text: str) -> str:
    text = _MARKED.sub(lambda m: "" if _char_before(text, m).isalpha() else m.group(), text)
    return _CAMEL.sub(lambda m: "" if _char_before(text, m).islower() else m.group(), text)


def _drop_innen(word: str) -> str:
    if word.endswith("innen") and len(word) - len("innen") >= _INNEN_MIN_STEM:
        return word[: -len("innen")]
    return word


def words(text: str) -> list[str]:
    """Return the folded surface words of `text`, in order, without gender forms or stop words."""
    tokens = _TOKEN.findall(_fold(_drop_gender(unicodedata.normalize("NFC", text))))
    result = []
    for token in tokens:
        word = _drop_innen(token)
        if len(word) > 1 and word not in STOP_WORDS:
            result.append(word)
    return result


_stemmer = snowballstemmer.stemmer("german")
_stemmer_lock = threading.Lock()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the search term of one folded word (Snowball German, then a participle "end")."""
    if word.isdigit():
        return word
    with _stemmer_lock:
        result = _stemmer.stemWord(word)
    if result.endswith("end") and len(result) - len("end") >= _END_MIN_STEM:
        result = result[: -len("end")]
    return result


def terms(text: str) -> list[str]:
    """Return the distinct search terms of `text`, in order of first occurrence."""
    return list(dict.fromkeys(stem(word) for word in words(text)))


def spellings(word: str) -> set[str]:
    """Return `word` plus every one-letter deletion of it (only `word` if it is short).

    Two words of five or more letters are at most one typo apart (a letter substituted, inserted,
    deleted, or two adjacent letters swapped) when their spellings intersect. The scheme is a
    little looser than that: one letter moved further ("beratung", "bratueng") also intersects.
    """
    if len(word) < _TYPO_MIN_LENGTH:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_typo(a: str, b: str) -> bool:
    """Tell whether two folded words are equal or, if both are long enough, one typo apart."""
    if len(a) < _TYPO_MIN_LENGTH or len(b) < _TYPO_MIN_LENGTH:
        return a == b
    return bool(spellings(a) & spellings(b))
