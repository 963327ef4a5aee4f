"""The directory's search index and the queries on it.

index() writes the terms, spellings and filter values of organisations; it is called wherever
an entry changes (admin, import, demo) and by `manage.py rebuild_search_index`. Search,
matching() and with_facet() read. Words are folded and stemmed by partners.text, the same way on
both sides, so SQLite and PostgreSQL give the same results. The index holds published
organisations only, so counting filter values needs no look at the organisations.
"""

import itertools

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from . import text
from .models import (
    FacetValue,
    Location,
    Organisation,
    SearchTerm,
    Service,
    ServiceTerm,
    Spelling,
    Synonym,
    TargetGroup,
    Topic,
)

# How much a word weighs by where it stands; a match in the name ranks first.
NAME, NETWORK, SERVICE, CATEGORY, TEXT = 8, 4, 4, 2, 1
FACETS = ("zielgruppe", "thema", "gemeinde", "sprache", "kostenlos", "barrierefrei")
FEATURES = Location.Feature.values


UMLAUTS = (("Ä", "A"), ("Ö", "O"), ("Ü", "U"), ("ä", "a"), ("ö", "o"), ("ü", "u"))


class FoldedName(Func):
    """The name for sorting A–Z with Ä, Ö, Ü among A, O, U on every database.

    The letters are written into the SQL (not passed as parameters) so that the index
    organisation_folded_name (migration 0006) matches it; keep the two the same.
    """

    template = "LOWER({}%(expressions)s{})".format(
        "REPLACE(" * len(UMLAUTS),
        "".join(f", '{umlaut}', '{vowel}')" for umlaut, vowel in UMLAUTS),
    )
    output_field = CharField()


def folded_name():
    return FoldedName(F("name"))


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


def accessible(features):
    """The "barrierefrei" value of places with all these features: "stufenlos+wc"."""
    return "+".join(feature for feature in FEATURES if feature in features)


def accessibility(location):
    """A "barrierefrei" value for each combination of the location's features, so that
    "all of these at one place" is one key to look up and to count."""
    have = [feature for feature in FEATURES if getattr(location, feature)]
    return {
        accessible(combination)
        for size in range(1, len(have) + 1)
        for combination in itertools.combinations(have, size)
    }


def entries(organisations):
    """The organisations with everything the index reads, in a fixed number of queries."""
    services = Service.objects.public().prefetch_related(
        "target_groups", "topics", "languages", "locations__municipality"
    )
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
        facets |= {f"barrierefrei:{value}" for value in accessibility(location)}
    return texts, facets


def service_texts(org, service, groups, topics):
    """(text, weight) pairs of one service, found by the open-data API's search."""
    texts = [
        (service.name, NAME),
        (org.name, SERVICE),
        (service.description, TEXT),
        (service.eligibility, TEXT),
    ]
    for chains, terms in ((groups, service.target_groups.all()), (topics, service.topics.all())):
        texts += [(name, CATEGORY) for term in terms for _slug, name in chains[term.pk]]
    for location in service.locations.all():
        texts += [(location.municipality.name, CATEGORY), (location.postal_code, CATEGORY)]
    return texts


def weighed(texts):
    """{stemmed term: its best weight} of (text, weight) pairs."""
    best = {}
    for words, weight in texts:
        for word in text.words(words or ""):
            term = text.stem(word)[:100]
            best[term] = max(best.get(term, 0), weight)
    return best


def index(pks=None):
    """Rewrite the index of the organisations with these pks (all when None).

    Unpublished organisations leave the index.
    """
    organisations = Organisation.objects.all()
    if pks is not None:
        organisations = organisations.filter(pk__in=pks)
    groups, topics = ancestry(TargetGroup), ancestry(Topic)
    terms, service_terms, spellings, facets, seen = [], [], set(), [], []
    for org in entries(organisations):
        seen.append(org.pk)
        if not org.is_published:
            continue
        found, keys = texts_and_facets(org, groups, topics)
        for words, _weight in found:
            for word in text.words(words or ""):
                if len(word) >= 5:  # shorter words are only found as they are
                    spellings |= {(key, text.stem(word)) for key in text.spellings(word)}
        terms += [
            SearchTerm(organisation=org, term=term, weight=w) for term, w in weighed(found).items()
        ]
        # A service's words are all words of its organisation's entry, so spellings has them.
        for service in org.services.all():
            service_terms += [
                ServiceTerm(service=service, term=term, weight=w)
                for term, w in weighed(service_texts(org, service, groups, topics)).items()
            ]
        facets += [FacetValue(organisation=org, key=key) for key in keys]
    with transaction.atomic():
        SearchTerm.objects.filter(organisation__in=seen).delete()
        ServiceTerm.objects.filter(service__organisation__in=seen).delete()
        FacetValue.objects.filter(organisation__in=seen).delete()
        SearchTerm.objects.bulk_create(terms, batch_size=2000)
        ServiceTerm.objects.bulk_create(service_terms, batch_size=2000)
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


class Search:
    """A search as the index reads it: its folded words, what synonyms say they mean and the
    terms within one typo of each. Reads them once (2 queries), however many querysets it filters.
    """

    def __init__(self, query):
        self.words = list(dict.fromkeys(text.words(query)))
        self.synonyms = synonyms_of(self.words) if self.words else {}
        meant = [w for phrases in self.synonyms.values() for phrase in phrases for w in phrase]
        self.options = candidates(list(dict.fromkeys(self.words + meant))) if self.words else {}

    def filter(self, queryset, field="pk", index=SearchTerm):
        """The organisations (their ids in field) that match every word, or what a synonym says
        it means; with index=ServiceTerm, the services."""
        for word in self.words:
            condition = self.has(word, field, index)
            for phrase in self.synonyms.get(word, []):
                phrase_condition = Q()
                for meant_word in phrase:
                    phrase_condition &= self.has(meant_word, field, index)
                condition |= phrase_condition
            queryset = queryset.filter(condition)
        return queryset

    def relevance(self):
        """How well an organisation matches: the best weight of each word and of what its
        synonyms mean, where exact terms count double."""
        relevance = Value(0, output_field=IntegerField())
        for word in self.words:
            relevance = relevance + self.best(word)
            for phrase in self.synonyms.get(word, []):
                for meant_word in phrase:
                    relevance = relevance + self.best(meant_word)
        return relevance

    def terms(self, word, index=SearchTerm):
        own, near = self.options[word]
        return index.objects.filter(term__in=near | {own})

    def has(self, word, field="pk", index=SearchTerm):
        """Q that an organisation (or service) has the word or a term within one typo of it."""
        return Q(**{f"{field}__in": self.terms(word, index).values(index.owner)})

    def best(self, word):
        own, _near = self.options[word]
        best = (
            self.terms(word)
            .filter(organisation=OuterRef("pk"))
            .order_by()
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
        return Coalesce(Subquery(best, output_field=IntegerField()), 0)


def matching(queryset, query):
    """The organisations that match every word of query (or what a synonym says it means),
    annotated with `relevance`."""
    found = Search(query)
    return found.filter(queryset).annotate(relevance=found.relevance())


def has_keys(keys, field="pk"):
    """Q that an organisation (its id in field) has any of these filter keys."""
    return Q(**{f"{field}__in": FacetValue.objects.filter(key__in=keys).values("organisation")})


def with_facet(queryset, facet, values):
    """Organisations with any of the values of a facet ("zielgruppe", ["senior-innen"])."""
    return queryset.filter(has_keys([f"{facet}:{value}" for value in values]))
