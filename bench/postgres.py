"""A PostgreSQL database of a benchmark's own: created fresh before it runs and dropped after."""

from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text


@contextmanager
def own_database(url):
    """Yield `url` once its database exists, empty; drop it afterwards. Only the database named."""
    database = make_url(url).database
    if not database or not database.startswith(("h_", "bench")):
        # It is dropped: a slip such as …/postgres or …/test must not take a real database with it.
        raise SystemExit(f"A benchmark's database is named h_… or bench…, not {database!r}.")
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0"))
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
