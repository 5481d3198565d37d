"""The autism-inclusion framework that Coproduce ships with, written for this project. Loaded by
``services.autism_inclusion_framework_ensure``; a lead can add other frameworks as data."""

from __future__ import annotations

AUTISM_INCLUSION_NAME = "Autism inclusion in mainstream schools"
AUTISM_INCLUSION_SLUG = "autism-inclusion"
AUTISM_INCLUSION_DESCRIPTION = (
    "What a mainstream school looks like when autistic pupils belong from the first day: "
    "staff who know each pupil, families treated as partners, teaching that works for "
    "different ways of thinking, and a building that is calm enough to learn in."
)

# (area, [(code, title, descriptor), ...]) in the order they are shown.
AUTISM_INCLUSION_AREAS: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "Knowing each pupil",
        [
            (
                "1.1",
                "Pupil profiles",
                "Every autistic pupil has a short profile, written with them and their family, "
                "saying what helps, what is hard and what they are good at. Staff read it and use it.",
            ),
            (
                "1.2",
                "Understanding distress",
                "Staff treat distressed behaviour as communication, look for what caused it and "
                "change what the school does, rather than only applying sanctions.",
            ),
            (
                "1.3",
                "The pupil's voice",
                "Autistic pupils have regular, comfortable ways to say how school feels, and "
                "can see that what they say changes things.",
            ),
            (
                "1.4",
                "Strengths and interests",
                "Pupils' strengths and interests are known and used in lessons, clubs and "
                "responsibilities, not only their difficulties.",
            ),
        ],
    ),
    (
        "Relationships and families",
        [
            (
                "2.1",
                "Families as partners",
                "Parent carers are asked what works at home and are involved in plans before "
                "they are made, not told about them afterwards.",
            ),
            (
                "2.2",
                "A named person",
                "Each autistic pupil and their family know which member of staff to go to, and "
                "that person has time set aside to help.",
            ),
            (
                "2.3",
                "Communication with home",
                "The school agrees with each family how and how often it will keep in touch, "
                "and shares good news as well as concerns.",
            ),
            (
                "2.4",
                "Peer understanding",
                "Classmates learn about difference and neurodiversity, and the school acts "
                "quickly on unkindness or bullying.",
            ),
        ],
    ),
    (
        "Learning and teaching",
        [
            (
                "3.1",
                "Clear lessons",
                "Lessons have a visible structure, instructions are given in more than one way "
                "and pupils know what finished work looks like.",
            ),
            (
                "3.2",
                "Adjusting the work",
                "Teachers adjust tasks, groupings and ways of recording so that autistic pupils "
                "can show what they know.",
            ),
            (
                "3.3",
                "Getting ready for change",
                "Changes to routine, staff or rooms, and moves between key stages or schools, "
                "are explained in advance and planned with the pupil.",
            ),
            (
                "3.4",
                "Staff knowledge",
                "All staff, including support and lunchtime staff, have had training on autism "
                "and know where to get advice.",
            ),
        ],
    ),
    (
        "The school environment",
        [
            (
                "4.1",
                "Sensory needs",
                "The school has checked its rooms for noise, light and smell, and acts on what "
                "it finds; pupils can use ear defenders, fidget items or other aids.",
            ),
            (
                "4.2",
                "Calm spaces",
                "There is a quiet place pupils can go when they need it, without having to "
                "explain themselves or wait for permission each time.",
            ),
            (
                "4.3",
                "Unstructured times",
                "Break, lunch and the start and end of the day have options for pupils who find "
                "them hard, such as clubs, quiet areas or staggered times.",
            ),
            (
                "4.4",
                "Policies that include",
                "Behaviour, uniform and attendance policies allow reasonable adjustments, and "
                "the school checks that exclusions do not fall unfairly on autistic pupils.",
            ),
        ],
    ),
]
