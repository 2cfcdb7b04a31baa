"""Workflows around practice sessions that involve more than one model or the request."""

from django.db import transaction

from practices.models import PracticeSession, PracticeTotals
from practices.tasks import recount_totals

VISITOR_SESSIONS_KEY = "visitor_practice_sessions"
MAX_VISITOR_SESSIONS = 50


def visitor_session_ids(request):
    return request.session.get(VISITOR_SESSIONS_KEY, [])


def remember_visitor_session(request, session):
    ids = [i for i in visitor_session_ids(request) if i != str(session.uuid)]
    ids.append(str(session.uuid))
    request.session[VISITOR_SESSIONS_KEY] = ids[-MAX_VISITOR_SESSIONS:]


def sessions_visible_to(request):
    """The practice sessions this request may read or change."""
    if request.user.is_authenticated:
        return PracticeSession.objects.filter(user=request.user)
    return PracticeSession.objects.filter(user=None, uuid__in=visitor_session_ids(request))


def recount_after_length_change(practice):
    """After `practice`'s stated length changed (an editor in the admin, or a release of
    the built-in practices): that length caps the time each finished session of it counts
    for, so every person's totals for it are counted again, in the background once the
    change commits (there may be many people)."""
    original_id = practice.original_id
    transaction.on_commit(lambda: recount_totals.enqueue(original_id))


class SessionBelongsToSomeoneElse(Exception):
    pass


def check_may_continue(request, session, practice, *, repeat_of=None):
    """Raise SessionBelongsToSomeoneElse unless this request may go on with `session`, a
    row that already existed under the id it sent, as a session of `practice`.

    `repeat_of`, a record sent from a device: an exact repeat of an unowned session is
    that device's own, and is taken over (see sync_session)."""
    visible = sessions_visible_to(request).filter(pk=session.pk).exists()
    if (
        not visible
        and repeat_of is not None
        and session.user_id is None
        and session.is_same_record(practice, repeat_of)
    ):
        # The device sent this record before and we saved it, but the answer (and the
        # cookie that remembers a visitor's sessions) was lost: the page closed or
        # navigated mid-send, or another tab sent it at the same moment. Only that
        # device holds the whole record, so an exact repeat of an unowned one is it.
        session.user = request.user if request.user.is_authenticated else None
        visible = True
    if not visible or session.practice_id != practice.pk:
        raise SessionBelongsToSomeoneElse


@transaction.atomic
def begin_session(*, request, practice, session_id, rating_before=None):
    """Create the session with this id, or return it if a retry already created it."""
    user = request.user if request.user.is_authenticated else None
    session, created = PracticeSession.objects.get_or_create(
        uuid=session_id, defaults={"practice": practice, "user": user}
    )
    if not created:
        check_may_continue(request, session, practice)
    if user is None:
        remember_visitor_session(request, session)
    if rating_before is not None and not session.finished:
        session.rating_before = rating_before
        session.save(update_fields=["rating_before"])
    return session


def attach_visitor_sessions(*, request, user):
    """Give a visitor's sessions from this browser to the account they just logged in to."""
    ids = visitor_session_ids(request)
    if not ids:
        return 0
    with transaction.atomic():
        attached = PracticeSession.objects.filter(uuid__in=ids, user=None).update(user=user)
        if attached:
            # update() bypasses PracticeSession.save(): their totals are counted here.
            PracticeTotals.rebuild_for(user)
    request.session.pop(VISITOR_SESSIONS_KEY, None)
    return attached


@transaction.atomic
def sync_session(*, request, practice, data):
    """Save a session recorded offline. Returns (session, created).

    A repeat of the same record finds the existing row; progress only moves forward
    (steps never go down, a finished session stays finished, the first end time stays).
    """
    user = request.user if request.user.is_authenticated else None
    # No more steps than the practice has (the form only caps the number at 500): a
    # device that played an older, longer version keeps its record, counted as complete.
    data = {**data, "steps_completed": min(data["steps_completed"], practice.steps.count())}
    session, created = PracticeSession.objects.select_for_update().get_or_create(
        uuid=data["session_id"],
        defaults={
            "practice": practice,
            "user": user,
            "started_at": data["started_at"],
            "ended_at": data["ended_at"] if data["finished"] else None,
            "rating_before": data["rating_before"],
            "rating_after": data["rating_after"],
            "steps_completed": data["steps_completed"],
            "finished": data["finished"],
            **{name: data.get(name) for name in PracticeSession.EXPOSURE_FIELDS},
        },
    )
    if not created:
        check_may_continue(request, session, practice, repeat_of=data)
        session.steps_completed = max(session.steps_completed, data["steps_completed"])
        if session.rating_before is None:
            session.rating_before = data["rating_before"]
        # An exposure exercise rated on the device, when the server has no rating yet.
        if session.anxiety_rating is None and data.get("anxiety_rating") is not None:
            for name in PracticeSession.EXPOSURE_FIELDS:
                setattr(session, name, data.get(name))
        if data["finished"] and not session.finished:
            session.finished = True
            session.rating_after = data["rating_after"]
            session.ended_at = data["ended_at"] or session.ended_at
        session.save()
    if user is None:
        remember_visitor_session(request, session)
    return session, created
