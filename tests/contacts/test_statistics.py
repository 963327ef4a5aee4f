"""Statistics at /kontakte/statistik/: every figure against counts made by hand, the period,
the report's words, the exports and a fixed number of queries."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine

from contacts import counts
from contacts import statistics as stats
from contacts.models import Channel, Contact
from schedule.occurrences import theme_day_at
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/kontakte/statistik/"
VIENNA = ZoneInfo("Europe/Vienna")
UTC = datetime.UTC
TODAY = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=VIENNA)
Q1 = "?von=2026-01-01&bis=2026-03-31"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def team(client):
    client.force_login(factories.user("team", TEAM))
    return client


def local(*args):
    return datetime.datetime(*args, tzinfo=VIENNA)


@pytest.fixture
def log():
    """Contacts around the first quarter of 2026. Inside it, by Vienna's days:

    1.1. 00:00            citizen       Telefon     1   Wohnen; Senior*innen
    1.1. 00:30 (31.12. UTC) citizen     E-Mail      4   Senior*innen
    5.2. 14:30 theme day  organisation  persönlich  1   Frauen; to Caritas and ZEBRA
    10.2. 12:00 (tally)   citizen       persönlich  10  Gesundheit; to Caritas
    5.3. 15:00 theme day  citizen       persönlich  3
    31.3. 23:59           organisation  E-Mail      2   Arbeit, Wohnen

    Outside: 31.12.2025 23:59 (5), 1.4. 00:00 (7), 1.4. 00:30 local = 31.3. 22:30 UTC (6).
    """
    phone, mail, person = (
        Channel.objects.create(name=name, position=i)
        for i, name in enumerate(["Telefon", "E-Mail", "persönlich"])
    )
    housing, work, health = (factories.topic(name) for name in ("Wohnen", "Arbeit", "Gesundheit"))
    seniors, women = factories.target_group("Senior*innen"), factories.target_group("Frauen")
    caritas, zebra = factories.organisation("Caritas"), factories.organisation("ZEBRA")
    factories.theme(1, "Kind/Jugend/Familie")

    def contact(when, requester, channel, quantity=1, topics=(), groups=(), referred=()):
        made = Contact.objects.create(
            happened_at=when,
            requester=requester,
            channel=channel,
            quantity=quantity,
            theme=theme_day_at(when),
        )
        made.topics.set(topics)
        made.target_groups.set(groups)
        made.referred_to.set(referred)
        return made

    contact(local(2026, 1, 1, 0, 0), "citizen", phone, 1, [housing], [seniors])
    contact(datetime.datetime(2025, 12, 31, 23, 30, tzinfo=UTC), "citizen", mail, 4, [], [seniors])
    contact(local(2026, 2, 5, 14, 30), "organisation", person, 1, [], [women], [caritas, zebra])
    contact(local(2026, 2, 10, 12, 0), "citizen", person, 10, [health], [], [caritas])
    contact(local(2026, 3, 5, 15, 0), "citizen", person, 3)
    contact(local(2026, 3, 31, 23, 59), "organisation", mail, 2, [work, housing])
    contact(local(2025, 12, 31, 23, 59), "citizen", phone, 5, [housing])
    contact(local(2026, 4, 1, 0, 0), "organisation", phone, 7, [work])
    contact(datetime.datetime(2026, 3, 31, 22, 30, tzinfo=UTC), "organisation", mail, 6)
    counts.recount_all()  # as after an import; tests/contacts/test_counts.py checks each way in


def table(response, key):
    """{label cells: (contacts, share)} of a figure's table as the page shows it."""
    found = response.context["figures"].table(key)
    return {
        row.cells if len(row.cells) > 1 else row.cells[0]: row.value
        for row in [*found.rows, *found.others]
    }


# --- Who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [URL, f"{URL}bericht.csv", f"{URL}bericht.xlsx", f"{URL}rohdaten.csv"]
)
def test_anonymous_visitors_are_sent_to_the_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize(
    "path", [URL, f"{URL}bericht.csv", f"{URL}bericht.xlsx", f"{URL}rohdaten.xlsx"]
)
def test_partners_may_not_see_the_statistics(client, path):
    client.force_login(factories.user("partner", PARTNER, [factories.organisation()]))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("role", [TEAM, REDAKTION])
def test_team_and_redaktion_see_the_statistics(client, role):
    client.force_login(factories.user("staff", role))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Kontaktstatistik" in response.content.decode()


