"""Finding ontology concepts in documents with a blank spaCy pipeline.

:func:`make_pipeline` builds, once per process, a blank ``xx`` pipeline with

* a tokenizer (:class:`graph.concepts.tokenizer.ConceptTokenizer`, registered as
  ``nlpmap.ConceptTokenizer.v1``) that keeps Latin-script words whole, splits
  CJK text per character and punctuation per mark; each token's NORM is
  :func:`graph.ontology.normalize_label` of its text (NFKC, case folded, no
  hyphens, dots, underscores);
* the ``nlpmap_concepts`` component (:class:`graph.concepts.matcher.ConceptMatcher`): a
  ``PhraseMatcher`` on NORM over every concept label, writing
  ``doc.spans["concepts"]`` (label: concept id), overlaps cut by
  ``spacy.util.filter_spans``.

Because Latin words are whole tokens, a Latin name never matches inside a
longer word (``RoBERTa`` holds no BERT) but matches beside Chinese text
(``Bert蒸馏``). :func:`extract_mentions` runs the pipeline over documents,
adds one-edit misspellings of long Latin names (``method="fuzzy"``,
:mod:`graph.concepts.fuzzy`) and settles ambiguous labels by the other concepts of
the document.

A document's title, and its file name when that says something else, are
searched too: mentions found there (not in the text) carry
``start == end == 0`` and ``in_heading=True``, one per concept.
"""

from __future__ import annotations

import bisect
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.concepts.abbreviations import learn_abbreviations
from graph.concepts.boundaries import refuse_cut_through
from graph.concepts.fuzzy import FUZZY_RARE, FuzzyCandidates, add_typos, fuzzy_table
from graph.concepts.matcher import FACTORY, MATCHES_KEY, SPANS_KEY, ConceptMatcher, MatchTables
from graph.concepts.memo import content_key, remembered
from graph.concepts.tokenizer import (
    SPLIT_KEY,
    ConceptTokenizer,
    inflected_labels,
    is_latin_label,
    plural_label,
    token_norm,
)
from graph.models import Document, Mention, Ontology, ParsedMarkdown
from graph.ontology import normalize_label

if TYPE_CHECKING:  # spaCy is imported lazily: ``import spacy`` costs ~0.5 s
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "TOKENIZER",
    "extract_mentions",
    "heading_ranges",
    "make_concept_matcher",
    "make_pipeline",
    "mentions_from_scans",
    "pipeline_compounds",
    "scan_texts",
]

log = logging.getLogger(__name__)

TOKENIZER = "nlpmap.ConceptTokenizer.v1"
BATCH_SIZE = 64
MAX_LENGTH = 50_000_000


def make_concept_matcher(nlp: Language, name: str, spans_key: str, attr: str) -> ConceptMatcher:
    """Factory of the ``nlpmap_concepts`` component (patterns added with ``add_ontology``)."""
    return ConceptMatcher(nlp, name, spans_key=spans_key, attr=attr)


def make_concept_tokenizer() -> Callable[[Language], ConceptTokenizer]:
    """Registered tokenizer ``nlpmap.ConceptTokenizer.v1`` (compounds set by make_pipeline)."""

    def create(nlp: Language) -> ConceptTokenizer:
        return ConceptTokenizer(nlp.vocab)

    return create


def _register() -> None:
    """Register the tokenizer and the ``nlpmap_concepts`` factory with spaCy (once)."""
    import spacy
    from spacy.language import Language

    if TOKENIZER not in spacy.registry.tokenizers:
        spacy.registry.tokenizers.register(TOKENIZER, func=make_concept_tokenizer)
    if not Language.has_factory(FACTORY):
        Language.factory(
            FACTORY,
            assigns=["doc.spans"],
            default_config={"spans_key": SPANS_KEY, "attr": "NORM"},
        )(make_concept_matcher)


def make_pipeline(ontology: Ontology) -> Language:
    """Build the blank spaCy pipeline that finds the ontology's concepts.

    Parameters
    ----------
    ontology : Ontology
        The validated ontology.

    Returns
    -------
    spacy.language.Language
        A blank ``xx`` pipeline with :class:`ConceptTokenizer` and the
        ``nlpmap_concepts`` component. Build it once and pass it around.

    Examples
    --------
    >>> from graph.ontology import load_ontology
    >>> nlp = make_pipeline(load_ontology())
    >>> doc = nlp("Bert蒸馏 vs RoBERTa")
    >>> [(span.text, span.label_) for span in doc.spans["concepts"]]
    [('Bert', 'bert'), ('蒸馏', 'knowledge-distillation'), ('RoBERTa', 'roberta')]
    """
    import spacy
    from spacy.attrs import NORM

    _register()
    # Naming the tokenizer in the config spares building (and compiling the
    # rules of) spaCy's default one, only to replace it.
    nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = MAX_LENGTH
    nlp.vocab.lex_attr_getters[NORM] = token_norm
    for lexeme in nlp.vocab:
        lexeme.norm_ = token_norm(lexeme.orth_)
    nlp.tokenizer.compounds = pipeline_compounds(ontology)
    matcher = nlp.add_pipe(FACTORY)
    matcher.add_ontology(ontology)
    return nlp


