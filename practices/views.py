import itertools
import json
import re
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aira import outbox
from aira.device import refuse_other_owners
from aira.htmx import render_page_or_partial
from aira.languages import NOT_YET_TRANSLATED, content_language
from aira.links import LinkPattern
from aira.permissions import can_preview
from aira.quotas import allow_new_record, over_quota_json, over_quota_page
from practices import exposure, pacing
from practices.forms import (
    EXPOSURE_RATING_REQUIRED,
    BeginForm,
    ExposureRatingForm,
    PaceForm,
    RatingForm,
    SessionSyncForm,
)
from practices.models import BreathingPace, Practice, PracticeSession, Step
from practices.services import (
    SessionBelongsToSomeoneElse,
    begin_session,
    sessions_visible_to,
    sync_session,
)

SOS_PRACTICE = "stay-safe"
SOS_ALTERNATIVES = ["physiological-sigh", "five-senses-grounding"]


def get_practice(request, slug):
    """The practice and its steps in order, if this request may see it."""
    practice = Practice.objects.with_other_version().filter(slug=slug).first()
    if practice is None or not (practice.is_published or can_preview(request.user, Practice)):
        raise Http404(_("No such practice."))
    return practice, list(practice.steps.all())


def get_player(request, slug, session_id):
    """The practice, its steps and the session this request may see."""
    practice, steps = get_practice(request, slug)
    session = get_object_or_404(
        sessions_visible_to(request), uuid=session_id, practice_id=practice.pk
    )
    session.practice = practice  # the copy in hand: no second read
    return practice, steps, session


def render_player(request, context, status=200):
    return render_page_or_partial(
        request, "practices/player.html", "player", context, status=status
    )


def with_card_texts(practices):
    """The practices, each with what its card shows worked out here (`url`,
    `about_minutes`, `language_note`): a url tag, a pluralised "About N minutes" and the
    language note for every card were most of the list's rendering (make bench)."""
    link = LinkPattern("practices:detail")
    language = content_language()
    note = str(NOT_YET_TRANSLATED.get(language, ""))
    abouts = {}  # translated once per length in the list
    practices = list(practices)
    for practice in practices:
        minutes = practice.minutes
        if minutes not in abouts:
            abouts[minutes] = ngettext(
                "About %(minutes)s minute", "About %(minutes)s minutes", minutes
            ) % {"minutes": minutes}
        practice.url = link(practice.slug)
        practice.about_minutes = abouts[minutes]
        practice.language_note = note if practice.language != language else ""
    return practices


def practice_list(request):
    category = request.GET.get("category", "")
    if category not in Practice.Category.values:
        category = ""

    practices = with_card_texts(Practice.objects.published().for_readers_of())
    # The category names translated once, for the filter links and the groups' headings.
    categories = [(value, str(label)) for value, label in Practice.Category.choices]
    # Facing the feelings is one group of its own, entered through its safety screen.
    groups = [
        (value, label, [p for p in practices if p.category == value])
        for value, label in categories
        if not category or value == category
    ]
    context = {
        "groups": [g for g in groups if g[2]],
        "categories": categories,
        "current_category": category,
    }
    return render(request, "practices/practice_list.html", context)


@never_cache
def practice_detail(request, slug):
    practice, steps = get_practice(request, slug)
    return render_practice_detail(
        request, practice, steps, BeginForm(initial={"session_id": uuid.uuid4()})
    )


def exposure_refusal(request, practice):
    """For a Facing the feelings exercise: None if this person may begin it; else why not,
    "unscreened" (the safety screen comes first) or "unsuitable" (a condition they ticked)."""
    if not practice.is_exposure:
        return None
    conditions = exposure.screened_conditions(request)
    if conditions is None:
        return "unscreened"
    return None if practice.suits(conditions) else "unsuitable"


