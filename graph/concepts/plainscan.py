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

from graph.concepts.extract import TextScan, pipeline_compounds
from graph.concepts.fuzzy import FuzzyCandidates
from graph.concepts.matcher import ConceptPatterns, concept_patterns, first_longest
from graph.concepts.tokenizer import ConceptTokenizer, token_norm
from graph.models import Ontology

__all__ = ["PlainScanner"]

_END = None  # trie key of the match keys ending at a node (token norms are strings)


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
        self.trie: dict = {}
        self.order: dict[str, int] = {}  # match key -> its rank (spaCy's integer ids differ)
        for match_key, sequences in found.patterns.items():
            self.order[match_key] = len(self.order)
            for seq in sequences:
                self._add(tuple(token_norm(word) for word in seq), match_key)
        self.exact_keys = found.exact_keys
        self.use_fuzzy = bool(found.fuzzy_names)

    def _add(self, norms: tuple[str, ...], match_key: str) -> None:
        node = self.trie
        for norm in norms:
            node = node.setdefault(norm, {})
        keys = node.setdefault(_END, [])
        if match_key not in keys:
            keys.append(match_key)

    def scan(self, text: str, fuzzy: bool = True) -> TextScan | None:
        """The scan of ``text``, or None where only spaCy knows the order of its matches."""
        split: list[tuple[int, int, str]] = []
        words, spaces = self.tokenizer.split(text, split)
        norms = [token_norm(word) for word in words]
        starts = []
        offset = 0
        for word, space in zip(words, spaces):
            starts.append(offset)
            offset += len(word) + space
        raw: list[tuple[str, int, int]] = []
        trie = self.trie
        n = len(norms)
        for i in range(n):
            node = trie.get(norms[i])
            j = i + 1
            while node is not None:
                keys = node.get(_END)
                if keys:
                    if len(keys) > 1:
                        return None
                    raw.append((keys[0], i, j))
                if j >= n:
                    break
                node = node.get(norms[j])
                j += 1
        kept = first_longest(raw)
        matches = tuple(
            (key, starts[start], starts[end - 1] + len(words[end - 1]), "exact")
            for key, start, end in sorted(kept, key=lambda m: m[1])
        )
        candidates = FuzzyCandidates(self.exact_keys) if fuzzy and self.use_fuzzy else None
        found_words = tuple(candidates.words(text).items()) if candidates is not None else ()
        return TextScan(matches, tuple(split), found_words)
