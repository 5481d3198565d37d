"""Hostile input: malformed data posted to every view that accepts a POST.

The views are the access matrix's (tests/access.py): every route on which someone's POST is not
refused outright. Each is posted to as the person for whom its form works (the forum's lead,
mostly), starting from the route's valid data and spoiling it with hypothesis: over-long
strings, control characters and NUL bytes, wrong types, missing and duplicated fields, negative
and foreign ids, tampered hidden fields, unknown fields and replays of the same POST.

Whatever comes in, the answer is never a 500; and when the page says the form has a problem,
nothing was written: no row of the project's tables, no email, no work queued for after the
commit. Each input is sent inside a savepoint that is rolled back, so every input meets the same
objects.

``HOSTILE_INPUTS`` sets how many spoiled forms are made (1,700 by default, as CI runs it); each
is posted once, or twice when it is replayed (one in four), and the test summary counts the
posts: over 2,000 in CI.
bench/README.md gives the longer run's figures.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.models import Consent, ConsentKind, User
from consultations.forms.results import ThemeCodingForm
from consultations.models import Theme
from core.forms import IdListField
from forums.models import EngagementEntry, Forum, NewsPost
from tests.access import ROLES, Route
from tests.accounts.factories import second_step_record
from tests.consultations.factories import make_consultation
from tests.test_access_matrix import ROUTES, _data, _url, _watched_tables, matrix_objects, rows

if TYPE_CHECKING:
    from tests.types import MakeClient, TestResponse

__all__ = ["matrix_objects"]  # the fixture, shared with the access matrix

INPUTS = int(os.environ.get("HOSTILE_INPUTS", "1700"))
# The form views are shared out among this many tests, so that two test processes share the work.
SHARDS = 4

REFUSED = {"login", "403", "404", "405"}
# Whose form it is, when more than one person's POST gets through: the first of these.
PREFERRED = ("lead", "staff", "practitioner", "parent_carer", "commissioner", "anonymous")


def _outcome(outcome: str) -> str:
    return outcome.removesuffix(" changes")


def form_views() -> dict[str, str]:
    """Every route on which someone's POST gets through, with the role to post as: one whose
    POST changes something when there is one (that is whose form it is), else any let in."""
    chosen = {}
    for name, route in sorted(ROUTES.items()):
        post = route.post or {}
        let_in = [role for role in PREFERRED if _outcome(post.get(role, "405")) not in REFUSED]
        if not let_in:
            continue
        changing = [role for role in let_in if post[role].endswith(" changes")]
        chosen[name] = (changing or let_in)[0]
    return chosen


FORM_VIEWS = form_views()


def shard(index: int) -> list[str]:
    return sorted(FORM_VIEWS)[index::SHARDS]


# Strings a person could not have meant, and strings of the wrong kind for the field.
CONTROL = st.characters(codec="utf-8", categories=["Cc", "Cf", "Co"])
NASTY_TEXT = st.one_of(
    st.text(CONTROL, min_size=1, max_size=20),
    st.text(max_size=40).map(lambda text: text + "\x00"),
    st.text(st.characters(codec="utf-8"), max_size=80),
    st.sampled_from(["\x00", "a\x00b", "\r\n\r\n", "\u202e", "\ufeff", "\t", " "]),
)
OVER_LONG = st.sampled_from([256, 1_001, 5_001, 100_001]).flatmap(
    lambda size: st.sampled_from(["x", "é", "\u2603 ", "<b>", "1"]).map(lambda unit: unit * size)
)
WRONG_TYPE = st.sampled_from(
    [
        "",
        "abc",
        "1.5",
        "1e9",
        "-0",
        "９",  # a full-width digit
        "9" * 40,
        "true",
        "null",
        "[]",
        "{}",
        "2026-02-30",
        "31",
        "13",
        "0000",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "http://evil.example/",
        "//evil.example",
    ]
)
BAD_IDS = st.sampled_from(["-1", "0", str(2**31), str(2**63), str(2**64), "-9223372036854775809"])


@dataclass(frozen=True)
class Form:
    """What a form view takes: its valid data, the names its page shows, which are hidden, and
    the ids of other forums' rows."""

    url: str
    data: dict[str, list[str]]
    names: tuple[str, ...]
    hidden: tuple[str, ...]
    foreign_ids: tuple[str, ...]


FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*>", re.IGNORECASE)
NAME = re.compile(r'\bname="([^"]+)"')
HIDDEN = re.compile(r'\btype="hidden"', re.IGNORECASE)


def page_fields(html: str) -> tuple[set[str], set[str]]:
    """The names of a page's fields, and of its hidden ones (the CSRF token aside)."""
    names, hidden = set(), set()
    for tag in FIELD.findall(html):
        found = NAME.search(tag)
        if not found or found.group(1) == "csrfmiddlewaretoken":
            continue
        names.add(found.group(1))
        if HIDDEN.search(tag):
            hidden.add(found.group(1))
    return names, hidden


Mutation = Callable[[dict[str, list[str]]], None]


def mutations(form: Form) -> st.SearchStrategy[Mutation]:
    """One way of spoiling a form's data."""
    names = form.names or ("unknown",)
    value = st.one_of(NASTY_TEXT, OVER_LONG, WRONG_TYPE, BAD_IDS, st.sampled_from(form.foreign_ids))

    def put(name: str, new: str) -> Mutation:
        return lambda data: data.__setitem__(name, [new])

    def drop(name: str) -> Mutation:
        def without(data: dict[str, list[str]]) -> None:
            data.pop(name, None)

        return without

    def twice(name: str, other: str) -> Mutation:
        return lambda data: data.__setitem__(name, [*data.get(name, [""]), other])

    def many(name: str, values: list[str]) -> Mutation:
        return lambda data: data.__setitem__(name, values)

    field = st.sampled_from(names)
    choices: list[st.SearchStrategy[Mutation]] = [
        st.builds(put, field, value),
        st.builds(drop, field),
        st.builds(twice, field, value),
        st.builds(many, field, st.lists(st.one_of(BAD_IDS, WRONG_TYPE), max_size=30)),
        st.builds(
            put,
            st.text(st.characters(codec="utf-8"), max_size=10).map(lambda name: name or "extra"),
            value,
        ),
    ]
    if form.hidden:
        choices.append(st.builds(put, st.sampled_from(form.hidden), value))
    return st.one_of(choices)


# Answering pages keep what a person typed even when some of it is refused ("an answer that a
# parent carer typed is never lost"): behind their form errors, their own draft (its response,
# answers and chosen options) may be saved. Every other table must still be unchanged.
KEEPS_DRAFT = {"consultations:answer_section", "consultations:open_section"}
DRAFT_TABLES = {"consultations_response", "consultations_answer", "consultations_answerchoice"}


def form_error(response: TestResponse) -> bool:
    """The page refused the input and said why (a GOV.UK error summary, or a bad request)."""
    if response.status_code == 400:
        return True
    if response.streaming:  # a download, which is never a page of errors
        return False
    return response.status_code == 200 and b"govuk-error-summary" in response.content


def signed_in_client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        second_step_record(client, user)
    return client


def foreign_ids(objects: dict[str, object]) -> tuple[str, ...]:
    """Ids of rows of every kind the matrix has, and of another forum's consultation."""
    other = cast("User", objects["other_lead"])
    forum = other.memberships.get().forum
    consultation = make_consultation(forum, other)
    ids = {str(value.pk) for value in objects.values() if isinstance(value, Model)}
    ids |= {str(section.pk) for section in consultation.sections.all()}
    for section in consultation.sections.all():
        for question in section.questions.all():
            ids.add(str(question.pk))
            ids |= {str(choice.pk) for choice in question.choices.all()}
    return tuple(sorted(ids, key=int))


def form_for(name: str, role: str, objects: dict[str, object], ids: tuple[str, ...]) -> Form:
    url = _url(name, objects)
    client = signed_in_client(cast("User | None", objects[role]))
    with transaction.atomic():
        page = client.get(url)
        transaction.set_rollback(True)
    html = page.content.decode() if page.status_code == 200 and not page.streaming else ""
    shown, hidden = page_fields(html)
    valid = {
        key: [str(item) for item in value] if isinstance(value, list) else [str(value)]
        for key, value in _data(name, objects).items()
    }
    return Form(url, valid, tuple(sorted(shown | set(valid))), tuple(sorted(hidden)), ids)


