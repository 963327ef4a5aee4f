"""Demo content: the facts of the town of Leibnitz's own page about its Sozial-Info."""

import datetime
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from contacts import counts
from contacts.models import Channel, Contact, Requester
from partners import search
from partners.models import (
    Location,
    Membership,
    Municipality,
    Organisation,
    Service,
    Synonym,
    TargetGroup,
    Topic,
)
from schedule import occurrences
from schedule.models import OpeningHours, Ordinal, Theme

from .models import InfoPoint
from .roles import sync_roles

INFO_POINT = {
    "name": "Sozial-Info",
    "operator": "Stadtgemeinde Leibnitz",
    "intro": (
        "Ein kostenloses, leicht zugängliches Angebot für alle: Hier können Bürger*innen und "
        "Organisationen ihre Anliegen besprechen. Wir informieren über soziale Angebote in der "
        "Stadtgemeinde und verweisen an die richtige Stelle."
    ),
    "venue": "WOHNZIMMER",
    "street": "Grazer Gasse 2",
    "postal_code": "8430",
    "municipality": "Leibnitz",
    "contact_person": "Mag. Robert Konrad",
    "phone": "0664 88260653",
}

# Grazer Gasse 2, Leibnitz (approximate), for the demo locations on the map.
INFO_POINT_COORDINATES = (Decimal("46.782200"), Decimal("15.538900"))

TARGET_GROUPS = [
    ("kind-jugend-familie", "Kind/Jugend/Familie"),
    ("seniorinnen", "Senior*innen"),
    ("menschen-mit-behinderung", "Menschen mit Behinderung/Beeinträchtigung"),
    ("gefluechtete-migrantinnen", "Geflüchtete und Migrant*innen"),
    ("frauen-maedchen", "Frauen und Mädchen"),
]

TOPICS = [
    ("ehrenamt", "Ehrenamt"),
    ("soziale-teilhabe", "Soziale Teilhabe"),
    ("arbeit", "Arbeit"),
    ("wohnen", "Wohnen"),
    ("grundsicherung", "Grundsicherung"),
    ("gesundheit", "Gesundheit"),
]

ARGE = "arge-flexible-hilfen"

# slug, name, short description, target group slug, parent network slug
ORGANISATIONS = [
    (
        "kinder-und-jugendhilfe-bh-leibnitz",
        "Kinder- und Jugendhilfe (BH Leibnitz)",
        "",
        "kind-jugend-familie",
        None,
    ),
    ("fruehe-hilfen-steiermark", "Frühe Hilfen Steiermark (ÖGK)", "", "kind-jugend-familie", None),
    (
        ARGE,
        "ARGE Flexible Hilfen",
        "Arbeitsgemeinschaft der Träger der Flexiblen Hilfen.",
        "kind-jugend-familie",
        None,
    ),
    ("jugend-am-werk", "Jugend am Werk", "", "kind-jugend-familie", ARGE),
    ("input", "Input", "", "kind-jugend-familie", ARGE),
    ("alpha-nova", "alpha nova", "", "kind-jugend-familie", ARGE),
    ("caritas", "Caritas", "", "kind-jugend-familie", ARGE),
    ("ais-jugendservice", "AIS Jugendservice", "", "kind-jugend-familie", ARGE),
    ("ikjf", "IKJF", "", "kind-jugend-familie", ARGE),
    ("sos-kinderdorf", "SOS Kinderdorf", "", "kind-jugend-familie", ARGE),
    (
        "pflegedrehscheibe-bezirk-leibnitz",
        "Pflegedrehscheibe Bezirk Leibnitz",
        "",
        "seniorinnen",
        None,
    ),
    (
        "kompetenz-suedsteiermark",
        "Kompetenz – Berufliches und Soziales Kompetenzzentrum Südsteiermark GmbH",
        "",
        "menschen-mit-behinderung",
        None,
    ),
    (
        "oeziv-leibnitz",
        "ÖZIV Leibnitz",
        "Österreichweiter zukunftsorientierter Interessensverband für Menschen mit Behinderung.",
        "menschen-mit-behinderung",
        None,
    ),
    (
        "zebra",
        "ZEBRA – Interkulturelles Beratungs- und Therapiezentrum",
        "",
        "gefluechtete-migrantinnen",
        None,
    ),
    ("verein-freiraum", "Verein Freiraum – Frauenberatung Leibnitz", "", "frauen-maedchen", None),
]

