"""Corrections to the built-in content reach installs made before them, and never
overwrite what an editor changed (aira/builtin.py)."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from library import builtin as library_builtin
from library.models import Article, Topic
from practices import builtin as practices_builtin
from practices.models import Practice, Step

pytestmark = pytest.mark.django_db

# The built-in content as first shipped, before rows kept a fingerprint (its README).
V1 = Path(__file__).parent / "builtin_v1"
EDITORS_PARAGRAPH = "Our clinical lead added this paragraph for our service."


def install_from_v1(*, with_digests):
    """An install whose rows were loaded from the first built-in version: by the loader of
    that time (no fingerprints), or by today's loader (fingerprints of that version)."""
    practices_builtin.load(V1 / "practices")
    library_builtin.load(V1 / "library")
    if not with_digests:
        for model in (Topic, Article, Practice):
            model.objects.update(builtin_digest="")


def load(**kwargs):
    out = StringIO()
    call_command("load_builtin_content", stdout=out, **kwargs)
    return out.getvalue()


def snapshot():
    """What every built-in row says, as the files would put it."""
    return {
        **{("topic", t.slug): library_builtin.topic_digest(t) for t in Topic.objects.all()},
        **{
            ("article", a.slug): library_builtin.article_digest(a)
            for a in Article.objects.select_related("topic", "recommended_practice")
        },
        **{
            ("practice", p.slug): practices_builtin.practice_digest(p, p.steps.all())
            for p in Practice.objects.prefetch_related("steps")
        },
    }


def changed_since_v1(v1_dir, current_dir, pattern):
    """Slugs (file names) whose built-in file differs from the first version's."""
    return {
        path.stem
        for path in v1_dir.glob(pattern)
        if path.read_text(encoding="utf-8") != (current_dir / path.name).read_text(encoding="utf-8")
    }


def added_since_v1(v1_dir, current_dir, pattern):
    """Slugs (file names) of built-in files the first version did not have."""
    return {p.stem for p in current_dir.glob(pattern)} - {p.stem for p in v1_dir.glob(pattern)}


def fresh_install_snapshot():
    Article.objects.all().delete()
    Topic.objects.all().delete()
    Practice.objects.all().delete()
    load()
    return snapshot()


@pytest.mark.parametrize("with_digests", [False, True], ids=["loaded-before", "fingerprinted"])
def test_an_old_install_takes_the_new_text_except_the_article_an_editor_changed(with_digests):
    install_from_v1(with_digests=with_digests)
    edited = Article.objects.get(slug="what-a-panic-attack-is")
    edited.body += f"\n{EDITORS_PARAGRAPH}\n"
    edited.save()
    # Publishing is the editors' choice: it is not an edit of the text, and it stays.
    Practice.objects.filter(slug="box-breathing").update(is_published=False)

    out = load()

    articles = changed_since_v1(
        V1 / "library" / "articles", library_builtin.CONTENT_DIR / "articles", "*.md"
    )
    practices = changed_since_v1(V1 / "practices", practices_builtin.CONTENT_DIR, "*.toml")
    assert {"what-a-panic-attack-is", "stay-safe", "box-breathing"} <= articles | practices
    # Files added since the first version are new rows.
    new_articles = added_since_v1(
        V1 / "library" / "articles", library_builtin.CONTENT_DIR / "articles", "*.md"
    )
    new_practices = added_since_v1(V1 / "practices", practices_builtin.CONTENT_DIR, "*.toml")
    # And the translations, which the first version had none of.
    new_articles |= {p.stem for p in (library_builtin.CONTENT_DIR / "articles" / "es").glob("*")}
    new_practices |= {p.stem for p in (practices_builtin.CONTENT_DIR / "es").glob("*")}
    assert f"articles: {len(new_articles)} new, {len(articles) - 1} updated" in out
    assert f"practices: {len(new_practices)} new, {len(practices)} updated" in out
    assert "Left alone (changed by an editor): what-a-panic-attack-is (articles)" in out
    # The editor's article is exactly as they left it, old sentences and all.
    edited.refresh_from_db()
    assert EDITORS_PARAGRAPH in edited.body
    assert "you are not in danger" in edited.body
    assert not edited.shows_red_flags
    # Everything else now says what a fresh install says.
    updated = snapshot()
    fresh = fresh_install_snapshot()
    del updated[("article", "what-a-panic-attack-is")], fresh[("article", "what-a-panic-attack-is")]
    assert updated == fresh