def test_the_page_is_there_in_english_too(team):
    assert team.get("/en" + URL).status_code == 200


# --- Every figure, counted by hand -------------------------------------------------------------


def test_totals_and_who_asked_sum_quantities_by_local_days(team, log):
    response = team.get(URL + Q1)
    figures = response.context["figures"]
    assert (figures.total, figures.citizens, figures.organisations) == (21, 18, 3)
    assert table(response, "wer-fragt") == {"Bürger*innen": 18, "Organisationen": 3}
    page = response.content.decode()
    assert '<th scope="row">Bürger*innen</th><td class="number">18</td>' in page
    assert "85,7\xa0%" in page and "14,3\xa0%" in page


def test_contacts_by_channel_most_first(team, log):
    response = team.get(URL + Q1)
    rows = response.context["figures"].table("kontaktweg").rows
    assert [(row.label, row.value) for row in rows] == [
        ("persönlich", 14),
        ("E-Mail", 6),
        ("Telefon", 1),
    ]


def test_contacts_by_topic_with_those_without_one(team, log):
    response = team.get(URL + Q1)
    rows = response.context["figures"].table("themen").rows
    assert [(row.label, row.value, row.is_none) for row in rows] == [
        ("Gesundheit", 10, False),
        ("Wohnen", 3, False),
        ("Arbeit", 2, False),
        ("ohne Angabe", 8, True),
    ]


def test_contacts_by_target_group(team, log):
    response = team.get(URL + Q1)
    assert table(response, "zielgruppen") == {"Senior*innen": 5, "Frauen": 1, "ohne Angabe": 15}


def test_contacts_by_theme_and_by_theme_day(team, log):
    response = team.get(URL + Q1)
    assert table(response, "thementage") == {"Kind/Jugend/Familie": 4, "an keinem Thementag": 17}
    assert table(response, "thementage-einzeln") == {
        ("5.2.", "Kind/Jugend/Familie"): 1,
        ("5.3.", "Kind/Jugend/Familie"): 3,
    }


def test_referrals_per_organisation_most_first(team, log):
    response = team.get(URL + Q1)
    found = response.context["figures"].table("weitervermittlungen")
    assert [(row.label, row.value) for row in found.rows] == [("Caritas", 11), ("ZEBRA", 1)]
    assert [(row.label, row.value) for row in found.others] == [("ohne Weitervermittlung", 10)]


def test_trend_by_month(team, log):
    response = team.get(URL + Q1 + "&gruppierung=monat")
    assert table(response, "verlauf") == {"Jänner 2026": 5, "Februar 2026": 11, "März 2026": 5}


def test_trend_by_week_is_zero_filled_and_cut_at_the_period(team, log):
    response = team.get(URL + Q1)  # 90 days: by week unless asked otherwise
    rows = response.context["figures"].table("verlauf").rows
    assert len(rows) == 14
    assert rows[0].label == "KW 1/2026 (1. bis 4. Jänner 2026)"
    assert rows[-1].label == "KW 14/2026 (30. bis 31. März 2026)"
    counts = {row.label.split(" ")[1]: row.value for row in rows if row.value}
    assert counts == {"1/2026": 5, "6/2026": 1, "7/2026": 10, "10/2026": 3, "14/2026": 2}
    assert sum(row.value for row in rows) == 21


def test_a_week_across_the_change_to_summer_time_keeps_its_contacts(team):
    phone = Channel.objects.create(name="Telefon")
    # Summer time began on Sunday 29 March 2026: this is Monday 30 March, 00:30 local.
    Contact.objects.create(
        happened_at=local(2026, 3, 30, 0, 30), channel=phone, requester="citizen"
    )
    Contact.objects.create(
        happened_at=local(2026, 3, 29, 23, 30), channel=phone, requester="citizen"
    )
    counts.recount_all()
    rows = team.get(URL + "?von=2026-03-23&bis=2026-04-05").context["figures"].table("verlauf").rows
    assert [row.value for row in rows] == [1, 1]


def test_the_page_shows_each_figure_as_chart_and_table(team, log):
    page = team.get(URL + Q1).content.decode()
    assert page.count('<svg class="chart') == 8
    assert page.count('aria-hidden="true" focusable="false">') >= 8
    assert page.count("<caption>") == 8
    assert '<th scope="row">Caritas</th><td class="number">11</td>' in page


