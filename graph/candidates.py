"""Discovering terms the ontology lacks: candidate concepts.

:func:`find_candidates` looks for words that look like concepts but are no
ontology label:

* Latin-script names: CamelCase (``FastBERT``, ``fastText``), capitals of
  two letters or more (``ESIM``), letters with digits (``GPT3``,
  ``Word2vec``) and hyphenated names with such a part (``BERT-wwm``);
* Chinese terms of 2-8 characters written as a heading or in bold, once
  numbering, punctuation and generic section words are removed.

:func:`candidate_concepts` turns the frequent ones (or those in a heading)
into :class:`~graph.models.Concept` records of type ``candidate`` with ids
``cand-<slug>``; :func:`candidate_mentions` finds them in the documents and
:func:`candidate_scores` scores those mentions like ontology concepts (never
primary).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph.models import Concept, Document, Mention, Ontology
from graph.ontology import normalize_label

__all__ = [
    "MIN_COUNT",
    "Candidate",
    "candidate_concepts",
    "candidate_id",
    "candidate_mentions",
    "candidate_scores",
    "find_candidates",
]

MIN_COUNT = 3
MIN_COUNT_CJK_HEADING = 2  # a Chinese heading or bold term needs this many occurrences
GENERIC_SHARE = 0.1  # ... and must not occur in more than this share of documents
GENERIC_MIN_DOCS = 5
MAX_EXAMPLES = 2
EXAMPLE_CHARS = 160

_LATIN = "0-9A-Za-z"
_WORD_RE = re.compile(
    rf"(?<![{_LATIN}\-_.])[{_LATIN}]+(?:[-_.][{_LATIN}]+)*(?![{_LATIN}]|[-_.][{_LATIN}])"
)
_CAMEL_RE = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{2,}")
_CAPS_RE = re.compile(r"^[A-Z]{2,}s?$")
_DIGIT_NAME_RE = re.compile(r"^(?=.*[A-Za-z]{2})(?=.*\d)[A-Za-z][A-Za-z0-9]*$")
_NUMBERING_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节部分步条点]|[(（]?[\d一二三四五六七八九十]+[)）.、:：]"
    r"|[\d.]+\s|[A-Za-z][.)、]\s)\s*"
)
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")
_EDGE_CHARS = "的之与和及或是了吗呢吧啊把被而并也"
# Question and framing words around a heading's topic ("怎么蒸馏中间层", "FLAT详解").
_FRAME_HEAD_RE = re.compile(
    r"^(?:为什么|为何|怎么样|怎么|怎样|如何|什么是|什么|关于|浅谈|浅析|谈谈|谈一下|聊聊|聊一下|简述|详解|"
    r"理解|一文读懂|读懂|解读|介绍|总结|对比|比较)+"
)
_FRAME_TAIL_RE = re.compile(
    r"(?:是什么|是啥|怎么样|怎么做|详解|解读|介绍|简介|总结|原理|问题|思考|笔记|细节|分析|综述|方法|"
    r"的理解|理解|实现|代码|之间|区别|对比|比较)+$"
)
_TITLE_WORD_RE = re.compile(r"^[A-Z][a-z]+$")
_NAME_PARTS_RE = re.compile(r"[-_.]")
_LEADING_NUMBER_RE = re.compile(r"^\d+\.")
_LOWER_WORD_RE = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")
# Where a heading or bold text splits into separate terms.
_SEGMENT_SPLIT_RE = re.compile(
    r"[\s,，、:：;；/+＋|（）()【】\[\]<>《》“”\"'‘’!！?？。.·…—~～=＝*&＆#@]+"
)
_CJK_TERM_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,8}$")
# Pronouns, demonstratives and particles: a term holding one is a phrase, not a concept.
_FUNCTION_CHARS = frozenset(
    "这那哪么吗呢吧啊我你他她们就都很也还让把给得着啦哦嘛呀您咱谁啥怎该又才已请谢赞哈嗯"
)
_FUNCTION_WORDS = re.compile(
    "如果|因为|所以|但是|可以|需要|一下|一个|大家|不要|没有|是否|并不|确实|其实|然后|还是|或者|以及|而且"
    "|这样|那样|什么|一些|有些|简单|具体|比较|非常|特别|一般|可能|应该|能够|已经|之后|之前|时候|讲解"
    "|阐述|展示|说明|来说|来看|一点|之间|不同|相同"
)
_QUANTIFIED_RE = re.compile(r"^[一二两三四五六七八九十几每各某]+[个种层次步类点张篇位条项阶部段大]")
_CONJUNCTIONS = frozenset({"and", "or", "vs", "versus", "with", "without", "in", "on", "of", "for"})
_LATIN_PHRASE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[ -][A-Za-z][A-Za-z0-9]*){1,3}$")
_LATIN_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9\- ]*[A-Za-z0-9]")
# The non-ASCII letters that re.IGNORECASE matches to ASCII ones (İ ı ſ and the Kelvin sign).
_CASE_TWINS_RE = re.compile("[\u0130\u0131\u017f\u212a]")

# Generic acronyms of computing, publishing and chat: not NLP concepts.
STOP_LATIN = frozenset(
    """
    ok id ids api apis url urls pdf html css js json xml csv yaml sql http https www
    gpu gpus cpu cpus tpu tpus ram os io ui ux ai ml dl nlp cv pc qq uk usa ceo faq todo
    tips pr ps pps ppt tl dr etc eg ie vs aka fyi asap diy md txt png jpg jpeg gif svg
    readme github gitlab csdn arxiv acl emnlp naacl coling iclr icml nips neurips aaai ijcai
    kdd sigir www cikm wsdm wechat iphone ios mac linux windows ubuntu python java cpp
    pytorch tensorflow keras numpy pandas sklearn scipy jupyter colab huggingface cuda
    """.split()
)
# Generic English section words: a heading phrase made only of these names no concept.
STOP_HEADING_WORDS = frozenset(
    """
    a an the of and or in on for to with by from at as is are vs via about into part step
    introduction intro conclusion conclusions summary abstract background motivation overview
    method methods methodology approach experiment experiments experimental result results
    discussion related work works future reference references appendix code codes model models
    architecture implementation details detail notes note faq todo contents table example
    examples usage installation install setup paper papers reading review survey analysis
    evaluation training test testing data dataset datasets final thoughts tips question questions
    answer answers problem problems solution solutions update updates part chapter section
    """.split()
)
# Generic section words: headings like these name no concept.
STOP_CJK = frozenset(
    """
    总结 小结 总结一下 简介 介绍 背景 引言 前言 序言 结论 结语 参考 参考文献 参考资料 参考链接 相关链接
    实验 实验结果 实验部分 实验分析 结果 结果分析 分析 讨论 概述 摘要 目录 附录 动机 思考 问题 答案
    代码 代码实现 代码解析 源码 源码解读 实现 具体实现 实现细节 细节 注意事项 模型 模型结构 模型架构
    模型介绍 整体结构 网络结构 结构 方法 原理 原理介绍 核心思想 主要思想 基本思想 思想 整体思路 思路
    优缺点 优点 缺点 不足 改进 总体 整体 简单介绍 详细介绍 基本概念 概念 定义 公式 推导 公式推导
    数据 数据集 训练 预测 测试 效果 应用 应用场景 场景 例子 举例 示例 案例 论文 论文解读 论文地址
    解读 导读 前置知识 预备知识 基础知识 知识点 面试 面试题 常见问题 写在前面 写在最后 最后 其他 其它
    补充 更新 说明 致谢 作者 链接 地址 下载 安装 使用 用法 教程 笔记 读书笔记 学习笔记 个人理解 理解
    我的理解 个人看法 看法 一些思考 为什么 是什么 怎么做 如何 本文 全文 正文 第一步 第二步 第三步
    第一 第二 第三 第四 第五 首先 其次 然后 最后 一 二 三 四 五 六 七 八 九 十 上 中 下
    """.split()
)


@dataclass(frozen=True)
class Candidate:
    """A term that looks like a concept but is not in the ontology.

    ``term`` is the most frequent spelling, ``forms`` every spelling seen;
    ``count`` occurrences in ``doc_count`` documents (``documents``: their
    paths); ``in_heading`` when the term is (part of) a heading or bold
    text; ``examples`` up to two sentences using it; ``script`` ``latin``
    or ``cjk``.
    """

    term: str
    count: int
    doc_count: int
    examples: tuple[str, ...] = ()
    in_heading: bool = False
    forms: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    script: str = "latin"

    @property
    def key(self) -> str:
        """The comparison key (:func:`graph.ontology.normalize_label`)."""
        return normalize_label(self.term)


def _looks_like_name(word: str) -> bool:
    """True when a Latin word looks like a model or method name.

    CamelCase, capitals, letters with digits, or a hyphenated word with
    such a part or made of capitalised words (``Student-Classifier``).
    """
    parts = [p for p in _NAME_PARTS_RE.split(word) if p]
    if not parts or len(word) > 40:
        return False
    if len(parts) > 1:
        if word.replace(".", "").isdigit():
            return False
        if "-" in word and all(_TITLE_WORD_RE.match(p) or _looks_like_name(p) for p in parts):
            return True
        return any(_looks_like_name(p) for p in parts)
    if word.isdigit() or normalize_label(word) in STOP_LATIN:
        return False
    return bool(_CAPS_RE.match(word) or _CAMEL_RE.search(word) or _DIGIT_NAME_RE.match(word))


def _clean_heading(text: str) -> list[str]:
    """The Chinese terms of a heading or bold text.

    The text is split at punctuation and spaces; a piece counts when it is
    2-8 CJK characters (no Latin), once numbering, framing words ("如何",
    "详解") and edge particles are removed, holds no pronoun or particle and
    is no generic section word.
    """
    terms = []
    for piece in _SEGMENT_SPLIT_RE.split(_NUMBERING_RE.sub("", text.strip())):
        piece = _NUMBERING_RE.sub("", piece)
        previous = None
        while piece != previous:
            previous = piece
            piece = _FRAME_TAIL_RE.sub("", _FRAME_HEAD_RE.sub("", piece.strip(_EDGE_CHARS)))
        if (
            _CJK_TERM_RE.match(piece)
            and piece not in STOP_CJK
            and not _FUNCTION_CHARS.intersection(piece)
            and not _FUNCTION_WORDS.search(piece)
            and not _QUANTIFIED_RE.match(piece)
        ):
            terms.append(piece)
    return terms


def _latin_phrases(text: str) -> list[str]:
    """Latin phrases of 2-4 words in a heading or bold text, unless all generic words."""
    text = _NUMBERING_RE.sub("", text.strip())
    phrases = []
    for run in _LATIN_RUN_RE.findall(text):
        run = " ".join(run.split()).strip(" -")
        if not _LATIN_PHRASE_RE.match(run):
            continue
        words = [w.lower() for w in re.split(r"[ -]", run)]
        if all(w in STOP_HEADING_WORDS or len(w) < 3 for w in words):
            continue
        if any(len(w) < 2 for w in words) or _CONJUNCTIONS.intersection(words):
            continue
        if words[0] in STOP_HEADING_WORDS or words[-1] in STOP_HEADING_WORDS - {"model", "models"}:
            continue
        phrases.append(run)
    return phrases


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, trimmed to :data:`EXAMPLE_CHARS`."""
    lo = max((m.end() for m in _SENTENCE_END_RE.finditer(text, 0, start)), default=0)
    hit = _SENTENCE_END_RE.search(text, end)
    hi = hit.end() if hit else len(text)
    sentence = " ".join(text[lo:hi].split())
    if len(sentence) > EXAMPLE_CHARS:
        offset = max(0, start - lo - EXAMPLE_CHARS // 2)
        sentence = "…" + sentence[offset : offset + EXAMPLE_CHARS] + "…"
    return sentence


def _known_keys(ontology: Ontology) -> set[str]:
    """Normalised labels of every ontology concept."""
    return {normalize_label(label) for c in ontology.concepts.values() for label in c.labels}


def _covered(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Sorted text ranges of ontology mentions (title-only mentions excluded)."""
    return sorted((m.start, m.end) for m in mentions if m.end > m.start)


def _covered_share(covered: list[tuple[int, int]], start: int, end: int) -> float:
    """The share of ``text[start:end]`` that ontology mentions cover."""
    at = bisect.bisect_left(covered, (end, end))
    inside = 0
    while at > 0:
        at -= 1
        lo, hi = covered[at]
        if hi <= start:
            if hi < start - 64:  # mentions are short; nothing further left reaches here
                break
            continue
        inside += min(hi, end) - max(lo, start)
    return inside / max(end - start, 1)


def find_candidates(
    documents: Iterable[Document],
    ontology: Ontology,
    mentions: Mapping[str, Sequence[Mention]] | None = None,
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
        skipped.

    Returns
    -------
    list of Candidate
        Every candidate, most frequent first (filter with
        :func:`candidate_concepts`).

    Examples
    --------
    >>> from graph.markdown import parse_markdown
    >>> md = parse_markdown("# LUHA\\n\\nLUHA and LUHA again.")
    >>> doc = Document("a.md", "c", "a.md", "a", "article", md)
    >>> [(c.term, c.count, c.in_heading) for c in find_candidates([doc], Ontology())]
    [('LUHA', 3, True)]
    """
    known = _known_keys(ontology)
    mentions = mentions or {}
    docs = list(documents)
    forms: dict[str, Counter[str]] = {}
    counts: Counter[str] = Counter()
    doc_sets: dict[str, list[str]] = {}
    examples: dict[str, list[str]] = {}
    headed: set[str] = set()
    scripts: dict[str, str] = {}

    def record(
        key: str, surface: str, document: Document, text: str, start: int, script: str
    ) -> None:
        forms.setdefault(key, Counter())[surface] += 1
        counts[key] += 1
        paths = doc_sets.setdefault(key, [])
        if not paths or paths[-1] != document.path:
            paths.append(document.path)
        shown = examples.setdefault(key, [])
        if len(shown) < MAX_EXAMPLES:
            sentence = _sentence(text, start, start + len(surface))
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
            for term in _clean_heading(source):
                if normalize_label(term) not in known:
                    cjk_terms.add(term)
                    headed.add(normalize_label(term))
            for phrase in _latin_phrases(source):
                key = normalize_label(phrase)
                if key not in known and key not in phrases:
                    split = re.split(r"[ -]+", phrase)
                    first_words[key] = split[0].lower()
                    words = [re.escape(w) for w in split]
                    phrases[key] = re.compile(
                        rf"(?<![{_LATIN}])" + r"[ -]?".join(words) + rf"(?![{_LATIN}])",
                        re.IGNORECASE,
                    )
                    headed.add(key)
            for match in _WORD_RE.finditer(source):
                headed.add(normalize_label(match.group()))
    lower_words = Counter(w for d in docs for w in _LOWER_WORD_RE.findall(d.markdown.text))

    def shouted(word: str) -> bool:
        """An ordinary English word in capitals (``EMBEDDING``): the corpus writes it lower case."""
        return (
            word.isalpha() and word.isupper() and len(word) >= 3 and lower_words[word.lower()] >= 2
        )

    name_keys: dict[str, str | None] = {}  # spelling -> its key when it looks like a name
    for document in docs:
        text = document.markdown.text
        covered = _covered(mentions.get(document.path, ()))
        for match in _WORD_RE.finditer(text):
            word = _LEADING_NUMBER_RE.sub("", match.group())
            key = name_keys.get(word, "")
            if key == "":  # first time this spelling is seen
                key = name_keys[word] = (
                    normalize_label(word) if _looks_like_name(word) and not shouted(word) else None
                )
            if key is None:
                continue
            start = match.end() - len(word)
            if key in known or key in phrases or _covered_share(covered, start, match.end()) >= 1:
                continue
            record(key, word, document, text, start, "latin")
        # A phrase can only match where its first word occurs (ignoring case),
        # unless the text holds one of the few non-ASCII letters that
        # case-insensitive matching equates with ASCII ones.
        lowered = text.lower() if phrases and not _CASE_TWINS_RE.search(text) else None
        for key, pattern in phrases.items():
            if lowered is not None and first_words[key] not in lowered:
                continue
            for match in pattern.finditer(text):
                record(key, match.group(), document, text, match.start(), "latin")
        # A Chinese heading term mostly made of an ontology label ("词向量的各向异性")
        # is that concept in context, not a new term: such occurrences do not count.
        # (English phrases are kept: "Transformer distillation" names a method.)
        for term in cjk_terms:
            start = text.find(term)
            while start >= 0:
                if _covered_share(covered, start, start + len(term)) < 0.5:
                    record(term, term, document, text, start, "cjk")
                start = text.find(term, start + len(term))
    headed &= set(counts)
    # A Chinese heading word found in a large share of the documents is
    # ordinary vocabulary ("简单", "学习"), not a term.
    generic_docs = max(GENERIC_MIN_DOCS, GENERIC_SHARE * len(docs))
    found = []
    for key, count in counts.items():
        if scripts[key] == "cjk" and len(doc_sets[key]) > generic_docs:
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
            )
        )
    found.sort(key=lambda c: (-c.count, -c.doc_count, c.term))
    return found


