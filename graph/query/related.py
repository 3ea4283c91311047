"""Related topics: rank concepts and articles around one or more concepts, or an article.

The ranking is a two-step walk over the typed graph, each step with its reason:

1. **Concepts** related to the query concept ``q`` gather evidence of four
   kinds, each in [0, 1], combined as a noisy-or: an ontology relation (by
   type and direction: a variant or student of ``q`` counts more than
   something ``q`` uses); a shared parent in the ontology (siblings, damped
   when the parent has many children); co-occurrence over articles (NPMI,
   trusted as the shared articles grow); and salience in the articles about
   ``q``. Generic concepts (low IDF) and weak ones are damped.
2. **Articles** collect the salience of ``q`` and of its best related
   concepts (the ontology family at full weight, the rest at half), more when
   that concept is one of the article's primary topics; then the structure the
   authors gave: a section or folder named like ``q``, the section of the
   articles about ``q``, links with them and ``similar`` edges to them. Thin
   pages say less; index pages (lists of links) are damped and marked, and so
   are nearly empty ones (a heading and no text), which never lead. The
   articles most about ``q`` lead: those where it is most salient, and those
   about a successor of ``q`` (a variant of it, an improvement on it) that
   discuss ``q`` as well, which are about its line of models.

A query naming several concepts (``bert distillation``) ranks by every one of
them and keeps first what relates to all. A query naming an article ranks its
concepts by salience and specificity and the articles that share its topics,
its section or links with it.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from graph.query.edges import RELATION_PHRASES
from graph.query.evidence import FAMILY_TYPES, Evidence
from graph.query.lookup import QueryIndex
from graph.query.resolve import find_nodes

__all__ = ["related", "RELATION_WEIGHTS"]

MAX_QUERY = 200

# how much an ontology relation says, by (type, the related concept is its source)
RELATION_WEIGHTS = {
    ("variant_of", True): 0.9,  # a variant of q
    ("variant_of", False): 0.7,  # what q is a variant of
    ("distilled_from", True): 0.85,
    ("distilled_from", False): 0.85,
    ("improves_on", True): 0.75,
    ("improves_on", False): 0.7,
    ("part_of", True): 0.75,  # a part of q
    ("part_of", False): 0.55,
    ("is_a", True): 0.7,  # a kind of q
    ("is_a", False): 0.65,  # what q is a kind of
    ("alternative_to", True): 0.6,
    ("alternative_to", False): 0.6,
    ("uses", True): 0.45,  # uses q
    ("uses", False): 0.55,  # q uses it
}
SIBLING_PHRASES = {
    "is_a": "both kinds of {p}",
    "variant_of": "both variants of {p}",
    "distilled_from": "both distilled from {p}",
    "part_of": "both parts of {p}",
    "improves_on": "both improve on {p}",
}
TOPICAL_FLOOR = 0.5  # what an ontology relation is worth for a concept the notes hardly discuss
SIBLING_WEIGHT = 0.5  # siblings under a parent with at most SIBLING_FAMILY children
SIBLING_FAMILY = 4
CO_TRUST = 1  # co-occurrence trusted as 1 - exp(-shared articles / CO_TRUST)
CO_WEIGHT = 0.8
ABOUT_WEIGHT = 0.8
WEAK_DAMP = 0.5
# named things (models, methods, architectures) make better related topics than general notions
GENERAL_TYPE = 0.85
TYPE_PRIOR = {"model": 1.0, "method": 1.0, "architecture": 1.0, "metric": 0.7, "dataset": 0.7}
DAMP_FLOOR = 0.6  # what a concept of no specificity (mentioned in passing everywhere) keeps
UNSEEN_DAMP = 0.5  # a concept no evidence article mentions (known from the ontology alone)
CANDIDATE_DAMP = 0.7

TOPIC_ARTICLES = 10  # related articles whose main topics become related concepts
TOPIC_WEIGHT = 0.6
SPREAD = 6  # best related concepts whose articles are pulled in (and every ontology relative)
FAMILY_SHARE, OTHER_SHARE = 1.0, 0.3
QUERY_TOPIC = 1.0  # more for an article whose primary topic is the query itself
PRIMARY_BONUS = 0.25  # an article's primary topic counts this much more
NAMED_SECTION = 1.0  # an article in a section or folder named like the query
SAME_SECTION = 0.3  # times the share of the query's main articles in its section
LINKED = 0.3
SIMILAR = 0.5  # times the cosine to the closest main article
INDEX_DAMP = 0.4
SUCCESSOR_TYPES = ("variant_of", "improves_on")
DISCUSSED = 0.5  # salience from which an article discusses a concept, not only names it
LEADERS = 3  # articles about the query itself that come first
LEAD_SUBSTANCE = 0.3  # a page with less (under 27 characters of its own text) never leads
EMPTY_WHY = {"kind": "empty", "text": "nearly empty page: hardly any text of its own"}


def related(G: nx.DiGraph, query: str, top: int = 10, index: QueryIndex | None = None) -> dict:
    """Concepts and articles related to ``query``, ranked, each with its reasons.

    Parameters
    ----------
    G : networkx.DiGraph
        An nlpmap graph (see docs/ARCHITECTURE.md).
    query : str
        One or more English or Chinese concept names or aliases (misspellings
        are corrected when one name is close), or an article title or path.
    top : int
        How many concepts and how many articles to return.
    index : QueryIndex, optional
        A prebuilt index of ``G`` (it also keeps the ranking's tables).

    Returns
    -------
    dict
        ``{"query", "match", "matches", "concepts", "articles"}``: ``matches``
        the nodes the query names (``match`` the first), each item ``id``,
        ``label``, ``kind``, ``score`` in [0, 1] and ``why`` (a list of
        ``{"kind", "text"}``); concepts also ``type`` and ``aliases``,
        articles ``path`` and ``index_page``.

    Raises
    ------
    QueryNotFound
        When nothing matches; ``suggestions`` holds the closest names.
    ValueError
        When the query is empty or longer than 200 characters.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("concept:crf", kind="concept", label="CRF", aliases=["条件随机场"])
    >>> G.add_node("article:a.md", kind="article", label="A", path="a.md")
    >>> G.add_edge("article:a.md", "concept:crf", kind="mentions", weight=3, salience=0.9,
    ...            primary=True)
    >>> hit = related(G, "条件随机场")["articles"][0]
    >>> hit["id"], hit["why"][0]["text"]
    ('article:a.md', 'article about CRF')
    """
    query = (query or "").strip()
    if not query:
        raise ValueError("the query is empty")
    if len(query) > MAX_QUERY:
        raise ValueError(f"the query is longer than {MAX_QUERY} characters")
    top = max(1, int(top))
    index = index or QueryIndex.from_graph(G)
    matches = find_nodes(G, query, index)  # raises QueryNotFound
    ev = Evidence.of(G, index)
    seeds = [m["id"] for m in matches]
    if G.nodes[seeds[0]].get("kind") == "article":
        concepts, articles = _around_article(G, ev, seeds[0])
    else:
        per_seed = [_around_concept(G, ev, s) for s in seeds]
        concepts = _combine([c for c, _ in per_seed], exclude=set(seeds))
        articles = _combine([a for _, a in per_seed])
    return {
        "query": query,
        "match": matches[0],
        "matches": matches,
        "concepts": _items(G, concepts, top),
        "articles": _items(G, articles, top, ev),
    }


# ----------------------------------------------------------------- concepts


def _label(G: nx.DiGraph, node: str) -> str:
    return G.nodes[node].get("label", node)


def _relation_evidence(G, ev: Evidence, q: str) -> dict[str, tuple[float, dict]]:
    """Ontology relations of ``q`` both ways: ``{concept: (weight, why)}``."""
    out: dict[str, tuple[float, dict]] = {}
    for other, rel, q_is_source in ev.relations.get(q, ()):
        weight = RELATION_WEIGHTS.get((rel, not q_is_source), 0.4)
        a, b = (q, other) if q_is_source else (other, q)
        phrase = RELATION_PHRASES.get(rel, rel.replace("_", " "))
        text = f"{_label(G, a)} {phrase} {_label(G, b)}"
        if weight > out.get(other, (0.0, None))[0]:
            out[other] = (weight, {"kind": "relation", "text": text})
    return out


def _sibling_evidence(G, ev: Evidence, q: str) -> dict[str, tuple[float, dict]]:
    """Concepts that share a parent with ``q`` in the ontology."""
    out: dict[str, tuple[float, dict]] = {}
    for parent, rel, q_is_source in ev.relations.get(q, ()):
        if not q_is_source or rel not in FAMILY_TYPES:
            continue
        kids = ev.children.get(parent, {}).get(rel, set()) - {q}
        weight = SIBLING_WEIGHT * min(1.0, math.sqrt(SIBLING_FAMILY / max(len(kids), 1)))
        text = SIBLING_PHRASES[rel].format(p=_label(G, parent))
        for kid in kids:
            if weight > out.get(kid, (0.0, None))[0]:
                out[kid] = (weight, {"kind": "sibling", "text": f"{text}, like {_label(G, q)}"})
    return out


def _cooccurrence(ev: Evidence, q: str) -> dict[str, tuple[float, int]]:
    """``{concept: (NPMI, shared articles)}`` over the evidence articles mentioning ``q``."""
    mine = ev.evidence_mentions(q)
    n = ev.n_articles
    shared: dict[str, int] = defaultdict(int)
    for article in mine:
        for other in ev.concepts_of.get(article, ()):
            shared[other] += 1
    out = {}
    df_q = max(len(mine), 1)
    for other, count in shared.items():
        if other == q:
            continue
        df_o = max(ev.df.get(other, count), count)
        p_xy = count / n
        if p_xy >= 1.0:
            npmi = 1.0
        else:
            npmi = math.log(p_xy * n * n / (df_q * df_o)) / -math.log(p_xy)
        out[other] = (npmi, count)
    return out


def _main_articles(ev: Evidence, q: str) -> dict[str, float]:
    """The articles about ``q``: it is a primary topic there (else its most salient mentions)."""
    mine = ev.evidence_mentions(q)
    main = {a: s for a, s in mine.items() if q in ev.primary.get(a, ())}
    if not main:
        best = max(mine.values(), default=0.0)
        main = {a: s for a, s in mine.items() if s >= max(DISCUSSED, best * 0.8)}
    return main


def _about_evidence(ev: Evidence, main: dict[str, float]) -> dict[str, float]:
    """Salience of each concept in the articles about the query, weighted by the query's."""
    total = sum(main.values())
    out: dict[str, float] = defaultdict(float)
    if total <= 0:
        return out
    for article, weight in main.items():
        for concept, sal in ev.concepts_of.get(article, {}).items():
            out[concept] += weight * sal / total
    return out


def _around_concept(G: nx.DiGraph, ev: Evidence, q: str):
    """``(concept scores, article scores)`` around concept ``q``: ``{node: (score, [why])}``."""
    qlabel = _label(G, q)
    rel = _relation_evidence(G, ev, q)
    sib = _sibling_evidence(G, ev, q)
    co = _cooccurrence(ev, q)
    main = _main_articles(ev, q)
    about = _about_evidence(ev, main)
    evidence: dict[str, list[tuple[float, dict]]] = {}
    for c in sorted(set(rel) | set(sib) | set(co) | set(about)):
        if c == q or c not in G or G.nodes[c].get("kind") != "concept":
            continue
        parts: list[tuple[float, dict]] = []
        presence = TOPICAL_FLOOR + (1.0 - TOPICAL_FLOOR) * ev.topicality(c)
        if c in rel:
            parts.append((rel[c][0] * presence, rel[c][1]))
        if c in sib and c not in rel:
            parts.append((sib[c][0] * presence, sib[c][1]))
        npmi, count = co.get(c, (0.0, 0))
        if npmi > 0:
            strength = CO_WEIGHT * npmi * (1.0 - math.exp(-count / CO_TRUST))
            parts.append((strength, {"kind": "co_occurs",
                                     "text": f"co-mentioned with {qlabel} in {count} article"
                                     f"{'s' if count != 1 else ''} (NPMI {npmi:.2f})"}))
        if about.get(c, 0.0) > 0:
            strength = ABOUT_WEIGHT * about[c]
            share = sum(1 for a in main if c in ev.concepts_of.get(a, {}))
            parts.append((strength, {"kind": "about",
                                     "text": f"discussed in {share} of the {len(main)} "
                                     f"article{'s' if len(main) != 1 else ''} about {qlabel}"}))
        if parts:
            evidence[c] = parts
    concepts = _concept_scores(G, ev, evidence)
    articles = _articles_for(G, ev, q, concepts, main, rel, sib)
    # the walk's third step: the main topics of the best related articles
    for c, part in _article_topics(G, ev, q, articles).items():
        evidence.setdefault(c, []).append(part)
    return _concept_scores(G, ev, evidence), articles


def _concept_scores(G, ev: Evidence, evidence: dict) -> dict[str, tuple[float, list[dict]]]:
    """Noisy-or of each concept's pieces of evidence, damped for generic concepts."""
    concepts = {}
    for c, parts in evidence.items():
        score = 1.0 - math.prod(1.0 - min(s, 0.99) for s, _ in parts)
        ranked = sorted(parts, key=lambda p: -p[0])
        concepts[c] = (score * _damp(G, ev, c), [why for _, why in ranked])
    return concepts


def _article_topics(G, ev: Evidence, q: str, articles: dict) -> dict[str, tuple[float, dict]]:
    """Primary topics of the best-ranked articles (index pages aside), by the article's rank."""
    ranked = sorted(
        ((v[0], a) for a, v in articles.items() if a not in ev.index_pages), reverse=True
    )[: int(TOPIC_ARTICLES)]
    best = ranked[0][0] if ranked and ranked[0][0] > 0 else 1.0
    out: dict[str, tuple[float, dict]] = {}
    for score, article in ranked:
        for c in ev.primary.get(article, ()):
            if c == q or c not in G:
                continue
            strength = TOPIC_WEIGHT * (score / best) * ev.concepts_of[article].get(c, 0.0)
            if strength > out.get(c, (0.0, None))[0]:
                text = f"a main topic of {_label(G, article)}"
                out[c] = (strength, {"kind": "topic", "text": text})
    return out


def _damp(G: nx.DiGraph, ev: Evidence, c: str) -> float:
    """Less for generic concepts: weak ones, candidates, ones only the ontology knows, low IDF."""
    data = G.nodes[c]
    factor = DAMP_FLOOR + (1.0 - DAMP_FLOOR) * data.get("specificity", ev.idf(c))
    factor *= TYPE_PRIOR.get(data.get("type"), GENERAL_TYPE)
    if data.get("weak"):
        factor *= WEAK_DAMP
    if data.get("type") == "candidate" or data.get("candidate"):
        factor *= CANDIDATE_DAMP
    if not ev.df.get(c):
        factor *= UNSEEN_DAMP
    return factor


# ----------------------------------------------------------------- articles


def _articles_for(G, ev: Evidence, q: str, concepts, main, rel, sib):
    """Articles around concept ``q``: its mentions, its related concepts', then structure."""
    qlabel = _label(G, q)
    spread = {q: 1.0}
    ranked = sorted(concepts.items(), key=lambda kv: (-kv[1][0], kv[0]))[: int(SPREAD)]
    for c, (score, _) in ranked:
        spread[c] = score * (FAMILY_SHARE if (c in rel or c in sib) else OTHER_SHARE)
    for c in rel:  # the whole ontology family pulls in its articles, not only its best members
        if c in concepts and c not in spread:
            spread[c] = concepts[c][0] * FAMILY_SHARE
    gathered: dict[str, list[tuple[float, dict]]] = defaultdict(list)
    for c, weight in spread.items():
        for article, sal in ev.mentions.get(c, {}).items():
            is_primary = c in ev.primary.get(article, ())
            strength = weight * sal * (1.0 + PRIMARY_BONUS * is_primary)
            if c == q and is_primary and article not in ev.index_pages:
                strength += QUERY_TOPIC * sal
            if c == q:
                text = f"article about {qlabel}" if is_primary else f"mentions {qlabel}"
                kind = "about" if is_primary else "mentions"
            else:
                link = concepts[c][1][0]["text"]
                head = "about" if is_primary else "mentions"
                text = f"{head} {_label(G, c)} ({link})"
                kind = "family" if (c in rel or c in sib) else "related"
            gathered[article].append((strength, {"kind": kind, "text": text}))
    _structure(G, ev, q, main, gathered)
    articles = {}
    for article, parts in gathered.items():
        parts.sort(key=lambda p: -p[0])
        score = sum(s for s, _ in parts) * ev.substance.get(article, 1.0)
        whys = [why for _, why in parts[:4]]
        if article in ev.index_pages:
            score *= INDEX_DAMP
            whys.append({"kind": "index", "text": "index page: mostly a list of links"})
        elif _empty(ev, article):
            whys.append(EMPTY_WHY)
        articles[article] = (score, whys)
    # the articles most about the query lead: those where its salience is highest (a primary
    # topic scores highest, so those come first when there are any) and those about its
    # successors that discuss it too; thin pages say less, nearly empty ones never lead
    about, line = _family_about(G, ev, q, main)
    leaders = sorted(
        (a for a in about if a in articles and a not in ev.index_pages and not _empty(ev, a)),
        key=lambda a: (-about[a] * ev.substance.get(a, 1.0), -articles[a][0], a),
    )[: int(LEADERS)]
    for rank, article in enumerate(leaders):
        score, whys = articles[article]
        if article in line:
            whys = [line[article], *whys]
        articles[article] = (score, whys, rank)
    return articles


def _empty(ev: Evidence, article: str) -> bool:
    """Whether a page is nearly empty: a heading or two and hardly any text of its own."""
    return ev.substance.get(article, 1.0) < LEAD_SUBSTANCE


def _family_about(G, ev: Evidence, q: str, main: dict[str, float]):
    """How much each article is about ``q`` or its line of models: ``({article: weight}, {article: why})``.

    An article whose primary topics hold a successor of ``q`` (a variant of it,
    an improvement on it) but not ``q`` itself, and that discusses ``q`` too, is
    about ``q``'s line: both saliences count, and the reason names the successor.
    """
    about, whys = dict(main), {}
    qlabel = _label(G, q)
    successors = sorted((o, rel) for o, rel, q_is_source in ev.relations.get(q, ())
                        if not q_is_source and rel in SUCCESSOR_TYPES)
    for c, rel in successors:
        for article, sal in ev.evidence_mentions(c).items():
            primaries = ev.primary.get(article, ())
            own = ev.concepts_of.get(article, {}).get(q, 0.0)
            weight = own + sal
            if (c in primaries and q not in primaries and own >= DISCUSSED
                    and weight > about.get(article, 0.0)):
                about[article] = weight
                phrase = RELATION_PHRASES.get(rel, rel.replace("_", " "))
                whys[article] = {"kind": "family", "text": f"about {_label(G, c)}, which {phrase} "
                                 f"{qlabel}, and discusses {qlabel}"}
    return about, whys


def _structure(G, ev: Evidence, q: str, main: dict[str, float], gathered) -> None:
    """Sections named like ``q``, the main articles' sections, links and similarity to them."""
    names = {_key(_label(G, q)), *(_key(a) for a in G.nodes[q].get("aliases") or ())}
    for section, arts in ev.members.items():
        if _key(_label(G, section)) in names:
            for article in arts:
                gathered[article].append(
                    (NAMED_SECTION, {"kind": "section", "text": f"in {_label(G, section)}"})
                )
    if not main:
        return
    share: dict[str, int] = defaultdict(int)
    for article in main:
        for section in ev.sections_of.get(article, ()):
            share[section] += 1
    best_link: dict[str, tuple[float, dict]] = {}
    # only articles that share a section with the main ones, or a link or a similar edge, gain here
    near = {a for section in share for a in ev.members.get(section, ())}
    for article in main:
        near.update(ev.linked.get(article, ()), ev.similar.get(article, ()))
    for article in near:
        sections = ev.sections_of.get(article, ())
        best = max(((share.get(s, 0), s) for s in sections), default=(0, None))
        if best[0] and not (best[0] == 1 and article in main):
            count = best[0] - (1 if article in main else 0)
            strength = SAME_SECTION * count / len(main) * _rarity(ev, best[1])
            if strength > 0:
                gathered[article].append(
                    (strength, {"kind": "section", "text": f"same section: {_label(G, best[1])}"})
                )
        for other, way in ev.linked.get(article, {}).items():
            if other in main and other != article:
                text = f"{'links to' if way == 'to' else 'linked from'} {_label(G, other)}"
                best_link[article] = (LINKED, {"kind": "link", "text": text})
        sims = [(w, o) for o, w in ev.similar.get(article, {}).items() if o in main]
        if sims and article not in main:
            w, other = max(sims)
            gathered[article].append(
                (SIMILAR * w, {"kind": "similar",
                               "text": f"similar to {_label(G, other)} (cosine {w:.2f})"})
            )
    for article, part in best_link.items():
        gathered[article].append(part)


def _rarity(ev: Evidence, section: str) -> float:
    """How telling it is to share ``section``: 0 for a section that holds every article."""
    n = ev.n_articles
    size = len(ev.members.get(section, ())) or 1
    return max(0.0, math.log(n / size) / math.log(n)) if n > 1 and size < n else 0.0


def _key(text: str) -> str:
    return "".join(text.casefold().split())


def _around_article(G: nx.DiGraph, ev: Evidence, article: str):
    """Concepts of an article by salience and specificity; articles sharing its topics."""
    mine = ev.concepts_of.get(article, {})
    concepts = {}
    for c, sal in mine.items():
        primary = c in ev.primary.get(article, ())
        text = "a main topic of this article" if primary else "mentioned in this article"
        concepts[c] = (sal * _damp(G, ev, c), [{"kind": "about" if primary else "mentions",
                                                  "text": f"{text} (salience {sal:.2f})"}])
    vector = {c: sal * ev.idf(c) for c, sal in mine.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    dots: dict[str, float] = defaultdict(float)
    shared: dict[str, list[str]] = defaultdict(list)
    for c, v in vector.items():
        for other, sal in ev.mentions.get(c, {}).items():
            if other != article:
                dots[other] += v * sal * ev.idf(c)
                shared[other].append(c)
    articles: dict[str, tuple[float, list[dict]]] = {}
    for other, dot in dots.items():
        theirs = ev.concepts_of.get(other, {})
        norm_o = math.sqrt(sum((s * ev.idf(c)) ** 2 for c, s in theirs.items())) or 1.0
        cos = dot / (norm * norm_o)
        names = sorted(shared[other], key=lambda c: -vector[c])[:3]
        why = [{"kind": "shared", "text": "shares " + ", ".join(_label(G, c) for c in names)}]
        articles[other] = (cos, why)
    for section in sorted(ev.sections_of.get(article, ())):  # sorted: reasons in a stable order
        for other in ev.members.get(section, ()):
            if other != article and _rarity(ev, section) > 0:
                score, why = articles.get(other, (0.0, []))
                articles[other] = (score + SAME_SECTION * _rarity(ev, section),
                                   [*why, {"kind": "section",
                                           "text": f"same section: {_label(G, section)}"}])
    for other, way in ev.linked.get(article, {}).items():
        score, why = articles.get(other, (0.0, []))
        text = "linked from this article" if way == "to" else "links to this article"
        articles[other] = (score + LINKED, [{"kind": "link", "text": text}, *why])
    for other in articles:
        score, why = articles[other]
        score *= ev.substance.get(other, 1.0)
        if other in ev.index_pages:
            score *= INDEX_DAMP
            why = [*why, {"kind": "index", "text": "index page: mostly a list of links"}]
        elif _empty(ev, other):
            why = [*why, EMPTY_WHY]
        articles[other] = (score, why)
    return concepts, articles


# ----------------------------------------------------------------- output


def _combine(per_seed: list[dict], exclude: set[str] = frozenset()) -> dict:
    """Scores of several query concepts together: what relates to all of them first."""
    if len(per_seed) == 1:
        return {n: v for n, v in per_seed[0].items() if n not in exclude}
    tops = [max((v[0] for v in scores.values()), default=1.0) or 1.0 for scores in per_seed]
    combined = {}
    for node in set().union(*per_seed):
        if node in exclude:
            continue
        hits = [(scores[node][0] / top, scores[node][1]) for scores, top in zip(per_seed, tops)
                if node in scores]  # (a single query's leaders lead no longer)
        coverage = len(hits) / len(per_seed)
        score = sum(s for s, _ in hits) / len(per_seed) * coverage
        whys = [why for _, ws in hits for why in ws[:2]]
        combined[node] = (score, whys)
    return combined


def _items(G: nx.DiGraph, scores: dict, top: int, ev: Evidence | None = None) -> list[dict]:
    """Turn ``{node: (score, why)}`` into the ranked output items, scores rescaled to [0, 1].

    Scores never rise down the list (a leading article shows at least the
    score of the one after it).
    """
    ranked = sorted(scores.items(), key=lambda kv: (_lead(kv[1]), -kv[1][0], _label(G, kv[0]), kv[0]))
    ranked = ranked[:top]
    best = max((v[0] for _, v in ranked), default=1.0) or 1.0
    items = []
    for node, (score, why, *_) in ranked:
        data = G.nodes[node]
        item = {
            "id": node,
            "label": data.get("label", node),
            "kind": data.get("kind"),
            "score": round(score / best, 4),
            "why": _unique(why),
        }
        if data.get("kind") == "concept":
            item["type"] = data.get("type")
            item["aliases"] = list(data.get("aliases") or [])
        else:
            item["path"] = data.get("path")
            item["index_page"] = bool(ev and node in ev.index_pages)
        items.append(item)
    # the leading articles may score below those after them: show scores in rank order
    for before, after in zip(reversed(items[:-1]), reversed(items[1:])):
        before["score"] = max(before["score"], after["score"])
    return items


def _lead(value: tuple) -> int:
    """The place of a leading article (one most about the query), else after all of them."""
    return value[2] if len(value) > 2 else LEADERS


def _unique(why: list[dict]) -> list[dict]:
    """Reasons without repeats, in order."""
    seen, out = set(), []
    for reason in why:
        if reason["text"] not in seen:
            seen.add(reason["text"])
            out.append(reason)
    return out or [{"kind": "related", "text": "related"}]
