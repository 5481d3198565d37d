"""Running counts of sent answers (consultations.models.Tally), so results take the same time
at a million responses as at ten.

Only sent responses count: drafts never touch a tally. Every write that changes what a sent
response counts for (sending, changing sent answers, coding answers into themes) runs inside
``tallies_follow`` or calls ``tallies_add``, in the transaction that writes the answers. The
change is worked out by the database (what the responses count for before and after, grouped),
and applied as one ``INSERT … ON CONFLICT DO UPDATE SET total = total + change``: an atomic
increment, safe when many people send at once, on PostgreSQL and SQLite alike. Keys are
written in a fixed order so two transactions never wait on each other's rows in a circle.

Unlinking a person from their answers (anonymous sending, or a named respondent's account
being deleted) changes no count, so it changes no tally. ``tallies_rebuild`` recounts a
consultation from its answers (``manage.py tallies_rebuild``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import cast

from django.db import connection, transaction

from consultations.models import (
    Answer,
    AnswerChoice,
    Consultation,
    Response,
    Tally,
    TallyMeasure,
)

# (consultation, measure, question, forum, respondent type, item, place)
Key = tuple[int, str, int, int, str, int, int]

_KEY_COLUMNS = (
    "consultation_id",
    "measure",
    "question_key",
    "forum_key",
    "respondent_type",
    "item",
    "place",
)
# Rows per upsert statement: well under SQLite's limit on parameters.
_ROWS_PER_STATEMENT = 200


def _counts_sql(where: str) -> str:
    """Every count the responses chosen by ``where`` (a condition on ``r``) make, grouped by
    the tally key: one query, five groupings."""
    response = Response._meta.db_table
    answer = Answer._meta.db_table
    picked = AnswerChoice._meta.db_table
    coded = Answer.themes.through._meta.db_table
    sent = f"r.submitted_at IS NOT NULL AND ({where})"
    group = "r.consultation_id, a.question_id, COALESCE(r.forum_id, 0), r.respondent_type"
    answers = f"{answer} a JOIN {response} r ON r.id = a.response_id"

    def grouped(measure: str, item: str, place: str, tables: str, condition: str = "") -> str:
        extra = ", ".join(part for part in (item, place) if part != "0")
        return (
            f"SELECT r.consultation_id, '{measure}', a.question_id, COALESCE(r.forum_id, 0), "  # noqa: S608
            f"r.respondent_type, {item}, {place}, COUNT(*) FROM {tables} "
            f"WHERE {sent}{condition} GROUP BY {group}{', ' + extra if extra else ''}"
        )

    # Table names and measures are the project's own; values go in as parameters.
    return " UNION ALL ".join(
        [
            f"SELECT r.consultation_id, '{TallyMeasure.RESPONDENTS}', 0, COALESCE(r.forum_id, 0), "  # noqa: S608
            f"r.respondent_type, 0, 0, COUNT(*) FROM {response} r WHERE {sent} "
            "GROUP BY r.consultation_id, COALESCE(r.forum_id, 0), r.respondent_type",
            grouped(TallyMeasure.ANSWERED, "0", "0", answers),
            grouped(TallyMeasure.NUMBER, "a.number", "0", answers, " AND a.number IS NOT NULL"),
            grouped(TallyMeasure.OTHER, "0", "0", answers, " AND a.other_text <> ''"),
            grouped(
                TallyMeasure.CHOICE,
                "p.choice_id",
                "COALESCE(p.rank, 0)",
                f"{picked} p JOIN {answer} a ON a.id = p.answer_id "
                f"JOIN {response} r ON r.id = a.response_id",
            ),
            grouped(
                TallyMeasure.THEME,
                "t.theme_id",
                "0",
                f"{coded} t JOIN {answer} a ON a.id = t.answer_id "
                f"JOIN {response} r ON r.id = a.response_id",
            ),
        ]
    )


def _counted(where: str, params: list[int]) -> Counter[Key]:
    counted: Counter[Key] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(_counts_sql(where), params * 6)
        for *key, n in cursor.fetchall():
            counted[cast("Key", tuple(key))] += n
    return counted


def responses_counted(response_ids: Collection[int]) -> Counter[Key]:
    """What these responses count for (nothing for drafts)."""
    if not response_ids:
        return Counter()
    marks = ", ".join(["%s"] * len(response_ids))
    return _counted(f"r.id IN ({marks})", list(response_ids))


def consultation_counted(consultation: Consultation) -> Counter[Key]:
    """What all of a consultation's sent answers count for, counted from the answers."""
    return _counted("r.consultation_id = %s", [consultation.pk])


