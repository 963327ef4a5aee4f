"""Benchmark: the directory with two filters and a search word in at most 50 ms median and 100 ms
p95 server-side, with 5,000 organisations and 10,000 services.

Run from the repository root: .venv/bin/python bench/directory.py [--postgres] [--repeat N]
"""

import argparse
import gc
import itertools
import json
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
import psycopg
from psycopg import sql

TARGET_MEDIAN_MS, TARGET_P95_MS = 50.0, 100.0
WARMUP = 5
SEED = 20240611
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sozialinfo_bench_directory"
BIGGEST_SERVICES, MOST_SERVICES = 60, 25
ROW = "{:<34}{:>8}{:>10}{:>8}{:>8}{:>13}"

# (slug, name, parent slug)
TARGET_GROUPS = [
    ("kinder-jugendliche", "Kinder und Jugendliche", None),
    ("kinder", "Kinder", "kinder-jugendliche"),
    ("jugendliche", "Jugendliche", "kinder-jugendliche"),
    ("familien", "Familien", None),
    ("alleinerziehende", "Alleinerziehende", "familien"),
    ("seniorinnen", "Senior*innen", None),
    ("behinderung", "Menschen mit Behinderung/Beeinträchtigung", None),
    ("migration", "Geflüchtete und Migrant*innen", None),
    ("frauen-maedchen", "Frauen und Mädchen", None),
    ("arbeitsuchende", "Arbeitsuchende", None),
]
TOPICS = [
    ("arbeit", "Arbeit", None),
    ("arbeitsvermittlung", "Arbeitsvermittlung", "arbeit"),
    ("berufsorientierung", "Berufsorientierung", "arbeit"),
    ("qualifizierung", "Qualifizierung", "arbeit"),
    ("wohnen", "Wohnen", None),
    ("notschlafstelle", "Notschlafstelle", "wohnen"),
    ("delogierungspraevention", "Delogierungsprävention", "wohnen"),
    ("wohnbeihilfe", "Wohnbeihilfe", "wohnen"),
    ("gesundheit", "Gesundheit", None),
    ("pflege", "Pflege", "gesundheit"),
    ("mobile-pflege", "Mobile Pflege", "pflege"),
    ("tagesbetreuung", "Tagesbetreuung", "pflege"),
    ("psychische-gesundheit", "Psychische Gesundheit", "gesundheit"),
    ("sucht", "Sucht", "gesundheit"),
    ("fruehfoerderung", "Frühförderung", "gesundheit"),
    ("grundsicherung", "Grundsicherung", None),
    ("sozialunterstuetzung", "Sozialunterstützung", "grundsicherung"),
    ("schuldnerberatung", "Schuldnerberatung", "grundsicherung"),
    ("energiekosten", "Energiekosten", "grundsicherung"),
    ("bildung", "Bildung", None),
    ("lernhilfe", "Lernhilfe", "bildung"),
    ("deutschkurse", "Deutschkurse", "bildung"),
    ("teilhabe", "Soziale Teilhabe", None),
    ("ehrenamt", "Ehrenamt", "teilhabe"),
    ("gewaltschutz", "Gewaltschutz", "teilhabe"),
]
MUNICIPALITIES = [
    ("Leibnitz", "8430"),
    ("Wagna", "8435"),
    ("Kaindorf an der Sulm", "8430"),
    ("Tillmitsch", "8430"),
    ("Lebring-Sankt Margarethen", "8403"),
    ("Gralla", "8431"),
    ("Gabersdorf", "8424"),
    ("Heimschuh", "8451"),
    ("Leutschach an der Weinstraße", "8463"),
    ("Gamlitz", "8462"),
    ("Ehrenhausen an der Weinstraße", "8461"),
    ("Straß in Steiermark", "8472"),
    ("Arnfels", "8454"),
    ("Oberhaag", "8455"),
    ("Schwarzautal", "8421"),
    ("Wildon", "8410"),
    ("Sankt Georgen an der Stiefing", "8413"),
    ("Allerheiligen bei Wildon", "8412"),
    ("Lang", "8403"),
    ("Ragnitz", "8413"),
    ("Sankt Nikolai im Sausal", "8505"),
    ("Kitzeck im Sausal", "8442"),
    ("Heiligenkreuz am Waasen", "8081"),
    ("Empersdorf", "8081"),
    ("Sankt Andrä-Höch", "8444"),
    ("Sankt Johann im Saggautal", "8453"),
    ("Großklein", "8452"),
    ("Schloßberg", "8463"),
    ("Sankt Veit in der Südsteiermark", "8423"),
    ("Gleinstätten", "8443"),
]
LANGUAGES = ["de", "en", "tr", "ar", "bs", "hr", "sr", "ro", "hu", "sl", "fa", "ru", "uk", "so"]
FEATURES = {"stufenlos": 0.6, "wc": 0.35, "parkplatz": 0.3, "induktionsschleife": 0.08}
SYNONYMS = [
    ("Jugendamt", "Kinder- und Jugendhilfe"),
    ("AMS", "Arbeitsmarktservice"),
    ("Mindestsicherung", "Sozialunterstützung"),
    ("Altenheim", "Pflegeheim"),
]
# Content words, most frequent first: drawn by Zipf's law, so a few are everywhere and most rare.
VOCABULARY = """
Beratung Unterstützung Hilfe Familien Information Begleitung Menschen Kinder Jugendliche Pflege
Betreuung Wohnen Arbeit Gesundheit Angehörige Frauen Senior*innen Alltag Region Leben Bezirk
Angebot Termin Sozialarbeit Gruppe Eltern Schule Krise Beschäftigung Ausbildung Therapie
Behinderung Selbsthilfe Freizeit Verein Treffpunkt Entlastung Förderung Integration Sprache
Zuhause Nachbarschaft Mobilität Wohnung Miete Schulden Einkommen Antrag Sozialunterstützung
Pflegegeld Gewalt Schutz Notfall Sucht Prävention Psychotherapie Lernbetreuung Nachmittag
Kinderbetreuung Tagesmütter Erziehung Partnerschaft Trennung Scheidung Mediation Recht
Rechtsberatung Behörde Formular Anmeldung Mittagessen Besuchsdienst Heimhilfe Hauskrankenpflege
Physiotherapie Ergotherapie Logopädie Frühförderung Assistenz Werkstätte Qualifizierung
Berufsorientierung Lehrstelle Bewerbung Arbeitsplatz Wiedereinstieg Kurs Deutschkurs Dolmetsch
Asyl Aufenthalt Staatsbürgerschaft Ehrenamt Freiwillige Engagement Kultur Sport Bewegung
Ernährung Demenz Trauer Hospiz Palliativ Schwangerschaft Geburt Stillen Baby Kleinkinder
Spielgruppe Jugendzentrum Streetwork Wohngemeinschaft Notschlafstelle Delogierung Kaution
Wohnbeihilfe Heizkosten Energie Strom Lebensmittel Kleidung Möbel Sozialmarkt Gutschein
Fahrtendienst Rollstuhl Hörbehinderung Sehbehinderung Barrierefreiheit Inklusion Teilhabe
Selbstbestimmung Lebensqualität Gemeinschaft Austausch Gespräch Vertraulichkeit anonym kostenlos
persönlich telefonisch online mobil regional ambulant stationär teilstationär langfristig
kurzfristig unbürokratisch individuell gemeinsam professionell erfahren qualifiziert engagiert
Sozialarbeiter*innen Berater*innen Psycholog*innen Pädagog*innen Pflegekräfte Therapeut*innen
Mitarbeiter*innen Klient*innen Bewohner*innen Teilnehmer*innen Ansprechpartner*innen
Hausbesuche Sprechstunde Öffnungszeiten Abendtermin Wochenende Urlaubsbetreuung Ferienaktion
Lernhilfe Nachhilfe Hausaufgaben Computerkurs Digitalisierung Smartphone Internet Bibliothek
Musik Theater Kreativwerkstatt Garten Kochen Nähen Reparatur Tauschbörse Fahrradwerkstatt
Männerberatung Mädchenarbeit Frauenhaus Gewaltschutzzentrum Opferschutz Kinderschutz
Pflegefamilie Adoption Krisenintervention Notruf Telefonseelsorge Schuldnerberatung Budget
Haushaltsplan Kontoführung Privatkonkurs Pension Rente Witwenpension Rezeptgebühr Befreiung
Heilbehelfe Hilfsmittel Pflegebett Notrufarmband Essenszustellung Einkaufsdienst Begleitdienst
Arztbesuch Krankenhaus Entlassung Rehabilitation Kur Erholung Auszeit Burnout Depression Angst
Jugendhilfe Pflegeheim Einsamkeit Kontakt Besuch Café Stammtisch Seniorentreff Tanz
Gedächtnistraining Vortrag Workshop
"""
WORDS = VOCABULARY.split()
FILLER_WORDS = "und für mit in der die das den im am zu bei auch von sowie oder auf nach"
FILLERS = FILLER_WORDS.split()
NAME_KINDS = [
    "Verein",
    "Beratungsstelle",
    "Zentrum",
    "Netzwerk",
    "Initiative",
    "Treffpunkt",
    "Stiftung",
    "Haus",
    "Projekt",
    "Service",
]
TYPOS = ["betruung", "beratnug", "pfelge", "unterstuetzng", "familein", "wohnugn"]


