"""Every URL in the project is declared by its app (tests/<app>/routes.py, merged by
tests/access.py), and every declaration holds.

Each route is checked with a GET and with a POST from every role. A POST is sent inside a
savepoint that is rolled back afterwards, so every role's POST meets the same objects, as if
fresh, without building the matrix again for each role. Around each POST the rows of the
project's models are compared, so a declaration says whether the POST changed anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import RoleStatus, User
from consultations import services as consultation_services
from consultations.models import Answer, Consultation, Question, QuestionKind
from forums import services as forum_services
from forums.models import Forum, Invitation, MembershipStatus, NewsPost, RepresentativeRole
from glossary import services as glossary_services
from notifications.services import unsubscribe_token
from peer_network import services as peer_network_services
from privacy import services as privacy_services
from privacy.models import DataExport
from programmes import feedback as programme_feedback
from programmes import services as programme_services
from programmes.models import SchoolContact
from tests.access import (
    ADMIN_NAMESPACE,
    CHANGES,
    FIVE_ACTORS,
    ROLES,
    Route,
    RouteDeclaredTwice,
    routes_all,
    routes_declared,
    routes_merge,
)
from tests.accounts.factories import UserFactory
from tests.consultations.factories import (
    AnswerFactory,
    ResponseFactory,
    export_job_ready,
    make_consultation,
)
from tests.dashboards.factories import scope_to
from tests.forums.factories import MembershipFactory, NewsPostFactory, forum_with_lead
from tests.library.factories import PDF_BYTES, make_path, make_resource
from tests.peer_network.factories import SessionFactory, past_booking, past_session
from tests.programmes.factories import SchoolFactory, cohort_make, enrol, group_make, standards
from tests.raised.factories import forum_area, partner_for, raise_matter
from tests.types import MakeClient

if TYPE_CHECKING:
    from tests.types import TestResponse

ROUTES = routes_all()


def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str | None = None
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = ":".join(part for part in (namespace, inner) if part) if inner else namespace
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield (f"{namespace}:{name}" if namespace else name), pattern


def all_url_names() -> set[str]:
    return {name for name, _ in _walk(get_resolver().url_patterns)}


def owning_app(name: str, pattern: URLPattern) -> str:
    """The app whose routes module declares a URL: the app of its view, else of its namespace
    (a redirect to an app's new address); allauth's pages and the admin's are accounts'."""
    package = pattern.callback.__module__.split(".")[0]
    if package in routes_declared():
        return package
    namespace = name.split(":")[0] if ":" in name else ""
    return namespace if namespace in routes_declared() else "accounts"


def observe(response: TestResponse, tokens: dict[str, str] | None = None) -> str:
    """What a GET gave, with ids as N and known tokens by name, so declarations stay stable."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return "login"
        path = location.split("?")[0]
        for token, name in (tokens or {}).items():
            path = path.replace(token, name)
        path = re.sub(r"(#[a-z]+-)\d+$", r"\1N", path)
        return "->" + re.sub(r"/\d+/", "/N/", path)
    return str(response.status_code)


PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)*)\}")


def _fill(value: object, objects: dict[str, object]) -> object:
    """Placeholders like "{object.attribute}" filled from the matrix's objects."""
    if isinstance(value, list):
        return [_fill(item, objects) for item in value]
    if not isinstance(value, str):
        return value

    def lookup(match: re.Match[str]) -> object:
        path = match.group(1).split(".")
        found = objects[path[0]]
        for attribute in path[1:]:
            found = getattr(found, attribute)
        return found

    whole = PLACEHOLDER.fullmatch(value)
    if whole:
        return lookup(whole)
    return PLACEHOLDER.sub(lambda match: str(lookup(match)), value)


def _data(name: str, objects: dict[str, object]) -> dict[str, object]:
    return {
        str(_fill(key, objects)): _fill(value, objects) for key, value in ROUTES[name].data.items()
    }


