"""The speed-ups keep presidio's results: keywords, context scores and the analyzer's output are unchanged."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

import pytest
from presidio_analyzer import AnalyzerEngine, EntityRecognizer
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from tests.synth.report_corpus import generate_report_corpus
from app.text.allow_list import _CLOCK_FACE, CLINICAL_PATTERNS
from app.text.context import FastLemmaContextEnhancer
from app.text.nlp import TokenArtifacts, TokenizerNlpEngine
from app.text.recognizers._base import Anchor, _anchor_hits, _regex_hits
from app.text.recognizers._tokens import _eponyms, is_eponym, word_token
from app.text import scanner as scanner_module
from app.text.scanner import TRIALS, Scanner, gate_pays
from app.text.registry import build_analyzer, build_registry

REPORTS = [r["text"] for r in generate_report_corpus(25, 404)]


@pytest.fixture(scope="module")
def nlp() -> TokenizerNlpEngine:
    engine = TokenizerNlpEngine()
    engine.load()
    return engine


def _results(analyzer: AnalyzerEngine, text: str) -> list[tuple]:
    found = analyzer.analyze(text, language="en", score_threshold=0.4)
    return sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in found)


def test_keywords_are_presidios(nlp):
    for text in REPORTS[:5]:
        artifacts = nlp.process_text(text, "en")
        assert isinstance(artifacts, TokenArtifacts)
        assert artifacts.keywords == NlpArtifacts.set_keywords(nlp, artifacts.lemmas, "en")
        assert [t.text for t in artifacts.tokens] == artifacts.words  # the spaCy Doc is still there on demand


def test_same_results_as_stock_presidio(nlp):
    stock = AnalyzerEngine(registry=build_registry(), nlp_engine=nlp, supported_languages=["en"],
                           context_aware_enhancer=LemmaContextAwareEnhancer())
    fast = build_analyzer()
    assert isinstance(fast.context_aware_enhancer, FastLemmaContextEnhancer)
    for text in REPORTS:
        assert _results(fast, text) == _results(stock, text)


def test_context_words_raise_scores_as_in_presidio(nlp):
    stock = AnalyzerEngine(registry=build_registry(), nlp_engine=nlp, supported_languages=["en"],
                           context_aware_enhancer=LemmaContextAwareEnhancer())
    text = ("The mrn on file, 123456, was checked. Lungs clear, heart normal, small effusion, stable nodule, "
            "no fracture. Unrelated 654321 here.")
    fast = _results(build_analyzer(), text)
    assert fast == _results(stock, text)
    # A bare six-digit run scores below the threshold unless a context word ("mrn") is near it.
    assert [text[start:end] for _, start, end, _ in fast] == ["123456"]


def _presidio_pick(artifacts: TokenArtifacts, start: int, before: int, after: int) -> list[str]:
    """The keywords presidio's enhancer takes around `start`, picked from the whole token list as it does."""
    words, starts = artifacts.words, artifacts.tokens_indices
    if not words:
        return [""]
    index = max(bisect_right(starts, start) - 1, 0)
    if start >= starts[index] + len(words[index]) and index + 1 < len(starts):
        index += 1
    positions = artifacts.keyword_positions
    upto, onward = bisect_right(positions, index), bisect_left(positions, index)
    chosen = positions[max(0, upto - before - 1):upto] + positions[onward:onward + after + 1]
    return sorted({artifacts.lemmas[i] for i in chosen})


def test_keywords_near_a_place_are_those_presidio_picks_from_all_tokens(nlp):
    """At every place of a text (in a word, on punctuation, in blanks, past the end) with several counts each side."""
    texts = (*REPORTS[:3], "", "  \n ", "MRN:", "the of and", "x\t \n the", "  Dr. Ada__Lo, (MRN_ 123) __ seen ",
             "the the the the the the the the alpha-beta gamma", "Über Çelik: größe")
    for text in texts:
        for before, after in ((5, 0), (2, 1), (0, 3)):
            for start in range(len(text) + 1):
                near = nlp.process_text(text, "en").keywords_near(start, before, after)
                assert sorted(near) == _presidio_pick(nlp.process_text(text, "en"), start, before, after), (text, start)


