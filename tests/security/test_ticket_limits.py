"""The ticket pages' rate limit is per ticket: a venue behind one address opens many tickets, while
guessing codes from one address stays as slow as before."""

from tests.registration.conftest import register  # noqa: F401  (a fixture)


def test_one_ticket_or_guesses_are_limited_not_many_tickets(app, client, forum, register, monkeypatch):  # noqa: F811
    monkeypatch.setitem(app.config, "PUBLIC_RATE_LIMIT", "3 per minute")
    people = [register(forum) for _ in range(8)]
    assert [client.get(f"/t/{p.ticket_code}").status_code for p in people] == [200] * 8
    again = [client.get(f"/t/{people[0].ticket_code}").status_code for _ in range(3)]
    assert again == [200, 200, 429]
    guesses = [client.get(f"/t/no-such-ticket-{n:04d}").status_code for n in range(4)]
    assert guesses == [404, 404, 404, 429]
