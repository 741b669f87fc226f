/// The store's schema, as numbered migrations (https://sqlite.org/pragma.html#pragma_user_version).
///
/// `PRAGMA user_version` holds the number of migrations applied. Opening a store applies the
/// missing ones in one transaction each; a store from a newer build (a higher number) is
/// refused rather than guessed at. `PRAGMA application_id` marks the file as a provision store.
///
/// Design notes (see `docs/store.md`):
/// - Users have an integer row id; assignments are keyed by it, so the assignments of new
///   users are appended in key order instead of scattered through the index.
/// - Only active users occupy the unique name index (a partial index); deleted users sit in
///   their own partial index, so a deleted name can be reused and still be looked up.
/// - Assigned seats are counted from the assignments of active users; the counts a batch ends
///   with are kept (`seat_tallies`) only as valid at one change counter (`customers.tallied_at`).
/// - A password is marked undelivered in the transaction that commits it, until the
///   credentials sheet holds it, so a killed job can issue it again: its journal row names the
///   group it was committed in (`journal.password_group`), listed in `undelivered_groups` until
///   the group's sheet is written.
enum Schema {
    /// `PRAGMA application_id` of a provision store: "PRVS".
    static let applicationID: Int64 = 0x5052_5653

    /// The migrations, in order; entry `i` upgrades a store from version `i` to `i + 1`.
    /// Never edit an entry that has shipped: append a new one.
    static let migrations: [String] = [
        // 1: the initial schema.
        """
        CREATE TABLE customers (
            id               TEXT PRIMARY KEY NOT NULL,
            name             TEXT NOT NULL,
            default_location TEXT NOT NULL,
            change_counter   INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;

        CREATE TABLE domains (
            customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            domain      TEXT NOT NULL COLLATE NOCASE,
            position    INTEGER NOT NULL,
            PRIMARY KEY (customer_id, domain)
        ) WITHOUT ROWID;

        CREATE TABLE products (
            part_number  TEXT PRIMARY KEY NOT NULL,
            guid         TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE service_plans (
            product       TEXT NOT NULL REFERENCES products(part_number) ON DELETE CASCADE,
            plan_id       TEXT NOT NULL,
            name          TEXT NOT NULL,
            friendly_name TEXT NOT NULL,
            position      INTEGER NOT NULL,
            PRIMARY KEY (product, plan_id)
        ) WITHOUT ROWID;

        CREATE TABLE rules (
            position INTEGER PRIMARY KEY,
            kind     TEXT NOT NULL CHECK (kind IN ('requires', 'excludes', 'not-sold-in')),
            subject  TEXT NOT NULL,
            object   TEXT NOT NULL,
            note     TEXT NOT NULL
        );

        CREATE TABLE subscriptions (
            customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            product     TEXT NOT NULL REFERENCES products(part_number),
            seats       INTEGER NOT NULL CHECK (seats >= 0),
            PRIMARY KEY (customer_id, product)
        ) WITHOUT ROWID;

        CREATE TABLE users (
            id                   INTEGER PRIMARY KEY,
            object_id            TEXT NOT NULL UNIQUE,
            customer_id          TEXT NOT NULL REFERENCES customers(id),
            upn                  TEXT NOT NULL COLLATE NOCASE,
            display_name         TEXT NOT NULL,
            first_name           TEXT,
            last_name            TEXT,
            job_title            TEXT,
            department           TEXT COLLATE NOCASE,
            usage_location       TEXT,
            account_enabled      INTEGER NOT NULL,
            roles                TEXT NOT NULL DEFAULT '',
            created_at           REAL NOT NULL,
            deleted_at           REAL,
            must_change_password INTEGER NOT NULL,
            password_scheme      INTEGER,
            password_salt        BLOB,
            password_hash        BLOB
        );
        CREATE UNIQUE INDEX users_active_name ON users (customer_id, upn) WHERE deleted_at IS NULL;
        CREATE INDEX users_deleted_name ON users (customer_id, upn) WHERE deleted_at IS NOT NULL;

        CREATE TABLE assignments (
            user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            product        TEXT NOT NULL REFERENCES products(part_number),
            disabled_plans TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (user_id, product)
        ) WITHOUT ROWID;

        CREATE TABLE audit_log (
            id          INTEGER PRIMARY KEY,
            at          TEXT NOT NULL,
            batch_id    TEXT NOT NULL,
            operator    TEXT NOT NULL,
            role        TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            object_id   TEXT,
            upn         TEXT,
            action      TEXT NOT NULL,
            detail      TEXT NOT NULL
        );

        CREATE TABLE journal (
            customer_id TEXT NOT NULL,
            batch_id    TEXT NOT NULL,
            key         TEXT NOT NULL,
            applied_at  REAL NOT NULL,
            PRIMARY KEY (customer_id, batch_id, key)
        ) WITHOUT ROWID;
        """,
        // 2: a password committed and not yet delivered to a credentials sheet: the object id
        // of its user on the journal row of the change set that issued it (written with that
        // row, so it costs no extra insert), cleared once the sheet holds it; gone with its
        // journal row (purge). A table of its own, first, cost a fifth of a new user's store time.
        """
        ALTER TABLE journal ADD COLUMN undelivered_object_id TEXT;
        """,
        // 3: undelivered passwords marked per group instead of per row, so that delivering a
        // group is one delete instead of an update of every journal row (a tenth of a new
        // user's time). The journal row keeps the object id its password went to and names
        // the group it was committed in; a password is undelivered while its group is listed
        // in `undelivered_groups`. Marks left by version 2 become group 0.
        // And the assigned seats a batch ended with, per customer and product, valid while the
        // customer's change counter is still `tallied_at`: a job starts from them instead of
        // counting a million users' assignments (a second) again.
        """
        ALTER TABLE journal RENAME COLUMN undelivered_object_id TO password_object_id;
        ALTER TABLE journal ADD COLUMN password_group INTEGER;
        CREATE TABLE undelivered_groups (
            customer_id TEXT NOT NULL,
            batch_id    TEXT NOT NULL,
            group_no    INTEGER NOT NULL,
            PRIMARY KEY (customer_id, batch_id, group_no)
        ) WITHOUT ROWID;
        UPDATE journal SET password_group = 0 WHERE password_object_id IS NOT NULL;
        INSERT INTO undelivered_groups (customer_id, batch_id, group_no)
            SELECT DISTINCT customer_id, batch_id, 0 FROM journal WHERE password_group = 0;
        CREATE TABLE seat_tallies (
            customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            product     TEXT NOT NULL,
            assigned    INTEGER NOT NULL,
            PRIMARY KEY (customer_id, product)
        ) WITHOUT ROWID;
        ALTER TABLE customers ADD COLUMN tallied_at INTEGER;
        """,
        // 4: the portal's operators (docs/portal-auth.md): a name matched without regard to
        // case, a Partner Center role, the encoded scrypt hash with its parameters (never a
        // password), when the account was added and last changed, and whether it is disabled.
        """
        CREATE TABLE operators (
            name          TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
            role          TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at    REAL NOT NULL,
            changed_at    REAL NOT NULL,
            disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
        ) WITHOUT ROWID;
        """,
        // 5: the work queue (docs/queue.md): each submitted input once, by its SHA-256; one job
        // per customer and input, with its options as JSON, its lease and attempts; the stored
        // reports of finished jobs, one row per format.
        """
        CREATE TABLE queue_inputs (
            digest TEXT PRIMARY KEY NOT NULL,
            bytes  BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE queue_jobs (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_id      TEXT NOT NULL,
            input_name       TEXT NOT NULL,
            input_digest     TEXT NOT NULL REFERENCES queue_inputs(digest),
            options          TEXT NOT NULL,
            operator         TEXT NOT NULL,
            status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
            attempts         INTEGER NOT NULL DEFAULT 0,
            max_attempts     INTEGER NOT NULL,
            worker           TEXT,
            lease_expires_at REAL,
            not_before       REAL,
            progress         INTEGER NOT NULL DEFAULT 0,
            batch_id         TEXT,
            last_error       TEXT,
            summary          TEXT,
            submitted_at     REAL NOT NULL,
            started_at       REAL,
            finished_at      REAL
        );
        CREATE INDEX queue_jobs_open ON queue_jobs (customer_id, id) WHERE status IN ('queued', 'running');
        CREATE TABLE queue_reports (
            job_id INTEGER NOT NULL REFERENCES queue_jobs(id) ON DELETE CASCADE,
            format TEXT NOT NULL,
            bytes  BLOB NOT NULL,
            PRIMARY KEY (job_id, format)
        ) WITHOUT ROWID;
        """,
    ]

    /// The version a fully migrated store has.
    static var currentVersion: Int { migrations.count }
}
