from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aira.translation_admin import MissingTranslationFilter, TranslationAdminMixin
from practices import services
from practices.models import Condition, Practice, Step


class PracticeForm(forms.ModelForm):
    # Ticked boxes rather than the JSON text box a JSONField gets by default.
    unsuitable_for = forms.MultipleChoiceField(
        label=_("Unsuitable for"),
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Practice._meta.get_field("unsuitable_for").help_text,
    )

    class Meta:
        model = Practice
        # The admin narrows this to PracticeAdmin.fields.
        fields = [f.name for f in Practice._meta.get_fields() if f.concrete and f.editable]


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    ordering = ["position"]
    # Grouped by kind; static/practices/admin/step_kind.js shows only the group that
    # matches the step's kind (all stay visible without JavaScript).
    fieldsets = (
        (None, {"fields": ("position", "kind", "title", "text", "shows_red_flags")}),
        (
            "Breathing",
            {
                "fields": (
                    (
                        "inhale_seconds",
                        "top_up_seconds",
                        "hold_in_seconds",
                        "exhale_seconds",
                        "hold_out_seconds",
                    ),
                    ("cycles", "eases_in"),
                ),
                "classes": ("step-kind", "step-kind--breathing"),
            },
        ),
        (
            _("Timed pause, or facing a feeling"),
            {
                "fields": ("duration_seconds",),
                "classes": ("step-kind", "step-kind--timed", "step-kind--exposure"),
            },
        ),
        (
            "Prompt",
            {
                "fields": ("input_label", "input_count"),
                "classes": ("step-kind", "step-kind--prompt"),
            },
        ),
    )

    class Media:
        js = ["practices/admin/step_kind.js"]


@admin.register(Practice)
class PracticeAdmin(TranslationAdminMixin, admin.ModelAdmin):
    form = PracticeForm
    list_display = [
        "title",
        *TranslationAdminMixin.translation_list_fields,
        "category",
        "minutes",
        "is_published",
        "order",
        "step_count",
        "updated_at",
    ]
    list_filter = ["is_published", "category", "language", MissingTranslationFilter]
    list_editable = ["order"]
    search_fields = ["title", "tagline", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview_link", "created_at", "updated_at"]
    fields = [
        "title",
        "slug",
        "tagline",
        "description",
        "category",
        "minutes",
        "unsuitable_for",
        "order",
        "is_published",
        "audio",
        "language",
        "translation_of",
        "preview_link",
        "created_at",
        "updated_at",
    ]
    inlines = [StepInline]
    actions = ["publish", "unpublish", "duplicate", "start_spanish_translation"]
    autocomplete_fields = ["translation_of"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(num_steps=Count("steps"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "minutes" in form.changed_data:
            services.recount_after_length_change(obj)

    @admin.display(description=_("Steps"), ordering="num_steps")
    def step_count(self, obj):
        return obj.num_steps

    @admin.display(description=_("Preview"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Save the practice first.")
        return format_html(
            _(
                '<a href="{}" target="_blank" rel="noopener">Open in the player</a> '
                "(works before publishing for staff)"
            ),
            obj.get_absolute_url(),
        )

    @admin.action(description=_("Publish selected practices"), permissions=["change"])
    def publish(self, request, queryset):
        # update() skips auto_now: set the change time by hand, which also renews the
        # articles' kept copies that offer these practices (library/article.html).
        count = queryset.update(is_published=True, updated_at=timezone.now())
        self.message_user(
            request,
            ngettext("Published %(count)d practice.", "Published %(count)d practices.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected practices"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False, updated_at=timezone.now())
        self.message_user(
            request,
            ngettext("Unpublished %(count)d practice.", "Unpublished %(count)d practices.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Duplicate selected practices (as drafts)"), permissions=["add"])
    def duplicate(self, request, queryset):
        with transaction.atomic():
            for practice in queryset.prefetch_related("steps"):
                practice.duplicate()
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Made %(count)d unpublished copy.", "Made %(count)d unpublished copies.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
