"""What the library keeps about a person: the articles they saved. Exported and deleted
with the account by the accounts app (accounts/personal_data.py)."""

from accounts.personal_data import Table
from library.models import Bookmark

BOOKMARK_FIELDS = ["article", "article_slug", "created_at"]


def _bookmarks(user):
    rows = (
        Bookmark.objects.filter(user=user)
        .order_by("created_at")
        .values("article__title", "article__slug", "created_at")
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "article": row["article__title"],
            "article_slug": row["article__slug"],
            "created_at": row["created_at"],
        }


TABLES = [Table("bookmarks", "bookmarks.csv", BOOKMARK_FIELDS, _bookmarks)]


def delete(user):
    Bookmark.objects.filter(user=user).delete()