def test_the_corrections_are_what_people_see_after_the_update(client):
    install_from_v1(with_digests=False)
    Practice.objects.filter(slug="box-breathing").update(is_published=False)

    load()

    stay_safe = Step.objects.filter(practice__slug="stay-safe")
    assert "I am safe" not in stay_safe.get(title="Words to hold on to").text
    assert stay_safe.get(title="This wave will pass").shows_red_flags
    assert not Practice.objects.get(slug="box-breathing").is_published
    assert "air" in Practice.objects.get(slug="box-breathing").description
    html = client.get("/library/what-a-panic-attack-is/").content.decode()
    assert "you are not in danger" not in html
    assert 'class="red-flags' in html


def test_a_second_run_changes_nothing_and_reports_nothing_left_alone():
    install_from_v1(with_digests=False)
    load()
    stamps = {
        "articles": list(Article.objects.values_list("updated_at", flat=True)),
        "practices": list(Practice.objects.values_list("updated_at", flat=True)),
        "steps": list(Step.objects.values_list("pk", flat=True)),
    }

    out = load()

    assert out.splitlines() == [
        "practices: 0 new, 0 updated",
        "topics: 0 new, 0 updated",
        "articles: 0 new, 0 updated",
    ]
    assert stamps == {
        "articles": list(Article.objects.values_list("updated_at", flat=True)),
        "practices": list(Practice.objects.values_list("updated_at", flat=True)),
        "steps": list(Step.objects.values_list("pk", flat=True)),
    }


def test_an_edited_step_keeps_its_whole_practice_as_the_editor_left_it():
    install_from_v1(with_digests=True)
    step = Step.objects.get(practice__slug="stay-safe", position=1)
    step.text = "Our own words for the first step."
    step.save()

    out = load()

    assert "stay-safe (practices)" in out
    steps = Step.objects.filter(practice__slug="stay-safe")
    assert steps.get(position=1).text == "Our own words for the first step."
    assert "I am safe" in steps.get(title="Words to hold on to").text  # still the old text
    assert not steps.filter(shows_red_flags=True).exists()


def test_saving_in_admin_without_changing_anything_is_not_an_edit():
    install_from_v1(with_digests=False)
    # A browser sends text areas with Windows line ends, and the form strips the ends.
    article = Article.objects.get(slug="the-window-of-tolerance")
    article.body = article.body.replace("\n", "\r\n").strip()
    article.save()

    out = load()

    assert "Left alone" not in out
    article.refresh_from_db()
    assert (
        article.body
        == library_builtin.parse_article(
            library_builtin.CONTENT_DIR / "articles" / "the-window-of-tolerance.md"
        )[1]
    )


def test_a_row_an_editor_brought_to_the_new_text_is_simply_up_to_date():
    install_from_v1(with_digests=True)
    new_text = library_builtin.parse_article(
        library_builtin.CONTENT_DIR / "articles" / "the-stress-response.md"
    )[1]
    Article.objects.filter(slug="the-stress-response").update(body=new_text)

    out = load()

    assert "Left alone" not in out
    article = Article.objects.select_related("topic", "recommended_practice").get(
        slug="the-stress-response"
    )
    assert article.body == new_text
    assert article.builtin_digest == library_builtin.article_digest(article)


def test_a_release_that_changes_a_practices_length_recounts_peoples_time_spent(
    tmp_path, user, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from practices.models import PracticeSession, PracticeTotals

    install_from_v1(with_digests=True)
    box = Practice.objects.get(slug="box-breathing")  # 4 minutes in that version
    start = timezone.now() - timedelta(hours=1)
    PracticeSession.objects.create(
        user=user, practice=box, started_at=start, ended_at=start + timedelta(minutes=10),
        finished=True,
    )  # fmt: skip
    release = tmp_path / "practices"
    shutil.copytree(V1 / "practices", release)
    toml = release / "box-breathing.toml"
    toml.write_text(toml.read_text().replace("minutes = 4", "minutes = 6", 1))

    with django_capture_on_commit_callbacks(execute=True):
        outcome = practices_builtin.load(release)

    assert "box-breathing" in outcome["practices"].updated
    totals = PracticeTotals.objects.get(user=user, practice=box)
    assert totals.time_spent == timedelta(minutes=6)
