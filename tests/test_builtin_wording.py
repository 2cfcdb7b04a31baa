"""The built-in content says only what we can know to be true (issue 12's clinical review):
no promise of safety, no stigmatising words, cautions where a technique is taught."""

import re
import tomllib
import uuid
from html import unescape
from pathlib import Path

import pytest

from library import builtin as library_builtin
from practices import builtin as practices_builtin
from practices.models import Practice

ROOT = Path(__file__).resolve().parents[1]
BUILT_IN_FILES = sorted(
    [
        # Every language: rglob reaches the es/ subfolders.
        *(ROOT / "library" / "content").rglob("*.md"),
        *(ROOT / "library" / "content").rglob("*.toml"),
        *(ROOT / "practices" / "content").rglob("*.toml"),
        # The Spanish files the tests load (tests/aira/test_builtin_languages.py).
        *(ROOT / "tests" / "fixtures" / "content_es").rglob("*.*"),
    ]
)

# Said as facts to someone who may be in a medical emergency, or simply untrue.
NEVER_SAID = [
    "you are safe",
    "you're safe",
    "i am safe",
    "i'm safe",
    "not in danger",
    "send you mad",
    "go mad",
    # Panic is far worse than that.
    "very uncomfortable",
    # Checking the exits keeps fear going: it is never taught as calming.
    "find the way out",
    "the way out",
    "exits",
    "an exit you have chosen",
    # The crisis page's graded wording is "might act on thoughts of ending your life".
    "thinking about ending your life",
    # The same promises in Spanish ("you are safe", "you will be cured", "nothing is
    # going to happen to you", "you are not in danger").
    "estás a salvo",
    "estas a salvo",
    "te vas a curar",
    "no te va a pasar nada",
    "no estás en peligro",
    "no corres peligro",
]


def flattened(text):
    return " ".join(text.split()).lower().replace("\u2019", "'")


def never_said_in(text):
    """The NEVER_SAID phrases in `text`, as whole words ("every uncomfortable" is fine)."""
    text = flattened(text)
    return [phrase for phrase in NEVER_SAID if re.search(rf"\b{re.escape(phrase)}\b", text)]


def test_the_built_in_files_are_all_checked():
    assert len(BUILT_IN_FILES) >= 14 + 13 + 1
    spanish = [path for path in BUILT_IN_FILES if "es" in path.parent.parts[-1:]]
    shipped_spanish = [
        *(ROOT / "library" / "content" / "articles" / "es").glob("*.md"),
        *(ROOT / "practices" / "content" / "practices" / "es").glob("*.toml"),
    ]
    assert len(spanish) >= len(shipped_spanish)
    assert any("content_es" in str(path) for path in BUILT_IN_FILES)


@pytest.mark.parametrize(
    "text",
    [
        "Respira. Estás a salvo.",
        "Con el tiempo te vas a curar del todo.",
        "Tranquila, no te va a pasar nada.",
        "NO ESTÁS EN PELIGRO",
    ],
)
def test_the_spanish_promises_are_caught_whatever_their_case(text):
    assert never_said_in(text)


def test_spanish_words_that_merely_contain_a_phrase_pass():
    # "salvo" as "except", "peligro" named as something to act on.
    assert not never_said_in("Todo salvo el pecho. Si hay peligro, llama al 112.")


@pytest.mark.parametrize("path", BUILT_IN_FILES, ids=lambda p: p.name)
def test_no_built_in_text_promises_what_we_cannot_know(path):
    said = never_said_in(path.read_text(encoding="utf-8"))
    assert said == [], f"{path.relative_to(ROOT)} says {said}"


def practice_file(slug):
    return tomllib.loads((practices_builtin.CONTENT_DIR / f"{slug}.toml").read_text())


def practice_words(slug):
    data = practice_file(slug)
    parts = [data["title"], data["tagline"], data["description"]]
    parts += [part for step in data["steps"] for part in (step["title"], step["text"])]
    return flattened(" ".join(parts))


def test_the_double_sigh_tops_up_and_never_holds_or_pauses():
    words = practice_words("physiological-sigh")
    assert "top up" in words
    assert not re.search(r"\b(hold|holding|pause|pausing)\b", words)
    assert "quick" not in words  # no promise of speed beyond what studies show


def test_box_breathing_warns_about_the_holds():
    description = flattened(practice_file("box-breathing")["description"])
    assert "not getting enough air" in description and "panic" in description
    assert "lung or heart condition" in description and "pregnant" in description
    assert "skip the holds" in description


def test_muscle_relaxation_says_to_keep_breathing_and_cares_for_pregnancy():
    data = practice_file("progressive-muscle-relaxation")
    assert "keep breathing while you tense" in flattened(data["description"])
    assert "relaxing can itself feel strange" in flattened(data["description"])
    stomach = next(step for step in data["steps"] if step["title"] == "Stomach")
    assert "pregnant" in stomach["text"]
    # Tension is kept, the breath never held.
    assert not re.search(r"\bhold for\b", practice_words("progressive-muscle-relaxation"))


def test_the_sleep_body_scan_offers_open_eyes_skipping_the_chest_and_stopping():
    words = practice_words("sleep-body-scan")
    assert "keep them open" in words
    chest = next(
        s for s in practice_file("sleep-body-scan")["steps"] if s["title"].startswith("Chest")
    )
    assert "skip this part" in chest["text"]
    assert "stop at any time" in words


def test_the_breathing_article_leads_with_the_longer_out_breath():
    meta, body = library_builtin.parse_article(
        library_builtin.CONTENT_DIR / "articles" / "breathing-and-anxiety.md"
    )
    assert meta["practice"] == "extended-exhale"
    assert body.index("## Start with a longer out-breath") < body.index("## Box breathing")


def test_after_a_panic_attack_fades_out_comfort_objects_and_companions():
    _, body = library_builtin.parse_article(
        library_builtin.CONTENT_DIR / "articles" / "after-a-panic-attack.md"
    )
    assert "Fading them out gradually" in body
    assert "usually signs of a body recovering" in body


@pytest.mark.django_db
def test_no_stay_safe_step_promises_safety_and_the_second_names_the_emergencies(client):
    practices_builtin.load()
    practice = Practice.objects.get(slug="stay-safe")
    session_id = uuid.uuid4()
    client.post("/practices/stay-safe/begin/", {"session_id": session_id, "skip_rating": "on"})
    steps = practice.steps.count()
    for number in range(1, steps + 1):
        html = client.get(
            f"/practices/stay-safe/s/{session_id}/step/{number}/", HTTP_ACCEPT_LANGUAGE="en-GB"
        ).content.decode()
        assert f"Step {number} of {steps}" in html
        # The step itself: the site's header and footer are not built-in content.
        html = unescape(html[html.index('<section id="player"') : html.index("</section>")])
        said = never_said_in(html)
        assert said == [], f"step {number} says {said}"
        shows_red_flags = 'class="red-flags' in html
        assert shows_red_flags == (number == 2), number
        if number == 2:
            assert "This wave will pass" in html
            assert re.search(r'<details class="red-flags[^"]*" id="red-flags" open>', html)
            assert 'href="tel:999"' in html