def render_practice_detail(request, practice, steps, begin_form, status=200):
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            "steps": steps,
            "what_to_expect": Step.describe_kinds(steps),
            "begin_form": begin_form,
            "refusal": exposure_refusal(request, practice),
        },
        status=status,
    )


@never_cache
def sos(request):
    """One tap from every page, then triage: panic starts Stay Safe in one more tap; not
    being safe goes to the crisis lines; a body that feels wrong gets the red flags."""
    # In the reader's language where translated (by_english_slug), else in English.
    practices = Practice.objects.published().by_english_slug([SOS_PRACTICE, *SOS_ALTERNATIVES])
    return render(
        request,
        "practices/sos.html",
        {
            "practice": practices.get(SOS_PRACTICE),
            "alternatives": [practices[s] for s in SOS_ALTERNATIVES if s in practices],
            "begin_form": BeginForm(initial={"session_id": uuid.uuid4()}),
            "ratings": range(11),
            # "Something feels physically wrong" without JavaScript: the red flags open.
            "show_red_flags": request.GET.get("physical") == "1",
        },
    )


@require_POST
def begin(request, slug):
    practice, steps = get_practice(request, slug)
    refusal = exposure_refusal(request, practice)
    if refusal == "unscreened":
        screen = reverse("practices:safety_screen")
        return redirect(f"{screen}?{urlencode({'next': practice.get_absolute_url()})}")
    if refusal == "unsuitable":
        return redirect(practice.get_absolute_url())
    form = BeginForm(request.POST)
    if not form.is_valid():
        return render_practice_detail(request, practice, steps, form, status=400)
    if not allow_new_record(
        request, "practice_writes", is_new=is_new_session(form.cleaned_data["session_id"])
    ):
        return over_quota_page(request)
    try:
        session = begin_session(
            request=request,
            practice=practice,
            session_id=form.cleaned_data["session_id"],
            rating_before=form.cleaned_data["rating"],
        )
    except SessionBelongsToSomeoneElse:
        raise Http404(_("No such session.")) from None
    if session.finished:
        return redirect(session_url(session, "done"))
    if form.cleaned_data["rating"] is not None or form.cleaned_data["skip_rating"]:
        return redirect(session_url(session, "step", number=1))
    return redirect(session_url(session, "before"))


def is_new_session(session_id):
    return not PracticeSession.objects.filter(uuid=session_id).exists()


def session_url(session, stage, **kwargs):
    return reverse(
        f"practices:{stage}",
        kwargs={"slug": session.practice.slug, "session_id": session.uuid, **kwargs},
    )


def stage_context(request, *, practice, steps, session, stage, number=None, pace=None, **extra):
    """What the player shows at one stage (practices/includes/player_stage.html): the same
    for the online player and for each stage the offline player keeps."""
    context = {
        "practice": practice,
        "session": session,
        "stage": stage,
        "step_count": len(steps),
        "ratings": range(11),
        **extra,
    }
    if stage == "step":
        current = steps[number - 1]
        context.update(
            step=current,
            number=number,
            previous_url=session_url(session, "step", number=number - 1)
            if number > 1
            else session_url(session, "before"),
        )
        if current.kind == Step.Kind.BREATHING:  # only then is the pace read
            pace = pace or pacing.pace_for(request)
            context.update(
                pacer=pacing.Pacer(current, pace), pace_form=PaceForm(initial={"pace": pace})
            )
        elif current.kind == Step.Kind.EXPOSURE:
            context.setdefault("exposure_form", ExposureRatingForm())
            context["rating_required"] = EXPOSURE_RATING_REQUIRED
    elif stage == "after":
        context["previous_url"] = session_url(session, "step", number=len(steps))
    return context


