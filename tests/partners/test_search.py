"""The directory's search and filters, rule by rule, on a small corpus of its own."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import search
from partners.models import Location, Municipality, Organisation, Service, Synonym
from tests import factories

pytestmark = pytest.mark.django_db

ARGE = "ARGE Soziale Netzwerke"
FRUEHE = "Frühe Hilfen"
OEZIV = "ÖZIV Steiermark"
PFLEGE = "Pflegedrehscheibe"
SONNENHOF = "Tageszentrum Sonnenhof"
KIJU = "Kinder- und Jugendhilfe Leibnitz"
WENDEPUNKT = "Wendepunkt Beratung für Frauen"
WOHNEN = "Wohnungslosenhilfe"
OFFENE = "Offene Jugendarbeit"

ALL_BY_NAME = [ARGE, FRUEHE, KIJU, OFFENE, OEZIV, PFLEGE, SONNENHOF, WENDEPUNKT, WOHNEN]


def place(org, municipality, *features, **fields):
    fields.setdefault("street", "Hauptplatz 1")
    fields.setdefault("postal_code", "8430")
    return Location.objects.create(
        organisation=org,
        municipality=municipality,
        **fields,
        **dict.fromkeys(features, True),
    )


def offer(org, name, *, languages=(), groups=(), topics=(), places=(), **fields):
    service = Service.objects.create(organisation=org, name=name, **fields)
    service.languages.set(languages)
    service.target_groups.set(groups)
    service.topics.set(topics)
    service.locations.set(places)
    return service


@pytest.fixture
def corpus(db):
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    wagna = Municipality.objects.create(name="Wagna", slug="wagna")
    kaindorf = Municipality.objects.create(name="Kaindorf an der Sulm", slug="kaindorf")

    familien = factories.target_group("Familien")
    single = factories.target_group("Alleinerziehende", parent=familien)
    youth = factories.target_group("Jugendliche")
    disabled = factories.target_group("Menschen mit Behinderungen", slug="behinderung")
    women = factories.target_group("Frauen")
    health = factories.topic("Gesundheit")
    housing = factories.topic("Wohnen")

    arge = factories.organisation(ARGE, description="Zusammenschluss sozialer Einrichtungen")

    fruehe = factories.organisation(
        FRUEHE, parent=arge, short_description="Begleitung für Familien mit Kleinkindern"
    )
    fruehe.target_groups.add(single)
    at = place(fruehe, leibnitz, "stufenlos")
    offer(
        fruehe,
        "Familienbegleitung",
        description="Hausbesuche in der ganzen Region",
        is_free=True,
        languages=["de", "tr"],
        places=[at],
    )

    oeziv = factories.organisation(OEZIV, short_description="Interessenvertretung")
    oeziv.target_groups.add(disabled)
    place(oeziv, leibnitz, "stufenlos", "wc")
    offer(oeziv, "Beratung für Menschen mit Behinderungen", is_free=True)

    pflege = factories.organisation(
        PFLEGE,
        short_description="Information und Beratung für Senior*innen",
        description="Pflege zu Hause organisieren.",
    )
    pflege.topics.add(health)
    # Step-free here, the accessible toilet at another place: no single place has both.
    place(pflege, wagna, "stufenlos")
    place(pflege, leibnitz, "wc", street="Bahnhofstraße 2")
    offer(pflege, "Pflegeberatung", costs="10 Euro pro Termin")

    sonnenhof = factories.organisation(
        SONNENHOF,
        short_description="Tagesbetreuung für Seniorinnen und Senioren",
        description="Entlastung für pflegende Angehörige.",
    )
    place(sonnenhof, kaindorf, "stufenlos", "wc", "parkplatz", postal_code="8430")
    offer(sonnenhof, "Tagesbetreuung", description="Mittagessen", languages=["de", "tr"])

    kiju = factories.organisation(
        KIJU, short_description="Unterstützung für Familien, Kinder und Jugendliche"
    )
    kiju.target_groups.add(youth, familien)
    place(kiju, leibnitz)
    offer(kiju, "Erziehungsberatung", is_free=True)

    wendepunkt = factories.organisation(WENDEPUNKT, slug="wendepunkt")
    wendepunkt.target_groups.add(women)
    place(wendepunkt, wagna, "induktionsschleife")
    offer(wendepunkt, "Gewaltschutz", languages=["ar"])

    wohnen = factories.organisation(WOHNEN, description="Wenn das Geld für die Miete fehlt.")
    wohnen.topics.add(housing)
    place(wohnen, wagna)
    offer(wohnen, "Wohnungssicherung", status=Service.Status.PAUSED)
    offer(
        wohnen,
        "Notschlafstelle",
        description="Übernachtung",
        status=Service.Status.ENDED,
        is_free=True,
        languages=["tr"],
        groups=[women],
    )

    offene = factories.organisation(OFFENE, parent=arge)
    offene.target_groups.add(youth)
    place(offene, wagna, "wc")
    offer(offene, "Jugendzentrum", is_free=True, languages=["de", "tr"])

    hidden = factories.organisation(
        "Geheimverein Beratung",
        is_published=False,
        description="Beratung für Familien, Senior*innen und Frauen in Wagna",
    )
    hidden.target_groups.add(familien, women, youth)
    hidden.topics.add(health)
    place(hidden, wagna, "stufenlos", "wc")
    offer(hidden, "Beratung", is_free=True, languages=["tr"])

    search.index()
    return {org.slug: org for org in Organisation.objects.all()}


def get(client, query=""):
    response = client.get(f"/sozialatlas/?{query}")
    assert response.status_code == 200
    return response


def names(response):
    return [org.name for org in response.context["page"].object_list]


def found(client, query):
    return names(get(client, query))


def test_corpus_lists_every_published_entry_by_name(client, corpus):
    assert found(client, "") == ALL_BY_NAME


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # case and umlauts
        ("Frühe Hilfen", [FRUEHE]),
        ("Fruehe Hilfen", [FRUEHE]),
        ("FRÜHE HILFEN", [FRUEHE]),
        ("frühe", [FRUEHE]),
        ("ÖZIV", [OEZIV]),
        ("Oeziv", [OEZIV]),
        ("OEZIV", [OEZIV]),
        ("öziv", [OEZIV]),
        # gender forms: "Senior*innen" in one entry, "Seniorinnen und Senioren" in another
        ("Senioren", [PFLEGE, SONNENHOF]),
        ("Seniorinnen", [PFLEGE, SONNENHOF]),
        ("SeniorInnen", [PFLEGE, SONNENHOF]),
        ("Senior:innen", [PFLEGE, SONNENHOF]),
        ("Senior*innen", [PFLEGE, SONNENHOF]),
        ("Senior_innen", [PFLEGE, SONNENHOF]),
        # inflections
        ("Beratung", [WENDEPUNKT, OEZIV, PFLEGE]),
        ("Beratungen", [WENDEPUNKT, OEZIV, PFLEGE]),
        ("Pflege", [PFLEGE, SONNENHOF]),
        ("pflegende", [PFLEGE, SONNENHOF]),
        ("Kinder", [KIJU]),
        ("Kind", [KIJU]),
    ],
)
def test_search_folds_case_umlauts_gender_forms_and_inflections(client, corpus, q, expected):
    assert sorted(found(client, urlencode({"q": q}))) == sorted(expected)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Beratnug", [WENDEPUNKT, OEZIV, PFLEGE]),  # two letters swapped
        ("Beratunk", [WENDEPUNKT, OEZIV, PFLEGE]),  # one letter wrong
        ("Beratug", [WENDEPUNKT, OEZIV, PFLEGE]),  # one letter missing
        ("Berattung", [WENDEPUNKT, OEZIV, PFLEGE]),  # one letter too many
        ("Plfege", [PFLEGE, SONNENHOF]),
        ("Wagan", [OFFENE, PFLEGE, WENDEPUNKT, WOHNEN]),
        ("Bertnug", []),  # two typos
    ],
)
def test_one_typo_in_a_long_word_is_forgiven(client, corpus, q, expected):
    assert sorted(found(client, urlencode({"q": q}))) == sorted(expected)


@pytest.mark.parametrize(
    "q",
    [
        "Gled",  # "Geld", letters swapped
        "Gelt",  # "Geld", one letter wrong
        "Kidn",  # "Kind"
        "Knid",
        "Gweld",  # "Geld" with a letter too many
    ],
)
def test_a_typo_in_a_short_word_finds_nothing(client, corpus, q):
    # "Geld" and "Kind" (four letters) are found only when spelt right.
    assert found(client, "q=Geld") == [WOHNEN]
    assert found(client, "q=Kind") == [KIJU]
    assert found(client, urlencode({"q": q})) == []


@pytest.mark.parametrize("q", ["Jugendamt", "jugendamt", "JUGENDAMT"])
def test_synonym_finds_what_it_means(client, corpus, q):
    assert found(client, urlencode({"q": q})) == []
    Synonym.objects.create(word="Jugendamt", means="Kinder- und Jugendhilfe")
    assert found(client, urlencode({"q": q})) == [KIJU]


def test_synonym_and_another_word_narrow_together(client, corpus):
    Synonym.objects.create(word="Jugendamt", means="Kinder- und Jugendhilfe")
    assert found(client, "q=Jugendamt+Leibnitz") == [KIJU]
    assert found(client, "q=Jugendamt+Wagna") == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Pflegedrehscheibe", [PFLEGE]),  # name
        ("Interessenvertretung", [OEZIV]),  # short description
        ("Mittagessen", [SONNENHOF]),  # service description
        ("Angehörige", [SONNENHOF]),  # description
        ("Familienbegleitung", [FRUEHE]),  # service name
        ("Hausbesuche", [FRUEHE]),  # service description
        ("Wohnungssicherung", [WOHNEN]),  # a paused service is still found
        ("Alleinerziehende", [FRUEHE]),  # target group
        ("Familien", [FRUEHE, KIJU]),  # parent of a target group, and text
        ("Behinderungen", [OEZIV]),  # target group and service name
        ("Gesundheit", [PFLEGE]),  # topic
        ("Wohnen", [WOHNEN]),  # topic
        ("Netzwerke", [ARGE, FRUEHE, OFFENE]),  # network name
        ("ARGE", [ARGE, FRUEHE, OFFENE]),
        ("Wagna", [OFFENE, PFLEGE, WENDEPUNKT, WOHNEN]),  # municipality of a location
        ("Kaindorf", [SONNENHOF]),
        ("Leibnitz", [FRUEHE, KIJU, OEZIV, PFLEGE]),
        ("8430", [FRUEHE, KIJU, OEZIV, PFLEGE, SONNENHOF, OFFENE, WENDEPUNKT, WOHNEN]),
    ],
)
def test_search_covers_every_part_of_an_entry(client, corpus, q, expected):
    assert sorted(found(client, urlencode({"q": q}))) == sorted(expected)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Beratung", [WENDEPUNKT, OEZIV, PFLEGE]),
        ("Beratung Wagna", [WENDEPUNKT, PFLEGE]),
        ("Beratung Wagna Senioren", [PFLEGE]),
        ("Beratung Frauen", [WENDEPUNKT]),
        ("Beratung Xylophon", []),
    ],
)
def test_several_words_must_all_match(client, corpus, q, expected):
    assert sorted(found(client, urlencode({"q": q}))) == sorted(expected)


def test_name_matches_rank_first(client, corpus):
    # Name, then a service's name, then the short description.
    assert found(client, "q=Beratung") == [WENDEPUNKT, OEZIV, PFLEGE]
    assert found(client, "q=Beratung&sortierung=relevanz") == [WENDEPUNKT, OEZIV, PFLEGE]
    # The network's own name before its members; ties in name order.
    assert found(client, "q=ARGE") == [ARGE, FRUEHE, OFFENE]


def test_sorting_by_name_puts_umlauts_among_their_vowels(client, corpus):
    assert found(client, "q=Beratung&sortierung=name") == [OEZIV, PFLEGE, WENDEPUNKT]
    assert found(client, "sortierung=name") == ALL_BY_NAME
    by_name = found(client, "sortierung=name")
    assert by_name.index(OFFENE) < by_name.index(OEZIV) < by_name.index(PFLEGE)


@pytest.mark.parametrize(
    "q",
    ["Geheimverein", "Geheimverein Beratung", "Notschlafstelle", "Übernachtung"],
)
def test_unpublished_entries_and_ended_services_are_never_found(client, corpus, q):
    assert found(client, urlencode({"q": q})) == []


def test_unpublished_entries_do_not_show_up_in_filters(client, corpus):
    for query in ("zielgruppe=familien", "gemeinde=wagna", "kostenlos=ja", "sprache=tr"):
        assert "Geheimverein Beratung" not in found(client, query)


def test_changes_are_found_only_after_the_entry_is_indexed_again(client, corpus):
    org = Organisation.objects.get(name=SONNENHOF)
    org.description = "Jetzt auch Gedächtnistraining."
    org.save()
    assert found(client, "q=Gedächtnistraining") == []
    assert found(client, "q=Mittagessen") == [SONNENHOF]

    search.index([org.pk])
    assert found(client, "q=Gedächtnistraining") == [SONNENHOF]

    org.is_published = False
    org.save()
    search.index([org.pk])
    assert found(client, "q=Mittagessen") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a parent term finds entries tagged with a child term
        ("zielgruppe=familien", [FRUEHE, KIJU]),
        ("zielgruppe=alleinerziehende", [FRUEHE]),
        # two values of one filter widen
        ("zielgruppe=jugendliche&zielgruppe=frauen", [KIJU, OFFENE, WENDEPUNKT]),
        ("gemeinde=kaindorf&gemeinde=leibnitz", [FRUEHE, KIJU, OEZIV, PFLEGE, SONNENHOF]),
        # two filters narrow
        ("zielgruppe=jugendliche&gemeinde=wagna", [OFFENE]),
        ("zielgruppe=jugendliche&gemeinde=kaindorf", []),
        ("thema=gesundheit&gemeinde=leibnitz", [PFLEGE]),
        ("gemeinde=wagna", [OFFENE, PFLEGE, WENDEPUNKT, WOHNEN]),
        ("gemeinde=kaindorf", [SONNENHOF]),
        ("thema=wohnen", [WOHNEN]),
        # languages and costs of ended services do not count
        ("sprache=tr", [FRUEHE, OFFENE, SONNENHOF]),
        ("sprache=ar", [WENDEPUNKT]),
        ("sprache=tr&sprache=ar", [FRUEHE, OFFENE, SONNENHOF, WENDEPUNKT]),
        ("kostenlos=ja", [FRUEHE, KIJU, OFFENE, OEZIV]),
        ("kostenlos=ja&sprache=tr", [FRUEHE, OFFENE]),
        ("kostenlos=nein&sprache=tr", [FRUEHE, OFFENE, SONNENHOF]),  # "nein" is no filter
        # accessibility: one place must have every feature chosen
        ("barrierefrei=stufenlos", [FRUEHE, OEZIV, PFLEGE, SONNENHOF]),
        ("barrierefrei=wc", [OFFENE, OEZIV, PFLEGE, SONNENHOF]),
        ("barrierefrei=stufenlos&barrierefrei=wc", [OEZIV, SONNENHOF]),
        ("barrierefrei=induktionsschleife", [WENDEPUNKT]),
        ("barrierefrei=leitsystem", []),
        # search and filters together
        ("q=Beratung&gemeinde=leibnitz", [OEZIV, PFLEGE]),
        ("q=Beratung&kostenlos=ja", [OEZIV]),
    ],
)
def test_filters(client, corpus, query, expected):
    assert sorted(found(client, query)) == sorted(expected)


def options(response):
    """{facet name: {value: (count, checked)}} as the page offers them."""
    return {
        facet["name"]: {
            option["value"]: (option["count"], option["checked"]) for option in facet["options"]
        }
        for facet in response.context["facets"]
    }


def total(client, pairs):
    return get(client, urlencode(pairs)).context["page"].paginator.count


BASES = [
    [],
    [("q", "Beratung")],
    [("q", "8430"), ("kostenlos", "ja")],
    [("zielgruppe", "jugendliche"), ("gemeinde", "wagna")],
    [("gemeinde", "leibnitz"), ("gemeinde", "wagna"), ("barrierefrei", "stufenlos")],
    [("sprache", "tr"), ("zielgruppe", "familien")],
]


@pytest.mark.parametrize("base", BASES, ids=lambda base: urlencode(base) or "all")
def test_each_count_is_what_choosing_the_option_finds(client, corpus, base):
    response = get(client, urlencode(base))
    offered = options(response)
    assert offered, "the page offers some filters"
    checked = 0
    for name, values in offered.items():
        for value, (count, _checked) in values.items():
            if name == "barrierefrei":
                # Features add up: the place must have all of them.
                pairs = [*base, (name, value)]
            else:
                # Values of one filter widen, so a count stands for the value on its own.
                pairs = [pair for pair in base if pair[0] != name] + [(name, value)]
            assert count == total(client, pairs), f"{name}={value} after {urlencode(base)}"
            checked += 1
    free = response.context["free"]
    assert free == total(
        client, [pair for pair in base if pair[0] != "kostenlos"] + [("kostenlos", "ja")]
    )
    assert checked >= 3


def test_counts_for_the_whole_directory(client, corpus):
    offered = options(get(client))
    assert offered["zielgruppe"] == {
        "familien": (2, False),
        "alleinerziehende": (1, False),
        "jugendliche": (2, False),
        "behinderung": (1, False),
        "frauen": (1, False),
    }
    assert offered["gemeinde"] == {
        "kaindorf": (1, False),
        "leibnitz": (4, False),
        "wagna": (4, False),
    }
    assert offered["sprache"] == {"ar": (1, False), "de": (3, False), "tr": (3, False)}
    assert offered["barrierefrei"] == {
        "stufenlos": (4, False),
        "wc": (4, False),
        "induktionsschleife": (1, False),
        "parkplatz": (1, False),
    }
    assert get(client).context["free"] == 4


def test_chosen_options_stay_listed_even_when_they_find_nothing(client, corpus):
    response = get(client, "zielgruppe=behinderung&gemeinde=wagna&barrierefrei=leitsystem")
    assert names(response) == []
    offered = options(response)
    assert offered["zielgruppe"]["behinderung"] == (0, True)
    assert offered["gemeinde"]["wagna"] == (0, True)
    assert offered["barrierefrei"]["leitsystem"] == (0, True)


def test_a_filters_own_choice_does_not_change_its_other_counts(client, corpus):
    alone = options(get(client, "gemeinde=wagna"))["zielgruppe"]
    assert alone == {"jugendliche": (1, False), "frauen": (1, False)}
    chosen = options(get(client, "gemeinde=wagna&zielgruppe=frauen"))["zielgruppe"]
    assert chosen == {"jugendliche": (1, False), "frauen": (1, True)}
    # ... while the other filters do count the choice.
    assert options(get(client, "gemeinde=wagna&zielgruppe=frauen"))["gemeinde"] == {
        "wagna": (1, True)
    }


BAD_INPUT = "Einige Angaben konnten wir nicht verwenden"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("zielgruppe=gibt-es-nicht", True),
        ("thema=gibt-es-nicht", True),
        ("gemeinde=atlantis", True),
        ("sprache=xx", True),
        ("sprache=fr", True),  # a language no service offers
        ("barrierefrei=fliegen", True),
        ("barrierefrei=stufenlos&barrierefrei=fliegen", True),
        ("sortierung=bogus", True),
        ("kostenlos=vielleicht", False),
        ("page=abc", False),
        ("page=9999", False),
        ("page=-1", False),
        ("page=0", False),
        (urlencode({"q": "Beratung " * 33 + "xyz"}), True),  # 300 characters
        ("q=%21%21%21+%3F%3F+...+%E2%80%93", False),  # only punctuation
        ("q=und+die", False),  # only stop words
        ("q=%27+OR+1%3D1+--", False),
        ("q=%27%3B+DROP+TABLE+partners_organisation%3B+--", False),
        ("q=%25", False),
        ("q=_", False),
        ("q=%00", True),  # a NUL character is refused by the form
        ("zielgruppe=%27+OR+1%3D1+--&gemeinde=wagna", True),
    ],
)
def test_bad_parameters_never_break_the_page(client, corpus, query, message):
    response = client.get(f"/sozialatlas/?{query}")
    assert response.status_code == 200
    assert (BAD_INPUT in response.content.decode()) is message


def test_unknown_values_are_ignored_not_guessed(client, corpus):
    assert found(client, "zielgruppe=gibt-es-nicht") == ALL_BY_NAME
    assert found(client, "sortierung=bogus") == ALL_BY_NAME
    assert found(client, "page=abc") == ALL_BY_NAME
    assert found(client, "page=9999") == ALL_BY_NAME  # the last page
    assert found(client, "q=%27+OR+1%3D1+--") == []
    assert Organisation.objects.count() == 10


def test_query_without_searchable_words_lists_everything(client, corpus):
    assert sorted(found(client, "q=und+die")) == sorted(ALL_BY_NAME)
    assert sorted(found(client, "q=%21%21%21")) == sorted(ALL_BY_NAME)


def test_query_count_does_not_grow_with_the_results(client, db):
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    familien = factories.target_group("Familien")
    single = factories.target_group("Alleinerziehende", parent=familien)
    url = "/sozialatlas/?q=Beratung&zielgruppe=familien&gemeinde=leibnitz&sortierung=relevanz"

    def add(number):
        org = factories.organisation(f"Beratung {number:02d}", description="Beratung")
        org.target_groups.add(single if number % 2 else familien)
        at = place(org, leibnitz, "stufenlos")
        offer(org, "Familienberatung", is_free=True, languages=["de", "tr"], places=[at])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), response.context["page"].paginator.count

    for number in range(3):
        add(number)
    search.index()
    few, found_few = queries()
    for number in range(3, 40):
        add(number)
    search.index()
    many, found_many = queries()
    assert (found_few, found_many) == (3, 40)
    assert many == few