def test_an_empty_period_says_so(team, log):
    response = team.get(URL + "?von=2024-01-01&bis=2024-12-31")
    page = response.content.decode()
    assert "Keine Kontakte in diesem Zeitraum." in page
    assert response.context["figures"].total == 0
    assert len(response.context["figures"].table("verlauf").rows) == 12


def make_many(count):
    """count contacts of January 2026 with topics, groups, referrals and themes."""
    channels = [Channel.objects.create(name=f"Weg {i}") for i in range(3)]
    topics = [factories.topic(f"Thema {i}") for i in range(4)]
    groups = [factories.target_group(f"Gruppe {i}") for i in range(3)]
    orgs = [factories.organisation(f"Verein {i}") for i in range(5)]
    themes = [factories.theme(i + 1, f"Tag {i}") for i in range(2)]
    contacts = Contact.objects.bulk_create(
        Contact(
            happened_at=local(2026, 1, 1 + i % 28, 9 + i % 8),
            channel=channels[i % 3],
            requester="citizen" if i % 3 else "organisation",
            quantity=1 + i % 4,
            theme=themes[i % 2] if i % 5 == 0 else None,
        )
        for i in range(count)
    )
    for i, made in enumerate(contacts):
        made.topics.set(topics[: i % 3])
        made.target_groups.set(groups[i % 2 : 1 + i % 2])
        made.referred_to.set(orgs[i % 5 : i % 5 + i % 2])
    counts.recount_all()


@pytest.mark.parametrize(("count", "queries"), [(0, 8), (3, 13), (60, 13)])
def test_the_page_needs_the_same_queries_whatever_the_data(
    team, count, queries, django_assert_num_queries
):
    make_many(count)
    # The session, its user, two for permissions, eight for the figures, the info point; with
    # no contacts, there are no names of channels, themes, topics, groups, organisations to read.
    with django_assert_num_queries(queries):
        response = team.get(URL + "?von=2026-01-01&bis=2026-01-31")
    assert response.context["figures"].total == sum(1 + i % 4 for i in range(count))


# --- The period --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first", "last", "grouping"),
    [
        ("", (2026, 4, 1), (2026, 4, 30), "woche"),
        ("?zeitraum=monat", (2026, 4, 1), (2026, 4, 30), "woche"),
        ("?zeitraum=vormonat", (2026, 3, 1), (2026, 3, 31), "woche"),
        ("?zeitraum=quartal", (2026, 4, 1), (2026, 6, 30), "woche"),
        ("?zeitraum=jahr", (2026, 1, 1), (2026, 12, 31), "monat"),
        ("?zeitraum=vorjahr", (2025, 1, 1), (2025, 12, 31), "monat"),
        ("?von=2026-01-01&bis=2026-04-01", (2026, 1, 1), (2026, 4, 1), "woche"),
        ("?von=2026-01-01&bis=2026-04-02", (2026, 1, 1), (2026, 4, 2), "woche"),
        ("?von=2026-01-01&bis=2026-04-03", (2026, 1, 1), (2026, 4, 3), "monat"),
        ("?von=1.2.2026&bis=28.2.2026&gruppierung=monat", (2026, 2, 1), (2026, 2, 28), "monat"),
        ("?zeitraum=jahr&gruppierung=woche", (2026, 1, 1), (2026, 12, 31), "woche"),
        # Days typed in win over a named period.
        ("?zeitraum=jahr&von=2026-02-01&bis=2026-02-03", (2026, 2, 1), (2026, 2, 3), "woche"),
    ],
)
def test_periods(team, query, first, last, grouping):
    response = team.get(URL + query)
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.first, period.last) == (datetime.date(*first), datetime.date(*last))
    assert period.grouping == grouping


def test_last_month_in_january_is_december():
    form = stats.PeriodForm({"zeitraum": "vormonat"}, today=datetime.date(2026, 1, 10))
    assert form.is_valid()
    assert (form.period.first, form.period.last) == (
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
    )