def pipeline_compounds(ontology: Ontology) -> frozenset[str]:
    """The compact forms of Latin labels (plurals, participles) the tokenizer keeps whole."""
    latin = [
        label for c in ontology.concepts.values() for label in c.labels if is_latin_label(label)
    ]
    compounds = {normalize_label(label) for label in latin}
    compounds |= {normalize_label(p) for p in map(plural_label, latin) if p}
    compounds |= {normalize_label(f) for label in latin for f in inflected_labels(label)}
    return frozenset(compounds)


# --------------------------------------------------------------------------- extraction


def heading_ranges(markdown: ParsedMarkdown) -> list[tuple[int, int, int]]:
    """Find each heading in ``markdown.text``; return ``(start, end, level)`` ranges.

    Headings are searched in order from the end of the previous one; a
    heading whose text is not in the prose (rare) is left out.
    """
    ranges: list[tuple[int, int, int]] = []
    text = markdown.text
    cursor = 0
    for heading in markdown.headings:
        if not heading.text:
            continue
        start = text.find(heading.text, cursor)
        if start < 0:
            continue
        end = start + len(heading.text)
        ranges.append((start, end, heading.level))
        cursor = end
    return ranges


def _in_ranges(start: int, ranges: Sequence[tuple[int, int, int]]) -> bool:
    """True when offset ``start`` lies in one of ``ranges`` (sorted, disjoint)."""
    at = bisect.bisect_right(ranges, (start, sys.maxsize, 0)) - 1
    return at >= 0 and ranges[at][0] <= start < ranges[at][1]


@dataclass(frozen=True)
class TextScan:
    """What the pipeline found in one text, as plain data (picklable; the Doc is gone).

    ``matches`` are ``(concept id or ?key, start char, end char, "exact")``;
    ``split`` the joined words the tokenizer split ``(start, end, compact
    form)``; ``words`` the norms of long Latin words that are no exact label
    (typo candidates) with their counts. A scan depends on the text and the
    ontology only, so it can be cached by their hashes and made anywhere.
    """

    matches: tuple[tuple[str, int, int, str], ...] = ()
    split: tuple[tuple[int, int, str], ...] = ()
    words: tuple[tuple[str, int], ...] = ()


@dataclass
class _Text:
    """One searched text (a document's prose or title) and its matches so far."""

    text: str
    matches: list[tuple[str, int, int, str]]  # (concept id or ?key, start, end, method)
    split: list[tuple[int, int, str]]  # joined words the tokenizer split
    words: Counter[str]  # norms of long Latin words (fuzzy candidates) and their counts

    @classmethod
    def of(cls, text: str, scan: TextScan) -> _Text:
        return cls(text, list(scan.matches), list(scan.split), Counter(dict(scan.words)))

    def add_typos(self, candidates: FuzzyCandidates, table: dict[str, str]) -> None:
        """Add fuzzy matches: misspelt words and joined words no exact match covers."""
        self.matches = add_typos(self.text, self.matches, self.split, self.words, candidates, table)


def _scan(doc: Doc, text: str, candidates: FuzzyCandidates | None) -> TextScan:
    """Keep what extraction needs from a processed Doc (so the Doc can go)."""
    matches = tuple(
        (label, start, end, "exact")
        for label, _, _, start, end in doc.user_data.get(MATCHES_KEY, ())
    )
    split = tuple(doc.user_data.get(SPLIT_KEY, ()))
    words = tuple(candidates.words(text).items()) if candidates is not None else ()
    return TextScan(matches, split, words)


def scan_texts(
    nlp: Language,
    texts: Iterable[str],
    *,
    batch_size: int = BATCH_SIZE,
    fuzzy: bool = True,
    progress: Callable[[int], None] | None = None,
) -> list[TextScan]:
    """Run the pipeline over texts; return one plain :class:`TextScan` per text.

    The per-text part of :func:`extract_mentions`: it needs the pipeline but
    nothing of the other texts, so it may run in another process.

    Parameters
    ----------
    nlp : Language
        A pipeline from :func:`make_pipeline`.
    texts : iterable of str
        Documents' prose and titles.
    batch_size : int
        Texts per ``nlp.pipe`` batch.
    fuzzy : bool
        Also collect the typo candidates (long Latin words).
    progress : callable, optional
        Called with the number of texts done, now and then.

    Returns
    -------
    list of TextScan
        In the order of ``texts``.
    """
    matcher: ConceptMatcher = nlp.get_pipe(FACTORY)
    use_fuzzy = fuzzy and bool(matcher.fuzzy_names)
    candidates = FuzzyCandidates(matcher.exact_keys) if use_fuzzy else None
    items = list(texts)
    scans = []
    for done, (doc, text) in enumerate(zip(nlp.pipe(items, batch_size=batch_size), items), 1):
        scans.append(_scan(doc, text, candidates))
        if progress is not None and (done % 100 == 0 or done == len(items)):
            progress(done)
    return scans


