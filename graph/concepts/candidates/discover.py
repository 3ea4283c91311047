"""Discovering terms the ontology lacks: candidate concepts.

:func:`find_candidates` looks for words that look like concepts but are no
ontology label:

* Latin-script names: CamelCase (``FastBERT``, ``fastText``), capitals of
  two letters or more (``ESIM``), letters with digits (``GPT3``) and
  hyphenated names with such a part (``BERT-wwm``); Latin phrases of 2-4
  words written as a heading or in bold (``Input Encoding``);
* Chinese terms of 2-8 characters written as a heading or in bold that end
  with a technical head morpheme (``预测层输出蒸馏``, ``交互模块``).

Only evidence counts (:mod:`graph.concepts.candidates.filters`): boilerplate lines,
bylines, calls to follow, code-like lines and formulas are skipped; author
handles, units (words that mostly follow a number), identifiers and
generic discourse phrases are never candidates.

:func:`salience_caps` gives the highest salience a candidate may reach in
each document. Turning candidates (:class:`~graph.concepts.candidates.record.Candidate`)
into graph concepts, mentions and scores lives in :mod:`graph.concepts.candidates.nodes`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from graph.concepts.candidates.evidence import (
    blank_out,
    boilerplate_lines,
    byline_handles,
    covered_ranges,
    covered_share,
    evidence_blanks,
    follows_number,
    is_code_like,
    is_promotional,
    line_key,
    sentence_around,
)
from graph.concepts.candidates.filters import (
    clean_heading,
    is_adjective_compound,
    is_english_term,
    is_identifier,
    is_technical_cjk,
    is_title_compound,
    joins_known_names,
    latin_phrases,
    looks_like_name,
    misspelt_known,
)
from graph.concepts.candidates.record import Candidate
from graph.concepts.candidates.vocabulary import LATIN
from graph.concepts.memo import content_key, remembered
from graph.models import Document, Mention, Ontology
from graph.ontology import normalize_label

__all__ = ["CAP_RATIO", "find_candidates", "salience_caps"]

GENERIC_SHARE = 0.1  # ... and must not occur in more than this share of documents
GENERIC_MIN_DOCS = 5
UNIT_SHARE = 0.5  # a term following a number this often is a unit ("分钟")
MAX_EXAMPLES = 2
TOP_VETTED = 3  # candidates never push a vetted concept out of a document's top 3 ...
CAP_RATIO = 0.95  # ... their salience stays below this share of the 3rd one's
CAP_ALONE = 0.5  # the cap in a document without vetted concepts

_WORD_RE = re.compile(
    rf"(?<![{LATIN}\-_.])[{LATIN}]+(?:[-_.][{LATIN}]+)*(?![{LATIN}]|[-_.][{LATIN}])"
)
_LEADING_NUMBER_RE = re.compile(r"^\d+\.")
_LOWER_WORD_RE = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")
# The non-ASCII letters that re.IGNORECASE matches to ASCII ones (İ ı ſ and the Kelvin sign).
_CASE_TWINS_RE = re.compile("[\u0130\u0131\u017f\u212a]")


def _known_keys(ontology: Ontology) -> set[str]:
    """Normalised labels of every ontology concept."""
    return {normalize_label(label) for c in ontology.concepts.values() for label in c.labels}


def _is_evidence(line: str, boilerplate: frozenset[str]) -> bool:
    """True for a heading or bold text that may name a concept."""
    return not (line_key(line) in boilerplate or is_promotional(line) or is_code_like(line))


def salience_caps(
    documents: Iterable[Document],
    mentions: Mapping[str, Sequence[Mention]],
    ontology: Ontology,
    scores: Mapping | None = None,
) -> dict[str, float]:
    """The salience a candidate may reach in each document.

    Just below (:data:`CAP_RATIO`) the :data:`TOP_VETTED`-th most salient
    ontology concept of the document (or its least salient one, when it has
    fewer), so that no candidate pushes a vetted concept out of the top;
    :data:`CAP_ALONE` where no ontology concept is mentioned
    (:func:`graph.concepts.salience.rank_caps`).

    ``scores`` are the ontology mentions' scores when the caller already has
    them (:func:`graph.concepts.salience.score_mentions`); else they are computed.

    Returns
    -------
    dict of str to float
        By document path.
    """
    from graph.concepts.salience import rank_caps, score_mentions

    docs = list(documents)
    if scores is None:
        scores = score_mentions(docs, mentions, ontology)
    caps = rank_caps(scores, TOP_VETTED, CAP_RATIO)
    return {d.path: caps.get(d.path, CAP_ALONE) for d in docs}


def find_candidates(
    documents: Iterable[Document],
    ontology: Ontology,
    mentions: Mapping[str, Sequence[Mention]] | None = None,
    scores: Mapping | None = None,
    memo=None,
) -> list[Candidate]:
    """Find terms that look like concepts but are not in the ontology.

    Parameters
    ----------
    documents : iterable of Document
        The documents to search (their prose, headings and bold texts).
    ontology : Ontology
        Terms whose normalised form is an ontology label are skipped.
    mentions : mapping of str to sequence of Mention, optional
        Ontology mentions by document path; a Latin word inside one is
        skipped, and the candidates' salience caps come from them.
    scores : mapping, optional
        The ontology mentions' scores (:func:`graph.concepts.salience.score_mentions`),
        when the caller has them already.
    memo : ResultStore, optional
        Where each text's blanked spans (:func:`evidence_blanks`) are kept between
        builds, by the text and the corpus's boilerplate lines
        (:class:`graph.runner.ResultStore`; anything with its ``get`` and ``put``).

    Returns
    -------
    list of Candidate
        Every candidate, most frequent first (filter with
        :func:`candidate_concepts`).

    Examples
    --------
    >>> from graph.workspace.markdown import parse_markdown
    >>> md = parse_markdown("# LUHA\\n\\nLUHA and LUHA again.")
    >>> doc = Document("a.md", "c", "a.md", "a", "article", md)
    >>> [(c.term, c.count, c.in_heading) for c in find_candidates([doc], Ontology())]
    [('LUHA', 3, True)]
    """
    known = _known_keys(ontology)
    docs = list(documents)
    texts = {d.path: d.markdown.text for d in docs}
    boilerplate = boilerplate_lines(texts)
    handles = byline_handles(texts.values(), memo)
    evidence = _evidence_texts(texts, boilerplate, memo)
    headings = _heading_terms(docs, boilerplate, known)
    names = _NameFilter(evidence.values(), headings.headed, handles, known)
    tally = _Tally()
    defined = _count_definitions(tally, docs, evidence, known, headings.phrases.keys())
    headings.headed |= set(defined)
    shorts = {f"{key}{plural}" for key in defined.values() for plural in ("", "s")}
    skip = known | headings.phrases.keys() | shorts  # labels, heading phrases, defined forms
    for document in docs:
        text = evidence[document.path]
        covered = covered_ranges((mentions or {}).get(document.path, ()))
        _count_names(tally, document, text, covered, names, skip)
        _count_phrases(tally, document, text, headings)
        _count_cjk_terms(tally, document, text, covered, headings.cjk_terms)
    caps = salience_caps(docs, mentions, ontology, scores) if mentions else {}
    headed = headings.headed & set(tally.counts)
    return _candidates(
        tally,
        headed,
        handles | misspelt_known(tally.latin_keys(), known),
        caps,
        generic_docs=max(GENERIC_MIN_DOCS, GENERIC_SHARE * len(docs)),
    )


def _evidence_texts(
    texts: Mapping[str, str], boilerplate: frozenset[str], memo=None
) -> dict[str, str]:
    """Each text's :func:`evidence_text`, its blanked spans from ``memo`` when seen before."""
    salt = content_key(*sorted(boilerplate))
    return {
        path: blank_out(
            text,
            remembered(
                memo,
                "evidence_blanks",
                content_key(salt, text),
                lambda text=text: evidence_blanks(text, boilerplate),
            ),
        )
        for path, text in texts.items()
    }


