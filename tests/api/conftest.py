import pytest

from app.auth import service as auth_service
from app.auth.models import Role
from app.extensions import db


@pytest.fixture
def api(client, create_user):
    """call(method, url, **kwargs) with an organizer's bearer token."""
    token = auth_service.create_token(create_user(Role.ORGANIZER))
    db.session.commit()

    def call(method, url, **kwargs):
        return client.open(url, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)

    return call
