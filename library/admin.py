from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aira.translation_admin import MissingTranslationFilter, TranslationAdminMixin
from library.models import Article, Topic, forget_library_fragments

# Bookmark is deliberately not registered: which articles a person saved is their
# personal data, and staff have no reason to browse it.


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "slug", "article_total"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "description", "name_es", "description_es", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="_article_total")
    def article_total(self, obj):
        return obj._article_total


@admin.register(Article)
class ArticleAdmin(TranslationAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        *TranslationAdminMixin.translation_list_fields,
        "status",
        "topic",
        "publish_at",
        "updated_at",
        "is_featured",
    ]
    list_filter = ["status", "language", MissingTranslationFilter, "topic", "is_featured"]
    list_select_related = ["topic"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ["preview", "reading_minutes", "created_at", "updated_at"]
    actions = ["publish_selected", "unpublish_selected", "start_spanish_translation"]
    autocomplete_fields = ["translation_of"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "topic", "summary", "body", "shows_red_flags"]}),
        (
            _("Language"),
            {
                "fields": ["language", "translation_of"],
                "description": _(
                    "A translation has its own address and is shown to readers of its "
                    "language in place of the English original."
                ),
            },
        ),
        (
            "Publishing",
            {
                "fields": ["status", "publish_at", "is_featured"],
                "description": _(
                    "Visitors see an article once it is Published and its "
                    "publish time has passed. Until then, staff can preview it with "
                    "“View on site”."
                ),
            },
        ),
        (
            _("Picture and practice"),
            {"fields": ["cover_image", "cover_alt", "recommended_practice"]},
        ),
        (
            "Preview",
            {
                "fields": ["preview", "reading_minutes", "created_at", "updated_at"],
                "description": _(
                    "After saving, open the article in the site's own look, as "
                    "readers will see it (drafts and scheduled articles are shown to staff "
                    "only). Scripts, styles and embedded frames are removed from the body."
                ),
            },
        ),
    ]

    def translation_initial_query(self, obj):
        return f"&topic={obj.topic_id}"

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk:
            return _("Save the article to see a preview.")
        # The site's own article page, which shows staff drafts too: the admin's styles
        # made the body look unlike what readers get.
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> {}',
            obj.get_absolute_url(),
            _("Open the article as readers will see it"),
            _("(in a new tab)"),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish_selected(self, request, queryset):
        now = timezone.now()
        # Counted first: the changelist's filters (e.g. status=draft) are part of queryset.
        scheduled = queryset.filter(publish_at__gt=now).count()
        # update() skips auto_now, so the change time is set by hand.
        count = queryset.update(status=Article.Status.PUBLISHED, updated_at=now)
        forget_library_fragments()  # update() sends no post_save
        text = ngettext("Published %(count)d article.", "Published %(count)d articles.", count)
        text %= {"count": count}
        if scheduled:
            text += " " + ngettext(
                "%(count)d of them will appear at its scheduled time; change “Publish from” "
                "to show it now.",
                "%(count)d of them will appear at their scheduled time; change “Publish "
                "from” to show them now.",
                scheduled,
            ) % {"count": scheduled}
        self.message_user(request, text, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected articles"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = queryset.update(status=Article.Status.DRAFT, updated_at=timezone.now())
        forget_library_fragments()  # update() sends no post_save
        self.message_user(
            request,
            ngettext(
                "Unpublished %(count)d article: visitors no longer see it.",
                "Unpublished %(count)d articles: visitors no longer see them.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