def _count_definitions(
    tally: _Tally,
    docs: Sequence[Document],
    evidence: Mapping[str, str],
    known: set[str],
    skip: Iterable[str] = (),
) -> dict[str, str]:
    """Count the abbreviations the documents define that the ontology lacks, both forms as one.

    ``Expected Calibration Error (ECE)``: the long form's key gathers the
    occurrences of both forms (the short one becomes an alias of the
    candidate). Returns each long form's key with its short form's key.
    """
    from graph.concepts.abbreviations import find_definitions

    skip = set(skip)
    defined: dict[str, str] = {}
    for document in docs:
        text = evidence[document.path]
        for definition in find_definitions(text):
            long_key, short_key = (
                normalize_label(definition.long),
                normalize_label(definition.short),
            )
            if long_key in known or short_key in known or long_key in skip:
                continue
            if not is_english_term(definition.long, head=False):
                continue
            defined[long_key] = short_key
            patterns = (
                rf"(?<![{LATIN}]){re.escape(definition.long)}(?![{LATIN}])",
                rf"(?<![{LATIN}]){re.escape(definition.short)}s?(?![{LATIN}])",
            )
            for pattern, flags in zip(patterns, (re.IGNORECASE, 0)):
                for match in re.finditer(pattern, text, flags):
                    tally.record(long_key, match.group(), document, text, match.start(), "latin")
    return defined


