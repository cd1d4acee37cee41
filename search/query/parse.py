"""From what a user typed to a Whoosh query.

- Syntax people know: words are ANDed, ``"..."`` is a phrase, ``OR``, ``-word`` excludes,
  brackets group; anything the parser cannot use degrades to a plain word search.
- Every word is looked for in ``title``, ``body`` and, when typed without marks, ``folded``
  (no diacritics): ``tuyen giao`` finds ``tuyên giáo``, ``bán`` never finds ``bản``.
- Abbreviations of the trade match their spelled-out form and back (search/knowledge/abbreviations.py).
- Ranking signals lift a match without changing what matches: the words side by side, pyvi's
  whole words (of the accent-restored query too), the directive the query names.
- A phrase of two common syllables is looked up as one term of the ``pairs`` field
  (``"việt nam"`` -> ``pairs:viet_nam`` and both words): no position check in any document.
"""

from whoosh import qparser
from whoosh.query import And, AndMaybe, AndNot, NullQuery, Or, Phrase, Term

from ..analysis.analyzers import normalise_word
from ..analysis.pairs import common_pair
from ..analysis.segmenter import compound_words
from ..knowledge import abbreviations, directives
from ..text import fold, has_diacritics, syllables

# ``-word`` excludes and ``+word`` requires only at the start of a word: hyphens inside
# one (``05-CT/TW``, ``Nagorno-Karabakh``) and a free-standing dash (``kinh tế - xã hội``)
# are text.
OPERATOR_AT_WORD_START = r"(?:(?<=\s)|^){}(?=[^\s\-+])"
# How much each field counts when a query word is found in it. ``folded`` (no
# diacritics) lets ``tuyen giao`` in; it is only searched for syllables typed without
# marks, so ``bán`` never matches ``bản`` or ``bạn`` (see ``_respect_typed_marks``).
FIELD_BOOSTS = {"title": 2.0, "body": 1.0, "folded": 0.3}
WORD_BOOST = 1.5        # pyvi word found as a whole word
DIRECTIVE_BOOST = 4.0   # query names a directive the bulletin cites
ADJACENCY_BOOST = 5.0   # the query's words side by side, in the order typed
OTHER_FORM_BOOST = 0.5  # the other form of an abbreviation (UBND / Ủy ban nhân dân)


class QueryBuilder:
    def __init__(self, schema, restore):
        """``restore(text)``: the text with its diacritics restored, or None (the engine's
        AccentRestorer, built from the index vocabulary)."""
        self._parser = _make_parser(schema)
        self._restore = restore

    def build(self, query: str):
        """The Whoosh query for what the user typed (composed, stripped, within MAX_QUERY_CHARS)."""
        try:
            parsed = self._parser.parse(query)
        except Exception:  # Whoosh's parser is lenient, but a user must never see a traceback
            parsed = NullQuery
        if parsed is NullQuery or not list(parsed.iter_all_terms()):
            parsed = self._plain_words(query)
        parsed = _with_abbreviations(_respect_typed_marks(parsed), query)
        return _pairs_for_phrases(self._with_ranking_signals(parsed, query))

    def _plain_words(self, query: str):
        """Fallback: every syllable of the query, ANDed, ignoring all syntax."""
        words = syllables(query)
        return And([_word_query((s,)) for s in words]) if words else NullQuery

    def _with_ranking_signals(self, parsed, query: str):
        """Add what should lift a match without changing what matches: the query's words
        side by side (a phrase), pyvi's whole words (of the accent-restored query too),
        and the canonical directive when the query names one."""
        if parsed is NullQuery:
            return parsed
        restored = self._restore(query)
        words = {normalise_word(word) for text in (query, restored) if text for word in compound_words(text)}
        boosts = [Term("words", word, boost=WORD_BOOST) for word in sorted(words)]
        boosts += _adjacency_boosts(parsed)
        label = directives.resolve_directive(query)
        if label:  # bulletins that cite it match too, unless the query excludes them
            cited = Term("directive", label, boost=DIRECTIVE_BOOST)
            parsed = (AndNot(Or([parsed.a, cited]), parsed.b) if isinstance(parsed, AndNot)
                      else Or([parsed, cited]))
        return AndMaybe(parsed, Or(boosts)) if boosts else parsed


