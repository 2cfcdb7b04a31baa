import re
from io import StringIO

import pytest
from django.core.management import call_command

from library import builtin
from library.models import Article, Topic

pytestmark = pytest.mark.django_db


# The Spanish translations shipped beside them (however many there are yet).
SPANISH = len(list((builtin.CONTENT_DIR / "articles" / "es").glob("*.md")))


def created_counts(outcomes):
    return {label: len(outcome.created) for label, outcome in outcomes.items()}


def test_loads_seventeen_published_articles_in_six_topics():
    outcomes = builtin.load()

    assert created_counts(outcomes) == {"topics": 6, "articles": 17 + SPANISH}
    assert Topic.objects.count() == 6
    assert Article.objects.published().filter(language="en").count() == 17
    assert Article.objects.published().filter(language="es").count() == SPANISH
    assert Topic.objects.with_published_counts().count() == 6


def test_built_in_articles_are_complete_and_safe():
    builtin.load()
    for article in Article.objects.all():
        words = len(article.body.split())
        # Spanish takes about a tenth more words than English to say the same.
        longest = {"en": 1000, "es": 1150}[article.language]
        assert 400 <= words <= longest, (article.slug, words)
        assert article.summary and article.title
        assert article.body_html.startswith("<p>")
        assert "<h2 id=" in article.body_html
        assert article.reading_minutes >= 2
        assert "+++" not in article.body


def test_a_second_run_changes_nothing():
    builtin.load()
    before = {a.slug: a.updated_at for a in Article.objects.all()}
    outcomes = builtin.load()
    assert all(not (o.created or o.updated or o.left_alone) for o in outcomes.values())
    assert {a.slug: a.updated_at for a in Article.objects.all()} == before


def test_an_editors_changes_survive_a_later_run():
    builtin.load()
    article = Article.objects.get(slug="what-a-panic-attack-is")
    article.title = "Panic, explained by our editor"
    article.status = Article.Status.DRAFT
    article.save()
    topic = Topic.objects.get(slug="panic")
    topic.name = "Panic attacks"
    topic.save()

    outcomes = builtin.load()

    assert outcomes["articles"].left_alone == ["what-a-panic-attack-is"]
    assert outcomes["topics"].left_alone == ["panic"]
    article.refresh_from_db()
    topic.refresh_from_db()
    assert article.title == "Panic, explained by our editor"
    assert article.status == Article.Status.DRAFT
    assert topic.name == "Panic attacks"


def test_a_deleted_article_comes_back_but_nothing_else_changes():
    builtin.load()
    # With its translations, which cannot outlive it (translation_of).
    deleted = Article.objects.filter(slug="sleep-and-anxiety") | Article.objects.filter(
        translation_of__slug="sleep-and-anxiety"
    )
    slugs = sorted(deleted.values_list("slug", flat=True))
    deleted.delete()
    outcomes = builtin.load()
    assert sorted(outcomes["articles"].created) == slugs
    assert created_counts(outcomes) == {"topics": 0, "articles": len(slugs)}
    assert not outcomes["articles"].updated


def test_articles_link_to_their_practice_when_it_already_exists(make_practice):
    make_practice("extended-exhale", title="Longer out-breath")
    builtin.load()
    assert Article.objects.get(slug="breathing-and-anxiety").recommended_practice.slug == (
        "extended-exhale"
    )
    # A practice that does not exist (yet) leaves the link empty rather than failing.
    assert Article.objects.get(slug="sleep-and-anxiety").recommended_practice is None


def test_the_management_command_reports_what_it_created():
    out = StringIO()
    call_command("load_builtin_content", stdout=out)
    assert "topics: 6 new" in out.getvalue()
    assert f"articles: {17 + SPANISH} new" in out.getvalue()
    assert Article.objects.published().count() == 17 + SPANISH


def test_front_matter_errors_name_the_file(tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_text('+++\ntitle = "No end"\n\nBody')
    with pytest.raises(ValueError, match=r"broken\.md"):
        builtin.parse_article(broken)
    missing = tmp_path / "missing.md"
    missing.write_text('+++\ntitle = "Only a title"\n+++\nBody')
    with pytest.raises(ValueError, match=r"missing\.md: front matter lacks slug, summary, topic"):
        builtin.parse_article(missing)


def test_links_between_built_in_articles_lead_somewhere():
    builtin.load()
    slugs = set(Article.objects.values_list("slug", flat=True))
    for article in Article.objects.all():
        for slug in re.findall(r'href="/library/([^"/]+)/"', article.body_html):
            assert slug in slugs, (article.slug, slug)
