"""Reach: who the forums in scope reach, and, where members agreed to tell us about their
children, by age band, area of need, support and ethnic group; and the gaps."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from accounts.models import (
    AgeBand,
    AreaOfNeed,
    Consent,
    ConsentKind,
    EthnicGroup,
    SupportLevel,
    User,
)
from core.suppression import HIDDEN
from dashboards.figures.context import Context
from dashboards.tables import Counts, DashTable, build
from forums.models import Membership

ACTIVE_DAYS = 90


def memberships(ctx: Context) -> QuerySet[Membership]:
    """Active memberships of the scope's forums that began before the end of the time chosen."""
    return Membership.objects.active().filter(
        forum_id__in=ctx.forum_ids, joined_at__lt=ctx.period.end
    )


def members(ctx: Context) -> QuerySet[User]:
    return User.objects.filter(pk__in=memberships(ctx).values("user_id"))


def consented_members(ctx: Context) -> QuerySet[User]:
    """Members whose consent to hold their children's details is current."""
    consent = Consent.objects.current().filter(
        user=OuterRef("pk"), kind=ConsentKind.SPECIAL_CATEGORY
    )
    return members(ctx).filter(Exists(consent))


def headline_counts(ctx: Context) -> dict[str, int]:
    """Members reached and members active in the last 90 days of the time chosen: one query."""
    since = ctx.period.end - timedelta(days=ACTIVE_DAYS)
    return members(ctx).aggregate(
        reached=Count("pk"), active=Count("pk", filter=Q(last_login__gte=since))
    )


def growth_by_month(ctx: Context) -> DashTable:
    rows = (
        memberships(ctx)
        .filter(ctx.in_period("joined_at"))
        .annotate(month=TruncMonth("joined_at"))
        .values("month")
        .annotate(n=Count("user", distinct=True))
        .order_by("month")
    )
    return build(
        Counts(
            "growth",
            "New members by month",
            "Month",
            ["New members"],
            [(f"{row['month']:%B %Y}", [row["n"]]) for row in rows],
            chart=True,
            what="new members",
        )
    )


def by_forum(ctx: Context) -> DashTable:
    rows = (
        memberships(ctx)
        .values("forum__name")
        .annotate(n=Count("user", distinct=True))
        .order_by("forum__name")
    )
    return build(
        Counts(
            "forums",
            "Members by forum",
            "Forum",
            ["Members"],
            [(row["forum__name"], [row["n"]]) for row in rows],
            chart=True,
            percent_of_total=True,
            what="memberships",
            note="Someone who belongs to two forums is counted in each.",
        )
    )


def by_area(ctx: Context) -> DashTable:
    """Members of the forums covering each council area in scope, with every area listed, so
    an area with no members shows as 0: the plainest gap."""
    counts = memberships(ctx).aggregate(
        **{
            f"a{area.pk}": Count("user", distinct=True, filter=Q(forum__council_areas=area.pk))
            for area in ctx.scope.areas
            if area.pk in ctx.scope.area_ids
        }
    )
    data = [
        (area.name, [counts[f"a{area.pk}"]])
        for area in ctx.scope.areas
        if area.pk in ctx.scope.area_ids
    ]
    return build(
        Counts(
            "areas",
            "Members by council area",
            "Council area",
            ["Members"],
            data,
            chart=True,
            what="memberships",
            note="A forum covering two areas counts its members in each.",
        )
    )


def _profile_table(
    ctx: Context, slug: str, title: str, header: str, choices: list[tuple[str, str]], lookup: str
) -> DashTable:
    counts = consented_members(ctx).aggregate(
        **{
            f"c{n}": Count("pk", filter=Q(**{lookup: value}))
            for n, (value, _) in enumerate(choices)
        }
    )
    data = [(label, [counts[f"c{n}"]]) for n, (_, label) in enumerate(choices)]
    return build(
        Counts(
            slug,
            title,
            header,
            ["Members"],
            data,
            chart=True,
            percent_of_total=True,
            note="Only members who agreed to tell us about their children are counted.",
        )
    )


def _has_age_band(value: str) -> Q:
    """Members who gave this age band. PostgreSQL tests the stored list with JSON containment;
    SQLite (the development default) has none, so there the band is matched quoted in the
    stored list's text, which no other band's text contains."""
    if connection.vendor == "postgresql":
        return Q(member_profile__age_bands__contains=[value])
    return Q(member_profile__age_bands__icontains=f'"{value}"')


def by_age_band(ctx: Context) -> DashTable:
    choices = [(value, label) for value, label in AgeBand.choices]
    counts = consented_members(ctx).aggregate(
        **{
            f"c{n}": Count("pk", filter=_has_age_band(value))
            for n, (value, _) in enumerate(choices)
        }
    )
    return build(
        Counts(
            "age",
            "Members by their children's ages",
            "Child's age",
            ["Members"],
            [(label, [counts[f"c{n}"]]) for n, (_, label) in enumerate(choices)],
            chart=True,
            note="Only members who agreed to tell us about their children are counted. "
            "A member with children of different ages is counted in each band.",
        )
    )


def by_need(ctx: Context) -> DashTable:
    choices = [(value, label) for value, label in AreaOfNeed.choices]
    counts = consented_members(ctx).aggregate(
        **{
            f"c{n}": Count("pk", filter=Q(member_profile__needs__has_key=value))
            for n, (value, _) in enumerate(choices)
        }
    )
    return build(
        Counts(
            "needs",
            "Members by their children's area of need",
            "Area of need",
            ["Members"],
            [(label, [counts[f"c{n}"]]) for n, (_, label) in enumerate(choices)],
            chart=True,
            note="Only members who agreed to tell us about their children are counted. "
            "A child can have more than one area of need.",
        )
    )


def by_support(ctx: Context) -> DashTable:
    return _profile_table(
        ctx,
        "support",
        "Members by their children's support (EHCP status)",
        "Support",
        list(SupportLevel.choices),
        "member_profile__support_level",
    )


def by_ethnic_group(ctx: Context) -> DashTable:
    return _profile_table(
        ctx,
        "ethnicity",
        "Members by ethnic group",
        "Ethnic group",
        list(EthnicGroup.choices),
        "member_profile__ethnic_group",
    )


def gaps(tables: list[DashTable]) -> list[str]:
    """The groups and areas with no members, in tables that have members at all (a table of
    nobody, such as where no member has shared their children's details, shows no gap)."""
    found = []
    for table in tables:
        if table.totals is None or table.totals.cells[0] in ("0", HIDDEN):
            continue
        for row in table.rows:
            if row.cells[0] in ("0",):
                found.append(f"{row.label} ({table.title.lower()}): none")
    return found


def tables(ctx: Context) -> list[DashTable]:
    return [
        by_forum(ctx),
        by_area(ctx),
        growth_by_month(ctx),
        by_age_band(ctx),
        by_need(ctx),
        by_support(ctx),
        by_ethnic_group(ctx),
    ]