def setup(database_url, tmp):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sozialinfo.settings"
    os.environ["DJANGO_DEBUG"] = "0"  # as in production: no query log, hashed static files
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = database_url
    if database_url.startswith("postgres"):
        recreate_database(database_url)
    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def in_database(postgres_url, measure):
    """measure() in a fresh database: postgres_url, created and dropped, or a temporary SQLite."""
    with tempfile.TemporaryDirectory(prefix="sozialinfo-bench-") as tmp:
        url = postgres_url or f"sqlite:///{tmp}/bench.sqlite3"
        setup(url, tmp)
        try:
            return measure()
        finally:
            if postgres_url:
                drop_database(url)


def server_and_name(url):
    server, name = url.rsplit("/", 1)
    return f"{server}/postgres", name


def recreate_database(url):
    server, name = server_and_name(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url):
    from django.db import connections

    connections.close_all()
    server, name = server_and_name(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


class Text:
    """German-ish text drawn from WORDS by Zipf's law, reproducibly."""

    def __init__(self, rng):
        self.rng = rng
        self.weights = [1 / rank for rank in range(1, len(WORDS) + 1)]

    def words(self, n):
        drawn = self.rng.choices(WORDS, self.weights, k=2 * n)
        # About one word in four is a compound of two ("Familienberatung"), as German has many.
        return [
            first + second.lower() if self.rng.random() < 0.25 and first.isalpha() else first
            for first, second in zip(drawn[::2], drawn[1::2], strict=True)
        ]

    def sentence(self, low=6, high=14):
        out = []
        for word in self.words(self.rng.randint(low, high)):
            out.append(word)
            if self.rng.random() < 0.35:
                out.append(self.rng.choice(FILLERS))
        return " ".join(out).capitalize() + "."

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))