def document_texts(document: Document) -> tuple[str, str]:
    """The two texts searched in a document: its prose, and its title (and file name)."""
    return document.markdown.text, _title_text(document)


def extract_mentions(
    nlp: Language,
    documents: Iterable[Document],
    *,
    batch_size: int = BATCH_SIZE,
    fuzzy: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, list[Mention]]:
    """Find the concept mentions of each document.

    Parameters
    ----------
    nlp : Language
        A pipeline from :func:`make_pipeline`.
    documents : iterable of Document
        Articles (and the hub). Their ``markdown.text`` (prose without code
        or URLs), ``title`` and file name are searched.
    batch_size : int
        Texts per ``nlp.pipe`` batch (Docs are released as they are read).
    fuzzy : bool
        Also find Latin names of six letters or more misspelt by one edit.
    progress : callable, optional
        Called as ``progress("extract", done, total)`` now and then.

    Returns
    -------
    dict of str to list of Mention
        By ``Document.path``, in text order. ``in_heading`` marks mentions
        in a heading; mentions only in the title or file name have
        ``start == end == 0``.
    """
    docs = list(documents)
    texts = [text for document in docs for text in document_texts(document)]
    report = None
    if progress is not None:
        total = len(docs)

        def report(done: int) -> None:
            progress("extract", done // 2, total)

    scans = scan_texts(nlp, texts, batch_size=batch_size, fuzzy=fuzzy, progress=report)
    matcher: ConceptMatcher = nlp.get_pipe(FACTORY)
    pairs = list(zip(scans[::2], scans[1::2]))
    return mentions_from_scans(matcher, docs, pairs, fuzzy=fuzzy)


def mentions_from_scans(
    tables: MatchTables | ConceptMatcher,
    documents: Sequence[Document],
    scans: Sequence[tuple[TextScan, TextScan]],
    *,
    fuzzy: bool = True,
    memo=None,
) -> dict[str, list[Mention]]:
    """Turn the scans of documents into their mentions (the corpus-wide part of extraction).

    Typos are looked up over the whole corpus (a slip must be rarer than the
    name it misspells), then ambiguous labels are settled per document.

    Parameters
    ----------
    tables : MatchTables or ConceptMatcher
        :func:`graph.concepts.matcher.match_tables` of the ontology (or the
        pipeline's matcher, which holds the same tables).
    documents : sequence of Document
        The documents scanned.
    scans : sequence of (TextScan, TextScan)
        Per document, the scans of :func:`document_texts` (prose, title).
    fuzzy : bool
        Add misspelt names.
    memo : ResultStore, optional
        Anything with ``get(kind, key)`` and ``put(kind, key, value)``: each document's
        mentions (words cut through refused, abbreviations learnt, ambiguous labels settled),
        a pure function of its texts, their matches and the tables, are kept there between
        builds; the lists returned are then :class:`KeyedMentions`.

    Returns
    -------
    dict of str to list of Mention
        As :func:`extract_mentions`.
    """
    read = [
        (_Text.of(body, body_scan), _Text.of(title, title_scan))
        for document, (body_scan, title_scan) in zip(documents, scans)
        for body, title in [document_texts(document)]
    ]
    use_fuzzy = fuzzy and bool(tables.fuzzy_names)
    candidates = FuzzyCandidates(tables.exact_keys) if use_fuzzy else None
    if candidates is not None:
        _add_fuzzy_mentions(read, candidates, tables.fuzzy_names)
    if memo is None:
        return {
            document.path: _document_mentions(tables, document, body, title)
            for document, (body, title) in zip(documents, read)
        }
    salt = _tables_key(tables)
    # kept as plain tuples: a pickled dataclass per mention would cost more to load than to redo
    found: dict[str, list[Mention]] = {}
    for document, (body, title) in zip(documents, read):
        key = _mentions_key(salt, document, body, title)
        fields = remembered(
            memo,
            "mentions",
            key,
            lambda document=document, body=body, title=title: [
                _mention_fields(m) for m in _document_mentions(tables, document, body, title)
            ],
        )
        found[document.path] = KeyedMentions(key, (Mention(*f) for f in fields))
    return found


class KeyedMentions(list):
    """A document's mentions, with the key they are kept under in a result store.

    Whatever depends on nothing but these mentions and their document (the salience
    facts of :mod:`graph.concepts.salience`) can be kept under the same key.
    """

    __slots__ = ("key",)

    def __init__(self, key: str, mentions: Iterable[Mention] = ()) -> None:
        super().__init__(mentions)
        self.key = key

    def __reduce__(self):
        return (KeyedMentions, (self.key, list(self)))


def _mention_fields(m: Mention) -> tuple:
    """A mention's fields in order (``Mention(*fields)`` makes it again)."""
    return (m.concept_id, m.text, m.start, m.end, m.in_heading, m.method)


def _tables_key(tables: MatchTables | ConceptMatcher) -> str:
    """A hash of what settling ambiguous labels reads from the ontology's tables."""
    return content_key(
        repr(sorted(tables.ambiguous.items())),
        repr(sorted((cid, sorted(near)) for cid, near in tables.neighbours.items())),
    )


def _mentions_key(salt: str, document: Document, body: _Text, title: _Text) -> str:
    """The key of one document's mentions: everything :func:`_document_mentions` reads.

    That is the prose and title texts with their matches (typos included, so a change of the
    corpus-wide typo table changes the key), the document's title and heading ranges, and
    ``salt`` (:func:`_tables_key`).
    """
    return content_key(
        salt,
        document.title or "",
        repr(heading_ranges(document.markdown)),
        body.text,
        repr(body.matches),
        title.text,
        repr(title.matches),
    )


def _add_fuzzy_mentions(
    read: Sequence[tuple[_Text, _Text]], candidates: FuzzyCandidates, fuzzy_names: dict[str, str]
) -> None:
    """Add the one-edit misspellings of long Latin names to every text read.

    A slip is rarer than the name it misspells: a word more frequent than both
    :data:`FUZZY_RARE` and the concept's exact mentions is a word of its own.
    """
    pending: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    for body, title in read:
        for item in (body, title):
            pending.update(item.words)
            pending.update(candidates.split_words(item.split))
            exact.update(m[0] for m in item.matches)
    table = fuzzy_table(fuzzy_names, set(pending)) if pending else {}
    table = {w: c for w, c in table.items() if pending[w] <= max(FUZZY_RARE, exact[c])}
    log.debug("fuzzy: %d long Latin words checked, %d typos", len(pending), len(table))
    if table:
        for body, title in read:
            body.add_typos(candidates, table)
            title.add_typos(candidates, table)


def _title_text(document: Document) -> str:
    """The title, and the file name when it says something else (two paragraphs: no name spans both)."""
    title = document.title or ""
    stem = (
        document.corpus_path.rpartition("/")[2].rpartition(".")[0] if document.corpus_path else ""
    )
    if stem and normalize_label(stem) not in normalize_label(title):
        return f"{title}\n\n{stem}" if title else stem
    return title


def _document_mentions(
    matcher: MatchTables | ConceptMatcher, document: Document, body: _Text, title: _Text
) -> list[Mention]:
    """Turn one document's matches into mentions: words cut through refused, abbreviations
    learnt, ambiguous labels settled."""
    text = body.text
    body.matches = list(refuse_cut_through(text, body.matches))
    title.matches = list(refuse_cut_through(title.text, title.matches))
    body.matches = list(learn_abbreviations(text, body.matches))
    ranges = heading_ranges(document.markdown)
    context = Counter(m[0] for m in body.matches + title.matches if m[0][0] != "?")
    # A title repeated as a heading is counted once (through the heading).
    title_key = normalize_label(document.title or "")
    title_in_text = bool(title_key) and any(
        normalize_label(text[lo:hi]) == title_key for lo, hi, _ in ranges
    )

    def settle(label: str) -> str | None:
        """The concept an ambiguous label means here: the one the document
        mentions most, counting its ontology neighbours at a third."""
        if label[0] != "?":
            return label
        scored = []
        for cid in matcher.ambiguous.get(label, ()):
            related = sum(context[n] for n in matcher.neighbours.get(cid, ()))
            score = 3 * context[cid] + related
            if score:
                scored.append((score, cid))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return None
        return scored[0][1]

    mentions: list[Mention] = []
    title_ids: set[str] = set()
    for label, start, end, method in title.matches:
        if title_in_text and start < len(document.title or ""):
            continue  # the title line; the file name line is still read
        cid = settle(label)
        if cid and cid not in title_ids:  # once, even if title and file name agree
            title_ids.add(cid)
            mentions.append(Mention(cid, title.text[start:end], 0, 0, True, method))
    for label, start, end, method in body.matches:
        cid = settle(label)
        if cid:
            mentions.append(
                Mention(cid, text[start:end], start, end, _in_ranges(start, ranges), method)
            )
    return mentions