class Tally:
    inputs = 0


Fingerprint = Callable[[], dict[str, object]]


def table_sums() -> Fingerprint:
    """A cheap fingerprint of every watched table (its rows' count and a checksum of them): one
    query on PostgreSQL, where CI runs this; elsewhere the rows themselves."""
    if connection.vendor != "postgresql":
        return lambda: dict(rows())
    quote = connection.ops.quote_name
    parts = []
    for table, select in _watched_tables():
        columns = select.removeprefix("SELECT ").split(" FROM ")[0]
        order = select.rsplit(" ORDER BY ", 1)[1]
        parts.append(
            f"SELECT '{table}', count(*), md5(coalesce(string_agg(ROW({columns})::text, ','"  # noqa: S608
            f" ORDER BY {order}), '')) FROM {quote(table)}"
        )
    query = " UNION ALL ".join(parts)

    def fingerprint() -> dict[str, object]:
        with connection.cursor() as cursor:
            cursor.execute(query)
            return {table: sums for table, *sums in cursor.fetchall()}

    return fingerprint


@dataclass
class Attacker:
    """Who posts, signed in once; a POST that signs them out (or into another session) is
    followed by signing in again."""

    user: User | None
    client: Client = field(init=False)

    def __post_init__(self) -> None:
        self.sign_in()

    def sign_in(self) -> None:
        self.client = signed_in_client(self.user)

    def session(self) -> str:
        morsel = self.client.cookies.get("sessionid")
        return morsel.value if morsel is not None else ""

    def ready(self) -> Client:
        if self.user is not None and not self.session():
            self.sign_in()
        return self.client


