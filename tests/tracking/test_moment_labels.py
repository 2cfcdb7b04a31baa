"""The progress page writes check-in times and trend averages in Python, for speed; they
must read exactly as Django's date and localize filters would write them."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, timezone, translation

from tracking.stats import Chart, DayAverage, iso_moment, moment_label

MOMENTS = [
    datetime(2026, 11, 3, 23, 30, 5, 123456, tzinfo=UTC),  # the next day in Berlin
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # the night clocks go forward in Europe
    datetime(2027, 1, 1, 9, 5, tzinfo=UTC),
]


@pytest.mark.parametrize("language", ["en-gb", "de", "es"])
@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Los_Angeles"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_a_check_in_time_reads_as_the_date_filter_writes_it(language, zone, moment):
    with timezone.override(ZoneInfo(zone)), translation.override(language):
        # Through a template, which shows an aware time in the current time zone.
        written = Template(
            "{{ m|date:'D j M, H:i' }}|{{ m|date:'D j M Y, H:i' }}|{{ m|date:'c' }}"
        ).render(Context({"m": moment}))
        ours = f"{moment_label(moment, year=False)}|{moment_label(moment)}|{iso_moment(moment)}"
        assert ours == written


def test_the_trend_table_writes_averages_as_localize_does():
    chart = Chart(
        start=datetime(2026, 11, 1).date(),
        end=datetime(2026, 11, 3).date(),
        days=[
            DayAverage(datetime(2026, 11, day).date(), average, 2)
            for day, average in [(1, 4.5), (2, 5.0), (3, 10.0)]
        ],
    )
    for language in ["en-gb", "de"]:
        with translation.override(language):
            rows = str(chart.table_rows)
            for average in (4.5, 5.0, 10.0):
                assert f"<td>{formats.localize(average)}</td>" in rows
    with translation.override("de"):
        assert "<td>4,5</td>" in str(chart.table_rows)


@pytest.mark.parametrize("language", ["en-gb", "de", "es"])
def test_the_charts_first_and_last_days_read_as_the_date_filter_writes_them(language):
    chart = Chart(start=date(2026, 5, 3), end=date(2026, 6, 1), days=[])
    with translation.override(language):
        written = Template(
            "{{ s|date:'j F Y' }}|{{ e|date:'j F Y' }}|{{ s|date:'j M Y' }}|{{ e|date:'j M Y' }}"
        ).render(Context({"s": chart.start, "e": chart.end}))
        ours = f"{chart.start_in_full}|{chart.end_in_full}|{chart.start_short}|{chart.end_short}"
        assert ours == written


@pytest.mark.parametrize("language", ["en-gb", "es"])
def test_the_trend_tables_days_read_as_the_date_filter_writes_them(language):
    days = [date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 4)]
    chart = Chart(start=days[0], end=days[-1], days=[DayAverage(day, 3.0, 1) for day in days])
    with translation.override(language):
        rows = str(chart.table_rows)
        for day in days:
            written = Template("{{ d|date:'D j M Y' }}").render(Context({"d": day}))
            assert f'<th scope="row">{written}</th>' in rows
