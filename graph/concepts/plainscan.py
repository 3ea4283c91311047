"""Scanning a few texts without spaCy: the concept pipeline's matches, in plain Python.

Importing spaCy and building the pipeline costs a second or two, and making a Doc per text
costs more than the match itself; in-process builds scan with this instead. :class:`PlainScanner` gives the
same :class:`~graph.concepts.extract.TextScan` as :func:`~graph.concepts.extract.scan_texts`
for such texts: the same tokenizer (:class:`~graph.concepts.tokenizer.ConceptTokenizer`,
its plain :meth:`split`), a trie of the same patterns on the same norms
(:func:`graph.concepts.tokenizer.token_norm`, as the pipeline's NORM), spaCy's ``PhraseMatcher``
walk (every match from each token, shortest first) and the matcher's overlap rules
(:func:`graph.concepts.matcher.first_longest`). Where several match keys spell the same
token sequence, spaCy's order among them is its hash table's: :meth:`PlainScanner.scan`
returns None there and the caller asks the pipeline. A test checks both agree on every text
of the NLP_ability workspace.
"""

from __future__ import annotations

from itertools import accumulate
from operator import add

from graph.concepts.extract import TextScan, pipeline_compounds
from graph.concepts.fuzzy import FuzzyCandidates
from graph.concepts.matcher import ConceptPatterns, concept_patterns, first_longest
from graph.concepts.tokenizer import ConceptTokenizer, token_norm
from graph.models import Ontology

__all__ = ["PlainScanner"]


class PlainScanner:
    """The concept pipeline's scan of a text, without spaCy (picklable, built once per ontology).

    Args:
        ontology (Ontology): The validated ontology.
        patterns (ConceptPatterns, optional): Its patterns, when a pipeline made them
            already (``ConceptMatcher.patterns``); computed when None.
    """

    def __init__(self, ontology: Ontology, patterns: ConceptPatterns | None = None) -> None:
        self.tokenizer = ConceptTokenizer(None, pipeline_compounds(ontology))
        found = patterns if patterns is not None else concept_patterns(ontology, self.tokenizer)
        # {norm: [children, match keys or None]}: one lookup per token walked
        self.trie: dict = {}
        self.order: dict[str, int] = {}  # match key -> its rank (spaCy's integer ids differ)
        norms = _Norms()
        for match_key, sequences in found.patterns.items():
            self.order[match_key] = len(self.order)
            for seq in sequences:
                self._add([norms[word] for word in seq], match_key)
        self.exact_keys = found.exact_keys
        self.use_fuzzy = bool(found.fuzzy_names)
        self._caches(norms)

    def _caches(self, norms: dict | None = None) -> None:
        """The per-word caches, shared by the texts of a build (never pickled)."""
        self._norms = norms if norms is not None else _Norms()
        self._fuzzy = FuzzyCandidates(self.exact_keys) if self.use_fuzzy else None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_norms", "_fuzzy")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._caches()

    def _add(self, norms: list[str], match_key: str) -> None:
        if not norms:
            return
        children = self.trie
        for norm in norms:
            node = children.get(norm)
            if node is None:
                node = children[norm] = [{}, None]
            children = node[0]
        if node[1] is None:
            node[1] = [match_key]
        elif match_key not in node[1]:
            node[1].append(match_key)

    def scan(self, text: str, fuzzy: bool = True) -> TextScan | None:
        """The scan of ``text``, or None where only spaCy knows the order of its matches."""
        split: list[tuple[int, int, str]] = []
        words, spaces = self.tokenizer.split(text, split)
        norms = list(map(self._norms.__getitem__, words))
        raw: list[tuple[str, int, int]] = []
        trie = self.trie
        n = len(norms)
        for i in [i for i, norm in enumerate(norms) if norm in trie]:  # where a match may start
            children, keys = trie[norms[i]]
            j = i + 1
            while True:
                if keys:
                    if len(keys) > 1:
                        return None
                    raw.append((keys[0], i, j))
                if j >= n:
                    break
                node = children.get(norms[j])
                if node is None:
                    break
                children, keys = node
                j += 1
        matches: tuple = ()
        if raw:
            starts = list(accumulate(map(add, map(len, words), spaces), initial=0))
            matches = tuple(
                (key, starts[start], starts[end - 1] + len(words[end - 1]), "exact")
                for key, start, end in sorted(first_longest(raw), key=lambda m: m[1])
            )
        candidates = self._fuzzy if fuzzy else None
        found_words = tuple(candidates.words(text).items()) if candidates is not None else ()
        return TextScan(matches, tuple(split), found_words)


class _Norms(dict):
    """Token norms by word, computed on first sight (:func:`token_norm`)."""

    def __missing__(self, word: str) -> str:
        norm = self[word] = token_norm(word)
        return norm