def populate(organisations, services):
    """Build the synthetic region; return the slug of the biggest organisation."""
    from django.utils.text import slugify

    from partners.models import (
        Brochure,
        ContactPerson,
        Location,
        Municipality,
        Organisation,
        Service,
        Synonym,
        TargetGroup,
        Topic,
    )
    from sozialinfo.models import InfoPoint

    rng = random.Random(SEED)
    text = Text(rng)
    InfoPoint.objects.create(pk=1, name="Sozial-Info", municipality="Leibnitz", phone="03452 1")

    def taxonomy(model, rows):
        by_slug = {}
        for position, (slug, name, parent) in enumerate(rows):
            by_slug[slug] = model.objects.create(
                slug=slug, name=name, parent=by_slug.get(parent), position=position
            )
        return list(by_slug.values())

    groups, topics = taxonomy(TargetGroup, TARGET_GROUPS), taxonomy(Topic, TOPICS)
    towns = Municipality.objects.bulk_create(
        Municipality(name=name, slug=slugify(name)) for name, _code in MUNICIPALITIES
    )
    codes = dict(MUNICIPALITIES)
    Synonym.objects.bulk_create(Synonym(word=w, means=m) for w, m in SYNONYMS)

    # Organisations: the first one is big, 40 are networks with about 800 members.
    orgs = []
    for i in range(organisations):
        town = rng.choice(towns)
        kind = rng.choice(NAME_KINDS)
        words = text.words(rng.randint(1, 2))
        name = f"{kind} {' '.join(words)} {town.name}" if i else "Volkshilfe Bezirk Leibnitz"
        orgs.append(
            Organisation(
                name=name,
                slug=f"{slugify(name)[:180]}-{i}",
                short_description=text.sentence(4, 9)[:300],
                description=text.paragraph(rng.randint(2, 6)),
                phone=f"03452 {rng.randint(10000, 99999)}",
                email=f"office{i}@example.org",
                website=f"https://example.org/{i}",
                is_published=i == 0 or rng.random() > 0.04,
            )
        )
    orgs = Organisation.objects.bulk_create(orgs, batch_size=1000)
    networks = orgs[1:41]
    for org in orgs[41:]:
        if rng.random() < 0.17:
            org.parent = rng.choice(networks)
    Organisation.objects.bulk_update(orgs[41:], ["parent"], batch_size=1000)
    Through = Organisation.target_groups.through
    Through.objects.bulk_create(
        Through(organisation_id=org.pk, targetgroup_id=group.pk)
        for org in orgs
        for group in rng.sample(groups, rng.choice([0, 1, 1, 2, 2, 3]))
    )
    Through = Organisation.topics.through
    Through.objects.bulk_create(
        Through(organisation_id=org.pk, topic_id=topic.pk)
        for org in orgs
        for topic in rng.sample(topics, rng.choice([0, 1, 1, 2, 3]))
    )

    # Locations: one for most, a few for some, twelve for the big one.
    places = []
    for i, org in enumerate(orgs):
        for _ in range(12 if i == 0 else rng.choice([1, 1, 1, 1, 1, 1, 2, 2, 3, 4])):
            town = rng.choice(towns)
            located = rng.random() < 0.8
            places.append(
                Location(
                    organisation=org,
                    street=f"{rng.choice(WORDS).capitalize()}gasse {rng.randint(1, 80)}",
                    postal_code=codes[town.name],
                    municipality=town,
                    latitude=round(46.78 + rng.uniform(-0.15, 0.15), 6) if located else None,
                    longitude=round(15.54 + rng.uniform(-0.2, 0.2), 6) if located else None,
                    **{f: rng.random() < p for f, p in FEATURES.items()},
                    leitsystem=rng.random() < 0.05,
                )
            )
    places = Location.objects.bulk_create(places, batch_size=1000)
    places_of = {}
    for place in places:
        places_of.setdefault(place.organisation_id, []).append(place)

    # Services: sixty for the big one, the rest spread unevenly: most have one to three, some
    # none, a few up to MOST_SERVICES.
    weights = list(itertools.accumulate(rng.paretovariate(1.5) for _ in orgs))
    owners, offered = [orgs[0]] * BIGGEST_SERVICES, {}
    while len(owners) < services:
        org = rng.choices(orgs, cum_weights=weights)[0]
        if org is not orgs[0] and offered.get(org.pk, 0) < MOST_SERVICES:
            offered[org.pk] = offered.get(org.pk, 0) + 1
            owners.append(org)
    statuses = rng.choices(
        [Service.Status.ACTIVE, Service.Status.PAUSED, Service.Status.ENDED],
        [80, 10, 10],
        k=services,
    )
    made = []
    for org, status in zip(owners, statuses, strict=True):
        free = rng.random() < 0.45
        made.append(
            Service(
                organisation=org,
                name=" ".join(text.words(rng.randint(1, 3))),
                description=text.paragraph(rng.randint(1, 3)),
                eligibility=text.sentence() if rng.random() < 0.3 else "",
                is_free=free,
                costs="" if free else f"{rng.randint(5, 60)} Euro pro Termin",
                access=rng.choice(Service.Access.values),
                hours="Mo–Fr 8–12 Uhr",
                status=status,
            )
        )
    made = Service.objects.bulk_create(made, batch_size=1000)
    links = {"target_groups": [], "topics": [], "languages": [], "locations": []}
    for service in made:
        links["target_groups"] += [
            (service.pk, g.pk) for g in rng.sample(groups, rng.choice([0, 1, 1, 2]))
        ]
        links["topics"] += [(service.pk, t.pk) for t in rng.sample(topics, rng.choice([1, 1, 2]))]
        spoken = {"de"} if rng.random() < 0.8 else set()
        spoken |= set(rng.sample(LANGUAGES[1:], rng.choice([0, 0, 0, 1, 2, 3])))
        links["languages"] += [(service.pk, code) for code in sorted(spoken)]
        own = places_of[service.organisation_id]
        links["locations"] += [(service.pk, p.pk) for p in rng.sample(own, min(len(own), 2))]
    for field, pairs in links.items():
        Through = getattr(Service, field).through
        other = Service._meta.get_field(field).m2m_reverse_name()
        Through.objects.bulk_create(
            (Through(service_id=s, **{other: o}) for s, o in pairs), batch_size=5000
        )

    ContactPerson.objects.bulk_create(
        ContactPerson(
            organisation=org,
            name=f"Person {i}-{n}",
            role=rng.choice(["Leitung", "Beratung", "Sekretariat"]),
            phone=f"03452 {rng.randint(10000, 99999)}",
        )
        for i, org in enumerate(orgs)
        for n in range(6 if i == 0 else rng.choice([0, 1, 1, 2]))
    )
    Brochure.objects.bulk_create(
        Brochure(organisation=orgs[0], title=f"Folder {n}", file=f"broschueren/folder-{n}.pdf")
        for n in range(5)
    )
    return orgs[0].slug