def test_the_chosen_preset_is_marked_and_the_form_shows_its_days(team):
    page = team.get(URL + "?zeitraum=vormonat").content.decode()
    assert '<a href="?zeitraum=vormonat" aria-current="page">Letzter Monat</a>' in page
    assert 'name="von" value="2026-03-01"' in page
    assert 'name="bis" value="2026-03-31"' in page
    assert "1. bis 31. März 2026" in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?von=2026-02-30&bis=2026-03-31", "von", "Bitte geben Sie ein Datum an"),
        ("?von=gestern&bis=2026-03-31", "von", "Bitte geben Sie ein Datum an"),
        ("?von=2026-03-31&bis=2026-01-01", "bis", "Der letzte Tag liegt vor dem ersten"),
        ("?von=2026-03-01", "bis", "Bitte geben Sie auch den letzten Tag an."),
        ("?bis=2026-03-01", "von", "Bitte geben Sie auch den ersten Tag an."),
        ("?von=1999-12-31&bis=2026-03-01", "von", "zwischen 2000 und 2099"),
        ("?von=2010-01-01&bis=2026-03-01", "bis", "höchstens 10 Jahre"),
        ("?zeitraum=woche", "zeitraum", "Diesen Zeitraum gibt es nicht"),
        ("?zeitraum=jahr&gruppierung=tag", "gruppierung", "Bitte wählen Sie Wochen, Monate"),
        ("?von=2020-01-01&bis=2026-03-01&gruppierung=woche", "gruppierung", "zwei Jahre"),
    ],
)
def test_bad_periods_get_a_message_at_the_field_and_no_figures(team, log, query, field, message):
    response = team.get(URL + query)
    assert response.status_code == 400
    assert "figures" not in response.context
    assert message in " ".join(response.context["form"].errors[field])
    page = response.content.decode()
    assert message in page
    assert "Zusammenfassung" not in page
    if field != "zeitraum":
        assert f'aria-describedby="id_{field}_errors"' in page
        assert f'id="id_{field}_errors"' in page


@pytest.mark.parametrize("path", ["bericht.csv", "rohdaten.xlsx"])
def test_bad_periods_export_nothing(team, log, path):
    response = team.get(f"{URL}{path}?von=2026-03-31&bis=2026-01-01")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_unknown_export_formats_are_not_found(team):
    assert team.get(f"{URL}bericht.pdf").status_code == 404


# --- The report's words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (0, 0),
        (7, 7),
        (99, 99),
        (100, 100),
        (237, 230),
        (520, 500),
        (580, 550),
        (1480, 1400),
        (5930, 5500),
        (6000, 6000),
        (6123, 6000),
        (6999, 6500),
        (12_700, 12_000),
        (48_500, 48_000),
        (58_500, 55_000),
        (1_000_001, 1_000_000),
    ],
)
def test_round_numbers_never_above_the_real_one(value, said):
    assert stats.at_least(value) == said