THEMES_FROM = datetime.date(2022, 2, 3)

# What people type, and what the directory calls it.
SYNONYMS = [
    ("Jugendamt", "Kinder- und Jugendhilfe"),
    ("Sozialhilfe", "Grundsicherung"),
    ("Mindestsicherung", "Grundsicherung"),
    ("Pflegeheim", "Pflege"),
]

# slug, name, ordinal, target group slug, organisation slugs, staff note
THEMES = [
    (
        "kind-jugend-familie",
        "Kind/Jugend/Familie",
        1,
        "kind-jugend-familie",
        ["kinder-und-jugendhilfe-bh-leibnitz", "fruehe-hilfen-steiermark", ARGE],
        "",
    ),
    ("seniorinnen", "Senior*innen", 2, "seniorinnen", ["pflegedrehscheibe-bezirk-leibnitz"], ""),
    (
        "menschen-mit-behinderung",
        "Menschen mit Behinderung/Beeinträchtigung",
        3,
        "menschen-mit-behinderung",
        ["kompetenz-suedsteiermark", "oeziv-leibnitz"],
        "Lena Petritsch als Peer-to-Peer-Ansprechperson",
    ),
    (
        "gefluechtete-migrantinnen",
        "Geflüchtete und Migrant*innen",
        4,
        "gefluechtete-migrantinnen",
        ["zebra"],
        "",
    ),
    ("frauen-maedchen", "Frauen und Mädchen", 5, "frauen-maedchen", ["verein-freiraum"], ""),
]

# Other regular offers in the Sozial-Info's rooms: slug, name, weekday, starts, ends
OFFERS = [
    (
        "stop-stadt-ohne-partnergewalt",
        "StoP – Stadt ohne Partnergewalt",
        2,
        datetime.time(8),
        datetime.time(12),
    ),
]

# weekday (0 = Monday), opens, closes
OPENING_HOURS = [
    (0, datetime.time(9), datetime.time(13)),
    (1, datetime.time(14), datetime.time(18)),
    (4, datetime.time(9), datetime.time(13)),
]

CHANNELS = ["Persönlich", "Telefon", "E-Mail"]

# username, role, organisation slug the account may edit
ACCOUNTS = [
    ("redaktion", "Redaktion", None),
    ("team", "Team", None),
    ("partner", "Partner", "verein-freiraum"),
]

DEMO_NOTE = (
    '<p class="demo-note"><strong>Hinweis:</strong> Dies ist ein Beispieltext aus den '
    "Demo-Inhalten. Die Redaktion ersetzt ihn in der Verwaltung.</p>"
)

