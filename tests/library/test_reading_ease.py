"""Built-in articles are written in plain language: a Flesch reading ease of 60 or more
("plain English"; 60-70 reads easily for most 13- to 15-year-olds), and for the Spanish
ones a Fernández Huerta score of 60 or more (its Spanish adaptation, on the same scale)."""

import itertools
import re
from pathlib import Path

import pytest
from django.utils.html import strip_tags

from library import builtin
from library.rendering import render_markdown

ARTICLES = sorted((builtin.CONTENT_DIR / "articles").glob("*.md"))
# The shipped Spanish articles (however many there are yet) and the tests' own.
SPANISH_ARTICLES = sorted(
    [
        *(builtin.CONTENT_DIR / "articles" / "es").glob("*.md"),
        *(Path(__file__).resolve().parents[1] / "fixtures" / "content_es" / "articles").glob(
            "*.md"
        ),
    ]
)
# The articles about facing panic (issue 17): avoidance, sensations, situations.
EXPOSURE_ARTICLES = {
    "letting-go-of-safety-behaviours",
    "facing-sensations-on-purpose",
    "a-ladder-for-places-and-situations",
}


def syllables(word):
    """An estimate for English: groups of vowels, less a silent final e (the usual
    heuristic of readability checkers; close enough over a whole article)."""
    word = word.lower()
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


def reading_ease(text):
    # Sentences end at . ! or ?; a list item, table row or heading (its own line)
    # reads as a sentence of its own too.
    sentences = [s for s in re.split(r"[.!?]+|\n", text) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z][A-Za-z']*", text)
    syllable_count = sum(syllables(w) for w in words)
    return 206.835 - 1.015 * len(words) / len(sentences) - 84.6 * syllable_count / len(words)


STRONG_VOWELS = set("aeoáéó")
STRESSED_WEAK = set("íú")  # an accent breaks the diphthong: "dí-a", "ba-úl"


def syllables_es(word):
    """Syllables of a Spanish word: one per group of vowels, plus one where two strong
    vowels meet ("le-er") or a stressed i or u stands beside another vowel ("dí-a");
    an unstressed i or u with another vowel is one syllable ("bien", "cuan-do")."""
    count = 0
    for group in re.findall(r"[aeiouáéíóúü]+", word.lower()):
        count += 1
        for first, second in itertools.pairwise(group):
            both_strong = first in STRONG_VOWELS and second in STRONG_VOWELS
            if both_strong or first in STRESSED_WEAK or second in STRESSED_WEAK:
                count += 1
    return max(count, 1)


def reading_ease_es(text):
    """Fernández Huerta's score, as readability checkers compute it (textstat's
    fernandez_huerta): 206.84 - 60 * syllables per word - 1.02 * words per sentence."""
    letters = "A-Za-zÁÉÍÓÚÜÑáéíóúüñ"
    sentences = [s for s in re.split(r"[.!?…]+|\n", text) if re.search(f"[{letters}]", s)]
    words = re.findall(f"[{letters}]+", text)
    syllable_count = sum(syllables_es(w) for w in words)
    return 206.84 - 60 * syllable_count / len(words) - 1.02 * len(words) / len(sentences)


def article_text(path):
    _, body = builtin.parse_article(path)
    return strip_tags(render_markdown(body))


def test_the_scorer_tells_plain_from_dense_text():
    assert reading_ease("The cat sat on the mat. It was warm. We had tea.") > 90
    dense = (
        "Interoceptive conditioning mechanisms potentially perpetuate catastrophic "
        "misinterpretations of physiological sensations, necessitating systematic "
        "habituation through graduated, deliberately provoked symptom induction."
    )
    assert reading_ease(dense) < 0


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_built_in_article_reads_easily(path):
    assert reading_ease(article_text(path)) >= 60, path.stem


def test_the_spanish_scorer_counts_syllables_and_tells_plain_from_dense_text():
    assert [syllables_es(w) for w in ("respiración", "día", "cuando", "leer", "calma")] == [
        4,
        2,
        2,
        2,
        2,
    ]
    assert reading_ease_es("Respira despacio. Suelta el aire. Mira a tu alrededor.") > 60
    dense = (
        "Los mecanismos de condicionamiento interoceptivo perpetúan potencialmente "
        "interpretaciones catastróficas de sensaciones fisiológicas, requiriendo una "
        "habituación sistemática mediante inducción deliberada y graduada de síntomas."
    )
    assert reading_ease_es(dense) < 30


def test_the_spanish_articles_include_the_tests_own():
    assert any("fixtures" in str(path) for path in SPANISH_ARTICLES)


@pytest.mark.parametrize("path", SPANISH_ARTICLES, ids=lambda p: p.stem)
def test_every_spanish_article_reads_easily(path):
    assert reading_ease_es(article_text(path)) >= 60, path.stem


def test_the_three_exposure_articles_are_built_in():
    assert {p.stem for p in ARTICLES} >= EXPOSURE_ARTICLES


def test_the_situations_article_has_a_ladder_to_print_and_fill_in(db):
    builtin.load()
    from library.models import Article

    html = Article.objects.get(slug="a-ladder-for-places-and-situations").body_html
    printable = html[html.index('id="section-your-printable-ladder"') :]
    assert printable.count("<table") == 1
    table = printable[: printable.index("</table>")]
    assert table.count("<tr>") == 11  # the header and ten rungs, to write on
    assert "10 (hardest)" in table and "1 (easiest)" in table


def test_the_exposure_articles_name_the_emergencies_and_the_doctor():
    for path in ARTICLES:
        if path.stem in EXPOSURE_ARTICLES:
            text = " ".join(article_text(path).split())
            assert "call your emergency number" in text.lower(), path.stem
    sensations = " ".join(
        article_text(builtin.CONTENT_DIR / "articles" / "facing-sensations-on-purpose.md").split()
    )
    assert "talk to your doctor before you try them" in sensations
    assert "not during a panic attack" in sensations.lower()
