"""Finding ontology concepts in documents with a blank spaCy pipeline.

:func:`make_pipeline` builds, once per process, a ``spacy.blank("xx")``
pipeline with

* a tokenizer (:class:`ConceptTokenizer`) that keeps Latin-script words
  whole (``GPT-2``, ``word2vec``, ``Bi-LSTM``; a hyphenated word is split
  unless its compact form names a concept, so ``BERT-base`` still holds
  ``BERT``), splits CJK text per character and punctuation per mark, and
  sets each token's NORM to :func:`graph.ontology.normalize_label` of its
  text (NFKC, case folded, no hyphens, dots, underscores);
* the ``nlpmap_concepts`` component (:class:`ConceptMatcher`): a
  ``PhraseMatcher`` on NORM over every concept label, writing
  ``doc.spans["concepts"]`` (label: concept id), overlaps cut by
  ``spacy.util.filter_spans``.

Because Latin words are whole tokens, a Latin name never matches inside a
longer word (``RoBERTa`` holds no BERT) but matches beside Chinese text
(``Bert蒸馏``). :func:`extract_mentions` runs the pipeline over documents,
adds one-edit misspellings of long Latin names (``method="fuzzy"``) and
settles ambiguous labels by the other concepts of the document.

A document's title, and its file name when that says something else, are
searched too: mentions found there (not in the text) carry
``start == end == 0`` and ``in_heading=True``, one per concept.
"""

from __future__ import annotations

import bisect
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.models import Document, Mention, Ontology, ParsedMarkdown
from graph.ontology import normalize_label

if TYPE_CHECKING:  # spaCy is imported lazily: ``import spacy`` costs ~0.5 s
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "FACTORY",
    "SPANS_KEY",
    "ConceptMatcher",
    "ConceptTokenizer",
    "extract_mentions",
    "heading_ranges",
    "make_concept_matcher",
    "make_pipeline",
]

log = logging.getLogger(__name__)

FACTORY = "nlpmap_concepts"
SPANS_KEY = "concepts"
AMBIGUOUS_KEY = "concepts_ambiguous"
MATCHES_KEY = "nlpmap_matches"  # doc.user_data: the spans of both groups as tuples
SPLIT_KEY = "nlpmap_split_words"  # doc.user_data: joined words the tokenizer split
FUZZY_MIN_LETTERS = 6
FUZZY_RARE = 3  # a typo may occur this often even when the right name never does
BATCH_SIZE = 64
MAX_LENGTH = 50_000_000

_LATIN = "0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_JOINERS = "\\-._+'\u2010\u2011\uff0d\uff0e\uff3f"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ebef"
_TOKEN_RE = re.compile(
    rf"(?P<url>(?:https?://|ftp://|www\.)[!-~]+)"
    rf"|(?P<latin>[{_LATIN}]+(?:[{_JOINERS}][{_LATIN}]+)*\+*)"
    rf"|(?P<cjk>[{_CJK}]+)"
    rf"|(?P<ws>\s+)"
    rf"|(?P<other>.)",
    re.DOTALL,
)
_JOINER_SPLIT_RE = re.compile(rf"([{_JOINERS}])")
_LATIN_WORD_RE = re.compile(rf"^[{_LATIN}]+$")
_LATIN_LABEL_RE = re.compile(rf"^[{_LATIN}{_JOINERS}\s]+$")
_LABEL_PARTS_RE = re.compile(rf"[{_JOINERS}\s]+")
_LAST_WORD_RE = re.compile(rf"^(.*?)([^{_JOINERS}\s]*)$", re.DOTALL)
_LETTER_RE = re.compile(r"[^\W\d_]")
_LONG_LATIN_RE = re.compile(rf"[{_LATIN}]{{{FUZZY_MIN_LETTERS},}}")
_DIGITS_RE = re.compile(r"\d+")


# --------------------------------------------------------------------------- tokenizer


