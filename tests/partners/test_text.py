import pytest

from partners.text import STOP_WORDS, spellings, stem, terms, within_one_typo, words


@pytest.mark.parametrize(
    "spellings_of_one_word",
    [
        ["ÖZIV", "Oeziv", "oeziv", "Öziv"],
        ["Mädchen", "Maedchen", "MÄDCHEN", "Ma\u0308dchen"],
        ["Grünes", "Gruenes", "GRÜNES"],
        ["Straße", "Strasse", "STRASSE"],
        ["Café", "Cafe", "CAFÉ"],
    ],
)
def test_umlauts_accents_and_case_are_folded(spellings_of_one_word):
    results = {tuple(terms(text)) for text in spellings_of_one_word}
    assert len(results) == 1
    assert len(next(iter(results))) == 1


@pytest.mark.parametrize(
    "gender_spellings",
    [
        [
            "Senioren",
            "Seniorinnen",
            "SeniorInnen",
            "Senior:innen",
            "Senior*innen",
            "Senior_innen",
            "Senior/innen",
            "Senior/-innen",
            "Senior*Innen",
            "Senior·innen",
            "Senior(innen)",
            "SENIORINNEN",
        ],
        ["Migrant*innen", "Migranten", "Migrantinnen", "MigrantInnen", "Migrant:innen"],
        ["Bürger*innen", "Bürger", "BürgerInnen", "Bürgerinnen", "BürgerIn", "Bürger/-innen"],
        ["Berater*in", "Berater", "Berater:in", "Berater/in", "BeraterIn", "Beraterin"],
        ["Geflüchtete", "Geflüchteten"],
        ["Kolleg*innen", "Kollegen", "Kolleginnen"],
        ["Ärzt*innen", "Ärzte", "Ärztinnen"],
    ],
)
def test_gender_forms_find_each_other(gender_spellings):
    expected = terms(gender_spellings[0])
    assert len(expected) == 1
    for text in gender_spellings[1:]:
        assert terms(text) == expected, text


@pytest.mark.parametrize(
    ("text", "expected_words"),
    [
        ("Angebote für Senior*innen und Angehörige", ["angebote", "senior", "angehoerige"]),
        ("Beratung für Bürger:innen in Leibnitz", ["beratung", "buerger", "leibnitz"]),
        ("Senior*innen-Treff", ["senior", "treff"]),
        ("Bürger*innenbeteiligung", ["buergerbeteiligung"]),
        ("Termin: in Leibnitz", ["termin", "leibnitz"]),
        ("Treffpunkt:Innenhof", ["treffpunkt", "innenhof"]),
        ("Außen-/Innenbereich", ["aussen", "innenbereich"]),
        ("innen und außen", ["innen", "aussen"]),
    ],
)
def test_gender_markers_are_removed_without_eating_other_words(text, expected_words):
    assert words(text) == expected_words


@pytest.mark.parametrize(
    "word",
    ["spinnen", "binnen", "rinnen", "innen", "beginnen", "Termin", "Medizin", "Seniorin", "Kamin"],
)
def test_words_that_only_look_gendered_keep_their_ending(word):
    assert words(word) == [word.casefold()]


@pytest.mark.parametrize(
    "inflections",
    [
        ["Beratung", "Beratungen"],
        ["Pflege", "pflegende", "Pflegenden", "Pflegende"],
        ["Familie", "Familien"],
        ["Kinder", "Kind", "Kindern"],
        ["Frauen", "Frau"],
        ["Termin", "Termine", "Terminen"],
        ["Alleinerziehende", "Alleinerziehenden"],
        ["Wohnung", "Wohnungen"],
        ["Jugend", "Jugendliche", "Jugendlichen"],
    ],
)
def test_inflections_share_one_term(inflections):
    expected = terms(inflections[0])
    assert len(expected) == 1
    for text in inflections[1:]:
        assert terms(text) == expected, text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pflege", "Arbeit"),
        ("Jugend", "Jugendhilfe"),
        ("Beratung", "Betreuung"),
        ("Frauen", "Familie"),
        ("Termin", "Medizin"),
        ("Senior", "Seniorenheim"),
    ],
)
def test_different_words_stay_apart(a, b):
    assert terms(a) != terms(b)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("jugend", "jugend"),
        ("pflegend", "pfleg"),
        ("pflegenden", "pfleg"),
        ("pflege", "pfleg"),
        ("spinnen", "spinn"),
        ("termin", "termin"),
        ("termine", "termin"),
        ("maedchen", "madch"),
        ("8430", "8430"),
        ("2025", "2025"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kinder- und Jugendhilfe", ["kinder", "jugendhilfe"]),
        ("E-Mail", ["mail"]),
        ("E-Mail: office@verein-freiraum.at", ["mail", "office", "verein", "freiraum", "at"]),
        ("8430 Leibnitz, Hauptplatz 24", ["8430", "leibnitz", "hauptplatz", "24"]),
        ("Tel.: +43 (0)3452/82400", ["tel", "43", "3452", "82400"]),
        ("Hilfe!!! Beratung?! (kostenlos)", ["hilfe", "beratung", "kostenlos"]),
        ("Die Beratung ist für alle", ["beratung", "alle"]),
        ("a b c", []),
        ("", []),
        ("   \n\t ", []),
        ("und oder der die das", []),
    ],
)
def test_words_tokenise(text, expected):
    assert words(text) == expected


def test_terms_are_distinct_in_first_occurrence_order():
    text = "Pflege und Betreuung: Pflegende Angehörige, Betreuung zuhause, Pflege"
    assert terms(text) == ["pfleg", "betreu", "angehor", "zuhaus"]


def test_stop_words_are_folded_function_words():
    assert {"fuer", "ueber", "und", "der"} <= STOP_WORDS
    assert all(word == word.casefold() and word.isascii() for word in STOP_WORDS)
    assert not {"pflege", "beratung", "hilfe", "frauen", "kinder"} & STOP_WORDS


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("beratung", "beratung", True),
        ("beratung", "beratnug", True),  # two adjacent letters swapped
        ("beratung", "berstung", True),  # one letter substituted
        ("beratung", "beratng", True),  # one letter deleted
        ("beratung", "beratunng", True),  # one letter inserted
        ("beratung", "bertng", False),  # two letters deleted
        ("beratung", "bertaunng", False),  # swap plus insertion
        ("beratung", "pflege", False),
        ("beratung", "bratueng", True),  # known looseness: one letter moved two places
        ("amt", "ant", False),  # short words must match exactly
        ("amt", "amt", True),
        ("hilfe", "hilf", False),  # one of the two is short
    ],
)
def test_within_one_typo(a, b, expected):
    assert within_one_typo(a, b) is expected
    assert within_one_typo(b, a) is expected


@pytest.mark.parametrize(
    ("word", "expected_size"),
    [("beratung", 9), ("pflege", 7), ("kinder", 7), ("hilfe", 6), ("amt", 1), ("", 1)],
)
def test_spellings(word, expected_size):
    result = spellings(word)
    assert word in result
    assert len(result) == expected_size
    assert all(len(variant) >= len(word) - 1 for variant in result)