def _url(name: str, objects: dict[str, object]) -> str:
    """Reverse a URL, filling placeholders from the matrix's objects."""
    kwargs = {key: _fill(value, objects) for key, value in ROUTES[name].kwargs.items()}
    return reverse(name, kwargs=kwargs)


# Apps whose rows a refused POST must leave alone: the project's own, and the accounts, email
# addresses and authenticators allauth keeps. Sessions are left out (signing in writes them).
WATCHED_APPS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == settings.BASE_DIR  # the project's own apps, every one
}
WATCHED_APPS |= {"account", "mfa", "auth", "admin"}
UNWATCHED_FIELDS = {"last_login"}
# The access log records reads too (a lead opening a member list writes an entry, as does an
# export), so it is not a change the matrix looks for; tests/core/test_access_log.py and the
# export tests check what it records.
UNWATCHED_MODELS = {"core.accesslog"}


def _watched_tables() -> list[tuple[str, str]]:
    """(table, SELECT statement) for every watched model, auto-created many-to-many tables too."""
    tables = []
    quote = connection.ops.quote_name
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in WATCHED_APPS or model._meta.label_lower in UNWATCHED_MODELS:
            continue
        columns = [f.column for f in model._meta.concrete_fields if f.name not in UNWATCHED_FIELDS]
        table = model._meta.db_table
        select = ", ".join(quote(column) for column in columns)
        order = quote(model._meta.pk.column)
        tables.append((table, f"SELECT {select} FROM {quote(table)} ORDER BY {order}"))  # noqa: S608
    return tables


def rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the watched models, read straight from their tables (the matrix reads them
    seven times a route, so this stays cheap)."""
    with connection.cursor() as cursor:
        dump = {}
        for table, select in _watched_tables():
            cursor.execute(select)
            dump[table] = cursor.fetchall()
    return dump


def post_outcome(
    client: Client,
    url: str,
    data: dict[str, object],
    tokens: dict[str, str],
    before: dict[str, list[tuple[Any, ...]]],
) -> tuple[str, TestResponse]:
    """What a POST gave, with " changes" added when it changed rows (``before`` is what they
    were), sent an email or queued work for after the commit. Undone afterwards."""
    cache.clear()  # each role starts within the rate limits, as on fresh objects
    sent = len(mail.outbox)
    with transaction.atomic():
        queued = len(connection.run_on_commit)
        response = client.post(url, data)
        changed = (
            rows() != before or len(mail.outbox) != sent or len(connection.run_on_commit) != queued
        )
        transaction.set_rollback(True)
    del mail.outbox[sent:]
    return observe(response, tokens) + (CHANGES if changed else ""), response


# A refusal: the person is sent to sign in, forbidden, told there is nothing there, or the
# method is not allowed.
REFUSED = {"login", "403", "404", "405"}


def secrets(objects: dict[str, object]) -> set[str]:
    """What the matrix's objects hold that only some people may read: a refusal shows none of it."""
    members_news = cast("Any", objects["members_news"])
    matter = cast("Any", objects["matter"])
    answer, sent_answer = cast("Any", objects["answer"]), cast("Any", objects["sent_answer"])
    return {
        members_news.title,
        members_news.body,
        matter.title,
        matter.description,
        answer.text,
        sent_answer.text,
        cast("Any", objects["pending"]).user.email,
        cast("Any", objects["pending_practitioner"]).email,
        cast("Any", objects["invitation"]).email,
        cast("Any", objects["sent_yesterday"]).email,
        cast("Any", objects["member"]).user.email,
    }


def leaked(response: TestResponse, outcome: str, hidden: set[str]) -> list[str]:
    """The secrets a refused response shows (none, when all is well)."""
    if outcome.removesuffix(CHANGES) not in REFUSED:
        return []
    body = b"" if getattr(response, "streaming", False) else response.content
    text = body.decode(errors="replace")
    return sorted(secret for secret in hidden if secret in text)