# Synthetic lines that the look-behind anchors (phones, postcodes, dotted and ranged times, plots) hit.
ANCHOR_LINES = (
    "Call 020 7946 0958 or (02) 9876 5432, mobile 0412345678; scanned 0915-0940, signed at 14.35.\n"
    "Plot no 12, Ring Road, Leeds LS1 4AP; Ottawa K1A 0B6; Apt 4B, 12 Main St; 1800 123 456 ext 12.\n"
)


def test_anchor_expressions_find_what_the_standard_engine_finds():
    """Each anchor expression hits where `re` hits, by either engine its scanner may choose."""
    expressions = {(anchor.regex, anchor.case_sensitive)
                   for recognizer in build_analyzer().registry.recognizers
                   for _, _, anchor, *_ in getattr(recognizer, "_compiled", ())
                   if anchor is not None and anchor.regex is not None}
    assert any(expression.startswith("(?<") for expression, _ in expressions)
    for text in (*REPORTS, ANCHOR_LINES, ANCHOR_LINES.upper()):
        for expression, case_sensitive in expressions:
            scanned = text if case_sensitive else text.lower()
            expected = tuple(m.span() for m in re.finditer(expression, scanned, re.MULTILINE))
            assert _regex_hits(text, expression, case_sensitive) == expected, expression
            for engine in Scanner(expression, ignore_case=False).engines:
                assert engine(scanned) == expected, expression


def test_patterns_scanned_by_the_fastest_engine_find_what_regex_finds():
    """A pattern without an anchor that the standard engine reads is scanned by the fastest engine: on ASCII text
    every engine finds the matches `regex` finds."""
    scanned = [(compiled, scanner) for recognizer in build_analyzer().registry.recognizers
               for _, compiled, anchor, _, scanner, *_ in getattr(recognizer, "_compiled", ())
               if anchor is None and scanner is not None]
    assert len(scanned) >= 20
    for text in (*REPORTS, ANCHOR_LINES, ANCHOR_LINES.upper()):
        for compiled, scanner in scanned:
            expected = tuple(m.span() for m in compiled.finditer(text))
            for engine in scanner.engines:
                assert engine(text) == expected, compiled.pattern


def test_clinical_patterns_find_what_the_standard_engine_finds():
    """The allow-list's case-insensitive patterns hit where `re` hits, by either engine."""
    lines = "Series 4 IMAGE 12, C5-C6, 3.1 x 2 CM, BI-RADS 4A, LUNG-RADS 3, (4:112), mass at 10:00 in the left breast"
    for expression in (*(p for p, _ in CLINICAL_PATTERNS), _CLOCK_FACE):
        for text in (*REPORTS, lines, lines.lower()):
            expected = tuple(m.span() for m in re.finditer(expression, text, re.IGNORECASE))
            for engine in Scanner(expression, ignore_case=True).engines:
                assert engine(text) == expected, expression


def test_scanner_reads_text_with_letters_the_engines_fold_apart_by_the_standard_engine():
    scanner = Scanner(r"\bimage[ \t]*\d+", ignore_case=True)
    for _ in range(12):  # before and after it has chosen an engine
        assert scanner.spans("Image 3 and ımage 5") == ((0, 7), (12, 19))


def test_scanner_reads_text_beyond_ascii_by_the_standard_engine_whatever_it_chose():
    """A combining accent is a word character to `regex` only: the standard engine's reading is the one kept."""
    scanner = Scanner(r"\bJose\b", ignore_case=False)
    report = "Report text of a length worth timing, read by Jose Ortiz. " * 8
    for _ in range(8):
        scanner.spans(report)
    scanner.chosen = scanner.engines[1]  # as if `regex` had proved faster
    decomposed = "Read by Jose\u0301 Ortiz."
    assert scanner.spans(decomposed) == tuple(m.span() for m in re.finditer(r"\bJose\b", decomposed))
    assert scanner.spans(decomposed) != scanner.engines[1](decomposed)