PAGES = [
    (
        "/ueber-uns/",
        "Über die Sozial-Info",
        """
<p>Am 1. Juni 2021 öffnete die Sozial-Info der Stadtgemeinde Leibnitz im WOHNZIMMER in der
Grazer Gasse 2 ihre Türen. Sie ist ein kostenloses Angebot für die gesamte Bevölkerung: ein leicht
zugänglicher und vertrauensvoller Ort, an dem Bürger*innen ihre Anliegen besprechen können.</p>
<p>Vor Ort informiert Mag. Robert Konrad (Stadtgemeinde Leibnitz, Stabstelle Stadtentwicklung) an
vier Halbtagen pro Woche über soziale Angebote in der Stadtgemeinde und verweist je nach Anliegen
an die richtige Stelle.</p>
<h2>Ein Ort der Vernetzung</h2>
<p>Die Sozial-Info ist auch für die vielen Organisationen und Institutionen da. Sie legen ihre
Broschüren und Infomaterialien in der Sozial-Info auf – so finden Sie auch dann Informationen, wenn
gerade niemand vor Ort ist. Der Sozialatlas hilft Ihnen, sich in der Soziallandschaft zu
orientieren.</p>
<h2>Die ersten acht Monate</h2>
<p>Über 6 000 Kontakte (persönlich, per Telefon oder E-Mail), etwa zwei Drittel davon Bürger*innen
und ein Drittel Organisationen – vor allem zu den Bereichen der heutigen Thementage, aber auch zu
Ehrenamt, sozialer Teilhabe, Arbeit, Wohnen, Grundsicherung und Gesundheit.</p>
<h2>Thementage</h2>
<p>Seit 3. Februar 2022 sind jeden Donnerstag von 14:00 bis 16:00 Uhr Expert*innen unserer
Partnerorganisationen vor Ort. Mit diesem Fokus auf Kooperation statt Konkurrenz geht die
Stadtgemeinde Leibnitz einen weiteren „Schritt zur Stadt ohne Vorurteile“.</p>
""",
    ),
    (
        "/impressum/",
        "Impressum",
        """
<p>Medieninhaberin und Herausgeberin: Stadtgemeinde Leibnitz, Sozial-Info (Stabstelle
Stadtentwicklung und Projektmanagement), Grazer Gasse 2, 8430 Leibnitz.</p>
"""
        + DEMO_NOTE,
    ),
    (
        "/datenschutz/",
        "Datenschutz",
        """
<p>Diese Website kommt ohne Werbung, ohne Analyse-Werkzeuge und ohne Inhalte anderer Anbieter aus.
Beim Besuch werden keine Cookies gesetzt. Nur wer sich als Mitarbeiter*in oder Partner*in
anmeldet, erhält ein technisch notwendiges Sitzungs-Cookie.</p>
<p>Eine Ausnahme gibt es nur, wenn Sie im Sozialatlas auf „Karte anzeigen“ klicken: Dann lädt
Ihr Browser die Kartenbilder von OpenStreetMap, und dieser Dienst erfährt Ihre IP-Adresse.
Vorher wird nichts geladen. Ihre Zustimmung gilt nur, bis Sie den Tab oder das Browserfenster
schließen.</p>
<p>Die Kontaktdokumentation der Sozial-Info enthält keine personenbezogenen Daten: Wir halten nur
fest, auf welchem Weg und zu welchem Thema jemand gefragt hat und wohin wir weitervermittelt
haben – keinen Namen, keine Adresse, keine Telefonnummer.</p>
"""
        + DEMO_NOTE,
    ),
    (
        "/barrierefreiheit/",
        "Erklärung zur Barrierefreiheit",
        """
<p>Die Sozial-Info ist bemüht, ihre Website im Einklang mit dem Web-Zugänglichkeits-Gesetz (WZG)
barrierefrei zugänglich zu machen. Ziel ist die Konformität mit den Web Content Accessibility
Guidelines (WCAG) 2.1 auf Stufe AA.</p>
<p>Die öffentlichen Seiten werden bei jeder Änderung automatisch mit dem Prüfwerkzeug axe-core
geprüft, funktionieren ohne JavaScript und sind mit der Tastatur bedienbar.</p>
<h2>Feedback</h2>
<p>Ist Ihnen eine Barriere aufgefallen? Bitte sagen Sie es uns – persönlich in der Sozial-Info
oder telefonisch.</p>
"""
        + DEMO_NOTE,
    ),
]


