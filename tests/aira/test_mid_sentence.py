import pytest

from aira.templatetags.aira_tags import mid_sentence


@pytest.mark.parametrize(
    ("title", "in_a_sentence"),
    [
        ("The double sigh", "the double sigh"),
        ("Box breathing", "box breathing"),
        ("A slow way out", "a slow way out"),
        ("5-4-3-2-1 grounding", "5-4-3-2-1 grounding"),
        # Names and abbreviations keep their capitals.
        ("SOS breathing", "SOS breathing"),
        ("McKenzie stretches", "McKenzie stretches"),
        ("Jacobson's relaxation", "Jacobson's relaxation"),
        ("I am here", "I am here"),
        ("Calm Breath", "Calm Breath"),
        ("", ""),
    ],
)
def test_a_title_inside_a_sentence_loses_only_its_first_capital(title, in_a_sentence):
    assert mid_sentence(title) == in_a_sentence
