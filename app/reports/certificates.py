"""Certificates of participation (เกียรติบัตร): who gets one, issuing them, verifying them, the PDF.

Only people who came get a certificate, never no-shows: :func:`eligible_ids` is the one
place that says so, following the forum's certificate rule (any day, or every day of a
forum of several days, from the standing check-ins of app.checkin). A
certificate is issued (a row with a random code) the first time it is printed or sent;
its QR holds the public URL /certificates/<code>, where anybody can see that it is
genuine, and for whom.
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.checkin.attendance import days_attended
from app.checkin.participation import took_part
from app.extensions import db
from app.forums.models import ForumStatus
from app.qr import qr_module_uri
from app.registration.models import Registration, RegistrationStatus
from app.reports.fitting import fitting_size
from app.reports.models import Certificate
from app.reports.pdf import build_pdf_in_parts, finish
from app.thai import sort_key
from app.urls import external_url

TEMPLATE = "pdf/certificate.html"
#: The width of the name's line on the landscape page.
NAME_WIDTH_MM = 230
#: Certificates per separately laid-out part (each is one page).
CERTIFICATES_PER_PART = 100


def _came(registration):
    """Came on any day: the one "took part" rule; the every-day rule then asks more (eligible_ids)."""
    return took_part(registration)


def eligible_ids(forum, registrations, rule=None):
    """The ids of the forum's registrations (of those given) that earned a certificate, in one query at most.

    Registration.checked_in_at, the first standing check-in, says whether someone came on
    any day; a forum asking for every day needs a standing check-in on each of its days.
    `rule`: the rule to judge by, the forum's present one unless given (an issued certificate's own).
    """
    came = [r for r in registrations if _came(r)]
    if came and forum.needs_every_day(rule or forum.certificate_rule):
        days = days_attended(forum, came[0] if len(came) == 1 else None)
        came = [r for r in came if len(days.get(r.id, ())) == len(forum.days)]
    return {r.id for r in came}


def certificate_eligible(registration):
    """Whether the person earned a certificate of participation under the forum's rule.

    The one rule for every certificate path (organizer's PDF, the participant's download,
    the e-mail, the verify page).
    """
    return registration.id in eligible_ids(registration.forum, [registration])


def forum_is_over(forum):
    """Participants get their certificates once the forum has ended (or was marked finished)."""
    return forum.status == ForumStatus.FINISHED or (forum.status != ForumStatus.CANCELLED and forum.is_past)


def available_to_participant(registration):
    """The ticket page offers the certificate: the person is eligible and the forum is over."""
    return certificate_eligible(registration) and forum_is_over(registration.forum)


def _registrations(forum):
    return db.session.scalars(
        select(Registration)
        .where(Registration.forum_id == forum.id, Registration.status != RegistrationStatus.CANCELLED)
        .options(selectinload(Registration.organization))
    ).all()


def eligible_registrations(forum):
    """The forum's registrations that earned a certificate, in Thai dictionary order of names."""
    registrations = _registrations(forum)
    chosen_ids = eligible_ids(forum, registrations)
    chosen = [r for r in registrations if r.id in chosen_ids]
    return sorted(chosen, key=lambda r: (sort_key(r.first_name), sort_key(r.last_name), r.id))


def issue_certificates(registrations):
    """The certificate of each eligible registration, issuing those not issued yet: {id: Certificate}.

    :raise ValueError: for a registration that is not eligible.
    """
    by_forum = {}
    for registration in registrations:
        by_forum.setdefault(registration.forum, []).append(registration)
    if any({r.id for r in chosen} - eligible_ids(forum, chosen) for forum, chosen in by_forum.items()):
        raise ValueError("a certificate is only for someone who took part")
    ids = [r.id for r in registrations]
    issued = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = db.session.scalars(select(Certificate).where(Certificate.registration_id.in_(chunk)))
        issued.update({c.registration_id: c for c in found})
    missing = [i for i in ids if i not in issued]
    if missing:
        try:
            with db.session.begin_nested():
                rules = {r.id: r.forum.certificate_rule for r in registrations}
                new = [Certificate(registration_id=i, rule=rules[i]) for i in missing]
                db.session.add_all(new)
            issued.update({c.registration_id: c for c in new})
        except IntegrityError:  # another request issued them at the same moment
            return issue_certificates(registrations)
    return issued


def find_certificate(code):
    """The certificate with that code while its holder is still eligible under the rule it was issued
    under, else None.

    A forum that asks for every day after certificates went out does not take them back; a check-in
    undone as a mistake, or a cancelled registration, does.
    """
    if not code or len(code) > 64:
        return None
    certificate = db.session.scalar(select(Certificate).where(Certificate.code == code))
    if certificate is None:
        return None
    registration = certificate.registration
    if registration.id not in eligible_ids(registration.forum, [registration], certificate.rule):
        return None
    return certificate


def verify_url(certificate):
    """The public page that shows the certificate is genuine: what its QR holds."""
    return external_url("certificates_public.verify", code=certificate.code)


@dataclass
class PrintedCertificate:
    """What one certificate page shows."""

    registration: Registration
    certificate: Certificate
    url: str
    qr: str
    name_pt: float


def _printed(registration, certificate):
    url = verify_url(certificate)
    return PrintedCertificate(
        registration,
        certificate,
        url,
        qr_module_uri(url),
        fitting_size(registration.full_name, NAME_WIDTH_MM, 34, 20, lines=1),
    )


def _context(forum):
    return {
        "forum": forum,
        "signer_name": current_app.config["SIGNER_NAME"],
        "signer_position": current_app.config["SIGNER_POSITION"],
    }


def build_certificates(forum, registrations=None):
    """Build the certificates of the forum (or of the given eligible registrations): one page each.

    A generator of progress returning the PDF (app.reports.pdf.finish runs it); it issues
    the certificates it prints, so the caller commits.
    """
    registrations = eligible_registrations(forum) if registrations is None else registrations
    issued = issue_certificates(registrations)
    pages = [_printed(r, issued[r.id]) for r in registrations]
    return (
        yield from build_pdf_in_parts(
            TEMPLATE, pages, CERTIFICATES_PER_PART, numbered=False, title=forum.title, **_context(forum)
        )
    )


def certificate_pdf(registration):
    """The one certificate of an eligible registration, as a PDF."""
    return finish(build_certificates(registration.forum, [registration]))
