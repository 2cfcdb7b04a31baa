"""The guided way through the plan: one part a screen, each with a kind example.

The examples are made up (fictional names; numbers from the ranges kept for drama):
they show the kind of thing that goes in a part, not what should.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    question: str
    example: str
    fields: tuple = ()
    people: bool = False  # the "my people" step: the people form, not plan fields
    crisis_lines: bool = False


STEPS = [
    Step(
        1,
        _("My warning signs"),
        _("What tells you a hard moment might be starting? Thoughts, feelings, things you do."),
        _("For example: I start checking my pulse, I can't sit still, I cancel plans."),
        fields=("warning_signs",),
    ),
    Step(
        2,
        _("Things I can do on my own"),
        _("What helps you ride it out, even a little, without anyone else?"),
        _("For example: a hot drink by the window, a shower, the double sigh, my playlist."),
        fields=("on_my_own", "practices"),
    ),
    Step(
        3,
        _("People and places that take my mind off things"),
        _("Where could you go, or who could you be around, without having to explain?"),
        _("For example: the café on the corner, the library, watching football at my cousin's."),
        fields=("distractions",),
    ),
    Step(
        4,
        _("People I can ask for help"),
        _("Who could you reach out to, and what would you like to say to them?"),
        _("For example: Sam, my sister, who said I can call any time."),
        people=True,
    ),
    Step(
        5,
        _("Professionals and crisis lines"),
        _("Who looks after your health, and which lines can you call?"),
        _("For example: Dr Rahman at the health centre, 020 7946 0000."),
        fields=("clinician_name", "clinician_phone"),
        crisis_lines=True,
    ),
    Step(
        6,
        _("Making my space safer"),
        _("Is there anything you could put out of reach for now, or ask someone to keep?"),
        _("For example: ask my sister to keep my spare medicines for a while."),
        fields=("safer_space",),
    ),
    Step(
        7,
        _("What matters to me, worth holding on to"),
        _("What, or who, is worth holding on to, even on the hardest days?"),
        _("For example: my dog Lola, seeing the sea again in summer, my nephew's laugh."),
        fields=("worth_holding_on_to",),
    ),
]
BY_NUMBER = {step.number: step for step in STEPS}
