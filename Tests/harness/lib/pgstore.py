"""PostgreSQL stores for the harness: databases on one server, read through `psql`.

A store on a server is a `postgresql://` URL naming one database. `storedump` sends every
query on such a store here instead of to the sqlite3 shell, so that the checks the SQLite
forms make run unchanged on PostgreSQL. `Databases` makes each store of a run a database of
its own on the server given (`--store-server`): the base store once, then copies of it
(`CREATE DATABASE … TEMPLATE …`), all dropped at the end.
"""

import json
import os
import subprocess
import urllib.parse


def is_url(store):
    """Whether `store` names a PostgreSQL database rather than a SQLite file."""
    return store.startswith(("postgresql://", "postgres://"))


def psql(url, sql):
    """The raw output of `sql` on `url` (unaligned, tuples only; stops at the first error)."""
    result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"psql on {redacted(url)}: {result.stderr.strip()[:2000]}")
    return result.stdout


def query(url, sql):
    """Rows of `sql` on `url` as a list of dicts (as `storedump.query` gives for SQLite)."""
    text = psql(url, f"SELECT coalesce(json_agg(q), '[]'::json) FROM ({sql}) AS q").strip()
    return json.loads(text) if text else []


def redacted(url):
    """`url` without a password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def with_database(url, name):
    """`url` with its database replaced by `name`."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


class Databases:
    """The databases of one harness run on the server at `server` (a URL whose database is used
    only to connect for CREATE and DROP): named `PREFIX_<pid>_NAME`, dropped by `drop_all`."""

    def __init__(self, server, prefix):
        self.server = server
        self.prefix = f"{prefix}_{os.getpid()}"
        self.names = []

    def url(self, name):
        return with_database(self.server, self.database(name))

    def database(self, name):
        return f"{self.prefix}_{name}".lower()

    def create(self, name):
        """A new empty database (replacing one of the same name); returns its URL."""
        return self._make(name, "")

    def copy(self, source_url, name):
        """A new database holding a copy of `source_url`'s (nobody may be connected to it)."""
        source = urllib.parse.urlsplit(source_url).path.lstrip("/")
        return self._make(name, f' TEMPLATE "{source}"')

    def _make(self, name, template):
        database = self.database(name)
        psql(self.server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        psql(self.server, f'CREATE DATABASE "{database}"{template}')
        if database not in self.names:
            self.names.append(database)
        return self.url(name)

    def drop_all(self):
        for database in reversed(self.names):
            psql(self.server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self.names = []
