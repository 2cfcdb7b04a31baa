from django.forms.renderers import TemplatesSetting


class AiraFormRenderer(TemplatesSetting):
    """Renders every form with Aira's field layout (templates/forms/field.html)."""

    field_template_name = "forms/field.html"
