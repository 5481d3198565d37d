"""Regions, council areas, forums, memberships and news."""

from __future__ import annotations

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory

from accounts.models import User
from forums.models import (
    CouncilArea,
    Forum,
    Membership,
    MembershipRole,
    MembershipStatus,
    NewsPost,
    NewsVisibility,
    Region,
)
from tests.accounts.factories import UserFactory


class RegionFactory(DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = Sequence(lambda n: f"Region {n}")
    slug = LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CouncilAreaFactory(DjangoModelFactory[CouncilArea]):
    class Meta:
        model = CouncilArea

    name = Sequence(lambda n: f"Council area {n}")
    slug = LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    region = SubFactory(RegionFactory)


class ForumFactory(DjangoModelFactory[Forum]):
    class Meta:
        model = Forum
        skip_postgeneration_save = True

    name = Sequence(lambda n: f"Forum {n} Parent Carer Forum")
    slug = LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    region = SubFactory(RegionFactory)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    forum = SubFactory(ForumFactory)
    user = SubFactory(UserFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = LazyFunction(timezone.now)


class NewsPostFactory(DjangoModelFactory[NewsPost]):
    class Meta:
        model = NewsPost

    forum = SubFactory(ForumFactory)
    title = Sequence(lambda n: f"News {n}")
    body = "Some news for families."
    visibility = NewsVisibility.PUBLIC


def forum_with_lead(name: str = "Gateshead") -> tuple[Forum, User]:
    area = CouncilAreaFactory.create(name=name)
    forum = ForumFactory.create(name=f"{name} Parent Carer Forum", region=area.region)
    forum.council_areas.add(area)
    lead = UserFactory.create(email=f"lead.{area.slug}@example.org", full_name=f"{name} Lead")
    MembershipFactory.create(forum=forum, user=lead, role=MembershipRole.LEAD)
    return forum, lead
