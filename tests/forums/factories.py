"""Regions, council areas, forums, memberships and news."""

from __future__ import annotations

import factory
from django.utils import timezone

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


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CouncilAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilArea

    name = factory.Sequence(lambda n: f"Council area {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    region = factory.SubFactory(RegionFactory)


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Forum {n} Parent Carer Forum")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    forum = factory.SubFactory(ForumFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"News {n}")
    body = "Some news for families."
    visibility = NewsVisibility.PUBLIC


def forum_with_lead(name: str = "Gateshead") -> tuple[Forum, User]:
    area = CouncilAreaFactory(name=name)
    forum = ForumFactory(name=f"{name} Parent Carer Forum", region=area.region)
    forum.council_areas.add(area)
    lead = UserFactory(email=f"lead.{area.slug}@example.org", full_name=f"{name} Lead")
    MembershipFactory(forum=forum, user=lead, role=MembershipRole.LEAD)
    return forum, lead