def _make_parser(schema) -> qparser.QueryParser:
    """Words are ANDed, ``"..."`` is a phrase, ``OR``, ``-word`` excludes, brackets group.

    Field names, wildcards, ranges and boosts are switched off: bulletins are full of
    ``:``, ``*`` and ``^`` that users do not mean as syntax (``Quận Ba Đình: ...``).
    """
    parser = qparser.MultifieldParser(list(FIELD_BOOSTS), schema,
                                      fieldboosts=FIELD_BOOSTS, group=qparser.AndGroup)
    for plugin in (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.RangePlugin,
                   qparser.BoostPlugin, qparser.EveryPlugin, qparser.SingleQuotePlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=OPERATOR_AT_WORD_START.format("\\+"),
                                              minusexpr=OPERATOR_AT_WORD_START.format("-")))
    return parser


def _respect_typed_marks(query):
    """Drop the diacritic-free alternative of a word or phrase the user typed with marks.

    The parser offers every word in ``title``, ``body`` and ``folded``. A syllable typed
    without marks (``giao``) may match any marking; one typed with marks (``diện``) means
    exactly that syllable, otherwise ``giao diện`` would find ``được giao ... diễn``.
    """
    if isinstance(query, Or):
        exact = [sub for sub in query.subqueries if sub.field() in ("title", "body")]
        if exact and all(_typed_with_marks(sub) for sub in exact):
            kept = [sub for sub in query.subqueries if sub.field() != "folded"]
            query = Or(kept, boost=query.boost)
    return query.apply(_respect_typed_marks)


def _typed_with_marks(query) -> bool:
    """True for a term, or a phrase all of whose syllables, carry diacritics."""
    texts = getattr(query, "words", None) or [getattr(query, "text", "")]
    return all(isinstance(text, str) and text and fold(text) != text for text in texts)


# --- abbreviations and adjacency ------------------------------------------------------

def _word_syllables(query) -> tuple[str, ...] | None:
    """The syllables of one typed word or quoted phrase (the parser's alternatives of it
    over the text fields), or None for anything else."""
    if not isinstance(query, Or) or not query.subqueries:
        return None
    spellings = set()
    for sub in query.subqueries:
        if sub.field() not in FIELD_BOOSTS or not isinstance(sub, (Term, Phrase)):
            return None
        if sub.field() != "folded":
            spellings.add((sub.text,) if isinstance(sub, Term) else tuple(sub.words))
    return spellings.pop() if len(spellings) == 1 else None


def _split_alternatives(query: Or) -> list:
    """``UBND OR HĐND`` comes from the parser as one flat ``Or`` of six terms: cut it back
    into one ``Or`` per word (each word's fields come in order, so a repeated field starts
    the next word)."""
    words, fields = [[]], set()
    for sub in query.subqueries:
        if sub.field() in fields:
            words.append([])
            fields = set()
        words[-1].append(sub)
        fields.add(sub.field())
    return [Or(subs) for subs in words]


def _word_query(word: tuple[str, ...], boost: float = 1.0, folded: bool = True):
    """One word (or phrase) searched in every text field, as the parser would."""
    fields = [(name, weight) for name, weight in FIELD_BOOSTS.items() if folded or name != "folded"]
    alternatives = []
    for name, weight in fields:
        texts = [fold(s) for s in word] if name == "folded" else list(word)
        alternatives.append(Term(name, texts[0], boost=weight * boost) if len(texts) == 1
                            else Phrase(name, texts, boost=weight * boost))
    return Or(alternatives)


