import type { Migration } from '../shared/migrations.ts';

/**
 * The SQLite schema, as migrations (never edit a released one; append a new version). STRICT tables
 * make SQLite enforce the declared types; times are INTEGER milliseconds; JSON is TEXT checked with
 * json_valid; booleans are INTEGER 0/1. Text compares with the default BINARY collation (code-point
 * order), which is what keyset paging by devId relies on. There are no foreign keys to `devices`:
 * the port lets the core queue work, lock and record alerts for a devId before (or without) a device
 * row, and `deleteDevice` removes the dependants itself in one transaction.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE devices (
  dev_id            TEXT    NOT NULL PRIMARY KEY,
  enabled           INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  registered_at     INTEGER NOT NULL,
  last_seen_at      INTEGER,
  client_credential TEXT    CHECK (client_credential IS NULL OR json_valid(client_credential)),
  server_credential TEXT    CHECK (server_credential IS NULL OR json_valid(server_credential)),
  client_nonce      TEXT,
  server_nonce      TEXT,
  dev_info          TEXT    NOT NULL CHECK (json_valid(dev_info)),
  dev_detail        TEXT    NOT NULL CHECK (json_valid(dev_detail)),
  quirks            TEXT    NOT NULL CHECK (json_valid(quirks)),
  notify_address    TEXT
) STRICT;

CREATE TABLE device_locks (
  dev_id      TEXT    NOT NULL PRIMARY KEY,
  holder      TEXT    NOT NULL,
  acquired_at INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  token      TEXT    NOT NULL PRIMARY KEY,
  dev_id     TEXT    NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  state      TEXT    NOT NULL CHECK (json_valid(state))
) STRICT;
CREATE INDEX sessions_dev_id ON sessions (dev_id);
CREATE INDEX sessions_expiry ON sessions (expires_at, token);

-- AUTOINCREMENT: seq never goes back, even after the newest rows are deleted (claims follow seq).
CREATE TABLE commands (
  seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  id          TEXT    NOT NULL UNIQUE,
  dev_id      TEXT    NOT NULL,
  payload     TEXT    NOT NULL CHECK (json_valid(payload)),
  enqueued_at INTEGER NOT NULL,
  expires_at  INTEGER,
  tag         TEXT,
  state       TEXT    NOT NULL CHECK (state IN ('pending', 'claimed', 'resolved')),
  claimed_by  TEXT,
  claimed_at  INTEGER,
  attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  resolved_at INTEGER,
  outcome     TEXT    CHECK (outcome IS NULL OR json_valid(outcome)),
  -- The queue's invariants, enforced by the database rather than trusted to every UPDATE.
  CHECK ((state = 'claimed') = (claimed_by IS NOT NULL AND claimed_at IS NOT NULL)),
  CHECK ((state = 'resolved') = (outcome IS NOT NULL AND resolved_at IS NOT NULL))
) STRICT;
CREATE INDEX commands_claim ON commands (dev_id, state, seq);
CREATE INDEX commands_claimed_by ON commands (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE INDEX commands_tag ON commands (tag, seq) WHERE tag IS NOT NULL;
CREATE INDEX commands_expiry ON commands (expires_at) WHERE state = 'pending' AND expires_at IS NOT NULL;

CREATE TABLE alerts (
  seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  id          TEXT    NOT NULL UNIQUE,
  dev_id      TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  session_id  TEXT    NOT NULL,
  alert_code  TEXT    NOT NULL,
  correlator  TEXT,
  type        TEXT,
  format      TEXT,
  mark        TEXT,
  source      TEXT,
  target      TEXT,
  data        TEXT,
  encoding    TEXT    NOT NULL CHECK (encoding IN ('text', 'b64'))
) STRICT;
CREATE INDEX alerts_time ON alerts (received_at, seq);
CREATE INDEX alerts_device ON alerts (dev_id, received_at, seq);
CREATE INDEX alerts_type ON alerts (type, received_at, seq);

CREATE TABLE session_history (
  seq               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  id                TEXT    NOT NULL UNIQUE,
  dev_id            TEXT    NOT NULL,
  session_id        TEXT    NOT NULL,
  started_at        INTEGER NOT NULL,
  ended_at          INTEGER NOT NULL,
  ending            TEXT    NOT NULL,
  messages_in       INTEGER NOT NULL,
  messages_out      INTEGER NOT NULL,
  commands_resolved INTEGER NOT NULL,
  final_statuses    TEXT    NOT NULL CHECK (json_valid(final_statuses))
) STRICT;
CREATE INDEX session_history_device ON session_history (dev_id, ended_at, seq);
`,
  },
  {
    version: 2,
    name: 'scomo packages, jobs, results, inventory snapshots, roots, settings',
    sql: `
CREATE TABLE packages (
  sha256       TEXT    NOT NULL PRIMARY KEY CHECK (length(sha256) = 64),
  package_id   TEXT    NOT NULL,
  version      TEXT    NOT NULL,
  size         INTEGER NOT NULL CHECK (size >= 0),
  content_type TEXT    NOT NULL,
  format       TEXT    NOT NULL CHECK (format IN ('tar.gz', 'tar', 'zip')),
  file_name    TEXT,
  env_type     TEXT,
  components   TEXT    NOT NULL CHECK (json_valid(components)),
  match_rule   TEXT    NOT NULL CHECK (json_valid(match_rule)),
  signed_by    TEXT,
  manifest     TEXT    NOT NULL CHECK (json_valid(manifest)),
  added_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX packages_id ON packages (package_id, version, added_at);

CREATE TABLE scomo_jobs (
  seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  id          TEXT    NOT NULL UNIQUE,
  dev_id      TEXT    NOT NULL,
  operation   TEXT    NOT NULL,
  state       TEXT    NOT NULL
    CHECK (state IN ('queued', 'sent', 'accepted', 'succeeded', 'failed', 'expired', 'cancelled')),
  version     INTEGER NOT NULL CHECK (version >= 1),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  finished_at INTEGER,
  body        TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX scomo_jobs_device ON scomo_jobs (dev_id, seq);
CREATE INDEX scomo_jobs_state ON scomo_jobs (state, seq);

CREATE TABLE scomo_results (
  seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  alert_id    TEXT    NOT NULL UNIQUE,
  dev_id      TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  correlator  TEXT,
  job_id      TEXT,
  step        INTEGER,
  result_code INTEGER,
  meaning     TEXT    NOT NULL,
  identifier  TEXT,
  source      TEXT,
  target      TEXT,
  problem     TEXT
) STRICT;
CREATE INDEX scomo_results_device ON scomo_results (dev_id, received_at, seq);
CREATE INDEX scomo_results_job ON scomo_results (job_id, received_at, seq) WHERE job_id IS NOT NULL;
CREATE INDEX scomo_results_time ON scomo_results (received_at, seq);

CREATE TABLE inventory_snapshots (
  seq       INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  id        TEXT    NOT NULL UNIQUE,
  dev_id    TEXT    NOT NULL,
  taken_at  INTEGER NOT NULL,
  root      TEXT    NOT NULL,
  method    TEXT    NOT NULL CHECK (method IN ('structdata', 'walk')),
  job_id    TEXT,
  inventory TEXT    NOT NULL CHECK (json_valid(inventory)),
  changes   TEXT    CHECK (changes IS NULL OR json_valid(changes))
) STRICT;
CREATE INDEX inventory_snapshots_device ON inventory_snapshots (dev_id, taken_at, seq);

CREATE TABLE scomo_roots (
  dev_id        TEXT    NOT NULL PRIMARY KEY,
  root          TEXT    NOT NULL,
  mo_version    TEXT,
  discovered_at INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`,
  },
];