def mixes(rng):
    """{label: [query strings]}, each mix varied over filter values and words."""
    common = [w.lower() for w in WORDS[:12]]
    middle = [w.lower() for w in WORDS[20:60]]
    words = common + middle
    group_slugs = [slug for slug, _name, _parent in TARGET_GROUPS]
    topic_slugs = [slug for slug, _name, _parent in TOPICS]
    town_slugs = ["leibnitz", "wagna", "gamlitz", "wildon", "tillmitsch", "arnfels"]

    def two_filters():
        return rng.choice(
            [
                lambda: f"zielgruppe={rng.choice(group_slugs)}&thema={rng.choice(topic_slugs)}",
                lambda: f"zielgruppe={rng.choice(group_slugs)}&gemeinde={rng.choice(town_slugs)}",
                lambda: f"thema={rng.choice(topic_slugs)}&kostenlos=ja",
                lambda: f"gemeinde={rng.choice(town_slugs)}&sprache={rng.choice(LANGUAGES[1:6])}",
                lambda: f"thema={rng.choice(topic_slugs)}&barrierefrei=stufenlos",
            ]
        )()

    n = 40
    target = [f"{two_filters()}&q={rng.choice(words)}" for _ in range(n)]
    return {
        "2 filters + word (target)": target,
        "word only": [f"q={rng.choice(words)}" for _ in range(n)],
        "2 filters": [two_filters() for _ in range(n)],
        "typo word": [f"q={rng.choice(TYPOS)}" for _ in range(n)],
        "no filter, page 2": ["page=2"] * n,
        "word only, page 2": [f"q={rng.choice(common)}&page=2" for _ in range(n)],
        "2 filters + word, A–Z": [f"{q}&sortierung=name" for q in target],
        "word + 2 words synonym": [f"q=jugendamt {rng.choice(common)}" for _ in range(n)],
    }


