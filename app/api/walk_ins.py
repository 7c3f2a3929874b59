"""/api/v1/forums/{id}/walk-ins: a person registered at the door and checked in at once.

The scanner page sends walk-ins taken while the network was away from its queue, like scans: a
walk-in sent again with the same nonce gets the answer it got the first time and registers nobody twice.
"""

from flask_login import current_user

from app.api import bp
from app.api.checkin import _scanned_at, _text, answer_json
from app.api.common import ApiError, api_roles, get_or_404, json_body
from app.api.registrations import _already_registered
from app.auth.access import DOOR
from app.checkin import service, walkins
from app.extensions import db
from app.forums.models import Forum
from app.registration import service as registration_service
from app.registration.fields import RegistrationDataError, parse_registration
from app.registration.questions import questions_of


@bp.post("/forums/<int:forum_id>/walk-ins")
@api_roles(*DOOR)
def create_walk_in(forum_id):
    forum = get_or_404(Forum, forum_id)
    body = json_body()
    nonce = _text(body, "nonce", service.MAX_NONCE_LENGTH)
    device = _text(body, "device", service.MAX_DEVICE_LENGTH) or ""
    scanned_at = _scanned_at(body)
    if nonce:
        earlier = service.scan_answer(current_user, nonce)
        if earlier is not None:
            return answer_json(earlier)
    try:
        data = parse_registration(body, questions_of(forum), strict=True)
        answer = walkins.admit_walk_in(
            forum, data, current_user, device=device, nonce=nonce, scanned_at=scanned_at
        )
    except RegistrationDataError as error:
        db.session.rollback()
        raise ApiError(422, "invalid", "Some fields are not valid.", error.errors) from error
    except registration_service.AlreadyRegistered as error:
        db.session.rollback()
        return _already_registered(error)
    except walkins.ForumFull as error:
        db.session.rollback()
        raise ApiError(409, "forum_full", str(error)) from error
    except service.CheckInError as error:  # the door is closed (service.door_is_open)
        db.session.rollback()
        raise ApiError(409, "door_closed", str(error)) from error
    except registration_service.RegistrationError as error:
        db.session.rollback()
        raise ApiError(409, "registration_closed", str(error)) from error
    except service.ScanAlreadyReceived as received:
        db.session.rollback()
        answer = service.scan_answer(current_user, received.nonce)
    body = answer_json(answer)
    db.session.commit()
    return body, 201
