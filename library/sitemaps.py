from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from library.models import Article, Topic
from practices.models import Practice


class TranslatedSitemap(Sitemap):
    """Items written per language: a page with a published version in another language
    lists both, each with its language (hreflang), and so does that version's own entry.

    Django's `i18n`/`alternates` suppose one address per language prefix of the same
    page; Aira's addresses carry no language, and a translation has an address of its
    own, so the alternates are added to the entries Django builds (`_urls`, which its
    template already renders alternates from). Items come with_other_version()."""

    model = None  # Article or Practice: published(), with_other_version()
    url_name = ""

    def items(self):
        return (
            self.model.objects.published()
            .only("slug", "language", "updated_at")
            .with_other_version()
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.updated_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            item = url["item"]
            other = item.other_version_slug
            if other:
                other_url = f"{protocol}://{domain}{reverse(self.url_name, args=[other])}"
                versions = {item.language: url["location"], item.other_version_language: other_url}
                url["alternates"] = [
                    {"lang_code": language, "location": location}
                    for language, location in sorted(versions.items())
                ]
        return urls


class ArticleSitemap(TranslatedSitemap):
    model = Article
    url_name = "library:article"
    changefreq = "monthly"
    priority = 0.7


class PracticeSitemap(TranslatedSitemap):
    model = Practice
    url_name = "practices:detail"
    changefreq = "monthly"
    priority = 0.6


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Topic.objects.with_published_counts().order_by("order", "pk")


# Served at /sitemap.xml (library/sitemap_urls.py); other apps' sitemaps can join this dict.
SITEMAPS = {"articles": ArticleSitemap, "practices": PracticeSitemap, "topics": TopicSitemap}
