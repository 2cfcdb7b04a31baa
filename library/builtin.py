"""Aira's built-in topics and articles, loaded by `manage.py load_builtin_content`.

Only rows that do not exist yet (matched by slug) are created; an existing row is never
touched, so an editor's changes in admin survive every later run.

A recommended practice is linked when the article is created and the practice already
exists (the command loads practices first). An existing article whose link is empty is
left alone even if the practice appears later: an editor may have removed the link on
purpose, and "never overwrite an edit" matters more than filling it in. Editors can set
it in admin.
"""

import tomllib
from pathlib import Path

from django.utils import timezone

from library.models import Article, Topic
from practices.models import Practice

CONTENT_DIR = Path(__file__).resolve().parent / "content"
FRONT_MATTER_FENCE = "+++"


def load() -> dict[str, int]:
    topics = _load_topics()
    articles = _load_articles()
    return {"topics": topics, "articles": articles}


def _load_topics() -> int:
    data = tomllib.loads((CONTENT_DIR / "topics.toml").read_text(encoding="utf-8"))
    created = 0
    for item in data["topics"]:
        _, was_created = Topic.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "description": item["description"],
                "order": item.get("order", 100),
            },
        )
        created += was_created
    return created


def _load_articles() -> int:
    existing = set(Article.objects.values_list("slug", flat=True))
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    created = 0
    for path in sorted((CONTENT_DIR / "articles").glob("*.md")):
        meta, body = parse_article(path)
        if meta["slug"] in existing:
            continue
        if meta["topic"] not in topics:
            raise ValueError(f"{path.name}: unknown topic {meta['topic']!r}")
        practice_slug = meta.get("practice")
        article = Article(
            title=meta["title"],
            slug=meta["slug"],
            summary=meta["summary"],
            body=body,
            topic=topics[meta["topic"]],
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now(),
            recommended_practice=(
                Practice.objects.filter(slug=practice_slug).first() if practice_slug else None
            ),
        )
        article.full_clean()
        article.save()
        existing.add(article.slug)
        created += 1
    return created


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