def words(first, last, total, citizens, topics=(), today=datetime.date(2026, 4, 15)):
    period = stats.Period(datetime.date(*first), datetime.date(*last), "monat")
    figures = stats.Figures(period, total, citizens, total - citizens, top_topics=list(topics))
    return stats.summary(figures, today)


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ((2021, 6, 1), (2022, 1, 31), 6123, 4082, ["Wohnen", "Arbeit", "Gesundheit"]),
            "Über 6\xa0000 Kontakte in 8 Monaten, ca. 2/3 davon Bürger*innen, 1/3 Organisationen, "
            "vorwiegend zu Wohnen, Arbeit und Gesundheit.",
        ),
        (
            ((2025, 3, 25), (2025, 11, 24), 6000, 3000, ["Ehrenamt"]),
            "6\xa0000 Kontakte in 8 Monaten, ca. 1/2 davon Bürger*innen, 1/2 Organisationen, "
            "zu Ehrenamt.",
        ),
        (
            ((2026, 3, 1), (2026, 3, 31), 487, 122, ["Arbeit", "Wohnen"]),
            "Über 480 Kontakte im März 2026, ca. 1/4 davon Bürger*innen, 3/4 Organisationen, "
            "vorwiegend zu Arbeit und Wohnen.",
        ),
        (
            ((2025, 1, 1), (2025, 12, 31), 1480, 860, []),
            "Über 1\xa0400 Kontakte im Jahr 2025, 58\xa0% davon Bürger*innen, "
            "42\xa0% Organisationen.",
        ),
        (
            ((2026, 1, 1), (2026, 3, 31), 21, 18, ["Gesundheit", "Wohnen", "Arbeit"]),
            "21 Kontakte im 1. Quartal 2026, 86\xa0% davon Bürger*innen, 14\xa0% Organisationen, "
            "vorwiegend zu Gesundheit, Wohnen und Arbeit.",
        ),
        (
            ((2026, 2, 2), (2026, 2, 15), 7, 6, ["Wohnen"]),
            "7 Kontakte in 2 Wochen, davon 6 Bürger*innen und 1 Organisation, zu Wohnen.",
        ),
        (
            ((2026, 2, 2), (2026, 2, 11), 40, 40, []),
            "40 Kontakte in 10 Tagen, alle von Bürger*innen.",
        ),
        (
            ((2026, 2, 2), (2026, 2, 2), 1, 0, ["Arbeit"]),
            "1 Kontakt am 2. Februar 2026, von einer Organisation, zu Arbeit.",
        ),
        (
            ((2026, 2, 2), (2026, 2, 2), 2, 0, []),
            "2 Kontakte am 2. Februar 2026, alle von Organisationen.",
        ),
        (
            ((2025, 1, 1), (2026, 3, 31), 250, 249, []),
            "250 Kontakte in 15 Monaten, 99\xa0% davon Bürger*innen, 1\xa0% Organisationen.",
        ),
        (((2026, 3, 1), (2026, 3, 31), 0, 0, []), "Keine Kontakte in diesem Zeitraum."),
        (
            ((2026, 1, 1), (2026, 12, 31), 1340, 830, ["Wohnen", "Arbeit"]),
            "Bisher über 1\xa0300 Kontakte im Jahr 2026, 62\xa0% davon Bürger*innen, 38\xa0% "
            "Organisationen, vorwiegend zu Wohnen und Arbeit.",
        ),
        (((2026, 4, 1), (2026, 4, 30), 0, 0, []), "Bisher keine Kontakte in diesem Zeitraum."),
        (
            ((2026, 4, 1), (2026, 4, 30), 12, 8, []),
            "Bisher 12 Kontakte im April 2026, ca. 2/3 davon Bürger*innen, 1/3 Organisationen.",
        ),
        (
            ((2025, 11, 3), (2026, 3, 9), 930, 620, []),
            "Über 900 Kontakte in rund 4 Monaten, ca. 2/3 davon Bürger*innen, 1/3 Organisationen.",
        ),
    ],
)
def test_the_report_in_the_towns_words(args, sentence):
    assert words(*args) == sentence


def test_the_page_opens_with_the_report_sentence(team, log):
    page = team.get(URL + Q1).content.decode()
    assert (
        "21 Kontakte im 1. Quartal 2026, 86\xa0% davon Bürger*innen, 14\xa0% Organisationen, "
        "vorwiegend zu Gesundheit, Wohnen und Arbeit." in page
    )
    assert "data-print hidden>Bericht drucken</button>" in page
    assert "/static/js/print.js" in page


# --- Exports -----------------------------------------------------------------------------------


def sections(text):
    """{title: [rows]} of the report's CSV: blank lines separate tables, a title line heads each."""
    found, title = {}, None
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if not row:
            title = None
        elif title is None:
            title = row[0]
            found[title] = []
        else:
            found[title].append(row)
    return found


def test_report_as_csv_for_austrian_excel(team, log):
    response = team.get(f"{URL}bericht.csv{Q1}&gruppierung=monat")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="kontakte-statistik-2026-01-01-bis-2026-03-31.csv"'
    )
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    found = sections(raw.decode("utf-8-sig"))
    overview = dict(found["Kontaktstatistik"])
    assert overview["Kontakte"] == "21"
    assert overview["von"] == "01.01.2026" and overview["bis"] == "31.03.2026"
    assert overview["Zusammenfassung"].startswith("21 Kontakte im 1. Quartal 2026")
    assert found["Wer fragt"] == [
        ["Wer fragt", "Kontakte", "Anteil (%)"],
        ["Bürger*innen", "18", "85,7"],
        ["Organisationen", "3", "14,3"],
        ["Summe", "21", "100,0"],
    ]
    assert found["Verlauf nach Monaten"][1:] == [
        ["Jänner 2026", "5", "23,8"],
        ["Februar 2026", "11", "52,4"],
        ["März 2026", "5", "23,8"],
        ["Summe", "21", "100,0"],
    ]
    assert found["Kontaktweg"][1] == ["persönlich", "14", "66,7"]
    assert found["Themen"][1:] == [
        ["Gesundheit", "10", "47,6"],
        ["Wohnen", "3", "14,3"],
        ["Arbeit", "2", "9,5"],
        ["ohne Angabe", "8", "38,1"],
    ]
    assert found["Zielgruppen"][-1] == ["ohne Angabe", "15", "71,4"]
    assert found["Thementage"][1:] == [
        ["Kind/Jugend/Familie", "4", "19,0"],
        ["an keinem Thementag", "17", "81,0"],
        ["Summe", "21", "100,0"],
    ]
    assert found["Die einzelnen Thementage"] == [
        ["Datum", "Thementag", "Kontakte"],
        ["05.02.2026", "Kind/Jugend/Familie", "1"],
        ["05.03.2026", "Kind/Jugend/Familie", "3"],
    ]
    assert found["Weitervermittlungen"][1:] == [
        ["Caritas", "11", "52,4"],
        ["ZEBRA", "1", "4,8"],
        ["ohne Weitervermittlung", "10", "47,6"],
    ]


