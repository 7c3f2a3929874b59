"""What people see for the forums' coded values (English msgids, Thai in the catalogue)."""

from flask_babel import lazy_gettext as _l

from app.forums.models import (
    CertificateRule,
    Channel,
    ForumKind,
    ForumStatus,
    InvitationStatus,
    NoticeKind,
    SpeakerRole,
)

KIND_LABELS = {
    ForumKind.FORUM: _l("Forum"),
    ForumKind.TRAINING: _l("Training"),
    ForumKind.MEETING: _l("Meeting"),
    ForumKind.SEMINAR: _l("Seminar"),
}

STATUS_LABELS = {
    ForumStatus.DRAFT: _l("Draft"),
    ForumStatus.OPEN: _l("Open for registration"),
    ForumStatus.CLOSED: _l("Registration closed"),
    ForumStatus.FINISHED: _l("Finished"),
    ForumStatus.CANCELLED: _l("Cancelled"),
}

#: Bootstrap colours of the status badges.
STATUS_COLOURS = {
    ForumStatus.DRAFT: "secondary",
    ForumStatus.OPEN: "success",
    ForumStatus.CLOSED: "warning",
    ForumStatus.FINISHED: "dark",
    ForumStatus.CANCELLED: "danger",
}

CERTIFICATE_RULE_LABELS = {
    CertificateRule.ANY_DAY: _l("For those who checked in on at least one day"),
    CertificateRule.EVERY_DAY: _l("Only for those who checked in on every day of the forum"),
}

SPEAKER_ROLE_LABELS = {
    SpeakerRole.CHAIR: _l("Chair"),
    SpeakerRole.LECTURER: _l("Lecturer"),
    SpeakerRole.REPORTER: _l("Reporter"),
    SpeakerRole.FACILITATOR: _l("Facilitator"),
}

INVITATION_STATUS_LABELS = {
    InvitationStatus.NOT_SENT: _l("Not sent"),
    InvitationStatus.SENT: _l("Sent"),
    InvitationStatus.OPENED: _l("Link opened"),
    InvitationStatus.REGISTERED: _l("Registered"),
    InvitationStatus.DECLINED: _l("Declined"),
}

INVITATION_STATUS_COLOURS = {
    InvitationStatus.NOT_SENT: "secondary",
    InvitationStatus.SENT: "info",
    InvitationStatus.OPENED: "primary",
    InvitationStatus.REGISTERED: "success",
    InvitationStatus.DECLINED: "danger",
}

CHANNEL_LABELS = {
    Channel.EMAIL: _l("E-mail"),
    Channel.LETTER: _l("Letter"),
    Channel.LINE: _l("LINE"),
    Channel.PHONE: _l("Phone"),
    Channel.OTHER: _l("Other"),
}

NOTICE_LABELS = {
    NoticeKind.CANCELLED: _l("Cancelled"),
    NoticeKind.POSTPONED: _l("Postponed"),
}

PARTICIPATION_LABELS = {
    "none_this_year": _l("At no forum this fiscal year"),
    "never_attended": _l("Never took part in a forum"),
    "never_invited": _l("Never invited"),
}