def candidate_id(term: str) -> str:
    """``cand-<slug>``: ASCII lower case for Latin terms, a short hash otherwise.

    Examples
    --------
    >>> candidate_id("BERT-wwm"), candidate_id("主干网络")
    ('cand-bert-wwm', 'cand-01ebabb0')
    """
    slug = re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
    if slug and term.isascii():
        return f"cand-{slug}"
    digest = hashlib.sha1(normalize_label(term).encode("utf-8")).hexdigest()[:8]
    return f"cand-{slug}-{digest}" if slug else f"cand-{digest}"


def candidate_concepts(
    candidates: Iterable[Candidate],
    min_count: int = MIN_COUNT,
    min_docs: int = 1,
    min_heading_count: int = MIN_COUNT_CJK_HEADING,
) -> list[Concept]:
    """The candidates that enter the graph, as concepts of type ``candidate``.

    A candidate enters with ``min_count`` occurrences in ``min_docs``
    documents or more, or when it is a heading or bold term (a Chinese one
    with ``min_heading_count`` occurrences or more).
    """
    concepts = []
    seen: set[str] = set()
    for cand in candidates:
        headed = cand.in_heading and (cand.script == "latin" or cand.count >= min_heading_count)
        if not (headed or (cand.count >= min_count and cand.doc_count >= min_docs)):
            continue
        cid = candidate_id(cand.term)
        if cid in seen:
            continue
        seen.add(cid)
        others = tuple(form for form in cand.forms if form != cand.term)
        concepts.append(
            Concept(
                id=cid,
                name=cand.term,
                zh=(cand.term,) if cand.script == "cjk" else (),
                aliases=others,
                type="candidate",
                description=(
                    f"Discovered term: {cand.count} mentions in {cand.doc_count} documents."
                ),
            )
        )
    return concepts