def load(demo_password=None):
    """Create whatever demo content is missing; keep what exists. Returns new or reset accounts."""
    with transaction.atomic():
        sync_roles()
        InfoPoint.objects.get_or_create(pk=1, defaults=INFO_POINT)
        site = Site.objects.get_current()
        if site.domain == "example.com":
            site.domain, site.name = "localhost", INFO_POINT["name"]
            site.save()

        groups = {
            slug: TargetGroup.objects.get_or_create(
                slug=slug, defaults={"name": name, "position": i}
            )[0]
            for i, (slug, name) in enumerate(TARGET_GROUPS)
        }
        for i, (slug, name) in enumerate(TOPICS):
            Topic.objects.get_or_create(slug=slug, defaults={"name": name, "position": i})
        orgs = {}
        for slug, name, short, group, parent in ORGANISATIONS:
            org, created = Organisation.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "short_description": short, "parent": orgs.get(parent)},
            )
            if created:
                org.target_groups.add(groups[group])
            orgs[slug] = org

        for slug, name, ordinal, group, partner_slugs, note in THEMES:
            theme, created = Theme.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "ordinal": ordinal,
                    "target_group": groups[group],
                    "staff_note": note,
                    "valid_from": THEMES_FROM,
                },
            )
            if created:
                theme.organisations.set(orgs[s] for s in partner_slugs)

        for slug, name, weekday, starts, ends in OFFERS:
            Theme.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "kind": Theme.Kind.OFFER,
                    "ordinal": Ordinal.EVERY,
                    "weekday": weekday,
                    "starts": starts,
                    "ends": ends,
                },
            )

        # The one service the source names for every partner: advice on its theme day, here.
        leibnitz, _ = Municipality.objects.get_or_create(
            slug="leibnitz", defaults={"name": "Leibnitz"}
        )
        for theme in Theme.objects.filter(kind=Theme.Kind.THEME_DAY).prefetch_related(
            "organisations"
        ):
            for org in theme.organisations.all():
                if org.services.exists():
                    continue
                here = Location.objects.create(
                    organisation=org,
                    name=f"{INFO_POINT['name']} ({INFO_POINT['venue']})",
                    street=INFO_POINT["street"],
                    postal_code=INFO_POINT["postal_code"],
                    municipality=leibnitz,
                    latitude=INFO_POINT_COORDINATES[0],
                    longitude=INFO_POINT_COORDINATES[1],
                )
                service = Service.objects.create(
                    organisation=org,
                    name=f"Beratung am Thementag {theme.name}",
                    description=(
                        f"Expert*innen beraten {theme.rule_display} von 14 bis 16 Uhr in der "
                        f"{INFO_POINT['name']}, ohne Anmeldung."
                    ),
                    is_free=True,
                    access=Service.Access.WALK_IN,
                    hours=f"{theme.rule_display}, 14–16 Uhr",
                )
                service.target_groups.add(theme.target_group)
                service.locations.add(here)
        for word, means in SYNONYMS:
            Synonym.objects.get_or_create(word=word, defaults={"means": means})

        if not OpeningHours.objects.exists():
            OpeningHours.objects.bulk_create(
                OpeningHours(weekday=day, starts=starts, ends=ends)
                for day, starts, ends in OPENING_HOURS
            )
        for position, name in enumerate(CHANNELS):
            Channel.objects.get_or_create(name=name, defaults={"position": position})
        for url, title, content in PAGES:
            page, created = FlatPage.objects.get_or_create(
                url=url, defaults={"title": title, "content": content.strip()}
            )
            if created:
                page.sites.add(site)

        User = get_user_model()
        accounts = []
        for username, role, org_slug in ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "first_name": f"Demo {role}"}
            )
            if created or demo_password:
                password = demo_password or get_random_string(16)
                user.set_password(password)
                user.save()
                accounts.append((username, role, password))
            user.groups.add(Group.objects.get(name=role))
            if org_slug:
                Membership.objects.get_or_create(user=user, organisation=orgs[org_slug])
        demo_contacts()
        search.index()
    return accounts


# The contact log of the eight months before today, like the town's first eight months: about
# 6 100 contacts, two thirds from citizens, in person on the opening days, by phone and e-mail
# on any weekday, and busy theme-day afternoons. Weights: how often each is chosen.
CONTACT_MONTHS = 8
CONTACTS_PER_WEEKDAY = 34
CONTACTS_PER_THEME_DAY = 12
CONTACT_SEED = 20210601
CONTACT_CHANNELS = {"Persönlich": 70, "Telefon": 22, "E-Mail": 8}
CONTACT_TOPICS = {
    "wohnen": 25,
    "arbeit": 20,
    "gesundheit": 18,
    "grundsicherung": 15,
    "soziale-teilhabe": 12,
    "ehrenamt": 10,
}
CONTACT_TOPIC_COUNTS = {0: 8, 1: 57, 2: 30, 3: 5}
CONTACT_GROUP_COUNTS = {0: 35, 1: 55, 2: 10}
REFERRED_SHARE = 0.2


