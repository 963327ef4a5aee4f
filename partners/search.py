"""The directory's search index and the queries on it.

index() writes the terms, spellings and filter values of organisations; it is called wherever
an entry changes (admin, import, demo) and by `manage.py rebuild_search_index`. matching() and
with_facet() read. Words are folded and stemmed by partners.text, the same way on both sides, so
SQLite and PostgreSQL give the same results.
"""

from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, Replace

from . import text
from .models import (
    FacetValue,
    Organisation,
    SearchTerm,
    Service,
    Spelling,
    Synonym,
    TargetGroup,
    Topic,
)

# How much a word weighs by where it stands; a match in the name ranks first.
NAME, NETWORK, SERVICE, CATEGORY, TEXT = 8, 4, 4, 2, 1
FACETS = ("zielgruppe", "thema", "gemeinde", "sprache", "kostenlos")


def folded_name():
    """The name for sorting A–Z with Ä, Ö, Ü among A, O, U on every database."""
    name = F("name")
    for umlaut, vowel in (("Ä", "A"), ("Ö", "O"), ("Ü", "U"), ("ä", "a"), ("ö", "o"), ("ü", "u")):
        name = Replace(name, Value(umlaut), Value(vowel))
    return Lower(name)


def ancestry(model):
    """{pk: [slug and name of the term and each of its parents]} of a whole taxonomy."""
    terms = {
        pk: (slug, name, parent)
        for pk, slug, name, parent in model.objects.values_list("pk", "slug", "name", "parent_id")
    }
    chains = {}
    for pk in terms:
        chain, node, seen = [], pk, set()
        while node is not None and node not in seen:
            seen.add(node)
            slug, name, parent = terms[node]
            chain.append((slug, name))
            node = parent
        chains[pk] = chain
    return chains


def entries(organisations):
    """The organisations with everything the index reads, in a fixed number of queries."""
    services = Service.objects.public().prefetch_related("target_groups", "topics", "languages")
    return organisations.select_related("parent").prefetch_related(
        "target_groups",
        "topics",
        "locations__municipality",
        Prefetch("services", queryset=services),
    )


def texts_and_facets(org, groups, topics):
    """(text, weight) pairs and filter keys of one organisation's entry."""
    texts = [(org.name, NAME), (org.short_description, TEXT), (org.description, TEXT)]
    if org.parent_id and org.parent.is_published:
        texts.append((org.parent.name, NETWORK))
    facets = set()
    tagged = [
        (groups, "zielgruppe", list(org.target_groups.all())),
        (topics, "thema", list(org.topics.all())),
    ]
    for service in org.services.all():
        texts += [(service.name, SERVICE), (service.description, TEXT), (service.eligibility, TEXT)]
        tagged += [
            (groups, "zielgruppe", list(service.target_groups.all())),
            (topics, "thema", list(service.topics.all())),
        ]
        facets |= {f"sprache:{language.code}" for language in service.languages.all()}
        if service.is_free:
            facets.add("kostenlos:ja")
    for chains, facet, terms in tagged:
        for term in terms:
            for slug, name in chains[term.pk]:
                texts.append((name, CATEGORY))
                facets.add(f"{facet}:{slug}")
    for location in org.locations.all():
        texts += [(location.municipality.name, CATEGORY), (location.postal_code, CATEGORY)]
        facets.add(f"gemeinde:{location.municipality.slug}")
    return texts, facets


def index(pks=None):
    """Rewrite the index of the organisations with these pks (all when None).

    Unpublished organisations leave the index.
    """
    organisations = Organisation.objects.all()
    if pks is not None:
        organisations = organisations.filter(pk__in=pks)
    groups, topics = ancestry(TargetGroup), ancestry(Topic)
    terms, spellings, facets, seen = [], set(), [], []
    for org in entries(organisations):
        seen.append(org.pk)
        if not org.is_published:
            continue
        found, keys = texts_and_facets(org, groups, topics)
        best = {}
        for words, weight in found:
            for word in text.words(words or ""):
                term = text.stem(word)
                best[term] = max(best.get(term, 0), weight)
                if len(word) >= 5:  # shorter words are only found as they are
                    spellings |= {(key, term) for key in text.spellings(word)}
        terms += [
            SearchTerm(organisation=org, term=term[:100], weight=w) for term, w in best.items()
        ]
        facets += [FacetValue(organisation=org, key=key) for key in keys]
    with transaction.atomic():
        SearchTerm.objects.filter(organisation__in=seen).delete()
        FacetValue.objects.filter(organisation__in=seen).delete()
        SearchTerm.objects.bulk_create(terms, batch_size=2000)
        FacetValue.objects.bulk_create(facets, batch_size=2000)
        Spelling.objects.bulk_create(
            [Spelling(key=key[:100], term=term[:100]) for key, term in spellings],
            batch_size=2000,
            ignore_conflicts=True,
        )


def candidates(words):
    """{word: (its own term, {terms within one typo})} for each folded query word, in 1 query."""
    keys = {key for word in words for key in text.spellings(word)}
    near = {}
    for key, term in Spelling.objects.filter(key__in=keys).values_list("key", "term"):
        near.setdefault(key, set()).add(term)
    return {
        word: (
            text.stem(word),
            set().union(*(near.get(key, set()) for key in text.spellings(word))),
        )
        for word in words
    }


def synonyms_of(words):
    """{query word: [folded words of what it means]} from the Redaktion's synonyms, in 1 query."""
    found = {}
    for synonym in Synonym.objects.all():
        folded = text.words(synonym.word)
        if len(folded) == 1 and folded[0] in words:
            found.setdefault(folded[0], []).append(text.words(synonym.means))
    return found


def matching(queryset, query):
    """The organisations that match every word of query (or what a synonym says it means),
    annotated with `relevance`."""
    words = list(dict.fromkeys(text.words(query)))
    if not words:
        return queryset.annotate(relevance=Value(0, output_field=IntegerField()))
    synonyms = synonyms_of(words)
    meant = [w for phrases in synonyms.values() for phrase in phrases for w in phrase]
    options = candidates(list(dict.fromkeys(words + meant)))
    relevance = Value(0, output_field=IntegerField())
    for word in words:
        condition, score = has(word, options)
        for phrase in synonyms.get(word, []):
            phrase_condition = Q()
            for meant_word in phrase:
                meant_condition, meant_score = has(meant_word, options)
                phrase_condition &= meant_condition
                score = score + meant_score
            condition |= phrase_condition
        queryset = queryset.filter(condition)
        relevance = relevance + score
    return queryset.annotate(relevance=relevance)


def has(word, options):
    """(Q that an organisation has the word, its best weight there: exact terms count double)."""
    own, near = options[word]
    rows = SearchTerm.objects.filter(organisation=OuterRef("pk"), term__in=near | {own})
    best = (
        rows.order_by()
        .values("organisation")
        .annotate(
            best=Max(
                Case(
                    When(term=own, then=F("weight") * 2),
                    default=F("weight"),
                    output_field=IntegerField(),
                )
            )
        )
        .values("best")
    )
    return Q(Exists(rows)), Coalesce(Subquery(best, output_field=IntegerField()), 0)


def with_facet(queryset, facet, values):
    """Organisations with any of the values of a facet ("zielgruppe", ["senior-innen"])."""
    keys = [f"{facet}:{value}" for value in values]
    return queryset.filter(
        Exists(FacetValue.objects.filter(organisation=OuterRef("pk"), key__in=keys))
    )