@dataclass
class _Tally:
    """Occurrences of candidate terms, by key (:func:`graph.ontology.normalize_label`)."""

    forms: dict[str, Counter[str]] = field(default_factory=dict)  # spellings seen
    counts: Counter[str] = field(default_factory=Counter)
    numbered: Counter[str] = field(default_factory=Counter)  # occurrences right after a number
    doc_sets: dict[str, list[str]] = field(default_factory=dict)  # documents, in reading order
    examples: dict[str, list[str]] = field(default_factory=dict)
    scripts: dict[str, str] = field(default_factory=dict)  # latin or cjk

    def record(
        self, key: str, surface: str, document: Document, text: str, start: int, script: str
    ) -> None:
        """Count ``surface`` (spelling of ``key``) at ``text[start:]`` of ``document``."""
        self.forms.setdefault(key, Counter())[surface] += 1
        self.counts[key] += 1
        self.numbered[key] += follows_number(text, start)
        paths = self.doc_sets.setdefault(key, [])
        if not paths or paths[-1] != document.path:
            paths.append(document.path)
        shown = self.examples.setdefault(key, [])
        if len(shown) < MAX_EXAMPLES:
            sentence = sentence_around(text, start, start + len(surface))
            if sentence not in shown:
                shown.append(sentence)
        self.scripts[key] = script

    def latin_keys(self) -> set[str]:
        """The keys of Latin-script terms."""
        return {key for key, script in self.scripts.items() if script == "latin"}


@dataclass
class _HeadingTerms:
    """What headings and bold texts offer: Chinese terms and Latin phrases to count anywhere.

    ``phrases`` match a phrase by key, ignoring case and a space or hyphen between its
    words; ``first_words`` its first word in lower case; ``headed`` every key seen in a
    heading or bold text (Latin words included).
    """

    cjk_terms: set[str] = field(default_factory=set)
    phrases: dict[str, re.Pattern[str]] = field(default_factory=dict)
    first_words: dict[str, str] = field(default_factory=dict)
    headed: set[str] = field(default_factory=set)


def _heading_terms(
    docs: Sequence[Document], boilerplate: frozenset[str], known: set[str]
) -> _HeadingTerms:
    """Chinese terms and Latin phrases of the documents' headings and bold texts."""
    found = _HeadingTerms()
    for document in docs:
        headings = [h.text for h in document.markdown.headings]
        sources = [*headings, *document.markdown.bold]
        for at, source in enumerate(sources):
            if not _is_evidence(source, boilerplate):
                continue
            for term in clean_heading(source):
                if normalize_label(term) not in known and is_technical_cjk(term):
                    found.cjk_terms.add(term)
                    found.headed.add(normalize_label(term))
            for phrase in latin_phrases(source, head=at < len(headings)):
                key = normalize_label(phrase)
                if key not in known and key not in found.phrases:
                    split = re.split(r"[ -]+", phrase)
                    found.first_words[key] = split[0].lower()
                    words = [re.escape(w) for w in split]
                    found.phrases[key] = re.compile(
                        rf"(?<![{LATIN}])" + r"[ -]?".join(words) + rf"(?![{LATIN}])",
                        re.IGNORECASE,
                    )
                    found.headed.add(key)
            for match in _WORD_RE.finditer(source):
                found.headed.add(normalize_label(match.group()))
    return found


