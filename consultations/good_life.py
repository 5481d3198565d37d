"""The built-in template: "What does a good life look like for SEND families?"

Written for Coproduce. Leads copy it into a draft consultation and adapt it.
"""

from __future__ import annotations

from typing import Any

TITLE = "What does a good life look like for SEND families?"
SUMMARY = (
    "We want to hear what a good life looks like for your family, what gets in the way, and "
    "what should change first. It takes about 10 minutes. You can stop at any time and carry on "
    "later. We will publish what we heard and what services did about it."
)
EASY_READ = (
    "We want to know what a good life is for your family.\n\n"
    "Tell us what is good, what is hard, and what should change.\n\n"
    "You can stop and come back later.\n\n"
    "We will tell you what we heard and what happened next."
)
CONSENT = (
    "We may quote short parts of what you write in our report, without your name or anything "
    "that could identify your family. We only do this if you say yes at the end."
)

SECTIONS: list[dict[str, Any]] = [
    {
        "title": "About your family",
        "intro": "A few questions so we know who we are hearing from.",
        "questions": [
            {
                "kind": "single",
                "text": "How old is your child or young person with SEND?",
                "help_text": "If you have more than one, think about the one you most want to tell us about.",
                "required": True,
                "choices": ["0 to 4", "5 to 10", "11 to 15", "16 to 18", "19 to 25"],
            },
            {
                "kind": "single",
                "text": "Where do they spend most of their day?",
                "choices": [
                    "Nursery or early years setting",
                    "Mainstream school",
                    "Special school",
                    "College or training",
                    "At home",
                ],
                "allow_other": True,
            },
            {
                "kind": "yes_no",
                "text": "Do they have an EHCP?",
                "help_text": "An Education, Health and Care plan.",
            },
        ],
    },
    {
        "title": "A good life",
        "intro": "Think about an ordinary week for your family.",
        "questions": [
            {
                "kind": "long_text",
                "text": "What does a good life look like for your family?",
                "help_text": "For example: friends, school, sleep, time together, being part of the community.",
                "required": True,
                "max_length": 2000,
            },
            {
                "kind": "multiple",
                "text": "Which of these are going well for your family right now?",
                "help_text": "Select up to 3.",
                "max_choices": 3,
                "choices": [
                    "Education",
                    "Health",
                    "Friendships",
                    "Short breaks and activities",
                    "Family life",
                    "Getting ready for adulthood",
                ],
            },
            {
                "kind": "scale",
                "text": "Overall, how well supported does your family feel?",
                "required": True,
                "scale_min": 1,
                "scale_max": 5,
                "scale_min_label": "Not supported at all",
                "scale_max_label": "Very well supported",
            },
        ],
    },
    {
        "title": "Working with services",
        "intro": "Tell us how it feels to work with schools, health and social care.",
        "questions": [
            {"kind": "agreement", "text": "I feel listened to by the people who support my child."},
            {"kind": "agreement", "text": "I know who to contact when things go wrong."},
            {"kind": "agreement", "text": "Help comes early enough to stop problems growing."},
            {
                "kind": "long_text",
                "text": "What gets in the way of a good life for your family?",
                "max_length": 2000,
            },
        ],
    },
    {
        "title": "What should change first",
        "intro": "Your answers help decide what the forum asks services to do first.",
        "questions": [
            {
                "kind": "priorities",
                "text": "Which should change first? Choose your top 3 in order.",
                "required": True,
                "max_choices": 3,
                "choices": [
                    "Shorter waits for assessments",
                    "Support at school before things reach a crisis",
                    "Mental health support for children and young people",
                    "More short breaks and holiday activities",
                    "Clearer information about what help there is",
                    "Better support when moving to adult services",
                ],
            },
            {
                "kind": "short_text",
                "text": "If you could change one thing tomorrow, what would it be?",
                "max_length": 200,
            },
        ],
    },
]