def test_word_anchor_met_after_a_report_was_indexed_still_finds_its_words():
    text = "Reviewed with the zebra keeper. The Yak keeper agreed."
    assert _anchor_hits(text, Anchor(words="zebra")) == [(18, 23)]
    # Anchor hits for all known word anchors are gathered once per report: a new anchor must not miss them.
    assert _anchor_hits(text, Anchor(words="yak keeper")) == [(24, 30), (36, 39), (40, 46)]
    assert _anchor_hits(text, Anchor(words="keeper", capital_before=True)) == [(40, 46)]


def test_scanner_chooses_its_engine_on_report_length_texts_only():
    scanner = Scanner(r"\d{5}", ignore_case=False)
    for _ in range(20):
        assert scanner.spans("Seen at 02139.") == ((8, 13),)  # a descriptor: never timed
    assert scanner.chosen is None
    report = "Report text of a length worth timing. " * 12 + "ZIP 02139."
    for _ in range(8):
        assert scanner.spans(report) == ((len(report) - 6, len(report) - 1),)
    assert scanner.chosen in scanner.engines


@pytest.mark.parametrize(("gate_spent", "closed", "scan_spent", "pays"), [
    (10, 4, 80, True),  # four texts of eight spared, at 10 a scan, for 10 in all: worth it
    (40, 4, 80, False),  # the same spared scans, for as much as they cost
    (5, 0, 80, False),  # every text held one of the strings: the gate spared nothing
])
def test_a_gate_pays_only_when_it_spares_more_scanning_than_it_costs(gate_spent, closed, scan_spent, pays):
    assert TRIALS == 8
    assert gate_pays(gate_spent, closed, scan_spent) is pays


@pytest.mark.parametrize("pays", [True, False])
def test_a_scanner_finds_the_same_with_its_gate_kept_or_dropped(monkeypatch, pays):
    """The trials decide whether the gate stays (timed, so decided here); either way a text without its strings holds
    no match, and one with them the same matches."""
    monkeypatch.setattr(scanner_module, "gate_pays", lambda *timings: pays)
    scanner = Scanner(r"(?<![\w-])\d{5}[ \t]+ZIP", ignore_case=False)
    holding = "Report text of a length worth timing. " * 12 + "Mailed to 02139 ZIP."
    without = "Report text of a length worth timing, with no postal code at all. " * 8
    expected = {holding: ((len(holding) - 10, len(holding) - 1),), without: ()}
    for text in (holding, without) * (TRIALS // 2):
        assert scanner.spans(text) == expected[text]
    assert scanner.chosen is not None and (scanner._needs is not None) is pays
    for text in (holding, without, "02139 ZIP"):
        assert scanner.spans(text) == expected.get(text, ((0, 9),))


def test_recognizers_are_offered_the_entities_presidio_offers():
    """The report path offers every recognizer the entities of the registry's recognizers, as presidio does, and
    not those only an ad-hoc recognizer supports."""
    offered: list[list[str]] = []

    class Recording(EntityRecognizer):
        def load(self) -> None:
            """Nothing to load."""

        def analyze(self, text, entities, nlp_artifacts=None):
            offered.append(entities)
            return []

    analyzer = build_analyzer()
    analyzer.analyze("Seen by Dr. Lee.", language="en", score_threshold=0.4,
                     ad_hoc_recognizers=[Recording(supported_entities=["AD_HOC_ONLY"])])
    assert sorted(offered[0]) == sorted(analyzer.get_supported_entities(language="en"))
    assert "PERSON" in offered[0] and "AD_HOC_ONLY" not in offered[0]


def test_every_eponym_of_the_allow_list_is_known_as_one_however_written():
    # is_eponym answers "no" for any word not classified clinical, without looking the word up.
    for eponym in sorted(_eponyms()):
        for written in (eponym.title(), eponym.upper(), eponym, eponym.title() + "'s"):
            for line in (f"Seen with {written} today", written.upper()):
                start = line.index(written) if written in line else line.index(written.upper())
                token = word_token(line, start, start + len(written))
                assert is_eponym(token), (eponym, line)