def what_next(practice, *, offer_support):
    """The summary's offers: another practice, an article, and a short practice for when it
    was hard (asked for only when the summary will show it). After an exposure exercise
    the next one is chosen on the person's own list (the safety screen), never here."""
    return {
        "next_practice": None
        if practice.is_exposure
        else Practice.objects.published()
        .for_readers_of()
        .filter(category=practice.category)
        .exclude(Q(pk=practice.original_id) | Q(translation_of_id=practice.original_id))
        .order_by("order")
        .first(),
        "support_practice": Practice.objects.short_alternative_to(practice)
        if offer_support
        else None,
        # Asked through the library's relation to the practice: data flows from
        # practices to the library, so practices imports nothing of it.
        "suggested_article": practice.recommending_articles.published()
        .order_by("-publish_at")
        .first(),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def rate_before(request, slug, session_id):
    practice, steps, session = get_player(request, slug, session_id)
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["rating"] is not None:
            session.rating_before = form.cleaned_data["rating"]
            session.save(update_fields=["rating_before"])
        return redirect(session_url(session, "step", number=1))
    status = 400 if form.errors else 200
    context = stage_context(
        request, practice=practice, steps=steps, session=session, stage="before", form=form
    )
    return render_player(request, context, status)


@never_cache
@require_http_methods(["GET", "POST"])
def step(request, slug, session_id, number):
    practice, steps, session = get_player(request, slug, session_id)
    if not 1 <= number <= len(steps):
        raise Http404(_("No such step."))
    current = steps[number - 1]
    if request.method == "POST" and current.kind == Step.Kind.EXPOSURE:
        form = ExposureRatingForm(request.POST)
        if not form.is_valid():
            context = stage_context(
                request,
                practice=practice,
                steps=steps,
                session=session,
                stage="step",
                number=number,
                exposure_form=form,
            )
            return render_player(request, context, status=400)
        if not form.cleaned_data["skip"]:
            session.rate_exposure(
                sensation=form.cleaned_data["sensation"],
                anxiety=form.cleaned_data["anxiety"],
                panic=form.cleaned_data["panic"],
            )
    if request.method == "POST":
        session.complete_step(number)
        if number == len(steps):
            return redirect(session_url(session, "after"))
        return redirect(session_url(session, "step", number=number + 1))
    context = stage_context(
        request, practice=practice, steps=steps, session=session, stage="step", number=number
    )
    return render_player(request, context)


@never_cache
@require_http_methods(["GET", "POST"])
def rate_after(request, slug, session_id):
    practice, steps, session = get_player(request, slug, session_id)
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        session.finish(rating_after=form.cleaned_data["rating"], step_count=len(steps))
        return redirect(session_url(session, "done"))
    status = 400 if form.errors else 200
    context = stage_context(
        request, practice=practice, steps=steps, session=session, stage="after", form=form
    )
    return render_player(request, context, status)


@never_cache
def done(request, slug, session_id):
    practice, steps, session = get_player(request, slug, session_id)
    context = stage_context(
        request,
        practice=practice,
        steps=steps,
        session=session,
        stage="done",
        **what_next(practice, offer_support=session.needs_more_support),
    )
    return render_player(request, context)


# The offline player's stages are rendered for this session, never saved: its id in
# their links and forms stands for whichever session the device is playing.
OFFLINE_SESSION_ID = uuid.UUID(int=0)
RATING_NUMBER = re.compile(r'(data-rating-before="|<strong data-rating="(?:before|after)">)\d+')


@require_GET
def offline_player(request, slug):
    """One practice for the offline player: every stage of it, rendered by the online
    player's own templates, for the service worker to keep (fetched without cookies, so
    nothing personal is in it). static/js/offline-player.js shows them one at a time.

    A breathing step is rendered at every pace (the device's pace is in its cookie); the
    summary once for each different wording the ratings can give, with a table saying
    which one each pair of ratings uses."""
    practice, steps = get_practice(request, slug)
    session = PracticeSession(uuid=OFFLINE_SESSION_ID, practice=practice)
    # The context processors' values once, not once for each of the ~170 stages rendered.
    page = {}
    for processor in engines["django"].engine.template_context_processors:
        page.update(processor(request))

    def stage(name, number=None, **kwargs):
        context = stage_context(
            request,
            practice=practice,
            steps=steps,
            session=session,
            stage=name,
            number=number,
            **kwargs,
        )
        return {
            "key": f"step/{number}" if number else name,
            "url": session_url(session, name, **({"number": number} if number else {})),
            "pace": kwargs.get("pace") or "",
            "title": render_to_string("practices/includes/player_title.html", context),
            "html": render_to_string("practices/includes/player_stage.html", {**page, **context}),
        }

    stages = [stage("before")]
    for number, current in enumerate(steps, start=1):
        # The pace as written first: the one shown when the device has chosen none.
        paces = [
            pacing.DEFAULT_PACE,
            *(p for p in BreathingPace.values if p != pacing.DEFAULT_PACE),
        ]
        if current.kind != Step.Kind.BREATHING:
            paces = [None]
        stages += [stage("step", number, pace=pace) for pace in paces]
    stages.append(stage("after"))

    offers = what_next(practice, offer_support=True)
    summaries, summary_for = [], {}
    for before, after in itertools.product([None, *range(11)], repeat=2):
        session.rating_before, session.rating_after = before, after
        summary = stage("done", offline=True, **offers)
        # The same words with other numbers are one summary: the player puts the numbers in.
        wording = RATING_NUMBER.sub(r"\1", summary["html"])
        if wording not in summaries:
            summaries.append(wording)
            stages.append({**summary, "summary": len(summaries) - 1})
        key = "/".join("" if rating is None else str(rating) for rating in (before, after))
        summary_for[key] = summaries.index(wording)
    return render(
        request,
        "practices/offline_player.html",
        {"practice": practice, "stages": stages, "summary_for": json.dumps(summary_for)},
    )


@require_POST
@refuse_other_owners
def sync(request):
    form = SessionSyncForm(request.POST)
    if not form.is_valid():
        return outbox.invalid(form.errors)
    practice = Practice.objects.filter(slug=form.cleaned_data["practice"]).first()
    if practice is None:
        return outbox.invalid({"practice": [_("This practice no longer exists.")]})
    if not allow_new_record(
        request, "practice_writes", is_new=is_new_session(form.cleaned_data["session_id"])
    ):
        return over_quota_json()
    try:
        session, created = sync_session(request=request, practice=practice, data=form.cleaned_data)
    except SessionBelongsToSomeoneElse:
        return outbox.belongs_to_someone_else("session_id")
    return outbox.saved(session, created=created)


@never_cache
@require_http_methods(["GET", "POST"])
def breathing_pace(request):
    """Choose the breathing guide's pace. A plain form posts here and comes back to
    where it was; htmx gets a short status; the offline outbox gets JSON."""
    form = PaceForm(
        request.POST if request.method == "POST" else None,
        initial={"pace": pacing.pace_for(request)},
    )
    if request.method == "POST" and form.is_valid():
        pace = form.cleaned_data["pace"]
        if "application/json" in request.headers.get("Accept", ""):
            response = outbox.reply("saved", 200, pace=pace)
        elif request.htmx:
            response = render(
                request,
                "practices/includes/pace_form.html#pace-status",
                {"saved": BreathingPace(pace).label},
            )
        else:
            messages.success(
                request,
                _("Saved: %(pace)s. The breathing guide uses it from the next breath.")
                % {"pace": BreathingPace(pace).label},
            )
            next_url = form.cleaned_data["next"]
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = reverse("practices:breathing_pace")
            response = HttpResponseRedirect(next_url)
        pacing.remember_pace(request=request, response=response, pace=pace)
        patch_vary_headers(response, ["HX-Request", "Accept"])
        return response
    response = render(
        request,
        "practices/breathing_pace.html",
        {"pace_form": form},
        status=400 if form.errors else 200,
    )
    patch_vary_headers(response, ["HX-Request", "Accept"])
    return response
