"""Write the fingerprints of every built-in version ever committed, for installs whose
rows were loaded before rows kept a fingerprint of their own (aira/builtin.py).

    DJANGO_DEBUG=1 .venv/bin/python scripts/builtin_history.py

Walks the git history of the content files and writes library/content/previous_digests.json
(topics and articles) and practices/content/previous_digests.json: for each slug, the
fingerprint of each version that was ever shipped. Run it after committing a change to the
built-in content, and commit what it writes.
"""

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = "library/content"
PRACTICES = "practices/content/practices"
CONTENT_PATHS = [f"{LIBRARY}/articles", f"{LIBRARY}/topics.toml", PRACTICES]


def git(*args):
    # Our own fixed git commands, run in our own repository.
    command = ["git", *args]
    return subprocess.run(command, cwd=ROOT, check=True, capture_output=True).stdout  # noqa: S603


def commits():
    out = git("log", "--format=%H", "--reverse", "--", *CONTENT_PATHS).decode()
    return out.split()


def checkout(commit, into):
    """The content files as they were at `commit`, under `into`."""
    archive = git("archive", "--format=tar", commit, "--", *CONTENT_PATHS)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def main():
    # Validating a step asks the database to check its constraints: any empty database
    # will do, so a throwaway one is used rather than the development database.
    with tempfile.TemporaryDirectory(prefix="aira-history-") as data_dir:
        os.environ["AIRA_DATA_DIR"] = data_dir
        record()


def record():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aira.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    from library import builtin as library
    from library.models import Article, Topic
    from practices import builtin as practices
    from practices.models import Practice

    found = {kind: defaultdict(set) for kind in ("topics", "articles", "practices")}
    for commit in commits():
        with tempfile.TemporaryDirectory() as tmp:
            checkout(commit, tmp)
            library_dir = Path(tmp) / LIBRARY
            if (library_dir / "topics.toml").exists():
                for topic in library.read_topics(library_dir):
                    found["topics"][topic.slug].add(library.topic_digest(topic))
            if (library_dir / "articles").exists():
                # The command loads practices first, so every named practice existed.
                articles = library.read_articles(
                    library_dir,
                    lambda slug: Topic(slug=slug),
                    lambda slug, language: Practice(slug=slug),
                    lambda slug: Article(slug=slug),
                )
                for article in articles:
                    found["articles"][article.slug].add(library.article_digest(article))
            for data in practices.read_practice_files(Path(tmp) / PRACTICES):
                practice = practices.build_practice(data, lambda slug: Practice(slug=slug))
                steps = practices.build_steps(practice, data["steps"])
                found["practices"][practice.slug].add(practices.practice_digest(practice, steps))

    def write(path, kinds):
        data = {
            kind: {slug: sorted(d) for slug, d in sorted(found[kind].items())} for kind in kinds
        }
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {sum(len(found[k]) for k in kinds)} rows")

    write(library.PREVIOUS_DIGESTS, ["topics", "articles"])
    write(practices.PREVIOUS_DIGESTS, ["practices"])


if __name__ == "__main__":
    main()