def post_hostile(
    name: str,
    attacker: Attacker,
    form: Form,
    spoil: list[Mutation],
    replay: bool,
    fingerprint: Fingerprint,
) -> None:
    """Post one spoiled form (twice when ``replay``); fail on a 500, or on a write behind a form
    error."""
    data = {key: list(values) for key, values in form.data.items()}
    for mutation in spoil:
        mutation(data)
    cache.clear()  # rate limits are not what is under test
    client = attacker.ready()
    session = attacker.session()
    with transaction.atomic():
        before = fingerprint()
        for attempt in range(2 if replay else 1):
            sent = len(mail.outbox)
            queued = len(connection.run_on_commit)
            Tally.inputs += 1
            response = client.post(form.url, data)
            assert response.status_code < 500, (name, data)
            if form_error(response):
                after = fingerprint()
                changed = {table for table in after if after[table] != before[table]}
                if name in KEEPS_DRAFT:
                    changed -= DRAFT_TABLES
                assert not changed, (name, "wrote rows behind a form error", changed, data)
                assert len(mail.outbox) == sent, (name, "sent email behind a form error", data)
                assert len(connection.run_on_commit) == queued, (name, "queued work", data)
            elif replay and attempt == 0:
                before = fingerprint()
        transaction.set_rollback(True)
    del mail.outbox[:]
    if attacker.session() != session:  # the session row it points at was rolled back
        attacker.sign_in()


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(SHARDS))
def test_hostile_input_never_breaks_a_form(
    index: int, matrix_objects: dict[str, object], record_property: Callable[[str, Any], None]
) -> None:
    names = shard(index)
    ids = foreign_ids(matrix_objects)
    forms = {name: form_for(name, FORM_VIEWS[name], matrix_objects, ids) for name in names}
    fingerprint = table_sums()
    attackers = {
        role: Attacker(cast("User | None", matrix_objects[role]))
        for role in {FORM_VIEWS[name] for name in names}
    }
    start = Tally.inputs

    @settings(
        max_examples=max(1, INPUTS // SHARDS),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        # Each input is a request: shrinking a failure would take minutes, and the failure
        # already names the view and the data posted.
        phases=[Phase.explicit, Phase.generate],
    )
    @given(st.data())
    def attack(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(names), label="view")
        form = forms[name]
        spoil = data.draw(st.lists(mutations(form), min_size=1, max_size=4), label="spoil")
        replay = data.draw(st.integers(0, 3), label="replay") == 0  # one in four is replayed
        attacker = attackers[FORM_VIEWS[name]]
        post_hostile(name, attacker, form, spoil, replay, fingerprint)

    attack()
    tried = Tally.inputs - start
    record_property("hostile_inputs", tried)
    record_property("hostile_views", len(names))
    assert tried >= INPUTS // SHARDS


def test_every_form_view_is_attacked() -> None:
    """Every route on which a POST gets through is in one shard, and each has a role to post as."""
    assert sorted(name for index in range(SHARDS) for name in shard(index)) == sorted(FORM_VIEWS)
    assert set(FORM_VIEWS.values()) <= set(ROLES)
    refused_for_all = {
        name
        for name, route in ROUTES.items()
        if all(_outcome(outcome) in REFUSED for outcome in (route.post or {}).values())
    }
    assert set(ROUTES) == set(FORM_VIEWS) | refused_for_all
    assert isinstance(next(iter(ROUTES.values())), Route)


# Regressions: each defect the attack found, pinned on its own.


def test_a_date_too_big_for_the_calendar_is_refused_plainly(
    make_client: MakeClient, gateshead: tuple[Forum, User]
) -> None:
    """A day or month too big for a machine integer was a 500 (OverflowError), not a message."""
    forum, lead = gateshead
    data = {
        "title": "Coffee morning",
        "date_0": "9" * 20,
        "date_1": "1",
        "date_2": "2026",
        "method": "coffee_morning",
        "participants": "12",
        "themes": "Waiting",
        "ladder_rung": "4",
    }
    response = make_client(lead).post(reverse("forums:engagement", args=[forum.slug]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "The date must be a real date" in page
    assert not EngagementEntry.objects.exists()


@pytest.mark.parametrize("next_url", ["-1", "profile", "logout", "https://evil.example/", "//evil"])
def test_consent_goes_back_only_to_a_path_on_this_site(
    make_client: MakeClient, parent: User, next_url: str
) -> None:
    """A "next" that was a bare word was taken for a view's name: a 500 after the consent."""
    response = make_client(parent).post(
        reverse("consent_give", args=["children"]), {"next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    assert Consent.objects.filter(user=parent, kind=ConsentKind.SPECIAL_CATEGORY).exists()


def test_consent_goes_back_to_the_page_it_was_asked_on(
    make_client: MakeClient, parent: User
) -> None:
    response = make_client(parent).post(
        reverse("consent_give", args=["children"]), {"next": "/peer-network/"}
    )
    assert response["Location"] == "/peer-network/"


def test_a_nul_byte_is_refused_with_a_message_not_sent_to_the_database(
    make_client: MakeClient, gateshead: tuple[Forum, User]
) -> None:
    """PostgreSQL refuses NUL in text, which would be a 500: every text field refuses it first."""
    forum, lead = gateshead
    response = make_client(lead).post(
        reverse("forums:news_new", args=[forum.slug]),
        {"title": "Summer fair", "body": "Some\x00news.", "visibility": "public"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Null characters are not allowed" in page
    assert not NewsPost.objects.exists()


@pytest.mark.parametrize("ticked", ["1" * 5001, "9" * 20, str(2**63)])
def test_an_id_too_long_to_be_one_is_refused_plainly(ticked: str) -> None:
    """Over 4,300 digits, int() itself refused the text (a 500 on the attendance page)."""
    field = IdListField()
    with pytest.raises(ValidationError, match="Tick items from this page"):
        field.clean([ticked])
    assert field.clean(["12", "3"]) == [3, 12]


@pytest.mark.django_db
def test_theme_coding_with_a_refused_action_shows_the_error() -> None:
    """An action the form refused (a NUL byte in it) was looked up anyway: a KeyError, a 500."""
    form = ThemeCodingForm(
        {"action": "remove\x00", "new_theme": "Waits"}, themes=Theme.objects.none()
    )
    assert not form.is_valid()
    assert "action" in form.errors
