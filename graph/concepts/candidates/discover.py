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

from graph.concepts.candidates.evidence import (
    boilerplate_lines,
    byline_handles,
    covered_ranges,
    covered_share,
    evidence_text,
    follows_number,
    is_code_like,
    is_promotional,
    line_key,
    sentence_around,
)
from graph.concepts.candidates.filters import (
    clean_heading,
    is_adjective_compound,
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
    handles = byline_handles(texts.values())
    evidence = {path: evidence_text(text, boilerplate) for path, text in texts.items()}
    forms: dict[str, Counter[str]] = {}
    counts: Counter[str] = Counter()
    numbered: Counter[str] = Counter()  # occurrences right after a number
    doc_sets: dict[str, list[str]] = {}
    examples: dict[str, list[str]] = {}
    headed: set[str] = set()
    scripts: dict[str, str] = {}

    def record(
        key: str, surface: str, document: Document, text: str, start: int, script: str
    ) -> None:
        forms.setdefault(key, Counter())[surface] += 1
        counts[key] += 1
        numbered[key] += follows_number(text, start)
        paths = doc_sets.setdefault(key, [])
        if not paths or paths[-1] != document.path:
            paths.append(document.path)
        shown = examples.setdefault(key, [])
        if len(shown) < MAX_EXAMPLES:
            sentence = sentence_around(text, start, start + len(surface))
            if sentence not in shown:
                shown.append(sentence)
        scripts[key] = script

    # Chinese terms and Latin phrases from headings and bold texts, counted wherever they occur.
    cjk_terms: set[str] = set()
    phrases: dict[str, re.Pattern[str]] = {}
    first_words: dict[str, str] = {}  # phrase key -> its first word, lower case
    for document in docs:
        sources = [h.text for h in document.markdown.headings] + list(document.markdown.bold)
        for source in sources:
            if not _is_evidence(source, boilerplate):
                continue
            for term in clean_heading(source):
                if normalize_label(term) not in known and is_technical_cjk(term):
                    cjk_terms.add(term)
                    headed.add(normalize_label(term))
            for phrase in latin_phrases(source):
                key = normalize_label(phrase)
                if key not in known and key not in phrases:
                    split = re.split(r"[ -]+", phrase)
                    first_words[key] = split[0].lower()
                    words = [re.escape(w) for w in split]
                    phrases[key] = re.compile(
                        rf"(?<![{LATIN}])" + r"[ -]?".join(words) + rf"(?![{LATIN}])",
                        re.IGNORECASE,
                    )
                    headed.add(key)
            for match in _WORD_RE.finditer(source):
                headed.add(normalize_label(match.group()))
    lower_words = Counter(w for text in evidence.values() for w in _LOWER_WORD_RE.findall(text))

    def is_name(word: str) -> bool:
        """A Latin name: no ordinary word in capitals (``EMBEDDING``, the corpus
        writes it lower case), identifier, handle, join of known names,
        adjective compound (``POS-guided``), nor capitalised compound outside
        headings (``Domain-Specific``)."""
        if not looks_like_name(word) or is_identifier(word, lower_words):
            return False
        if word.isalpha() and word.isupper() and len(word) >= 3 and lower_words[word.lower()] >= 2:
            return False
        key = normalize_label(word)
        if (is_title_compound(word) and key not in headed) or is_adjective_compound(word):
            return False
        return key not in handles and not joins_known_names(word, known)

    name_keys: dict[str, str | None] = {}  # spelling -> its key when it looks like a name
    for document in docs:
        text = evidence[document.path]
        shown_text = document.markdown.text
        covered = covered_ranges((mentions or {}).get(document.path, ()))
        for match in _WORD_RE.finditer(text):
            word = _LEADING_NUMBER_RE.sub("", match.group())
            key = name_keys.get(word, "")
            if key == "":  # first time this spelling is seen
                key = name_keys[word] = normalize_label(word) if is_name(word) else None
            if key is None:
                continue
            start = match.end() - len(word)
            if key in known or key in phrases or covered_share(covered, start, match.end()) >= 1:
                continue
            record(key, word, document, shown_text, start, "latin")
        # A phrase can only match where its first word occurs (ignoring case),
        # unless the text holds one of the few non-ASCII letters that
        # case-insensitive matching equates with ASCII ones.
        lowered = text.lower() if phrases and not _CASE_TWINS_RE.search(text) else None
        for key, pattern in phrases.items():
            if lowered is not None and first_words[key] not in lowered:
                continue
            for match in pattern.finditer(text):
                record(key, match.group(), document, shown_text, match.start(), "latin")
        # A Chinese heading term mostly made of an ontology label ("词向量的各向异性")
        # is that concept in context, not a new term: such occurrences do not count.
        # (English phrases are kept: "Transformer distillation" names a method.)
        for term in cjk_terms:
            start = text.find(term)
            while start >= 0:
                if covered_share(covered, start, start + len(term)) < 0.5:
                    record(term, term, document, shown_text, start, "cjk")
                start = text.find(term, start + len(term))
    headed &= set(counts)
    typos = misspelt_known({key for key, script in scripts.items() if script == "latin"}, known)
    caps = salience_caps(docs, mentions, ontology, scores) if mentions else {}
    # A Chinese heading word found in a large share of the documents is
    # ordinary vocabulary ("简单", "学习"), not a term.
    generic_docs = max(GENERIC_MIN_DOCS, GENERIC_SHARE * len(docs))
    found = []
    for key, count in counts.items():
        if scripts[key] == "cjk" and len(doc_sets[key]) > generic_docs:
            continue
        if key in handles or key in typos or numbered[key] >= UNIT_SHARE * count:
            continue
        surfaces = forms[key]
        found.append(
            Candidate(
                term=surfaces.most_common(1)[0][0],
                count=count,
                doc_count=len(doc_sets[key]),
                examples=tuple(examples[key]),
                in_heading=key in headed,
                forms=tuple(form for form, _ in surfaces.most_common()),
                documents=tuple(doc_sets[key]),
                script=scripts[key],
                caps=tuple((path, caps[path]) for path in doc_sets[key] if path in caps),
            )
        )
    found.sort(key=lambda c: (-c.count, -c.doc_count, c.term))
    return found