RESULTS = re.compile(r'class="result-count">(\d+) Eintr')


def found(response):
    """The number of entries a directory page, an API list or the map data found, or None."""
    if response["Content-Type"].startswith("text/html"):
        count = RESULTS.search(response.content.decode())
        return int(count.group(1)) if count else None
    data = json.loads(response.content)
    return data["total_items"] if "total_items" in data else len(data["features"])


def measure(client, urls, repeat):
    """(milliseconds of `repeat` requests cycling through urls, queries, results) after a warmup."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:WARMUP]:
        client.get(url)
    queries, results = set(), set()
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
        if (count := found(response)) is not None:
            results.add(count)
    samples = []
    for i in range(repeat):
        url = urls[i % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples, queries, results


def spread(values):
    if not values:
        return "–"
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL}")
    parser.add_argument("--repeat", type=int, default=100, help="timed requests per mix")
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--services", type=int, default=10000)
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error("--repeat must be at least 2")
    if args.organisations < 41 or args.services < BIGGEST_SERVICES:
        parser.error(f"at least 41 organisations and {BIGGEST_SERVICES} services")
    if args.services > BIGGEST_SERVICES + (args.organisations - 1) * MOST_SERVICES:
        parser.error(f"at most {MOST_SERVICES} services for each organisation but the biggest")
    return in_database(POSTGRES_URL if args.postgres else None, lambda: run(args))


def run(args):
    from django.db import connection
    from django.test import Client

    from partners import search
    from partners.models import Organisation, SearchTerm, Service, Spelling

    start = time.perf_counter()
    big = populate(args.organisations, args.services)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    search.index()
    indexed = time.perf_counter() - start
    gc.collect()  # the generator's objects are no part of a running server
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: planner statistics, visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    start = time.perf_counter()
    search.index([Organisation.objects.get(slug=big).pk])
    one = time.perf_counter() - start
    print(
        f"{connection.vendor}: {Organisation.objects.count()} organisations "
        f"({Organisation.objects.published().count()} published), {Service.objects.count()} "
        f"services ({Service.objects.public().count()} public), generated in {generated:.1f} s"
    )
    print(
        f"index: {SearchTerm.objects.count()} terms, {Spelling.objects.count()} spellings; "
        f"all entries in {indexed:.1f} s, the biggest entry in {one * 1000:.0f} ms"
    )

    client = Client()
    rng = random.Random(SEED)
    print(f"{args.repeat} requests per mix after {WARMUP} to warm up; server-side, milliseconds")
    print(ROW.format("mix", "median", "p95", "max", "queries", "results"))
    failures, target = [], None
    mixed = mixes(rng)
    pages = [(label, [f"/sozialatlas/?{q}" for q in qs]) for label, qs in mixed.items()]
    pages.append(("detail page of the biggest entry", [f"/sozialatlas/{big}/"]))
    target_urls = mixed["2 filters + word (target)"]
    pages += [
        ("map data, no filter", ["/sozialatlas/karte.json"]),
        ("map data, 2 filters + word", [f"/sozialatlas/karte.json?{q}" for q in target_urls]),
    ]
    words = [w.lower() for w in WORDS[:12]]
    pages += [
        ("API: services", ["/api/hsds/services"]),
        ("API: services, word", [f"/api/hsds/services?search={w}" for w in words]),
        ("API: organizations, full", ["/api/hsds/organizations?full=true"]),
        ("API: organizations, word", [f"/api/hsds/organizations?search={w}" for w in words]),
    ]
    for label, urls in pages:
        samples, queries, results = measure(client, urls, args.repeat)
        median = statistics.median(samples)
        p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1]
        if target is None:
            target = (median, p95)
        print(
            ROW.format(
                label,
                f"{median:.1f}",
                f"{p95:.1f}",
                f"{max(samples):.1f}",
                spread(queries),
                spread(results),
            )
        )

    median, p95 = target
    if median > TARGET_MEDIAN_MS:
        failures.append(f"median {median:.1f} ms exceeds {TARGET_MEDIAN_MS:.0f} ms")
    if p95 > TARGET_P95_MS:
        failures.append(f"p95 {p95:.1f} ms exceeds {TARGET_P95_MS:.0f} ms")
    print("FAIL: " + "; ".join(failures) if failures else "OK: target met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
