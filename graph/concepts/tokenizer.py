"""The tokenizer of the concept pipeline, and the token sequences that spell a label.

:class:`ConceptTokenizer` keeps Latin-script words whole (``GPT-2``,
``word2vec``, ``Bi-LSTM``; a hyphenated word is split unless its compact
form names a concept, so ``BERT-base`` still holds ``BERT``), splits CJK
text per character and punctuation per mark. Its :meth:`~ConceptTokenizer.split`
returns plain words, so patterns are split exactly like the text without
building spaCy Docs; :func:`label_variants` lists the spellings of a label
as such word tuples.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.ontology import normalize_label

if TYPE_CHECKING:  # spaCy is imported lazily: ``import spacy`` costs ~0.5 s
    from spacy.tokens import Doc

__all__ = [
    "SPLIT_KEY",
    "ConceptTokenizer",
    "inflected_labels",
    "is_latin_label",
    "label_variants",
    "plural_label",
    "token_norm",
    "with_de",
]

log = logging.getLogger(__name__)

SPLIT_KEY = "nlpmap_split_words"  # doc.user_data: joined words the tokenizer split

LATIN = "0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
JOINERS = "\\-._+'\u2010\u2011\uff0d\uff0e\uff3f"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ebef"
_TOKEN_RE = re.compile(
    rf"(?P<url>(?:https?://|ftp://|www\.)[!-~]+)"
    rf"|(?P<latin>[{LATIN}]+(?:[{JOINERS}][{LATIN}]+)*\+*)"
    rf"|(?P<cjk>[{_CJK}]+)"
    rf"|(?P<ws>\s+)"
    rf"|(?P<other>.)",
    re.DOTALL,
)
_CJK_ONLY_RE = re.compile(rf"[{_CJK}]+\Z")
_PLAIN_WORDS_RE = re.compile(rf"[{LATIN}]+(?: [{LATIN}]+)*\Z")  # no joiners, single spaces
_JOINER_SPLIT_RE = re.compile(rf"([{JOINERS}])")
_LATIN_LABEL_RE = re.compile(rf"^[{LATIN}{JOINERS}\s]+$")
_LABEL_PARTS_RE = re.compile(rf"[{JOINERS}\s]+")
_LAST_WORD_RE = re.compile(rf"^(.*?)([^{JOINERS}\s]*)$", re.DOTALL)


@functools.lru_cache(maxsize=1)
def _traditional_table() -> dict[str, str]:
    """Traditional Chinese characters to simplified ones, from OpenCC's ``TSCharacters`` data.

    The table of the ``opencc`` package (opencc-python-reimplemented), read
    without importing it; each traditional character maps to its first
    simplified one. Empty (and logged) when the package is missing.
    """
    spec = importlib.util.find_spec("opencc")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        path = Path(folder) / "dictionary" / "TSCharacters.txt"
        if path.is_file():
            table = {}
            for line in path.read_text("utf-8").splitlines():
                source, _, targets = line.partition("\t")
                target = targets.split(" ", 1)[0]
                if len(source) == 1 and len(target) == 1 and source != target:
                    table[source] = target
            return table
    log.warning("opencc data not found: traditional Chinese is matched as written")
    return {}


def token_norm(word: str) -> str:
    """The NORM of a token: :func:`normalize_label`, a traditional character made simplified.

    British spellings of English word endings read as the American ones the ontology
    writes (``tokenisation``, ``normalised``, ``modelling``, ``labelled``, ``optimiser``),
    and so do a few whole words (``neighbour``, ``behaviour``, ``centre``): labels and text
    both go through here, so either spelling reaches the same concept.

    Examples
    --------
    >>> token_norm("隨"), token_norm("BERT"), token_norm("Modelling"), token_norm("normalisation")
    ('随', 'bert', 'modeling', 'normalization')
    >>> token_norm("Neighbours"), token_norm("optimiser"), token_norm("contour")
    ('neighbors', 'optimizer', 'contour')
    """
    if len(word) == 1 and word >= "\u3400":
        return _traditional_table().get(word, word)
    norm = normalize_label(word)
    if norm in _BRITISH_WORDS:
        return _BRITISH_WORDS[norm]
    if len(norm) >= 7 and norm.isascii():
        return _BRITISH_RE.sub(_american, norm)
    return norm


#: British word endings and their American spelling (``-isation``, ``-ised``, ``-elling``...).
_BRITISH_ENDINGS = {
    "isation": "ization",
    "isations": "izations",
    "ised": "ized",
    "ising": "izing",
    "elling": "eling",
    "elled": "eled",
    "iser": "izer",
    "isers": "izers",
}
#: British whole words whose ending alone says nothing (``-our`` is also ``contour``, ``four``).
_BRITISH_WORDS = {
    stem + suffix: stem[:-2] + "r" + suffix  # neighbour(s) -> neighbor(s)
    for stem in ("neighbour", "behaviour", "colour", "favour")
    for suffix in ("", "s", "ed", "ing", "hood", "al")
} | {
    "centre": "center",
    "centres": "centers",
    "centred": "centered",
    "centring": "centering",
    "analyse": "analyze",
    "analysed": "analyzed",
}
_BRITISH_RE = re.compile(rf"(?<=[a-z]{{3}})({'|'.join(_BRITISH_ENDINGS)})\Z")


def _american(match: re.Match[str]) -> str:
    return _BRITISH_ENDINGS[match.group(1)]


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
                # one space, or one line break inside a paragraph (a wrapped line), joins the
                # words around it as a space does: "hierarchical\nsoftmax" is one name
                if (piece[0] == " " or piece == "\n") and words and not spaces[-1]:
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

    def words(self, text: str) -> tuple[str, ...]:
        """The tokens of ``text`` without the whitespace ones (as a Doc's non-space tokens)."""
        if _CJK_ONLY_RE.match(text):  # shortcuts for the common labels
            return tuple(text)
        if _PLAIN_WORDS_RE.match(text):
            return tuple(text.split(" "))
        return tuple(word for word in self.split(text)[0] if not word.isspace())

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


def plural_label(label: str) -> str | None:
    """``label`` with its last word in the English plural (``CNN`` -> ``CNNs``), or None."""
    head, last = _LAST_WORD_RE.match(label).groups()  # type: ignore[union-attr]
    if len(last) < 2 or not last.isalpha() or not last.isascii():
        return None
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        if lower.endswith("is"):
            return f"{head}{last[:-2]}es"  # analysis -> analyses
        if lower.endswith(("ss", "as", "us")) or not lower.endswith("s"):
            return f"{head}{last}es"  # class -> classes, bias -> biases, corpus -> corpuses
        return None  # already plural (or a name ending in s)
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return f"{head}{last[:-1]}ies"
    return f"{head}{last}s"


# the tool that does a task, by the task's last word: a "sentiment classifier" does
# sentiment classification, a "dependency parser" dependency parsing
AGENT_NOUNS = {
    "classification": ("classifier",),
    "tagging": ("tagger",),
    "parsing": ("parser",),
    "recognition": ("recognizer", "recogniser"),
    "segmentation": ("segmenter",),
    "detection": ("detector",),
    "extraction": ("extractor",),
    "translation": ("translator",),
    "summarization": ("summarizer",),
    "summarisation": ("summariser",),
}


@functools.lru_cache(maxsize=65536)
def inflected_labels(label: str) -> tuple[str, ...]:
    """Other English forms of ``label``'s last word that name the same thing.

    A gerund or ``-ization`` noun reads as its participle: ``Pooling`` ->
    ``Pooled``, ``Pre-training`` -> ``Pre-trained``, ``Fine-tuning`` ->
    ``Fine-tuned``, ``Normalization`` -> ``Normalized``. A task of two words or
    more is also named by its tool (:data:`AGENT_NOUNS`): ``Text classification``
    -> ``Text classifier``, ``Part-of-speech tagging`` -> ``Part-of-speech tagger``.

    Examples
    --------
    >>> inflected_labels("Fine-tuning"), inflected_labels("Quantization"), inflected_labels("BERT")
    (('Fine-tuned',), ('Quantized',), ())
    >>> inflected_labels("Sentiment classification"), inflected_labels("Classification")
    (('Sentiment classifier',), ())
    >>> inflected_labels("Dependency parsing")
    ('Dependency parsed', 'Dependency parser')
    """
    if not label.endswith(("ing", "tion", "sion")):
        return ()
    head, last = _LAST_WORD_RE.match(label).groups()  # type: ignore[union-attr]
    if not last.isascii() or not last.isalpha() or not last.islower() and not last.istitle():
        return ()
    lower = last.lower()
    forms = []
    if lower.endswith(("ization", "isation")) and len(lower) > 9:
        forms.append(f"{head}{last[:-5]}ed")  # normaliz(ation) -> normaliz + ed
    elif lower.endswith("ing") and len(lower) >= 6 and any(v in lower[:-3] for v in "aeiouy"):
        forms.append(f"{head}{last[:-3]}ed")  # pool(ing), pretrain(ing), tun(ing)
    if head.strip():  # "Classification" alone: a "classifier" is any model
        forms.extend(
            head + (a.title() if last.istitle() else a) for a in AGENT_NOUNS.get(lower, ())
        )
    return tuple(forms)


_CJK_LABEL_RE = re.compile(rf"[{_CJK}]{{4,8}}\Z")


def with_de(label: str) -> list[str]:
    """A Chinese compound label with 的 between its parts (模型压缩 -> 模型的压缩).

    Each cut leaves two characters at least on either side; a label already
    holding 的 gets none.

    Examples
    --------
    >>> with_de("模型压缩"), with_de("知识蒸馏方法")
    (['模型的压缩'], ['知识的蒸馏方法', '知识蒸的馏方法', '知识蒸馏的方法'])
    """
    if "的" in label or not _CJK_LABEL_RE.match(label):
        return []
    return [f"{label[:cut]}的{label[cut:]}" for cut in range(2, len(label) - 1)]


MAX_HYPHENATED = 4  # words of a label written with hyphens in every way (2**3 - 1 forms)


def hyphenated(label: str) -> list[str]:
    """``label`` with hyphens for some of its spaces, as writers join words: ``byte-pair
    encoding``, ``named-entity recognition`` (labels of 2 to :data:`MAX_HYPHENATED` words).

    Examples
    --------
    >>> hyphenated("Byte pair encoding")
    ['Byte-pair encoding', 'Byte pair-encoding', 'Byte-pair-encoding']
    >>> hyphenated("BERT"), len(hyphenated("a b c d e"))
    ([], 0)
    """
    words = label.split(" ")
    if not 2 <= len(words) <= MAX_HYPHENATED or not all(words):
        return []
    forms = []
    for mask in range(1, 2 ** (len(words) - 1)):
        joined = words[0]
        for i, word in enumerate(words[1:]):
            joined += ("-" if mask >> i & 1 else " ") + word
        forms.append(joined)
    return forms


_CAMEL_RE = re.compile(r"([A-Z][a-z]{3,})([A-Z][a-z]{3,})\Z")
# first words that are ordinary adjectives: "fast text" or "open prompt" in prose is no name
_CAMEL_ADJECTIVES = frozenset({"fast", "open", "light", "high", "deep", "free", "best", "easy", "quick"})


def camel_split(label: str) -> str | None:
    """A name of two capitalised words written as one, as two words: ``FlashAttention`` ->
    ``Flash Attention``, ``WordPiece`` -> ``Word Piece``; None for others (each word four
    letters at least, the first no common adjective: ``FastText`` stays whole).

    Examples
    --------
    >>> camel_split("LayerNorm"), camel_split("FastText"), camel_split("PyTorch")
    ('Layer Norm', None, None)
    """
    match = _CAMEL_RE.match(label)
    if not match or match.group(1).lower() in _CAMEL_ADJECTIVES:
        return None
    return f"{match.group(1)} {match.group(2)}"


def is_latin_label(label: str) -> bool:
    """True when ``label`` is written in Latin script only (with joiners and spaces)."""
    return bool(_LATIN_LABEL_RE.match(label))


def label_variants(
    tokenizer: ConceptTokenizer, label: str, taken: Iterable[str] = (), *, plural: bool = True
) -> list[tuple[str, ...]]:
    """The token sequences that spell ``label``.

    As the tokenizer splits it, compact, space-split, with hyphens for
    spaces (:func:`hyphenated`), as two words when it is two run together
    (:func:`camel_split`), and for Latin labels the same with the last
    word in the plural or as a participle
    (:func:`inflected_labels`; unless that form is the key of a label in
    ``taken``); Chinese compounds also with 的 between their parts
    (:func:`with_de`).

    Examples
    --------
    >>> label_variants(ConceptTokenizer(None), "Layer Norm")[:3]
    [('Layer', 'Norm'), ('layernorm',), ('Layer', 'Norm')]
    """
    variants = [tokenizer.words(label)]
    if is_latin_label(label):
        variants.append((normalize_label(label),))
        parts = tuple(p for p in _LABEL_PARTS_RE.split(label) if p)
        if len(parts) > 1:
            variants.append(parts)
        variants.extend(tokenizer.words(form) for form in hyphenated(label))
        split = camel_split(label)
        if split:
            variants.append(tokenizer.words(split))
        plural_form = plural_label(label) if plural else None  # never a plural's plural
        if plural_form and normalize_label(plural_form) not in taken:
            variants.extend(label_variants(tokenizer, plural_form, plural=False))
        for form in inflected_labels(label):
            if normalize_label(form) not in taken:
                variants.extend(label_variants(tokenizer, form))
    else:
        variants.extend(tokenizer.words(form) for form in with_de(label))
    return variants
