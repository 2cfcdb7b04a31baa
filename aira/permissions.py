def can_preview(user, model):
    """Staff who may look at `model`'s rows in admin may also see the unpublished ones on
    the site (a draft practice in the player, a draft or scheduled article)."""
    meta = model._meta
    return user.is_staff and user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
