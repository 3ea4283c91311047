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
  generic (:func:`latin_phrases`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from graph.concepts.candidates.evidence import CJK_NUMERALS, ENGLISH_FUNCTION_WORDS, strip_quantities
from graph.concepts.candidates.vocabulary import CJK
from graph.ontology import normalize_label

__all__ = [
    "STOP_CJK",
    "STOP_HEADING_WORDS",
    "STOP_LATIN",
    "TYPO_MIN_LETTERS",
    "clean_heading",
    "is_adjective_compound",
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

# Generic acronyms of computing, publishing and chat: not NLP concepts.
STOP_LATIN = frozenset(
    """
    ok id ids api apis url urls pdf html css js json xml csv yaml sql http https www
    gpu gpus cpu cpus tpu tpus ram os io ui ux ai ml dl nlp cv pc qq uk usa ceo faq todo
    tips pr ps pps ppt tl dr etc eg ie vs aka fyi asap diy md txt png jpg jpeg gif svg
    readme github gitlab csdn arxiv acl emnlp naacl coling iclr icml nips neurips aaai ijcai
    kdd sigir www cikm wsdm wechat iphone ios mac linux windows ubuntu python java cpp
    pytorch tensorflow keras numpy pandas sklearn scipy jupyter colab huggingface cuda
    toc qaq orz lol omg btw imo imho tbd wip nb ps tf pt hf
    """.split()
)
# Programming abbreviations: ``tok2idx``, ``id2label`` are variables, not names.
_CODE_PARTS = frozenset("idx idxs id ids str int num len dict list arr obj tmp val var tok".split())
# Suffixes naming a size or variant of a model (``BERT-Base``, ``GPT-2-XL``).
_VARIANT_WORDS = frozenset(
    """
    base large small tiny mini medium xl xxl wwm ext cased uncased multilingual chinese zh en
    v1 v2 v3 lite plus pro distilled
    """.split()
)
_CAMEL_RE = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{2,}")
_CAPS_RE = re.compile(r"^[A-Z]{2,}s?$")
_DIGIT_NAME_RE = re.compile(r"^(?=.*[A-Za-z]{2})(?=.*\d)[A-Za-z][A-Za-z0-9]*$")
_TITLE_WORD_RE = re.compile(r"^[A-Z][a-z]+$")
_NAME_PARTS_RE = re.compile(r"[-_.]")
_NUMBERED_WORD_RE = re.compile(r"^([A-Za-z]+?)(\d+)$")
_X2Y_RE = re.compile(r"^([A-Za-z][a-z]*)2([a-z]+)$")
_PERSON_SUFFIX_RE = re.compile(r"^([A-Z]{2,})(?:ers?|s)$")
_PREFIX_RE = re.compile(r"^[A-Za-z]{1,3}$")
# Second halves of English adjective compounds ("X-based", "X-level").
_ADJECTIVE_PARTS = frozenset(
    "based level wise like aware specific free only style agnostic driven oriented sized".split()
)
_TITLE_COMPOUND_RE = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$")


def _generic_acronym(word: str) -> bool:
    """A generic acronym with a year, version or person suffix (``ACL2020``, ``NLPer``)."""
    numbered = _NUMBERED_WORD_RE.match(word)
    if numbered and normalize_label(numbered.group(1)) in STOP_LATIN:
        return True
    person = _PERSON_SUFFIX_RE.match(word)
    return bool(person and normalize_label(person.group(1)) in STOP_LATIN)


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
    if x2y and (x2y.group(1).lower() in _CODE_PARTS or x2y.group(2) in _CODE_PARTS):
        return True
    if "_" in word:
        parts = [p for p in word.split("_") if p]
        return any(
            p.islower() or (_TITLE_WORD_RE.match(p) and p.lower() not in _VARIANT_WORDS)
            for p in parts
        ) and not all(p.lower() in _VARIANT_WORDS or p.isupper() for p in parts)
    return False


def looks_like_name(word: str) -> bool:
    """True when a Latin word looks like a model or method name.

    CamelCase, capitals, letters with digits, or a hyphenated word with
    such a part or made of capitalised words (``Student-Classifier``); not
    a generic acronym (:data:`STOP_LATIN`), with a year or person suffix.

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
    if word.isdigit() or key in STOP_LATIN or key in ENGLISH_FUNCTION_WORDS:
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
    return bool(last) and last.isalpha() and last.islower() and (
        last in _ADJECTIVE_PARTS or (len(last) > 4 and last.endswith("ed"))
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
        if key in _VARIANT_WORDS or not ordinary:
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
# Where a heading or bold text splits into separate terms.
_SEGMENT_SPLIT_RE = re.compile(
    r"[\s,，、:：;；/+＋|（）()【】\[\]<>《》“”\"'‘’!！?？。.·…—~～=＝*&＆#@]+"
)
_CJK_TERM_RE = re.compile(rf"^[{CJK}]{{2,8}}$")
# Pronouns, demonstratives and particles: a term holding one is a phrase, not a concept.
_FUNCTION_CHARS = frozenset(
    "这那哪么吗呢吧啊我你他她们就都很也还让把给得着啦哦嘛呀您咱谁啥怎该又才已请谢赞哈嗯的"
)
_FUNCTION_WORDS = re.compile(
    "如果|因为|所以|但是|可以|需要|一下|一个|大家|不要|没有|是否|并不|确实|其实|然后|还是|或者|以及|而且"
    "|这样|那样|什么|一些|有些|简单|具体|比较|非常|特别|一般|可能|应该|能够|已经|之后|之前|时候|讲解"
    "|阐述|展示|说明|来说|来看|一点|之间|不同|相同"
)
_QUANTIFIED_RE = re.compile(
    r"^(?:[一二两三四五六七八九十几每各某]+[个种层次步类点张篇位条项阶部段大]|[个种位条项张篇])"
)
# Generic section words: headings like these name no concept.
STOP_CJK = frozenset(
    """
    总结 小结 总结一下 简介 介绍 背景 引言 前言 序言 结论 结语 参考 参考文献 参考资料 参考链接
    相关链接
    实验 实验结果 实验部分 实验分析 结果 结果分析 分析 讨论 概述 摘要 目录 附录 动机 思考 问题 答案
    代码 代码实现 代码解析 源码 源码解读 实现 具体实现 实现细节 细节 注意事项 模型 模型结构 模型架构
    模型介绍 整体结构 网络结构 网络架构 模型框架 结构 方法 原理 原理介绍 核心思想 主要思想 基本思想
    思想 整体思路 思路
    优缺点 优点 缺点 不足 改进 总体 整体 简单介绍 详细介绍 基本概念 概念 定义 公式 推导 公式推导
    数据 数据集 训练 预测 测试 效果 应用 应用场景 场景 例子 举例 示例 案例 论文 论文解读 论文地址
    解读 导读 前置知识 预备知识 基础知识 知识点 面试 面试题 常见问题 写在前面 写在最后 最后
    其他 其它
    补充 更新 说明 致谢 作者 链接 地址 下载 安装 使用 用法 教程 笔记 读书笔记 学习笔记 个人理解 理解
    我的理解 个人看法 看法 一些思考 为什么 是什么 怎么做 如何 本文 全文 正文 第一步 第二步 第三步
    第一 第二 第三 第四 第五 首先 其次 然后 最后 一 二 三 四 五 六 七 八 九 十 上 中 下
    """.split()
)
# Head morphemes of technical terms: a Chinese candidate ends with one ("预测层输出蒸馏").
_TECH_HEADS = (
    "模型 网络 机制 算法 损失 函数 编码 编码器 解码器 向量 矩阵 蒸馏 注意力 模块 结构 架构 框架"
    " 分类器"
    " 器 机 场 层 单元 节点 嵌入 表示 表征 特征 分布 概率 熵 距离 相似度 系数 参数 权重 梯度 掩码"
    " 训练 学习 采样 检索 匹配 识别 分类 标注 抽取 提取 分词 归一化 正则化 优化 池化 卷积 化"
    " 词表 词典"
    " 语料 词 树 任务 共享 分享 假设 窗口 核 门 头 指标 率"
).split()
# Heads that are common words too: their modifier needs two characters or more
# and must not be a position, ordinal or quantity ("最后一层", "分层").
_SHORT_HEADS = frozenset("器 机 场 层 化 词 树 核 门 头 率 熵".split())
_POSITION_PREFIX_RE = re.compile(
    rf"^(?:最|第|前|后|上|下|顶|底|中间|每|各|某|该|此|本|同|其|奇|偶|单|双|多|少|[{CJK_NUMERALS}])"
)
# Discourse words: a term whose modifier is only one of these is generic ("整体架构").
_GENERIC_MODIFIERS = frozenset(
    """
    整体 总体 整个 全部 所有 基本 主要 具体 相关 常见 一般 简单 其他 其它 不同 相同 最后 最终 最初
    原始 原来 原本 上述 以上 以下 前面 后面 本文 我们 自己 常用 核心 重要 完整 部分 各种 多种 一种
    两种 这种 那种 某种 新的 传统 经典 基础 通用 整 总 全 新 大 小 本 此 其 该 原 每 各
    """.split()
)


def _tech_head(term: str) -> str | None:
    """The longest technical head morpheme ``term`` ends with, if any."""
    best = None
    for head in _TECH_HEADS:
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
    if not modifier or modifier in _GENERIC_MODIFIERS:
        return False
    # The modifier of a short head ("层", "器") must be a word of its own, no
    # position, ordinal or count ("最后一层", "偶数层", "分层").
    short = head in _SHORT_HEADS
    return not (short and (len(modifier) < 2 or _POSITION_PREFIX_RE.match(modifier)))


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
    terms = []
    for piece in _SEGMENT_SPLIT_RE.split(_NUMBERING_RE.sub("", strip_quantities(text).strip())):
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


# ------------------------------------------------------------------ headings: Latin phrases

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
    key takeaways takeaway further lessons learned recap next steps getting started quick start
    basic basics simple general main idea ideas core insight insights pros cons advantages
    disadvantages limitations highlights comparison overall brief short what why how when where
    my our your this that these those some more other personal afterword epilogue preface
    acknowledgements acknowledgments thanks outline agenda remarks closing opening appendices
    fewer less more better faster slower smaller larger bigger higher lower best worst new old
    """.split()
)
_CONJUNCTIONS = frozenset({"and", "or", "vs", "versus", "with", "without", "in", "on", "of", "for"})
_LATIN_PHRASE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[ -][A-Za-z][A-Za-z0-9]*){1,3}$")
_LATIN_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9\- ]*[A-Za-z0-9]")


def latin_phrases(text: str) -> list[str]:
    """Latin phrases of 2-4 words in a heading or bold text, unless generic.

    A phrase starting or ending with a generic section word, holding a
    conjunction or made only of generic words is left out.

    Examples
    --------
    >>> latin_phrases("1. Input Encoding"), latin_phrases("Final Thoughts")
    (['Input Encoding'], [])
    """
    text = _NUMBERING_RE.sub("", strip_quantities(text).strip())
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
