"""Demo content for the library: web links to public guidance, two small documents made here,
and two learning paths. Safe to run again: resources are found by title, paths by slug."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db.models import Q

from accounts.models import Sector, User
from library import services
from library.models import Audience, LearningPath, Resource
from peer_network.models import Session, SessionStatus, Topic

LINKS = [
    (
        "Council for Disabled Children",
        "The national body that brings together organisations working with disabled children "
        "and children with SEND. Guides on the SEND system, co-production and joint working "
        "between education, health and care.",
        "https://councilfordisabledchildren.org.uk/",
        [Sector.EDUCATION, Sector.HEALTH, Sector.SOCIAL_CARE, Sector.VOLUNTARY],
        ["co-production", "ehc-plans"],
    ),
    (
        "NHS England: learning disability and autism",
        "NHS England's programme for people with a learning disability, autistic people and "
        "their families: fewer people in hospital, better care in the community, and the "
        "Dynamic Support Register.",
        "https://www.england.nhs.uk/learning-disabilities/",
        [Sector.HEALTH, Sector.SOCIAL_CARE],
        ["health", "autism"],
    ),
    (
        "Building the right support (Transforming Care)",
        "The national plan that followed Transforming Care: what the NHS and councils agreed to "
        "do so that people are supported at home rather than in hospital.",
        "https://www.england.nhs.uk/learning-disabilities/natplan/",
        [Sector.HEALTH, Sector.SOCIAL_CARE],
        ["health", "commissioning", "autism"],
    ),
    (
        "What is an integrated care system?",
        "NHS England's explanation of integrated care systems and integrated care boards "
        "(ICBs): who plans and pays for local health services.",
        "https://www.england.nhs.uk/integratedcare/what-is-integrated-care/",
        [Sector.HEALTH],
        ["health", "commissioning"],
    ),
    (
        "Contact: what is a parent carer forum?",
        "How parent carer forums work as equal partners with education, health and social "
        "care, and how each forum is funded and run.",
        "https://contact.org.uk/help-for-families/parent-carer-participation/parent-carer-forum-handbook/forums-the-basics/what-is-a-parent-carer-forum-pcf/",
        [Sector.VOLUNTARY, Sector.EDUCATION, Sector.HEALTH, Sector.SOCIAL_CARE],
        ["co-production"],
    ),
    (
        "Contact: what is parent carer participation?",
        "Parents and professionals working together, each recognising the other's expert "
        "knowledge, to design and improve services for disabled children.",
        "https://contact.org.uk/help-for-families/parent-carer-participation/what-is-parent-carer-participation/",
        [Sector.VOLUNTARY, Sector.SOCIAL_CARE],
        ["co-production"],
    ),
    (
        "SEND code of practice: 0 to 25 years",
        "The statutory guidance on the SEND system, including the Local Offer (chapter 4) and "
        "how councils and health services must plan together (chapter 3).",
        "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25",
        [Sector.EDUCATION, Sector.HEALTH, Sector.SOCIAL_CARE],
        ["ehc-plans", "commissioning"],
    ),
]

PDF_TITLE = "Who plans what: a one-page guide for forum representatives"
PDF_LINES = [
    "Who plans what: a one-page guide for forum representatives",
    "The council plans education and social care, and runs the Local Offer.",
    "The integrated care board (ICB) plans and pays for NHS services.",
    "Joint commissioning is when they plan and buy services together.",
    "Ask at each board: who decides, when, and how families were involved.",
]
DOCX_TITLE = "Asking a forum for views: a checklist for practitioners"
DOCX_LINES = [
    "Asking a forum for views: a checklist",
    "Contact the forum early, before decisions are made.",
    "Say what can still change, and what cannot.",
    "Give families enough time, and more than one way to answer.",
    "Pay for parent carers' time and travel where you can.",
    "Tell the forum what you did with what families said.",
]


def minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF of plain lines of text (ASCII only)."""
    text = "\n".join(
        f"BT /F1 {14 if n == 0 else 11} Tf 56 {780 - n * 24} Td ({line}) Tj ET"
        for n, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def minimal_docx(lines: list[str]) -> bytes:
    """A small, valid Word document (DOCX) of plain paragraphs."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{paragraphs}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def minimal_odt(lines: list[str]) -> bytes:
    """A small, valid OpenDocument text (ODT) of plain paragraphs."""
    paragraphs = "".join(f"<text:p>{line}</text:p>" for line in lines)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype entry comes first and uncompressed, as the format requires.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text>{paragraphs}</office:text></office:body>"
            "</office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return out.getvalue()


def _topics(slugs: list[str]) -> list[Topic]:
    return list(Topic.objects.filter(slug__in=slugs))


def _resource(
    curator: User,
    title: str,
    summary: str,
    *,
    url: str = "",
    document: ContentFile[bytes] | None = None,
    sectors: Sequence[str],
    topics: list[str],
) -> Resource:
    found = Resource.objects.filter(title=title).first()
    if found is not None:
        return found
    return services.resource_create(
        created_by=curator,
        details=services.ResourceDetails(
            title=title, summary=summary, sectors=sectors, topics=_topics(topics)
        ),
        url=url,
        document=document,
    )


def _session_about(*words: str) -> Session | None:
    """A demo Peer Network session whose title mentions one of the words, if there is one."""
    about = Q()
    for word in words:
        about |= Q(title__icontains=word)
    return (
        Session.objects.exclude(status=SessionStatus.CANCELLED)
        .filter(about)
        .order_by("starts_at", "pk")
        .first()
    )


def _steps(
    items: list[tuple[Resource | Session | None, str]],
) -> list[services.StepPlan]:
    steps = []
    for item, note in items:
        if isinstance(item, Resource):
            steps.append(services.StepPlan(resource=item, note=note))
        elif isinstance(item, Session):
            steps.append(services.StepPlan(session=item, note=note))
    return steps


def seed(curator: User) -> list[LearningPath]:
    """The library's resources and the two learning paths. ``curator`` adds the resources
    (a member of staff)."""
    by_title = {
        title: _resource(curator, title, summary, url=url, sectors=sectors, topics=topics)
        for title, summary, url, sectors, topics in LINKS
    }
    guide = _resource(
        curator,
        PDF_TITLE,
        "One page on who plans which services in a council area, and what to ask at a "
        "partnership board. Written for new forum representatives.",
        document=ContentFile(minimal_pdf(PDF_LINES), name="guide.pdf"),
        sectors=[Sector.HEALTH, Sector.SOCIAL_CARE, Sector.EDUCATION],
        topics=["commissioning"],
    )
    checklist = _resource(
        curator,
        DOCX_TITLE,
        "Six things to do when you want a parent carer forum's views, so that families can "
        "take part and see what happened next.",
        document=ContentFile(minimal_docx(DOCX_LINES), name="checklist.docx"),
        sectors=[Sector.HEALTH, Sector.EDUCATION, Sector.SOCIAL_CARE, Sector.VOLUNTARY],
        topics=["co-production"],
    )
    planning = services.learning_path_ensure(
        title="How the NHS and the council plan services",
        slug="how-the-nhs-and-the-council-plan-services",
        purpose=(
            "Who decides which services families get, how the NHS and the council plan "
            "together, and where a forum representative can make a difference."
        ),
        audience=Audience.REPRESENTATIVES,
        steps=_steps(
            [
                (guide, "Start here: who plans what, on one page."),
                (
                    by_title["What is an integrated care system?"],
                    "Integrated care boards (ICBs) plan and pay for NHS services.",
                ),
                (
                    by_title["SEND code of practice: 0 to 25 years"],
                    "Read chapter 3 on joint commissioning and chapter 4 on the Local Offer.",
                ),
                (
                    by_title["Building the right support (Transforming Care)"],
                    "What Transforming Care set out to do, and where it gets stuck.",
                ),
                (
                    by_title["NHS England: learning disability and autism"],
                    "The programme today, and the Dynamic Support Register.",
                ),
                (
                    _session_about("commission", "NHS", "Transforming Care", "ICB"),
                    "Come to a session and ask your questions.",
                ),
            ]
        ),
    )
    forums = services.learning_path_ensure(
        title="Working with a Parent Carer Forum",
        slug="working-with-a-parent-carer-forum",
        purpose=(
            "What a Parent Carer Forum is, how its representatives speak for families, and "
            "how to ask a forum for views in a way that works for parent carers."
        ),
        audience=Audience.PRACTITIONERS,
        steps=_steps(
            [
                (
                    by_title["Contact: what is a parent carer forum?"],
                    "What a forum is, who runs it and how it is funded.",
                ),
                (
                    by_title["Contact: what is parent carer participation?"],
                    "The representative model: a forum gathers many families' views and "
                    "brings them to the table.",
                ),
                (
                    by_title["Council for Disabled Children"],
                    "Co-production: deciding together as equals, from the start.",
                ),
                (checklist, "How to ask a forum for views, and close the loop afterwards."),
                (
                    _session_about("forum", "co-production", "coproduction"),
                    "Meet forum representatives at a Peer Network session.",
                ),
            ]
        ),
    )
    return [planning, forums]