class ConceptTokenizer:
    """Split text into Latin words, single CJK characters, punctuation and spaces.

    Args:
        vocab (Vocab): The pipeline's vocabulary.
        compounds (Iterable[str]): Compact forms (:func:`normalize_label`)
            of Latin labels; a hyphenated or dotted word is kept whole when
            its compact form is one of them, else split at its joiners,
            longest known prefix first.
    """

    def __init__(self, vocab: Any, compounds: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.compounds = frozenset(compounds)

    def __call__(self, text: str) -> Doc:
        """Tokenize ``text``; RETURNS (Doc): a Doc whose text is ``text``."""
        from spacy.tokens import Doc

        split: list[tuple[int, int, str]] = []
        words, spaces = self.split(text, split)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if split:
            doc.user_data[SPLIT_KEY] = split
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize a stream of texts."""
        for text in texts:
            yield self(text)

    def split(
        self, text: str, split: list[tuple[int, int, str]] | None = None
    ) -> tuple[list[str], list[bool]]:
        """Return the words and trailing-space flags of ``text``.

        Joined Latin words that were split are appended to ``split`` as
        ``(start, end, compact form)``.
        """
        words: list[str] = []
        spaces: list[bool] = []
        for match in _TOKEN_RE.finditer(text):
            kind = match.lastgroup
            piece = match.group()
            if kind == "cjk":
                words.extend(piece)
                spaces.extend([False] * len(piece))
            elif kind == "ws":
                if piece[0] == " " and words and not spaces[-1]:
                    spaces[-1] = True
                    piece = piece[1:]
                if piece:
                    words.append(piece)
                    spaces.append(False)
            elif kind == "latin" and (
                "-" in piece
                or "." in piece
                or "_" in piece
                or "+" in piece
                or "'" in piece
                or not piece.isascii()
            ):
                pieces = self._compound(piece)
                words.extend(pieces)
                spaces.extend([False] * len(pieces))
                if split is not None and len(pieces) > 1:
                    split.append((match.start(), match.end(), normalize_label(piece)))
            else:
                words.append(piece)
                spaces.append(False)
        return words, spaces

    def _compound(self, word: str) -> list[str]:
        """Split a joined Latin word unless (a prefix of) it names a concept."""
        parts = _JOINER_SPLIT_RE.split(word)
        if len(parts) == 1:
            return parts
        compounds = self.compounds
        if normalize_label(word) in compounds:
            return [word]
        out: list[str] = []
        i, n = 0, len(parts)
        while i < n:
            if i % 2:  # a joiner
                out.append(parts[i])
                i += 1
                continue
            for j in range(n - 1 if (n - 1) % 2 == 0 else n - 2, i, -2):
                joined = "".join(parts[i : j + 1])
                if normalize_label(joined) in compounds:
                    out.append(joined)
                    i = j + 1
                    break
            else:
                if parts[i]:
                    out.append(parts[i])
                i += 1
        return [piece for piece in out if piece]


# --------------------------------------------------------------------------- matcher


def _plural_label(label: str) -> str | None:
    """``label`` with its last word in the English plural (``CNN`` -> ``CNNs``), or None."""
    head, last = _LAST_WORD_RE.match(label).groups()  # type: ignore[union-attr]
    if len(last) < 2 or not last.isalpha() or not last.isascii():
        return None
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        if lower.endswith("is"):
            return f"{head}{last[:-2]}es"  # analysis -> analyses
        if lower.endswith("ss") or not lower.endswith("s"):
            return f"{head}{last}es"
        return None  # already plural (or a name ending in s)
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return f"{head}{last[:-1]}ies"
    return f"{head}{last}s"


def _is_latin_label(label: str) -> bool:
    """True when ``label`` is written in Latin script only (with joiners and spaces)."""
    return bool(_LATIN_LABEL_RE.match(label))


class ConceptMatcher:
    """The ``nlpmap_concepts`` component: ontology labels matched on NORM.

    Args:
        nlp (Language): The pipeline (its ``make_doc`` splits patterns).
        name (str): The component name.
        spans_key (str): The span group written.
        attr (str): The token attribute matched (``NORM``: normalised forms).
    """

    def __init__(
        self, nlp: Language, name: str = FACTORY, *, spans_key: str = SPANS_KEY, attr: str = "NORM"
    ) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.attr = attr
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.ambiguous: dict[str, tuple[str, ...]] = {}
        self.fuzzy_names: dict[str, str] = {}
        self.exact_keys: set[str] = set()
        self.neighbours: dict[str, frozenset[str]] = {}

    def add_ontology(self, ontology: Ontology) -> None:
        """Add a pattern per label of every concept (and its compact/split forms).

        Labels listed as ambiguous in the ontology are matched under a
        shared key and settled later from the document's context.
        """
        ambiguous_keys = {normalize_label(label) for label in ontology.ambiguous}
        neighbours: dict[str, set[str]] = {}
        for rel in ontology.relations:
            neighbours.setdefault(rel.source, set()).add(rel.target)
            neighbours.setdefault(rel.target, set()).add(rel.source)
        owners: dict[str, list[str]] = {}
        spelled: dict[str, set[str]] = {}
        for concept in ontology.concepts.values():
            for label in concept.labels:
                key = normalize_label(label)
                if not key:
                    continue
                if concept.id not in owners.setdefault(key, []):
                    owners[key].append(concept.id)
                spelled.setdefault(key, set()).add(label)
        patterns: dict[str, list[Doc]] = {}
        strings = self.nlp.vocab.strings
        for key, ids in owners.items():
            shared = len(ids) > 1 or key in ambiguous_keys
            if shared:
                match_key = f"?{key}"
                self.ambiguous[match_key] = tuple(sorted(ids))
            else:
                match_key = ids[0]
                if len(_LETTER_RE.findall(key)) >= FUZZY_MIN_LETTERS and all(
                    _is_latin_label(label) for label in spelled[key]
                ):
                    self.fuzzy_names[key] = ids[0]
            self.exact_keys.add(key)
            docs = patterns.setdefault(match_key, [])
            seen: set[tuple[str, ...]] = set()
            for label in sorted(spelled[key]):
                for words in self._variants(label, owners):
                    if words and words not in seen:
                        seen.add(words)
                        docs.append(self._pattern(words))
            strings.add(match_key)
        for ids in self.ambiguous.values():
            for cid in ids:
                self.neighbours[cid] = frozenset(neighbours.get(cid, ()))
        for match_key, docs in patterns.items():
            self.matcher.add(match_key, docs)
        log.debug("concept matcher: %d keys, %d ambiguous", len(patterns), len(self.ambiguous))

    def _variants(self, label: str, taken: Iterable[str] = ()) -> list[tuple[str, ...]]:
        """The token sequences that spell ``label``: as split, compact, space-split,
        and for Latin labels the same with the last word in the plural (unless
        that plural is the key of a label in ``taken``)."""
        variants = [tuple(t.text for t in self.nlp.make_doc(label) if not t.is_space)]
        if _is_latin_label(label):
            variants.append((normalize_label(label),))
            parts = tuple(p for p in _LABEL_PARTS_RE.split(label) if p)
            if len(parts) > 1:
                variants.append(parts)
            plural = _plural_label(label)
            if plural and normalize_label(plural) not in taken:
                variants.extend(self._variants(plural))
        return variants

    def _pattern(self, words: tuple[str, ...]) -> Doc:
        """A pattern Doc for ``words`` (tokens separated by single spaces)."""
        from spacy.tokens import Doc

        return Doc(self.nlp.vocab, words=list(words), spaces=[True] * len(words))

    def __call__(self, doc: Doc) -> Doc:
        """Match concepts; RETURNS (Doc): ``doc`` with ``doc.spans[spans_key]`` set."""
        from spacy.attrs import IDX, LENGTH
        from spacy.tokens import Span
        from spacy.util import filter_spans

        matches = _first_longest(self.matcher(doc))
        spans = filter_spans([Span(doc, start, end, label=key) for key, start, end in matches])
        labels = [span.label_ for span in spans]
        doc.spans[self.spans_key] = [s for s, lab in zip(spans, labels) if lab[0] != "?"]
        doc.spans[AMBIGUOUS_KEY] = [s for s, lab in zip(spans, labels) if lab[0] == "?"]
        # The same matches as plain tuples, cheaper to read than Span objects:
        # (label, first token, end token, start char, end char).
        found = []
        if spans:
            import numpy

            offsets = doc.to_array([IDX, LENGTH])
            starts = [span.start for span in spans]
            ends = [span.end for span in spans]
            lasts = numpy.array(ends) - 1
            first_chars = offsets[starts, 0].tolist()
            end_chars = (offsets[lasts, 0] + offsets[lasts, 1]).tolist()
            found = sorted(
                zip(labels, starts, ends, first_chars, end_chars), key=lambda item: item[1]
            )
        doc.user_data[MATCHES_KEY] = found
        return doc


def _first_longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop matches that overlap a longer (or, equally long, earlier) one.

    The rule of ``spacy.util.filter_spans``, applied to plain match tuples
    so that Span objects are only made for the matches that stay.
    """
    if len(matches) < 2:
        return matches
    kept: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for match in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if taken.isdisjoint(range(match[1], match[2])):
            kept.append(match)
            taken.update(range(match[1], match[2]))
    return sorted(kept, key=lambda m: m[1])


def make_concept_matcher(nlp: Language, name: str, spans_key: str, attr: str) -> ConceptMatcher:
    """Factory of the ``nlpmap_concepts`` component (patterns added with ``add_ontology``)."""
    return ConceptMatcher(nlp, name, spans_key=spans_key, attr=attr)


def _register_factory() -> None:
    """Register the ``nlpmap_concepts`` factory with spaCy (once per process)."""
    from spacy.language import Language

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
        ``spacy.blank("xx")`` with :class:`ConceptTokenizer` and the
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

    _register_factory()
    nlp = spacy.blank("xx")
    nlp.max_length = MAX_LENGTH
    nlp.vocab.lex_attr_getters[NORM] = normalize_label
    for lexeme in nlp.vocab:
        lexeme.norm_ = normalize_label(lexeme.orth_)
    latin = [
        label for c in ontology.concepts.values() for label in c.labels if _is_latin_label(label)
    ]
    compounds = {normalize_label(label) for label in latin}
    compounds |= {normalize_label(p) for p in map(_plural_label, latin) if p}
    nlp.tokenizer = ConceptTokenizer(nlp.vocab, compounds)
    matcher = nlp.add_pipe(FACTORY)
    matcher.add_ontology(ontology)
    return nlp


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


def _plausible_typo(word: str, name: str) -> bool:
    """Whether ``word``, one edit from ``name``, reads as a slip rather than another word.

    Rejected: a different first letter (``learning`` / ``qlearning``,
    ``T-Encoder``), a different last letter (``performed`` / ``performer``),
    a letter added or dropped at the end other than a plural ``s``
    (``encode`` / ``encoder``, ``Robert`` / ``roberta``), and a change in the
    digits (``GPT3`` / ``GPT4``: versions, not typos).
    """
    if not word or not name or word[0] != name[0]:
        return False
    if _DIGITS_RE.findall(word) != _DIGITS_RE.findall(name):
        return False
    if len(word) == len(name):
        diff = [i for i, (a, b) in enumerate(zip(word, name)) if a != b]
        return len(diff) == 2 or diff[0] != len(word) - 1  # a swap, or a slip inside
    short, long_ = (word, name) if len(word) < len(name) else (name, word)
    if long_.startswith(short):
        return long_[-1] == "s"
    return True


def _fuzzy_table(names: dict[str, str], tokens: set[str]) -> dict[str, str]:
    """Map unmatched Latin words to concept ids when one edit (OSA) away from a long name."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    by_length: dict[int, list[str]] = {}
    for key in names:
        by_length.setdefault(len(key), []).append(key)
    found: dict[str, str] = {}
    for token in tokens:
        choices = [
            k for n in (len(token) - 1, len(token), len(token) + 1) for k in by_length.get(n, ())
        ]
        if not choices:
            continue
        for key, _, _ in process.extract(
            token, choices, scorer=OSA.distance, score_cutoff=1, limit=3
        ):
            if _plausible_typo(token, key):
                found[token] = names[key]
                break
    return found


class _FuzzyCandidates:
    """Which long Latin words of a batch could be typos (cached per surface form)."""

    def __init__(self, exact: set[str]) -> None:
        self.exact = exact
        self.cache: dict[str, str | None] = {}

    def norm(self, word: str) -> str | None:
        """The norm of a long Latin word when it is no exact concept label, else None."""
        norm = self.cache.get(word, "")
        if norm == "":
            key = normalize_label(word)
            norm = (
                key
                if (key not in self.exact and len(_LETTER_RE.findall(key)) >= FUZZY_MIN_LETTERS)
                else None
            )
            self.cache[word] = norm
        return norm

    def words(self, text: str) -> Counter[str]:
        """How often each long Latin word of ``text`` that is no exact label occurs (by norm)."""
        norms = Counter(self.norm(word) for word in _LONG_LATIN_RE.findall(text))
        norms.pop(None, None)
        return norms  # type: ignore[return-value]

    def split_words(self, split: Iterable[tuple[int, int, str]]) -> Counter[str]:
        """Compact forms of joined words the tokenizer split (``layner-norm``), when long."""
        return Counter(
            key
            for _, _, key in split
            if key not in self.exact
            and _LATIN_WORD_RE.match(key)
            and len(_LETTER_RE.findall(key)) >= FUZZY_MIN_LETTERS
        )


@dataclass
class _Text:
    """What one searched text (a document's prose or title) yielded, its Doc released."""

    text: str
    matches: list[tuple[str, int, int, str]]  # (concept id or ?key, start, end, method)
    split: list[tuple[int, int, str]]  # joined words the tokenizer split
    words: Counter[str]  # norms of long Latin words (fuzzy candidates) and their counts

    def add_typos(self, candidates: _FuzzyCandidates, table: dict[str, str]) -> None:
        """Add fuzzy matches: misspelt words and joined words no exact match covers."""
        added = []
        if not self.words.keys().isdisjoint(table):
            covered = sorted((start, end) for _, start, end, _ in self.matches)
            for match in _LONG_LATIN_RE.finditer(self.text):
                norm = candidates.norm(match.group())
                cid = table.get(norm) if norm else None
                if cid and not _overlaps(covered, match.start(), match.end()):
                    added.append((cid, match.start(), match.end(), "fuzzy"))
        for start, end, key in self.split:
            cid = table.get(key)
            if cid:  # a misspelt joined name wins over what its parts matched
                self.matches = [m for m in self.matches if not (start <= m[1] and m[2] <= end)]
                added = [m for m in added if not (start <= m[1] and m[2] <= end)]
                added.append((cid, start, end, "fuzzy"))
        if added:
            self.matches = sorted(self.matches + added, key=lambda m: m[1])


def _overlaps(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` overlaps one of the sorted, disjoint ``ranges``."""
    at = bisect.bisect_left(ranges, (end, end))
    return at > 0 and ranges[at - 1][1] > start


def _read(doc: Doc, text: str, candidates: _FuzzyCandidates | None) -> _Text:
    """Keep what extraction needs from a processed Doc (so the Doc can go)."""
    matches = [
        (label, start, end, "exact")
        for label, _, _, start, end in doc.user_data.get(MATCHES_KEY, ())
    ]
    split = list(doc.user_data.get(SPLIT_KEY, ()))
    words = candidates.words(text) if candidates is not None else Counter()
    return _Text(text, matches, split, words)


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
    matcher: ConceptMatcher = nlp.get_pipe(FACTORY)
    docs = list(documents)
    total = len(docs)
    use_fuzzy = fuzzy and bool(matcher.fuzzy_names)
    candidates = _FuzzyCandidates(matcher.exact_keys) if use_fuzzy else None

    def texts() -> Iterator[str]:
        for document in docs:
            yield document.markdown.text
            yield _title_text(document)

    parsed = nlp.pipe(texts(), batch_size=batch_size)
    read: list[tuple[_Text, _Text]] = []
    for done, document in enumerate(docs, 1):
        body = _read(next(parsed), document.markdown.text, candidates)
        title = _read(next(parsed), _title_text(document), candidates)
        read.append((body, title))
        if progress is not None and (done % 50 == 0 or done == total):
            progress("extract", done, total)
    if candidates is not None:
        pending: Counter[str] = Counter()
        exact: Counter[str] = Counter()
        for body, title in read:
            for item in (body, title):
                pending.update(item.words)
                pending.update(candidates.split_words(item.split))
                exact.update(m[0] for m in item.matches)
        table = _fuzzy_table(matcher.fuzzy_names, set(pending)) if pending else {}
        # A slip is rarer than the name it misspells: a word more frequent than
        # both FUZZY_RARE and the concept's exact mentions is a word of its own.
        table = {w: c for w, c in table.items() if pending[w] <= max(FUZZY_RARE, exact[c])}
        log.debug("fuzzy: %d long Latin words checked, %d typos", len(pending), len(table))
        if table:
            for body, title in read:
                body.add_typos(candidates, table)
                title.add_typos(candidates, table)
    return {
        document.path: _document_mentions(matcher, document, body, title)
        for document, (body, title) in zip(docs, read)
    }


def _title_text(document: Document) -> str:
    """The title, and the file name when it says something else (two lines)."""
    title = document.title or ""
    stem = (
        document.corpus_path.rpartition("/")[2].rpartition(".")[0] if document.corpus_path else ""
    )
    if stem and normalize_label(stem) not in normalize_label(title):
        return f"{title}\n{stem}" if title else stem
    return title


def _document_mentions(
    matcher: ConceptMatcher, document: Document, body: _Text, title: _Text
) -> list[Mention]:
    """Turn one document's matches into mentions, settling ambiguous labels."""
    text = body.text
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
