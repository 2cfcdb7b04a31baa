from django.contrib.sitemaps import Sitemap

from library.models import Article, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Article.objects.published().order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Topic.objects.with_published_counts().order_by("order", "pk")


# Served at /sitemap.xml (library/sitemap_urls.py); other apps' sitemaps can join this dict.
SITEMAPS = {"articles": ArticleSitemap, "topics": TopicSitemap}
