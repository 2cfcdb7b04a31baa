"""The built-in loader reads every language it ships: English at the top of each content
folder, Spanish in its `es/` subfolder, each translation linked to its English original.
These tests use the real English files and the small Spanish ones under
tests/fixtures/content_es/, so they hold whatever translations the content folders have."""

import shutil
from pathlib import Path

import pytest

from library import builtin as library_builtin
from library.models import Article, Topic
from practices import builtin as practices_builtin
from practices.models import Practice

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content_es"


@pytest.fixture
def content(tmp_path):
    """Copies of the English content folders, with the fixture translations in es/."""
    practices = tmp_path / "practices"
    practices.mkdir()
    for path in practices_builtin.CONTENT_DIR.glob("*.toml"):
        shutil.copy(path, practices)
    shutil.copytree(FIXTURES / "practices", practices / "es")

    library = tmp_path / "library"
    (library / "articles").mkdir(parents=True)
    shutil.copy(library_builtin.CONTENT_DIR / "topics.toml", library)
    for path in (library_builtin.CONTENT_DIR / "articles").glob("*.md"):
        shutil.copy(path, library / "articles")
    shutil.copytree(FIXTURES / "articles", library / "articles" / "es")
    return {"practices": practices, "library": library}


def load(content):
    return {
        **practices_builtin.load(content["practices"]),
        **library_builtin.load(content["library"]),
    }


def test_spanish_files_load_linked_to_their_english_originals(content):
    outcomes = load(content)

    assert "prueba-respiracion-en-caja" in outcomes["practices"].created
    assert "prueba-respirar-con-calma" in outcomes["articles"].created
    caja = Practice.objects.get(slug="prueba-respiracion-en-caja")
    box = Practice.objects.get(slug="box-breathing")
    assert (caja.language, caja.translation_of, caja.is_published) == ("es", box, True)
    assert caja.order == box.order  # in its original's place in the list
    # Same steps and timings as the original, in Spanish.
    assert [(s.kind, s.inhale_seconds, s.cycles, s.duration_seconds) for s in caja.steps.all()] == [
        (s.kind, s.inhale_seconds, s.cycles, s.duration_seconds) for s in box.steps.all()
    ]
    assert caja.steps.first().title == "Ponte cómodo"

    article = Article.objects.get(slug="prueba-respirar-con-calma")
    assert article.language == "es"
    assert article.translation_of.slug == "breathing-and-anxiety"
    assert article.is_public
    # Its front matter names the English practice: the Spanish version is offered.
    assert article.recommended_practice == caja


def test_english_rows_stay_english_originals(content):
    load(content)
    english = Article.objects.filter(language="en")
    assert english.count() == len(list((content["library"] / "articles").glob("*.md")))
    assert not english.filter(translation_of__isnull=False).exists()
    assert not Practice.objects.filter(language="en", translation_of__isnull=False).exists()


def test_a_second_run_changes_nothing(content):
    load(content)
    before = {a.slug: a.updated_at for a in Article.objects.all()}
    practices_before = {p.slug: p.updated_at for p in Practice.objects.all()}

    outcomes = load(content)

    assert all(not (o.created or o.updated or o.left_alone) for o in outcomes.values())
    assert {a.slug: a.updated_at for a in Article.objects.all()} == before
    assert {p.slug: p.updated_at for p in Practice.objects.all()} == practices_before


def test_an_editors_change_to_a_translation_is_kept_and_reported(content):
    load(content)
    Article.objects.filter(slug="prueba-respirar-con-calma").update(title="Respirar, de otra forma")
    caja = Practice.objects.get(slug="prueba-respiracion-en-caja")
    caja.steps.filter(position=1).update(text="Cambiado por el equipo.")

    outcomes = load(content)

    assert outcomes["articles"].left_alone == ["prueba-respirar-con-calma"]
    assert outcomes["practices"].left_alone == ["prueba-respiracion-en-caja"]
    assert Article.objects.get(slug="prueba-respirar-con-calma").title == "Respirar, de otra forma"
    assert caja.steps.get(position=1).text == "Cambiado por el equipo."
    # The English originals were not touched by the translations' edits.
    assert not outcomes["articles"].updated and not outcomes["practices"].updated


def test_a_corrected_translation_reaches_an_untouched_row(content):
    load(content)
    path = content["library"] / "articles" / "es" / "prueba-respirar-con-calma.md"
    path.write_text(path.read_text().replace("Respirar con calma", "Respirar con más calma"))

    outcomes = load(content)

    assert outcomes["articles"].updated == ["prueba-respirar-con-calma"]
    assert Article.objects.get(slug="prueba-respirar-con-calma").title == "Respirar con más calma"


def test_a_translation_of_an_unknown_article_fails_naming_the_file(content):
    path = content["library"] / "articles" / "es" / "prueba-respirar-con-calma.md"
    path.write_text(path.read_text().replace('"breathing-and-anxiety"', '"no-such-article"'))
    with pytest.raises(ValueError, match=r"prueba-respirar-con-calma\.md.*no-such-article"):
        load(content)


def test_a_spanish_file_without_translation_of_fails(content):
    path = content["practices"] / "es" / "prueba-respiracion-en-caja.toml"
    path.write_text(path.read_text().replace('translation_of = "box-breathing"\n', ""))
    with pytest.raises(ValueError, match="no translation_of"):
        load(content)


def test_topics_get_their_spanish_names_from_topics_toml(content):
    load(content)
    toml = (content["library"] / "topics.toml").read_text()
    # Every name_es the file gives is on its topic (none until the writers add them).
    assert Topic.objects.exclude(name_es="").count() == toml.count("\nname_es =")


def test_a_spanish_topic_name_in_topics_toml_is_loaded(content):
    path = content["library"] / "topics.toml"
    path.write_text(
        path.read_text().replace(
            'slug = "panic"\n',
            'slug = "panic"\nname_es = "Pánico"\n'
            'description_es = "Qué pasa en un ataque de pánico y por qué pasa."\n',
        )
    )
    load(content)
    panic = Topic.objects.get(slug="panic")
    assert (panic.name_es, panic.name) == ("Pánico", "Panic")


def test_the_shipped_spanish_files_load_with_the_english_ones():
    """Whatever translations the content folders hold today (none, or the writers'), they
    load and each is linked to an English original."""
    outcomes = {**practices_builtin.load(), **library_builtin.load()}
    for model, folder, kind in [
        (Article, library_builtin.CONTENT_DIR / "articles" / "es", "articles"),
        (Practice, practices_builtin.CONTENT_DIR / "es", "practices"),
    ]:
        shipped = len(list(folder.glob("*.*"))) if folder.is_dir() else 0
        spanish = model.objects.filter(language="es")
        assert spanish.count() == shipped
        assert spanish.filter(translation_of__language="en").count() == shipped
        assert not outcomes[kind].left_alone