def test_report_as_a_workbook_with_a_sheet_per_table(team, log):
    response = team.get(f"{URL}bericht.xlsx{Q1}")
    assert response["Content-Disposition"] == (
        'attachment; filename="kontakte-statistik-2026-01-01-bis-2026-03-31.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Bericht",
        "Wer fragt",
        "Verlauf nach Wochen",
        "Kontaktweg",
        "Themen",
        "Zielgruppen",
        "Thementage",
        "Die einzelnen Thementage",
        "Weitervermittlungen",
    ]
    overview = {row[0]: row[1] for row in book["Bericht"].iter_rows(min_row=2, values_only=True)}
    assert overview["Kontakte"] == 21 and overview["Bürger*innen"] == 18
    assert overview["von"].date() == datetime.date(2026, 1, 1)
    rows = list(book["Kontaktweg"].iter_rows(values_only=True))
    assert rows == [
        ("Kontaktweg", "Kontakte", "Anteil (%)"),
        ("persönlich", 14, 66.7),
        ("E-Mail", 6, 28.6),
        ("Telefon", 1, 4.8),
        ("Summe", 21, 100),
    ]
    days = list(book["Die einzelnen Thementage"].iter_rows(min_row=2, values_only=True))
    assert [(day.date(), name, count) for day, name, count in days] == [
        (datetime.date(2026, 2, 5), "Kind/Jugend/Familie", 1),
        (datetime.date(2026, 3, 5), "Kind/Jugend/Familie", 3),
    ]
    weeks = list(book["Verlauf nach Wochen"].iter_rows(min_row=2, values_only=True))
    assert len(weeks) == 15 and weeks[-1][:2] == ("Summe", 21)


def test_text_that_excel_would_run_as_a_formula_stays_text(team):
    phone = Channel.objects.create(name="=HYPERLINK(1)")
    Contact.objects.create(happened_at=local(2026, 4, 2, 9), channel=phone, requester="citizen")
    counts.recount_all()
    found = sections(team.get(f"{URL}bericht.csv").content.decode("utf-8-sig"))
    assert found["Kontaktweg"][1][0] == "'=HYPERLINK(1)"


def test_raw_contacts_of_the_period_as_csv(team, log):
    response = team.get(f"{URL}rohdaten.csv{Q1}")
    assert response["Content-Disposition"] == (
        'attachment; filename="kontakte-2026-01-01-bis-2026-03-31.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 6
    assert sum(int(row["Anzahl"]) for row in rows) == 21
    assert [row["Datum"] for row in rows] == [
        "1.1.2026",
        "1.1.2026",
        "5.2.2026",
        "10.2.2026",
        "5.3.2026",
        "31.3.2026",
    ]
    assert rows[2]["Thementag"] == "Kind/Jugend/Familie"
    assert "Caritas" in rows[2]["Weitervermittelt an"] and "ZEBRA" in rows[2]["Weitervermittelt an"]


def test_raw_contacts_of_the_period_as_xlsx(team, log):
    response = team.get(f"{URL}rohdaten.xlsx{Q1}")
    assert response["Content-Disposition"] == (
        'attachment; filename="kontakte-2026-01-01-bis-2026-03-31.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    quantity = header.index("Anzahl")
    assert len(rows) == 6
    assert sum(row[quantity] for row in rows) == 21


def test_the_page_links_the_exports_of_its_period(team, log):
    page = team.get(URL + "?zeitraum=vormonat").content.decode()
    query = "von=2026-03-01&amp;bis=2026-03-31&amp;gruppierung=woche"
    for path in ("bericht.csv", "bericht.xlsx", "rohdaten.csv", "rohdaten.xlsx"):
        assert f'href="{URL}{path}?{query}"' in page
