import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

LIBRARY_PERMISSIONS = {
    f"{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in ("topic", "article")
}


def test_content_editors_manage_topics_and_articles_exactly():
    editors = Group.objects.get(name="Content editors")
    library = {
        p.codename for p in editors.permissions.all() if p.content_type.app_label == "library"
    }
    assert library == LIBRARY_PERMISSIONS


def test_content_editors_cannot_see_personal_data():
    editors = Group.objects.get(name="Content editors")
    codenames = {p.codename for p in editors.permissions.all()}
    apps = {p.content_type.app_label for p in editors.permissions.all()}
    assert not {c for c in codenames if c.endswith("_bookmark")}
    # Only content apps: nothing on users, email addresses, sessions or sign-in records.
    assert apps <= {"library", "practices"}


def test_an_editor_in_the_group_can_open_articles_in_admin(client, make_user, make_article):
    article = make_article()
    editor = make_user("writer@example.com", two_factor=True, is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editors"))
    client.force_login(editor)
    assert client.get(f"/admin/library/article/{article.pk}/change/").status_code == 200
    assert client.get("/admin/aira/user/").status_code == 403
    # ...and preview unpublished work on the site.
    article.status = "draft"
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200
