"""Which terms may be candidate concepts: Latin names, Chinese terms, heading phrases.

:mod:`graph.concepts.candidates.discover` finds terms the ontology lacks (counting only the
evidence :mod:`graph.concepts.candidates.evidence` keeps); this module holds the
general rules a term must pass, as plain functions over strings:

* **Latin names** (:func:`looks_like_name`) are CamelCase, capitals, letters
  with digits or hyphenated names, but not identifiers from prose (``doc1``,
  ``tok2idx``, ``SNLI_Loader``: :func:`is_identifier`), venue-years or
  jargon built on generic acronyms (``ACL2020``, ``NLPer``), adjective
  compounds (``POS-guided``), two known names joined (``TinyBERT-GPU``:
  :func:`joins_known_names`) nor misspelt ontology names
  (:func:`misspelt_known`);
* **Chinese terms** come from headings and bold text (:func:`clean_heading`)
  and need a technical head morpheme (``模型``, ``蒸馏``, ``分类器``, ``层``
  with a real modifier...) whose modifier is no generic discourse word
  (:func:`is_technical_cjk`);
* **Latin phrases** of 2-4 words come from headings and bold text, unless
  generic (:func:`latin_phrases`), and must be noun phrases with a technical
  head or a name in them (:func:`is_english_term`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from graph.concepts.candidates.evidence import strip_quantities
from graph.concepts.candidates.vocabulary import CJK, alternation, char_class, term_set, terms
from graph.ontology import normalize_label

__all__ = [
    "TYPO_MIN_LETTERS",
    "clean_heading",
    "is_adjective_compound",
    "is_english_term",
    "is_identifier",
    "is_technical_cjk",
    "is_title_compound",
    "joins_known_names",
    "latin_phrases",
    "looks_like_name",
    "misspelt_known",
]

TYPO_MIN_LETTERS = 5  # a Latin term this long one slip from an ontology label misspells it

# ------------------------------------------------------------------ Latin names

# Word lists (data/*.txt): stop_latin (generic acronyms of computing, publishing and chat),
# code_parts (programming abbreviations: tok2idx is a variable), variant_words (a model's size
# or variant: BERT-Base), adjective_parts (X-based, X-level), english_function_words.
_CAMEL_RE = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{2,}")
_CAPS_RE = re.compile(r"^[A-Z]{2,}s?$")
_DIGIT_NAME_RE = re.compile(r"^(?=.*[A-Za-z]{2})(?=.*\d)[A-Za-z][A-Za-z0-9]*$")
_TITLE_WORD_RE = re.compile(r"^[A-Z][a-z]+$")
_NAME_PARTS_RE = re.compile(r"[-_.]")
_NUMBERED_WORD_RE = re.compile(r"^([A-Za-z]+?)(\d+)$")
_X2Y_RE = re.compile(r"^([A-Za-z][a-z]*)2([a-z]+)$")
_PERSON_SUFFIX_RE = re.compile(r"^([A-Z]{2,})(?:ers?|s)$")
_PREFIX_RE = re.compile(r"^[A-Za-z]{1,3}$")
_TITLE_COMPOUND_RE = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$")


def _generic_acronym(word: str) -> bool:
    """A generic acronym with a year, version or person suffix (``ACL2020``, ``NLPer``)."""
    numbered = _NUMBERED_WORD_RE.match(word)
    if numbered and normalize_label(numbered.group(1)) in term_set("stop_latin"):
        return True
    person = _PERSON_SUFFIX_RE.match(word)
    return bool(person and normalize_label(person.group(1)) in term_set("stop_latin"))


def is_identifier(word: str, lower_words: Mapping[str, int] | None = None) -> bool:
    """True for a variable- or file-like token from prose, not a name.

    ``doc1`` (lower-case word and digits), ``Sentence1`` (an ordinary word,
    written lower case elsewhere, with digits), ``tok2idx`` (a programming
    abbreviation joined by ``2``), ``SNLI_Loader`` (underscores joining a
    lower-case or ordinary word).

    Examples
    --------
    >>> [is_identifier(w, {"sentence": 3}) for w in ["doc1", "Sentence1", "tok2idx", "GPT3"]]
    [True, True, True, False]
    >>> is_identifier("SNLI_Loader"), is_identifier("node2vec"), is_identifier("BERT_Base")
    (True, False, False)
    """
    lower_words = lower_words or {}
    numbered = _NUMBERED_WORD_RE.match(word)
    if numbered:
        stem = numbered.group(1)
        if stem.islower() or (_TITLE_WORD_RE.match(stem) and lower_words.get(stem.lower(), 0)):
            return True
    x2y = _X2Y_RE.match(word)
    code_parts = term_set("code_parts")
    if x2y and (x2y.group(1).lower() in code_parts or x2y.group(2) in code_parts):
        return True
    if "_" in word:
        parts = [p for p in word.split("_") if p]
        return any(
            p.islower() or (_TITLE_WORD_RE.match(p) and p.lower() not in term_set("variant_words"))
            for p in parts
        ) and not all(p.lower() in term_set("variant_words") or p.isupper() for p in parts)
    return False


def looks_like_name(word: str) -> bool:
    """True when a Latin word looks like a model or method name.

    CamelCase, capitals, letters with digits, or a hyphenated word with
    such a part or made of capitalised words (``Student-Classifier``); not
    a generic acronym (``data/stop_latin.txt``), with a year or person suffix.

    Examples
    --------
    >>> [looks_like_name(w) for w in ["SiamGRU", "ESIM", "GPT3", "BERT-wwm", "ACL2020", "NLPer"]]
    [True, True, True, True, False, False]
    """
    parts = [p for p in _NAME_PARTS_RE.split(word) if p]
    if not parts or len(word) > 40:
        return False
    if len(parts) > 1:
        if word.replace(".", "").isdigit() or any(_generic_acronym(p) for p in parts):
            return False  # a number, or a venue and year joined to a name (ACL2021-FooBERT)
        if "-" in word and all(_TITLE_WORD_RE.match(p) or looks_like_name(p) for p in parts):
            return True
        return any(looks_like_name(p) for p in parts)
    key = normalize_label(word)
    if word.isdigit() or key in term_set("stop_latin") or key in term_set("english_function_words"):
        return False
    if _generic_acronym(word):
        return False
    return bool(_CAPS_RE.match(word) or _CAMEL_RE.search(word) or _DIGIT_NAME_RE.match(word))


def is_title_compound(word: str) -> bool:
    """True for capitalised words joined by hyphens (``Domain-Specific``, ``Student-Classifier``).

    Such a word names something only where the author sets it apart, in a
    heading or bold text; in running text it is an ordinary compound.
    """
    return bool(_TITLE_COMPOUND_RE.match(word))


def is_adjective_compound(word: str) -> bool:
    """True for a name joined to a lower-case adjective (``POS-guided``, ``BERT-based``).

    Examples
    --------
    >>> is_adjective_compound("POS-guided"), is_adjective_compound("BERT-wwm")
    (True, False)
    """
    last = word.rpartition("-")[2]
    return (
        bool(last)
        and last.isalpha()
        and last.islower()
        and (last in term_set("adjective_parts") or (len(last) > 4 and last.endswith("ed")))
    )


def joins_known_names(word: str, known: frozenset[str] | set[str]) -> bool:
    """True for a hyphenated word that only joins known names and ordinary words.

    ``TinyBERT-GPU``, ``CRF-HMM-2`` (known names and a number) and
    ``GAN-Unsupervised``, ``POS-guided`` (a known name and an ordinary
    word) are two things written together, not a new name; ``BERT-Base``
    (a variant word), ``BERT-wwm`` and ``KG-BERT`` (a short prefix) stay.

    Examples
    --------
    >>> known = {"tinybert", "gpu", "gan", "bert", "kg"}
    >>> words = ["TinyBERT-GPU", "GAN-Unsupervised", "BERT-Base", "KG-BERT"]
    >>> [joins_known_names(w, known) for w in words]
    [True, True, False, False]
    """
    parts = [p for p in word.split("-") if p]
    if len(parts) < 2:
        return False
    keys = [normalize_label(p) for p in parts]
    if not any(key in known for key in keys):
        return False
    if len(parts) == 2 and keys[1] in known and _PREFIX_RE.match(parts[0]):
        return False  # a short prefix makes a new variant of a known name (KG-BERT)
    for part, key in zip(parts, keys):
        if key in known or part.isdigit():
            continue
        ordinary = part.isalpha() and (part.islower() or _TITLE_WORD_RE.match(part))
        if key in term_set("variant_words") or not ordinary:
            return False
    return True


def misspelt_known(keys: Iterable[str], known: Iterable[str]) -> set[str]:
    """The keys one plausible slip (:func:`graph.concepts.fuzzy.plausible_typo`) from a known label.

    ``ERNEI`` and ``layre-norm`` misspell ontology names; they are no new
    concepts. Only keys of :data:`TYPO_MIN_LETTERS` letters or more are compared.

    Examples
    --------
    >>> sorted(misspelt_known({"ernei", "layrenorm", "siamgru"}, {"ernie", "layernorm"}))
    ['ernei', 'layrenorm']
    """
    from graph.concepts.fuzzy import fuzzy_table

    def letters(key: str) -> int:
        return sum(ch.isalpha() for ch in key)

    names = {
        key: key
        for key in known
        if len(key) >= TYPO_MIN_LETTERS and key.isascii() and letters(key) >= TYPO_MIN_LETTERS
    }
    words = {key for key in keys if letters(key) >= TYPO_MIN_LETTERS}
    return set(fuzzy_table(names, words)) if names and words else set()


# ------------------------------------------------------------------ headings: Chinese terms

_NUMBERING_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节部分步条点]|[(（]?[\d一二三四五六七八九十]+[)）.、:：]"
    r"|[\d.]+\s|[A-Za-z][.)、]\s)\s*"
)


@cache
def _frame_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Question and framing words around a heading's topic ("怎么蒸馏中间层", "FLAT详解")."""
    head = re.compile(f"^(?:{alternation('frame_heads')})+")
    tail = re.compile(f"(?:{alternation('frame_tails')})+$")
    return head, tail