def demo_contacts(today=None):
    """Demo contacts for the statistics, made the same way for the same day; only into an
    empty contact log, so that loading the demo again adds none."""
    channels = {channel.name: channel for channel in Channel.objects.all()}
    if Contact.objects.exists() or not all(name in channels for name in CONTACT_CHANNELS):
        return
    rng = random.Random(CONTACT_SEED)
    today = today or timezone.localdate()
    first = today - relativedelta(months=CONTACT_MONTHS)
    channel_weights = {channels[name]: weight for name, weight in CONTACT_CHANNELS.items()}
    topics = {topic.slug: topic.pk for topic in Topic.objects.all()}
    topic_weights = {topics[slug]: w for slug, w in CONTACT_TOPICS.items() if slug in topics}
    groups = list(TargetGroup.objects.values_list("pk", flat=True))
    orgs = list(Organisation.objects.values_list("pk", flat=True))
    users = get_user_model().objects.filter(username="team")
    logged_by = users.values_list("pk", flat=True).first()
    schedule = occurrences.Schedule(first, today - datetime.timedelta(days=1))
    theme_days = {
        occ.day: occ for occ in schedule.occurrences if occ.takes_place and occ.theme.is_theme_day
    }
    closed = set(schedule.holidays)
    hours = {day: (starts.hour, ends.hour) for day, starts, ends in OPENING_HOURS}

    def pick(weights):
        return rng.choices(list(weights), list(weights.values()))[0]

    made = []  # (moment, channel, requester, theme, logged by, topics, groups, organisations)
    day = first
    while day < today:
        moments = []
        if day.weekday() < 5:
            for _ in range(rng.randint(CONTACTS_PER_WEEKDAY // 2, CONTACTS_PER_WEEKDAY * 3 // 2)):
                channel = pick(channel_weights)
                if channel.name == "Persönlich":
                    if day.weekday() not in hours or day in closed:
                        channel = channels["Telefon"]
                    else:
                        opens, closes = hours[day.weekday()]
                        moments.append((channel, opens, closes))
                        continue
                moments.append((channel, 8, 17))
        occ = theme_days.get(day)
        if occ:
            moments += [(channels["Persönlich"], occ.starts.hour, occ.ends.hour)] * rng.randint(
                CONTACTS_PER_THEME_DAY // 2, CONTACTS_PER_THEME_DAY * 3 // 2
            )
        for channel, opens, closes in moments:
            minute = rng.randrange((closes - opens) * 60)
            moment = occurrences.at(day, datetime.time(opens + minute // 60, minute % 60))
            on_theme_day = occ and occ.starts <= moment < occ.ends
            theme = occ.theme if on_theme_day else None
            wanted = rng.choices(list(CONTACT_GROUP_COUNTS), list(CONTACT_GROUP_COUNTS.values()))
            contact_groups = set(rng.sample(groups, min(wanted[0], len(groups))))
            if theme and theme.target_group_id:
                contact_groups = {theme.target_group_id}
            count = rng.choices(list(CONTACT_TOPIC_COUNTS), list(CONTACT_TOPIC_COUNTS.values()))[0]
            contact_topics = {pick(topic_weights) for _ in range(count)} if topic_weights else set()
            referred = set()
            if orgs and rng.random() < REFERRED_SHARE:
                partners = [org.pk for org in occ.organisations] if theme else []
                referred = {rng.choice(partners or orgs)}
            who = Requester.CITIZEN if rng.random() < 2 / 3 else Requester.ORGANISATION
            made.append(
                (
                    moment,
                    channel.pk,
                    who,
                    theme.pk if theme else None,
                    logged_by,
                    contact_topics,
                    contact_groups,
                    referred,
                )
            )
        day += datetime.timedelta(days=1)

    # Plain INSERTs: the ORM's per-object work would take most of a second here, and tests
    # load the demo often. The log was empty, so the new ids come in the order of `made`.
    happened_at = Contact._meta.get_field("happened_at")
    insert(
        Contact,
        ("happened_at", "channel_id", "requester", "theme_id", "logged_by_id", "quantity", "note"),
        [
            (happened_at.get_db_prep_save(when, connection), channel, who, theme, by, 1, "")
            for when, channel, who, theme, by, *_ in made
        ],
    )
    ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True))
    for index, name in enumerate(("topics", "target_groups", "referred_to"), start=5):
        m2m = Contact._meta.get_field(name)
        insert(
            m2m.remote_field.through,
            (m2m.m2m_column_name(), m2m.m2m_reverse_name()),
            [(pk, other) for pk, row in zip(ids, made, strict=True) for other in row[index]],
        )
    counts.recount_all()  # the log was empty


def insert(model, columns, rows):
    """INSERT rows with many rows to a statement, within what SQLite allows."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
    one = f"({', '.join(['%s'] * len(columns))})"
    size = 999 // len(columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            cursor.execute(head + ", ".join([one] * len(batch)), [v for row in batch for v in row])