class _NameFilter:
    """Which Latin words are names, by spelling (each spelling is judged once).

    A name looks like one (:func:`looks_like_name`) and is no ordinary word in capitals
    (``EMBEDDING``, the corpus writes it lower case), identifier, handle, join of known
    names, adjective compound (``POS-guided``), nor capitalised compound outside headings
    (``Domain-Specific``).
    """

    def __init__(
        self, evidence: Iterable[str], headed: set[str], handles: frozenset[str], known: set[str]
    ) -> None:
        self.lower_words = Counter(w for text in evidence for w in _LOWER_WORD_RE.findall(text))
        self.headed, self.handles, self.known = headed, handles, known
        self._keys: dict[str, str | None] = {}

    def key(self, word: str) -> str | None:
        """The key of ``word`` when it is a name, else None."""
        if word not in self._keys:
            self._keys[word] = normalize_label(word) if self._is_name(word) else None
        return self._keys[word]

    def _is_name(self, word: str) -> bool:
        lower_words = self.lower_words
        if not looks_like_name(word) or is_identifier(word, lower_words):
            return False
        if word.isalpha() and word.isupper() and len(word) >= 3 and lower_words[word.lower()] >= 2:
            return False
        key = normalize_label(word)
        if (is_title_compound(word) and key not in self.headed) or is_adjective_compound(word):
            return False
        return key not in self.handles and not joins_known_names(word, self.known)


def _count_names(
    tally: _Tally,
    document: Document,
    text: str,
    covered: list[tuple[int, int]],
    names: _NameFilter,
    skip: set[str],
) -> None:
    """Count the Latin names of a document's evidence ``text``, but keys in ``skip`` and
    words that ontology mentions cover."""
    shown_text = document.markdown.text
    for match in _WORD_RE.finditer(text):
        word = _LEADING_NUMBER_RE.sub("", match.group())
        key = names.key(word)
        if key is None:
            continue
        start = match.end() - len(word)
        if key in skip or covered_share(covered, start, match.end()) >= 1:
            continue
        tally.record(key, word, document, shown_text, start, "latin")


def _count_phrases(tally: _Tally, document: Document, text: str, headings: _HeadingTerms) -> None:
    """Count the heading phrases wherever a document's evidence ``text`` holds them."""
    # A phrase can only match where its first word occurs (ignoring case),
    # unless the text holds one of the few non-ASCII letters that
    # case-insensitive matching equates with ASCII ones.
    phrases = headings.phrases
    lowered = text.lower() if phrases and not _CASE_TWINS_RE.search(text) else None
    for key, pattern in phrases.items():
        if lowered is not None and headings.first_words[key] not in lowered:
            continue
        for match in pattern.finditer(text):
            tally.record(
                key, match.group(), document, document.markdown.text, match.start(), "latin"
            )


def _count_cjk_terms(
    tally: _Tally,
    document: Document,
    text: str,
    covered: list[tuple[int, int]],
    cjk_terms: Iterable[str],
) -> None:
    """Count the Chinese heading terms in a document's evidence ``text``.

    A Chinese heading term mostly made of an ontology label ("词向量的各向异性")
    is that concept in context, not a new term: such occurrences do not count.
    (English phrases are kept: "Transformer distillation" names a method.)
    """
    for term in cjk_terms:
        start = text.find(term)
        while start >= 0:
            if covered_share(covered, start, start + len(term)) < 0.5:
                tally.record(term, term, document, document.markdown.text, start, "cjk")
            start = text.find(term, start + len(term))


def _candidates(
    tally: _Tally,
    headed: set[str],
    excluded: set[str] | frozenset[str],
    caps: Mapping[str, float],
    *,
    generic_docs: float,
) -> list[Candidate]:
    """The counted terms as candidates, most frequent first.

    Left out: keys in ``excluded`` (handles, misspelt ontology names), units (terms
    that mostly follow a number) and Chinese heading words found in more than
    ``generic_docs`` documents: ordinary vocabulary ("简单", "学习"), not terms.
    """
    found = []
    for key, count in tally.counts.items():
        paths = tally.doc_sets[key]
        if tally.scripts[key] == "cjk" and len(paths) > generic_docs:
            continue
        if key in excluded or tally.numbered[key] >= UNIT_SHARE * count:
            continue
        surfaces = tally.forms[key]
        found.append(
            Candidate(
                term=surfaces.most_common(1)[0][0],
                count=count,
                doc_count=len(paths),
                examples=tuple(tally.examples[key]),
                in_heading=key in headed,
                forms=tuple(form for form, _ in surfaces.most_common()),
                documents=tuple(paths),
                script=tally.scripts[key],
                caps=tuple((path, caps[path]) for path in paths if path in caps),
            )
        )
    found.sort(key=lambda c: (-c.count, -c.doc_count, c.term))
    return found
