"""Whether invitations offer more seats than the forum has left: the warning before inviting and sending."""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.forums.models import Invitation, InvitationStatus
from app.forums.service import seats_left

#: Invitations whose seats are still on offer: the organization has neither registered nor declined.
PENDING = (InvitationStatus.NOT_SENT, InvitationStatus.SENT, InvitationStatus.OPENED)


@dataclass(frozen=True)
class SeatOffer:
    """Seats offered by invitations beside the seats the forum has left."""

    #: Seats of the invitations already made and not yet answered.
    pending: int
    #: Seats the new invitations would add (organizations × seats each).
    new: int
    seats_left: int

    @property
    def offered(self):
        return self.pending + self.new

    @property
    def is_over(self):
        """More seats offered than are left: late registrations will go on the waitlist."""
        return self.offered > self.seats_left


def pending_seats(forum):
    return db.session.scalar(
        select(func.coalesce(func.sum(Invitation.seats), 0)).where(
            Invitation.forum_id == forum.id, Invitation.status.in_(PENDING)
        )
    )


def seat_offer(forum, organizations=0, seats=0):
    """The seats on offer once `organizations` more are invited with `seats` each."""
    return SeatOffer(pending=pending_seats(forum), new=organizations * seats, seats_left=seats_left(forum))