# Where a heading or bold text splits into separate terms.
_SEGMENT_SPLIT_RE = re.compile(
    r"[\s,，、:：;；/+＋|（）()【】\[\]<>《》“”\"'‘’!！?？。.·…—~～=＝*&＆#@]+"
)
_CJK_TERM_RE = re.compile(rf"^[{CJK}]{{2,8}}$")
# Word lists (data/*.txt): edge_particles (stripped from a piece's ends), stop_cjk (generic
# section words: such a heading names no concept), function_chars and function_words
# (pronouns, particles, discourse words: a term holding one is a phrase).


@cache
def _phrase_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Function words (a term holding one is a phrase) and counted openings ("三个", "每层")."""
    function_words = re.compile(alternation("function_words"))
    quantified = re.compile(
        rf"^(?:[{char_class('count_chars')}]+[{char_class('measure_words')}]|[个种位条项张篇])"
    )
    return function_words, quantified


# Of the technical head morphemes (data/tech_heads.txt: a Chinese candidate ends with one,
# "预测层输出蒸馏", after a modifier that is no generic word, data/generic_modifiers.txt), the
# heads that are common words too: their modifier needs two characters or more
# and must not be a position, ordinal or quantity ("最后一层", "分层").
_SHORT_HEADS = frozenset("器 机 场 层 化 词 树 核 门 头 率 熵".split())


@cache
def _position_prefix_re() -> re.Pattern[str]:
    """A position, ordinal or quantity opening a modifier ("最后", "第二", "偶数")."""
    return re.compile(rf"^(?:{alternation('position_prefixes')}|[{char_class('cjk_numerals')}])")


def _tech_head(term: str) -> str | None:
    """The longest technical head morpheme ``term`` ends with, if any."""
    best = None
    for head in terms("tech_heads"):
        if term.endswith(head) and (best is None or len(head) > len(best)):
            best = head
    return best


def is_technical_cjk(term: str) -> bool:
    """True when a Chinese term reads as technical: a head morpheme with a real modifier.

    Examples
    --------
    >>> [is_technical_cjk(t) for t in ["预测层输出蒸馏", "交互模块", "跨层参数分享", "卷积层"]]
    [True, True, True, True]
    >>> generic = ["实验效果", "整体架构", "最后一层", "后记", "分钟", "偶数层"]
    >>> [is_technical_cjk(t) for t in generic]
    [False, False, False, False, False, False]
    """
    head = _tech_head(term)
    if head is None:
        return False
    modifier = term[: -len(head)]
    if not modifier or modifier in term_set("generic_modifiers"):
        return False
    # The modifier of a short head ("层", "器") must be a word of its own, no
    # position, ordinal or count ("最后一层", "偶数层", "分层").
    short = head in _SHORT_HEADS
    return not (short and (len(modifier) < 2 or _position_prefix_re().match(modifier)))


def clean_heading(text: str) -> list[str]:
    """The Chinese terms of a heading or bold text.

    Numbers with their unit are removed first; the text is split at
    punctuation and spaces; a piece counts when it is 2-8 CJK characters
    (no Latin), once numbering, framing words ("如何", "详解") and edge
    particles are removed, holds no pronoun or particle and is no generic
    section word. (Technicality is checked later, by :func:`is_technical_cjk`.)

    Examples
    --------
    >>> clean_heading("2.1 如何理解主干网络？"), clean_heading("3分钟读懂预测层输出蒸馏")
    (['主干网络'], ['预测层输出蒸馏'])
    """
    frame_head, frame_tail = _frame_res()
    function_words, quantified = _phrase_res()
    edges = "".join(terms("edge_particles"))
    found = []
    for piece in _SEGMENT_SPLIT_RE.split(_NUMBERING_RE.sub("", strip_quantities(text).strip())):
        piece = _NUMBERING_RE.sub("", piece)
        previous = None
        while piece != previous:
            previous = piece
            piece = frame_tail.sub("", frame_head.sub("", piece.strip(edges)))
        if (
            _CJK_TERM_RE.match(piece)
            and piece not in term_set("stop_cjk")
            and not term_set("function_chars").intersection(piece)
            and not function_words.search(piece)
            and not quantified.match(piece)
        ):
            found.append(piece)
    return found


# ------------------------------------------------------------------ headings: Latin phrases

# Generic English section words (data/stop_heading_words.txt): a heading phrase made only of
# these, or starting or ending with one, names no concept.
_CONJUNCTIONS = frozenset({"and", "or", "vs", "versus", "with", "without", "in", "on", "of", "for"})
_LATIN_PHRASE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[ -][A-Za-z][A-Za-z0-9]*){1,3}$")
_LATIN_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9\- ]*[A-Za-z0-9]")


_NUMBER_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
)


def _technical_head(word: str) -> bool:
    """True when ``word`` (lower case) is a technical head noun, or the plural of one."""
    heads = term_set("english_heads")
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if word in heads or singular in heads or (word.endswith("ies") and word[:-3] + "y" in heads):
        return True
    return singular.endswith(terms("english_head_suffixes"))


def is_english_term(phrase: str, *, head: bool = True) -> bool:
    """True when an English phrase reads as a technical noun phrase.

    With ``head=False`` (a long form an abbreviation defines, evidence
    enough) only the openings and function words are checked.

    Its last word is a technical head (data/english_heads.txt, or an ending
    such as ``-izer``, ``-ization``), or one of its words is a name
    (:func:`looks_like_name`: ``BERT``, ``TensorBoard``); it does not start
    with a verb, determiner or degree word (data/english_nonstarters.txt) nor
    with a gerund that is no technical word (``Shrinking models``), and holds
    no function or number word.

    Examples
    --------
    >>> [is_english_term(p) for p in ("Validation loss", "Useful resources", "use TensorBoard")]
    [True, False, False]
    >>> [is_english_term(p) for p in ("much powerful computers", "BERT Base", "Shrinking models")]
    [False, True, False]
    """
    original = re.split(r"[ -]+", phrase.strip())
    words = [w.lower() for w in original]
    if len(words) < 2 or words[0] in term_set("english_nonstarters"):
        return False
    if words[0].endswith("ing") and words[0] not in term_set("english_heads"):
        return False
    if term_set("english_function_words").intersection(words) or _NUMBER_WORDS.intersection(words):
        return False
    if not head:
        return all(w.replace("-", "").isalpha() for w in words)
    named = any(looks_like_name(w) and not _TITLE_WORD_RE.match(w) for w in original)
    return named or _technical_head(words[-1])


def latin_phrases(text: str, *, head: bool = True) -> list[str]:
    """Latin phrases of 2-4 words in a heading or bold text, unless generic.

    A phrase starting or ending with a generic section word, holding a
    conjunction or made only of generic words is left out, and so is one
    that reads as no technical noun phrase (:func:`is_english_term`; with
    ``head=False``, for bold text that marks a term, its head is not checked).

    Examples
    --------
    >>> latin_phrases("1. Input Encoding"), latin_phrases("Final Thoughts")
    (['Input Encoding'], [])
    """
    text = _NUMBERING_RE.sub("", strip_quantities(text).strip())
    generic = term_set("stop_heading_words")
    phrases = []
    for run in _LATIN_RUN_RE.findall(text):
        run = " ".join(run.split()).strip(" -")
        if not _LATIN_PHRASE_RE.match(run):
            continue
        words = [w.lower() for w in re.split(r"[ -]", run)]
        if all(w in generic or len(w) < 3 for w in words):
            continue
        if any(len(w) < 2 for w in words) or _CONJUNCTIONS.intersection(words):
            continue
        if words[0] in generic or words[-1] in generic - {"model", "models"}:
            continue
        if not is_english_term(run, head=head):
            continue
        phrases.append(run)
    return phrases