def _peer_network_objects(role_users: dict[str, User | None], lead: User) -> dict[str, object]:
    session = SessionFactory.create(hosts=[lead])
    parent, practitioner = role_users["parent_carer"], role_users["practitioner"]
    assert parent is not None and practitioner is not None
    peer_network_services.booking_create(session_id=session.pk, user=parent)
    past = past_session(hosts=[lead])
    past_booking(past, practitioner, attended=True)
    elsewhere, _ = forum_with_lead("Elsewhere")
    return {
        "session": session,
        "past_session": past,
        "family_group": SessionFactory.create(kind="family", reach="forum", forum=elsewhere),
    }


def _raised_objects(
    role_users: dict[str, User | None], forum: Forum, lead: User
) -> dict[str, object]:
    practitioner, commissioner = role_users["practitioner"], role_users["commissioner"]
    assert practitioner is not None and commissioner is not None
    partner = partner_for(forum, lead, name="Matrix SEND service", contact=practitioner)
    partner_for(forum, lead, name="Matrix ICB", contact=commissioner)
    area = forum_area(forum)
    # The commissioner's dashboards cover the matrix forum's area.
    scope_to(commissioner, area)
    return {
        "partner": partner,
        "matrix_area": area,
        "matter": raise_matter(
            forum,
            lead,
            partner,
            title="Respite places closing",
            description="Families in the east lose their respite nights.",
        ),
    }


def _programmes_objects(role_users: dict[str, User | None], lead: User) -> dict[str, object]:
    """The practitioner is a contact of a school in a cohort the lead leads."""
    contact = role_users["practitioner"]
    assert contact is not None
    cohort = cohort_make(leads=[lead])
    enrolment = enrol(cohort, contact=contact)
    standard = standards()[0]
    item = programme_services.action_create(
        enrolment=enrolment,
        created_by=contact,
        details=programme_services.ActionDetails(
            standard_id=standard.pk, action="Write profiles", owner="SENCO", due_on=cohort.ends_on
        ),
    )
    group = group_make(leads=[lead])
    group_area = group.council_areas.first()
    assert group_area is not None
    group_meeting = programme_services.group_meeting_record(
        cohort=group,
        recorded_by=lead,
        held_on=cohort.starts_on,
        place="Youth hub",
        council_area=group_area,
        counts={"11_13": 3},
        theme_ids=[],
    )
    spare_contact = SchoolContact.objects.create(
        school=enrolment.school, user=UserFactory.create(practitioner=True), role="headteacher"
    )
    today_meeting = programme_services.group_meeting_record(
        cohort=group,
        recorded_by=lead,
        held_on=timezone.localdate(),
        place="Youth hub",
        council_area=group_area,
        counts={"14_16": 4},
        theme_ids=[],
    )
    # Open for an hour either side of now, whatever the time of day the matrix runs.
    now = timezone.now()
    feedback_form = consultation_services.open_link_form_create(
        created_by=lead,
        region=group_area.region,
        title="Tell us about today",
        summary="Feedback",
        easy_read_summary="",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(hours=1),
        questions=programme_feedback.form_questions(),
    )
    group_meeting.feedback_form = feedback_form
    group_meeting.save(update_fields=["feedback_form"])
    questions = list(Question.objects.filter(section__consultation=feedback_form))
    return {
        "spare_school": SchoolFactory.create(),
        "spare_contact": spare_contact,
        "today_meeting": today_meeting,
        "feedback_form": feedback_form,
        **{
            f"feedback_question_{word}": question
            for word, question in zip(("one", "two", "three"), questions, strict=True)
        },
        **{
            f"feedback_choice_{word}": question.choices.first()
            for word, question in zip(("one", "two", "three"), questions, strict=True)
        },
        "lead_framework": programme_services.framework_create(
            name="Lead's framework", description="", created_by=lead
        ),
        "group": group,
        "group_area": group_area,
        "group_meeting": group_meeting,
        "cohort": cohort,
        "enrolment": enrolment,
        "standard": standard,
        "action_item": item,
        "module": cohort.programme.modules.first(),
    }