def candidate_mentions(
    documents: Iterable[Document],
    concepts: Sequence[Concept],
    candidates: Sequence[Candidate] = (),
) -> dict[str, list[Mention]]:
    """Find the candidate concepts' spellings in each document.

    Latin spellings match whole words (no Latin letter or digit beside
    them), ignoring case; Chinese ones anywhere. Mentions in headings are
    flagged ``in_heading``.

    Returns
    -------
    dict of str to list of Mention
        By document path, in text order; only documents with mentions.
    """
    from graph.concepts import heading_ranges

    wanted = {c.id: c for c in concepts}
    paths_by_id: dict[str, set[str]] = {}
    for cand in candidates:
        cid = candidate_id(cand.term)
        if cid in wanted:
            paths_by_id[cid] = set(cand.documents)
    patterns = []
    for cid, concept in wanted.items():
        labels = sorted({*concept.zh, concept.name, *concept.aliases}, key=len, reverse=True)
        parts = []
        for label in labels:
            escaped = re.escape(label)
            if label.isascii():
                escaped = rf"(?<![{_LATIN}]){escaped}(?![{_LATIN}])"
            parts.append(escaped)
        patterns.append((cid, re.compile("|".join(parts), re.IGNORECASE)))
    result: dict[str, list[Mention]] = {}
    for document in documents:
        text = document.markdown.text
        ranges = heading_ranges(document.markdown)
        found = []
        for cid, pattern in patterns:
            limit = paths_by_id.get(cid)
            if limit is not None and document.path not in limit:
                continue
            for match in pattern.finditer(text):
                start = match.start()
                found.append(
                    Mention(
                        cid,
                        match.group(),
                        start,
                        match.end(),
                        any(lo <= start < hi for lo, hi, _ in ranges),
                        "exact",
                    )
                )
        if found:
            found.sort(key=lambda m: m.start)
            result[document.path] = found
    return result


def candidate_scores(
    documents: Iterable[Document],
    concepts: Sequence[Concept],
    candidates: Sequence[Candidate] = (),
) -> dict:
    """Mentions of the candidate concepts, scored like ontology concepts but never primary.

    Returns
    -------
    dict of str to dict of str to MentionScore
        By document path, then candidate id (as :func:`graph.salience.score_mentions`).
    """
    from graph.salience import score_mentions

    docs = list(documents)
    found = candidate_mentions(docs, concepts, candidates)
    return score_mentions(docs, found, Ontology(), max_primary=0)
