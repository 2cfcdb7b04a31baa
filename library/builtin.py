"""Aira's built-in topics and articles, loaded by `manage.py load_builtin_content`.

A missing row (matched by slug) is created. An existing one is brought up to the
built-in text only while nobody has changed it in admin; one an editor changed is left
as it is and reported (aira/builtin.py explains how the two are told apart). Whether an
article is published, featured or has a picture is the editors' choice and never changed
after it is created.

A recommended practice is linked when the practice already exists (the command loads
practices first). An editor who removes the link has changed the article, so it is not
put back.

Translations live in a subfolder per language (library/content/articles/es/), in the
same format plus `translation_of = "<English slug>"` in the front matter; they load
after the English files, linked to their English original. A translation's `practice`
may name the English practice: it is offered in the article's language when that
practice has a translation in it. Topics carry their translations in topics.toml
(`name_es`, `description_es`).
"""

import tomllib
from pathlib import Path

from django.utils import timezone

from aira.builtin import (
    Outcome,
    content_folders,
    content_values,
    copy_fields,
    fingerprint,
    fingerprinted_fields,
    read_previous_digests,
    sync_existing,
)
from aira.languages import SOURCE_LANGUAGE
from library.models import Article, Topic
from practices.models import Practice

CONTENT_DIR = Path(__file__).resolve().parent / "content"
PREVIOUS_DIGESTS = CONTENT_DIR / "previous_digests.json"
FRONT_MATTER_FENCE = "+++"

# The editors' own settings, values derived on save, and each row's identity.
TOPIC_KEPT = {"slug", "order", "builtin_digest"}
ARTICLE_KEPT = {
    "slug", "cover_image", "cover_alt", "status", "publish_at", "is_featured",
    "created_at", "updated_at", "builtin_digest",
    *set().union(*Article.DERIVED_FIELDS.values()),
}  # fmt: skip


def topic_digest(topic):
    return fingerprint(content_values(topic, fingerprinted_fields(Topic, TOPIC_KEPT)))


def article_digest(article):
    return fingerprint(content_values(article, fingerprinted_fields(Article, ARTICLE_KEPT)))


def load(content_dir: Path = CONTENT_DIR) -> dict[str, Outcome]:
    previous = read_previous_digests(PREVIOUS_DIGESTS)
    topics = _load_topics(content_dir, previous.get("topics", {}))
    articles = _load_articles(content_dir, previous.get("articles", {}))
    return {"topics": topics, "articles": articles}


def read_topics(content_dir: Path = CONTENT_DIR):
    """Unsaved topics, one per entry of topics.toml."""
    data = tomllib.loads((content_dir / "topics.toml").read_text(encoding="utf-8"))
    return [
        Topic(
            slug=item["slug"],
            name=item["name"],
            description=item["description"],
            **{
                f"{field}_{language}": item.get(f"{field}_{language}", "")
                for language in Topic.TRANSLATED_LANGUAGES
                for field in ("name", "description")
            },
            order=item.get("order", 100),
        )
        for item in data["topics"]
    ]


def read_articles(content_dir: Path, topic, practice, original=lambda slug: None):
    """Unsaved articles, one per Markdown file, English first, then each translated
    language's subfolder; `topic(slug)`, `practice(slug, language)` and `original(slug)`
    (an English article) give the rows they point at (practice may give None)."""
    for language, folder in content_folders(content_dir / "articles"):
        for path in sorted(folder.glob("*.md")):
            yield read_article(path, language, topic, practice, original)


def read_article(path, language, topic, practice, original):
    meta, body = parse_article(path)
    found_topic = topic(meta["topic"])
    if found_topic is None:
        raise ValueError(f"{path.name}: unknown topic {meta['topic']!r}")
    translation_of = None
    if language != SOURCE_LANGUAGE:
        if "translation_of" not in meta:
            raise ValueError(f"{language}/{path.name}: no translation_of (an English slug)")
        translation_of = original(meta["translation_of"])
        if translation_of is None:
            raise ValueError(
                f"{language}/{path.name}: translation_of {meta['translation_of']!r} "
                "is no English article"
            )
    practice_slug = meta.get("practice")
    return Article(
        language=language,
        translation_of=translation_of,
        title=meta["title"],
        slug=meta["slug"],
        summary=meta["summary"],
        body=body,
        topic=found_topic,
        recommended_practice=practice(practice_slug, language) if practice_slug else None,
        shows_red_flags=meta.get("shows_red_flags", False),
    )


def _load_topics(content_dir, previous) -> Outcome:
    return _load_rows(
        read_topics(content_dir),
        existing=Topic.objects.all(),
        digest=topic_digest,
        fields=fingerprinted_fields(Topic, TOPIC_KEPT),
        previous=previous,
    )


def _load_articles(content_dir, previous) -> Outcome:
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    practices = {practice.slug: practice for practice in Practice.objects.all()}
    practice_translations = {
        (practice.translation_of_id, practice.language): practice
        for practice in practices.values()
        if practice.translation_of_id
    }

    def practice(slug, language):
        """The practice `slug` names, in the article's language where it has a version
        in it."""
        found = practices.get(slug)
        if found is None or found.language == language:
            return found
        return practice_translations.get((found.original_id, language), found)

    def original(slug):
        return Article.objects.filter(
            slug=slug, language=SOURCE_LANGUAGE, translation_of__isnull=True
        ).first()

    def publish(article):
        article.status = Article.Status.PUBLISHED
        article.publish_at = timezone.now()

    return _load_rows(
        read_articles(content_dir, topics.get, practice, original),
        existing=Article.objects.select_related("topic", "recommended_practice"),
        digest=article_digest,
        fields=fingerprinted_fields(Article, ARTICLE_KEPT),
        previous=previous,
        prepare_new=publish,
    )


def _load_rows(built_rows, *, existing, digest, fields, previous, prepare_new=None):
    """Create the built-in rows that are missing; bring the others up to date unless an
    editor changed them (aira.builtin.sync_existing)."""
    outcome = Outcome()
    existing = {row.slug: row for row in existing}
    for built in built_rows:
        row = existing.get(built.slug)
        if row is None:
            if prepare_new:
                prepare_new(built)
            built.builtin_digest = digest(built)
            built.full_clean()
            built.save()
            outcome.created.append(built.slug)
            continue
        sync_existing(
            row,
            current=digest(row),
            new=digest(built),
            previous=previous.get(row.slug, ()),
            outcome=outcome,
            copy=lambda row=row, built=built: copy_fields(row, built, fields),
        )
    return outcome


def parse_article(path: Path) -> tuple[dict, str]:
    """Split a Markdown file into its TOML front matter (between +++ lines) and body."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ValueError(f"{path.name}: the file must start with a {FRONT_MATTER_FENCE} line")
    try:
        end = next(
            i for i, line in enumerate(lines[1:], start=1) if line.strip() == FRONT_MATTER_FENCE
        )
    except StopIteration:
        raise ValueError(f"{path.name}: the front matter is not closed with +++") from None
    meta = tomllib.loads("\n".join(lines[1:end]))
    missing = {"title", "slug", "topic", "summary"} - meta.keys()
    if missing:
        raise ValueError(f"{path.name}: front matter lacks {', '.join(sorted(missing))}")
    return meta, "\n".join(lines[end + 1 :]).strip() + "\n"