def _with_abbreviations(query, typed: str):
    """``UBND`` -> ``UBND OR "ủy ban nhân dân"`` and back (see search/knowledge/abbreviations.py).

    The other form is searched exactly (no diacritic-free field: ``TU`` must not find
    ``tư``) and counts less than what was typed, which ranks first.
    """
    if _word_syllables(query) is not None:
        return _expand_run([query], typed)[0]
    if isinstance(query, Or) and all(sub.field() in FIELD_BOOSTS for sub in query.subqueries):
        words = _split_alternatives(query)
        if len(words) > 1 and all(_word_syllables(word) is not None for word in words):
            return Or([_expand_run([word], typed)[0] for word in words], boost=query.boost)
    if isinstance(query, And):
        children = [child if _word_syllables(child) is not None else _with_abbreviations(child, typed)
                    for child in query.subqueries]
        expanded = _expand_run(children, typed)
        return expanded[0] if len(expanded) == 1 else And(expanded, boost=query.boost)
    return query if query.is_leaf() else query.apply(lambda child: _with_abbreviations(child, typed))


def _expand_run(children: list, typed: str) -> list:
    """The children of an ``And`` with each run of words that is an abbreviation, or
    what one stands for, replaced by ``(as typed) OR (the other form)``."""
    words = [_word_syllables(child) for child in children]
    if None in words:  # only runs of plain words are looked at: split around the others
        return _expand_around_others(children, words, typed)
    expanded, position = [], 0
    for run in abbreviations.expansions(words, typed):
        expanded += children[position:run.start]
        as_typed = children[run.start] if run.end - run.start == 1 else And(children[run.start:run.end])
        if run.exact:  # "TU" is Thành ủy, not tư, từ, tự
            as_typed = _word_query(words[run.start], folded=False)
        other = _word_query(run.other, boost=OTHER_FORM_BOOST, folded=False)
        expanded.append(Or([as_typed, other]))
        position = run.end
    return expanded + children[position:]


def _expand_around_others(children, words, typed) -> list:
    expanded, run = [], []
    for child, word_syllables in zip(children, words):
        if word_syllables is None:
            expanded += _expand_run(run, typed) + [child]
            run = []
        else:
            run.append(child)
    return expanded + _expand_run(run, typed)


def _pairs_for_phrases(query):
    """A phrase in a text field whose syllables are all common -> its ``pairs`` terms and
    its words in that field; a phrase of three syllables or more keeps its position check
    too, which then only runs on the bulletins that have every pair.

    ``pairs`` has no diacritics, so ``"bán hàng"`` finds a bulletin that says ``bán`` and
    ``hàng`` and, side by side, ``bàn hàng``: rare, and the price of no position check.
    """
    if isinstance(query, Phrase) and query.fieldname in FIELD_BOOSTS:
        side_by_side = _pairs_and_words(query.fieldname, query.words)
        if side_by_side:
            exact = [Phrase(query.fieldname, query.words)] if len(query.words) > 2 else []
            return And(side_by_side + exact, boost=query.boost)
    return query if query.is_leaf() else query.apply(_pairs_for_phrases)


def _pairs_and_words(fieldname: str, words) -> list | None:
    """``pairs`` terms for each two consecutive words and a term for each word, or None
    if a pair is not indexed (a syllable that is not common)."""
    pairs = [common_pair(first, second) for first, second in zip(words, words[1:])]
    if not pairs or None in pairs:
        return None
    return [Term("pairs", pair) for pair in pairs] + [Term(fieldname, word) for word in words]


def _adjacency_boosts(parsed) -> list:
    """The query's consecutive plain words side by side: a bulletin with them together
    ranks above one where they are scattered (``bao cao vien`` -> ``báo cáo viên``).
    Only a signal, so common words are found by their pairs with no position check."""
    top = parsed.a if isinstance(parsed, AndNot) else parsed
    if not isinstance(top, And):
        return []
    boosts, run = [], []
    for child in list(top.subqueries) + [None]:
        word = _word_syllables(child) if child is not None else None
        if word is not None:
            run.extend(word)
            continue
        if len(run) > 1:  # typed without any mark: side by side in any marking
            field = "body" if any(has_diacritics(s) for s in run) else "folded"
            side_by_side = _pairs_and_words(field, run)
            boosts.append(And(side_by_side, boost=ADJACENCY_BOOST) if side_by_side
                          else Phrase(field, run, boost=ADJACENCY_BOOST))
        run = []
    return boosts
