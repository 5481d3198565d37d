"""The national glossary: terms families meet, each with a plain-English meaning, written for
this project. Loaded by a migration into new databases; ``national_terms_ensure`` loads it again
(for tests that start from an empty database, and after a term is added here)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from glossary.models import GlossaryTerm, TermStatus

# (term, other ways of writing it separated by semicolons, meaning)
TERMS = [
    (
        "SEND",
        "",
        "Special educational needs and disabilities. A child has SEND if they need extra help to learn because of a learning difficulty or disability.",
    ),
    (
        "SEN Support",
        "SEN support",
        "The extra help a nursery, school or college gives a child with special educational needs from its own resources, without an EHCP.",
    ),
    (
        "EHCP",
        "EHC plan; Education, Health and Care plan",
        "Education, Health and Care plan: a legal document from the council that describes a child's needs and the support they must get.",
    ),
    (
        "EHC needs assessment",
        "EHCNA",
        "The council's check of a child's needs to decide whether they need an EHCP. Parents, schools and others can ask for one.",
    ),
    (
        "Annual review",
        "annual reviews",
        "The meeting held at least once a year to check whether an EHCP is still right for the child and to change it if not.",
    ),
    (
        "SENCO",
        "SENDCo; SENCo",
        "Special educational needs co-ordinator: the teacher in a school or nursery who makes sure children with SEND get the right support.",
    ),
    (
        "Graduated approach",
        "",
        "The way schools support children with SEN: assess the need, plan support, do it, and review how it went, again and again.",
    ),
    (
        "LA",
        "local authority",
        "Local authority: the council. It is responsible for EHC needs assessments, EHCPs and many services for families.",
    ),
    (
        "ICB",
        "integrated care board",
        "Integrated care board: the NHS body that plans and pays for health services in an area.",
    ),
    (
        "DMO",
        "Designated Medical Officer",
        "Designated Medical Officer: a doctor who makes sure health services play their part in support for children with SEND in an area.",
    ),
    (
        "DCO",
        "Designated Clinical Officer",
        "Designated Clinical Officer: a health professional who does the same job as a DMO, making sure health services support children with SEND.",
    ),
    (
        "CAMHS",
        "Child and Adolescent Mental Health Services",
        "Child and Adolescent Mental Health Services: NHS services for children and young people with mental health difficulties.",
    ),
    (
        "MHST",
        "Mental Health Support Team",
        "Mental Health Support Team: NHS staff who work in schools and colleges to help with mild to moderate mental health problems.",
    ),
    (
        "LD",
        "learning disability",
        "Learning disability: a lifelong condition that makes it harder to understand new or complex information and learn new skills.",
    ),
    (
        "SpLD",
        "specific learning difficulty",
        "Specific learning difficulty: a difficulty with one kind of learning, such as reading (dyslexia), maths (dyscalculia) or coordination (dyspraxia).",
    ),
    (
        "MLD",
        "moderate learning difficulty",
        "Moderate learning difficulty: a child learns more slowly than others of the same age across most subjects.",
    ),
    (
        "SLD",
        "severe learning difficulty",
        "Severe learning difficulty: a child needs a lot of support with learning, communication and everyday tasks.",
    ),
    (
        "PMLD",
        "profound and multiple learning disability",
        "Profound and multiple learning disability: a child has a severe learning disability and other disabilities, and needs a high level of care.",
    ),
    (
        "Autism",
        "ASC; ASD; autistic",
        "A lifelong difference in how a person communicates, interacts with others and experiences the world. Also called autism spectrum condition (ASC).",
    ),
    (
        "ADHD",
        "attention deficit hyperactivity disorder",
        "Attention deficit hyperactivity disorder: a condition that affects attention, activity levels and acting on impulse.",
    ),
    (
        "Neurodivergent",
        "neurodivergence; neurodiverse",
        "Describes a brain that works differently from what is seen as typical, for example in autism, ADHD or dyslexia.",
    ),
    (
        "SEMH",
        "social, emotional and mental health",
        "Social, emotional and mental health: one of the four areas of need, covering difficulties such as anxiety, low mood or managing feelings.",
    ),
    (
        "SLCN",
        "speech, language and communication needs",
        "Speech, language and communication needs: difficulty speaking, understanding others or using language socially.",
    ),
    (
        "SALT",
        "SLT; speech and language therapy; speech and language therapist",
        "Speech and language therapy: help with talking, understanding, eating and drinking, from a speech and language therapist.",
    ),
    (
        "OT",
        "occupational therapy; occupational therapist",
        "Occupational therapy: help to manage everyday activities, such as dressing, writing or coping with sensory difficulties.",
    ),
    (
        "EP",
        "educational psychologist",
        "Educational psychologist: a specialist who assesses how a child learns and advises families and schools on support.",
    ),
    (
        "Four areas of need",
        "areas of need",
        "The four kinds of special educational need in the SEND Code of Practice: communication and interaction; cognition and learning; social, emotional and mental health; sensory and/or physical.",
    ),
    (
        "Reasonable adjustments",
        "reasonable adjustment",
        "Changes that services and schools must make by law so that disabled people are not at a disadvantage, like extra time or a quiet space.",
    ),
    (
        "Preparing for Adulthood",
        "PfA",
        "Planning, from age 14, for a young person's adult life: work, living independently, friends and community, and good health.",
    ),
    (
        "Alternative provision",
        "AP",
        "Education outside a mainstream or special school, arranged for children who cannot attend school, for example because of exclusion or illness.",
    ),
    (
        "EOTAS",
        "education otherwise than at school",
        "Education otherwise than at school: education the council arranges outside a school, in an EHCP, when school is not suitable.",
    ),
    (
        "Elective home education",
        "EHE; home education",
        "When parents choose to educate their child at home instead of sending them to school.",
    ),
    (
        "Short breaks",
        "short break; respite",
        "Time apart for disabled children and their families, such as clubs, activities or overnight stays, so everyone gets a break.",
    ),
    (
        "Personal budget",
        "personal budgets",
        "An amount of money to pay for the support in a child's EHCP or care plan, which the family can have a say in how it is spent.",
    ),
    (
        "Direct payment",
        "direct payments",
        "Money paid to a family so they can buy and arrange support themselves, instead of the council arranging it.",
    ),
    (
        "Local Offer",
        "SEND Local Offer",
        "The council's published information about all the support and services available for children and young people with SEND in the area.",
    ),
    (
        "SENDIASS",
        "SENDIAS; IASS",
        "SEND Information, Advice and Support Service: free, impartial advice for families about SEND, run separately from the council.",
    ),
    (
        "Tribunal",
        "SEND Tribunal; First-tier Tribunal",
        "An independent court that families can appeal to when they disagree with the council's decisions about EHC needs assessments or EHCPs.",
    ),
    (
        "PCF",
        "Parent Carer Forum; parent carer forum",
        "Parent Carer Forum: a group of parents and carers of children with SEND who work with the council and NHS to improve local services.",
    ),
    (
        "Co-production",
        "coproduction; co-produce",
        "Families and professionals working together as equals, from the start, to decide what services should be and how they work.",
    ),
    (
        "Keyworker",
        "key worker",
        "A named person who helps a family find their way through services and makes sure the right support is joined up.",
    ),
    (
        "Dynamic Support Register",
        "DSR",
        "A confidential list the NHS and council keep of autistic people and people with a learning disability who may be at risk of going into hospital, so they can get help early.",
    ),
    (
        "C(E)TR",
        "CTR; CETR; care and treatment review; care education and treatment review",
        "Care (Education) and Treatment Review: a meeting to check that an autistic person or a person with a learning disability is getting the right care, and to avoid hospital where possible.",
    ),
    (
        "Area SEND inspection",
        "SEND inspection; local area inspection",
        "An inspection by Ofsted and the Care Quality Commission of how well the council and NHS in an area support children and young people with SEND.",
    ),
]


def national_terms_ensure() -> int:
    """Create or refresh every national term. Idempotent. Returns how many there are."""
    with transaction.atomic():
        for term, also, meaning in TERMS:
            GlossaryTerm.objects.update_or_create(
                slug=slugify(term.replace("(", "").replace(")", "")),
                forum=None,
                defaults={
                    "term": term,
                    "also_known_as": also,
                    "meaning": meaning,
                    "status": TermStatus.APPROVED,
                },
            )
    return len(TERMS)
