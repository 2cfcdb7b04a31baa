"""Built-in articles are written in plain language: a Flesch reading ease of 60 or more
("plain English"; 60-70 reads easily for most 13- to 15-year-olds)."""

import re

import pytest
from django.utils.html import strip_tags

from library import builtin
from library.rendering import render_markdown

ARTICLES = sorted((builtin.CONTENT_DIR / "articles").glob("*.md"))
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