def tallies_add(change: Counter[Key] | dict[Key, int]) -> None:
    """Add ``change`` (negative to take away) to the tallies, atomically, in key order."""
    rows = sorted((key, n) for key, n in change.items() if n)
    table = Tally._meta.db_table
    columns = ", ".join((*_KEY_COLUMNS, "total"))
    conflict = ", ".join(_KEY_COLUMNS)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            batch = rows[start : start + _ROWS_PER_STATEMENT]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608 (names are ours)
                f"ON CONFLICT ({conflict}) DO UPDATE SET total = {table}.total + excluded.total",
                [value for key, n in batch for value in (*key, n)],
            )


def _difference(after: Counter[Key], before: Counter[Key]) -> dict[Key, int]:
    return {key: after.get(key, 0) - before.get(key, 0) for key in after.keys() | before.keys()}


# The first number of PostgreSQL's two-number advisory locks, for a consultation's tallies.
_LOCK_SPACE = 16


def _lock(consultation_id: int, *, shared: bool) -> None:
    """Writers of answers share a consultation's lock; a recount takes it alone, so that no
    answer is sent between its reading the answers and reading the tallies. (SQLite lets one
    transaction write at a time, which is the same guarantee.)"""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        # The id is random and 63 bits long; the lock takes two 32-bit numbers.
        cursor.execute(f"SELECT {function}(%s, %s)", [_LOCK_SPACE, consultation_id % 2**31])


@contextmanager
def tallies_follow(consultation_id: int, response_ids: Collection[int]) -> Iterator[None]:
    """Keep the tallies in step with whatever the block does to these responses' answers:
    counted before and after, and the difference added, in the block's transaction."""
    with transaction.atomic():
        _lock(consultation_id, shared=True)
        before = responses_counted(response_ids)
        yield
        tallies_add(_difference(responses_counted(response_ids), before))


def tallies_count_in(consultation_id: int, response_ids: Collection[int]) -> None:
    """Add what newly written sent responses count for (their rows were not counted before)."""
    with transaction.atomic():
        _lock(consultation_id, shared=True)
        tallies_add(responses_counted(response_ids))


def sent_count(consultation: Consultation) -> int:
    """How many responses the consultation has had sent, from its tallies."""
    return sum(
        Tally.objects.filter(
            consultation=consultation, measure=TallyMeasure.RESPONDENTS
        ).values_list("total", flat=True)
    )


def stored_tallies(consultation: Consultation) -> Counter[Key]:
    """The consultation's tallies as they stand (rows at zero left out)."""
    return Counter(
        {
            (consultation.pk, measure, question, forum, kind, item, place): total
            for measure, question, forum, kind, item, place, total in Tally.objects.filter(
                consultation=consultation
            )
            .exclude(total=0)
            .values_list(*_KEY_COLUMNS[1:], "total")
        }
    )


def tallies_rebuild(consultation: Consultation) -> int:
    """Recount the consultation's tallies from its answers, under a lock on the consultation
    so that no answer is sent while it is recounted. Idempotent. Returns how many tallies
    changed."""
    with transaction.atomic():
        _lock(consultation.pk, shared=False)
        counted = consultation_counted(consultation)
        stored = stored_tallies(consultation)
        change = {key: n for key, n in _difference(counted, stored).items() if n}
        tallies_add(change)
    return len(change)