def _small_consultation(forum: Forum, lead: User, *, title: str) -> Consultation:
    """A draft with one page of one question: what the builder's routes change."""
    now = timezone.now()
    draft = consultation_services.consultation_create(
        created_by=lead,
        forum=forum,
        title=title,
        summary="For the matrix.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    section = consultation_services.section_add(consultation=draft, edited_by=lead, title="Page")
    consultation_services.question_add(
        section=section, edited_by=lead, kind=QuestionKind.SHORT_TEXT, text="Anything else?"
    )
    return draft


def _data_download_token(owner: User) -> str:
    """The link to a download of the owner's data, built as the task builds it."""
    export = DataExport.objects.create(user=owner)
    privacy_services.data_export_build(export_id=export.pk)
    return privacy_services.download_token(export)


@pytest.fixture
def matrix_objects(role_users: dict[str, User | None]) -> dict[str, object]:
    """One forum with a lead, a pending request, members-only news, a representative's seat,
    invitations (one sent today, one yesterday) and a proposed glossary term: what the declared URLs point at. Its open
    consultation has the lead's answers, ready to send; a draft and a closed consultation are
    there for the builder and for publishing."""
    forum, lead = forum_with_lead("Matrix")
    pending = MembershipFactory.create(forum=forum, status=MembershipStatus.PENDING)
    pending_practitioner = UserFactory.create(practitioner=True, role_status=RoleStatus.PENDING)
    seat = RepresentativeRole.objects.create(
        forum=forum, user=lead, board="SEND Partnership Board", term_start="2026-01-01"
    )
    invitation = forum_services.invitation_create(
        forum=forum, email="invited@example.org", role="member", invited_by=lead
    )
    sent_yesterday = forum_services.invitation_create(
        forum=forum, email="invited.yesterday@example.org", role="member", invited_by=lead
    )
    # Sent long enough ago to be sent again.
    Invitation.objects.filter(pk=sent_yesterday.pk).update(
        sent_at=timezone.now() - timedelta(days=1)
    )
    term = glossary_services.glossary_term_propose(
        forum=forum, proposed_by=lead, term="Matrix term", meaning="A term for the matrix."
    )
    consultation = make_consultation(forum, lead, identity_mode="named")
    response = consultation_services.response_start(consultation=consultation, user=lead)
    question = Question.objects.filter(section__consultation=consultation, kind="long_text").get()
    age = Question.objects.filter(section__consultation=consultation, kind="single").get()
    age_choice = age.choices.first()
    assert age_choice is not None
    consultation_services.response_save_answers(
        response=response,
        answers={
            question: consultation_services.AnswerValue(text="Our draft about the long wait"),
            age: consultation_services.AnswerValue(choice_ids=(age_choice.pk,)),
        },
    )
    draft = _small_consultation(forum, lead, title="Draft")
    closed = _small_consultation(forum, lead, title="Closed")
    consultation_services.consultation_launch(consultation=closed, launched_by=lead)
    consultation_services.consultation_close_now(consultation=closed, closed_by=lead)
    action = consultation_services.action_create(
        consultation=consultation,
        created_by=lead,
        title="Act",
        owner_type="council",
        owner_name="Council",
    )
    path = make_path(lead, 2, slug="matrix-path")
    members_news = NewsPostFactory.create(forum=forum, visibility="members")
    # Distinct words, so that a refusal showing any of them is caught (see secrets).
    NewsPost.objects.filter(pk=members_news.pk).update(
        title="Summer fair plans for members", body="Only members read about the summer fair."
    )
    members_news.refresh_from_db()
    fellow = MembershipFactory.create(
        forum=forum, user=UserFactory.create(email="fellow.member@example.org")
    )
    _, other_lead = forum_with_lead("Other")
    return {
        "forum_member": fellow.user,
        "other_lead": other_lead,
        **role_users,
        **_peer_network_objects(role_users, lead),
        **_raised_objects(role_users, forum, lead),
        "unsubscribe_token": unsubscribe_token(cast("User", role_users["parent_carer"]), "news"),
        **_programmes_objects(role_users, lead),
        "lead": lead,
        "resource": make_resource(lead, "Matrix guide"),
        "document_resource": make_resource(lead, "Matrix document", document=PDF_BYTES),
        "path": path,
        "path_step": path.steps.first(),
        "consultation": consultation,
        "open_consultation": make_consultation(forum, lead, audience="open_link"),
        "section": consultation.sections.first(),
        "question": question,
        "answer": Answer.objects.get(response=response, question=question),
        "sent_answer": AnswerFactory.create(
            response=ResponseFactory.create(consultation=consultation, quote_consent=True),
            question=question,
            text="The assessment took two years",
        ),
        "age_question": age,
        "age_choice": age.choices.first(),
        "theme": consultation_services.theme_create(
            consultation=consultation, edited_by=lead, name="Waiting"
        ),
        "draft": draft,
        "draft_section": draft.sections.get(),
        "draft_question": Question.objects.get(section__consultation=draft),
        "closed_consultation": closed,
        "export_job": export_job_ready(consultation, lead),
        "action": action,
        "forum": forum,
        "pending": pending,
        "member": MembershipFactory.create(forum=forum),
        "pending_practitioner": pending_practitioner,
        "members_news": members_news,
        "seat": seat,
        "invitation": invitation,
        "sent_yesterday": sent_yesterday,
        "invitation_token": forum_services.invitation_token(invitation),
        "proposed_term": term,
        "download_token": _data_download_token(cast("User", role_users["parent_carer"])),
    }


def test_every_url_is_declared() -> None:
    undeclared = sorted(
        name
        for name in all_url_names()
        if name not in ROUTES and not name.startswith(f"{ADMIN_NAMESPACE}:")
    )
    assert undeclared == [], f"Declare these URLs in tests/<app>/routes.py: {undeclared}"
    stale = sorted(set(ROUTES) - all_url_names())
    assert stale == [], f"These declared URLs no longer exist: {stale}"


def test_each_app_declares_its_own_urls() -> None:
    declared_by = {name: app for app, routes in routes_declared().items() for name in routes}
    elsewhere = sorted(
        f"{name} is declared by {declared_by[name]}, not {owning_app(name, pattern)}"
        for name, pattern in _walk(get_resolver().url_patterns)
        if name in declared_by and declared_by[name] != owning_app(name, pattern)
    )
    assert elsewhere == []


def test_a_url_declared_by_two_apps_is_refused() -> None:
    route = Route({"anonymous": "200"})
    with pytest.raises(RouteDeclaredTwice, match="'home' is declared by both front and forums"):
        routes_merge({"front": {"home": route}, "forums": {"home": route, "forums:list": route}})


def test_every_url_declares_its_post() -> None:
    undeclared = sorted(name for name, route in ROUTES.items() if route.post is None)
    assert undeclared == [], f"Declare what a POST gives for these URLs: {undeclared}"


def takes_an_id(pattern: URLPattern) -> bool:
    """Whether a URL names an object: any argument in its path (an id, a slug or a token)."""
    return bool(pattern.pattern.regex.groupindex or pattern.pattern.regex.groups)


def urls_with_an_id() -> list[str]:
    return sorted(
        name
        for name, pattern in _walk(get_resolver().url_patterns)
        if takes_an_id(pattern) and not name.startswith(f"{ADMIN_NAMESPACE}:")
    )


# URLs that let nobody in with the matrix's objects, owner included: their argument is made up
# (a key nobody was sent), or the page does not exist yet (results before they are published).
# That refusal is what they are checked for.
NOBODY_LET_IN = {
    "consultations:open_resume",
    "account_confirm_email",
    "account_reset_password_from_key",
    "consultations:published_results",
}


def test_every_url_with_an_id_is_checked_with_five_actors(
    record_property: Callable[[str, object], None],
) -> None:
    """The matrix checks every URL that takes an id with the five actors (FIVE_ACTORS): a new
    URL with an id fails here until its route says what each of them gets, and whose it is."""
    names = urls_with_an_id()
    assert len(names) > 100  # every app's objects, not an empty list that passes by accident
    missing = {}
    for name in names:
        route = ROUTES[name]
        assert route.owner in ROLES and route.owner != "anonymous", name
        actors = [route.owner if actor == "owner" else actor for actor in FIVE_ACTORS]
        for method, declared in (("GET", route.expect), ("POST", route.post or {})):
            absent = [actor for actor in actors if actor not in declared]
            if absent:
                missing[f"{method} {name}"] = absent
    assert missing == {}
    owner_refused = sorted(
        name
        for name in names
        if name not in NOBODY_LET_IN
        and route_refuses(ROUTES[name].expect.get(ROUTES[name].owner, "403"))
        and route_refuses((ROUTES[name].post or {}).get(ROUTES[name].owner, "403"))
    )
    assert owner_refused == [], "the owner of these objects is refused: is the owner right?"
    record_property("object_access_urls", len(names))
    record_property("object_access_actors", len(ROLES))


def route_refuses(outcome: str) -> bool:
    return outcome.removesuffix(CHANGES) in REFUSED


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_declared_access_holds(
    name: str, matrix_objects: dict[str, object], make_client: MakeClient
) -> None:
    route = ROUTES[name]
    url = _url(name, matrix_objects)
    open_consultation = matrix_objects["open_consultation"]
    assert isinstance(open_consultation, Consultation)
    assert open_consultation.open_link_token is not None
    feedback_form = cast("Consultation", matrix_objects["feedback_form"])
    assert feedback_form.open_link_token is not None
    tokens = {
        open_consultation.open_link_token: "TOKEN",
        feedback_form.open_link_token: "FEEDBACK",
    }
    clients = {role: make_client(cast("User | None", matrix_objects[role])) for role in ROLES}
    for client in clients.values():
        client.raise_request_exception = False  # a 500 is an outcome to report, not a crash
    got = {role: clients[role].get(url) for role in ROLES}
    observed = {role: observe(response, tokens) for role, response in got.items()}
    data = _data(name, matrix_objects)
    before = rows()
    sent = {role: post_outcome(clients[role], url, data, tokens, before) for role in ROLES}
    posted = {role: outcome for role, (outcome, _) in sent.items()}
    assert observed == route.expect, "GET"
    assert posted == route.post, "POST"
    hidden = secrets(matrix_objects)
    shown = {
        f"{method} {role}": found
        for method, responses in (("GET", got), ("POST", {r: sent[r][1] for r in ROLES}))
        for role, response in responses.items()
        if (found := leaked(response, observe(response, tokens), hidden))
    }
    assert shown == {}, "a refusal shows what it refuses"


READ_ONLY_ADMIN_ADDS = {"admin:core_outboxemail_add", "admin:privacy_erasure_add"}


@pytest.mark.django_db
def test_admin_is_staff_only(matrix_objects: dict[str, object], make_client: MakeClient) -> None:
    """Every argument-free admin page sends non-staff to the admin sign-in and opens for staff."""
    names = sorted(
        name
        for name in all_url_names()
        if name.startswith(f"{ADMIN_NAMESPACE}:")
        and "<unnamed" not in name
        and name not in {"admin:login", "admin:logout", "admin:autocomplete"}
        and name not in ROUTES
    )
    checked = 0
    for name in names:
        try:
            url = reverse(name)
        except Exception:  # noqa: S112 (patterns that need an object id are covered by index)
            continue
        checked += 1
        for role in ROLES:
            response = make_client(cast("User | None", matrix_objects[role])).get(url)
            if role == "staff":
                # Records only the service writes (the outbox, account deletions) have no "add"
                # page, even for staff.
                read_only_add = name.endswith("_add") and name in READ_ONLY_ADMIN_ADDS
                assert response.status_code == (403 if read_only_add else 200), (name, role)
            else:
                assert response.status_code == 302, (name, role)
                assert response["Location"].startswith("/admin/login/"), (name, role)
    assert checked >= 10
