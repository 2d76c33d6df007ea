import type { Migration } from '../shared/migrations.ts';

/**
 * The PostgreSQL schema, as migrations (never edit a released one; append a new version). Same
 * tables and columns as the SQLite schema, so one row mapper (shared/records.ts) reads both.
 * - Times are bigint milliseconds; pg returns int8 as a decimal string, read back as a number.
 * - JSON columns are `json`, not `jsonb`: json keeps the exact text and accepts every escape
 *   JSON.stringify produces, while jsonb rejects `\u0000` and lone surrogates — a session state or
 *   payload holding one would otherwise fail to save.
 * - Keys compared for ordering (dev_id, token) use COLLATE "C": code-point order whatever the
 *   database's locale, the same order SQLite and the in-memory store give keyset paging.
 * - No foreign keys to devices (see sqlite/migrations.ts); deleteDevice removes dependants itself.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE devices (
  dev_id            text COLLATE "C" NOT NULL PRIMARY KEY,
  enabled           boolean NOT NULL,
  registered_at     bigint  NOT NULL,
  last_seen_at      bigint,
  client_credential json,
  server_credential json,
  client_nonce      text,
  server_nonce      text,
  dev_info          json    NOT NULL,
  dev_detail        json    NOT NULL,
  quirks            json    NOT NULL,
  notify_address    text
);

CREATE TABLE device_locks (
  dev_id      text COLLATE "C" NOT NULL PRIMARY KEY,
  holder      text   NOT NULL,
  acquired_at bigint NOT NULL,
  expires_at  bigint NOT NULL
);

CREATE TABLE sessions (
  token      text COLLATE "C" NOT NULL PRIMARY KEY,
  dev_id     text COLLATE "C" NOT NULL,
  version    integer NOT NULL CHECK (version >= 1),
  created_at bigint  NOT NULL,
  updated_at bigint  NOT NULL,
  expires_at bigint  NOT NULL,
  state      json    NOT NULL
);
CREATE INDEX sessions_dev_id ON sessions (dev_id);
CREATE INDEX sessions_expiry ON sessions (expires_at, token);

CREATE TABLE commands (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          text COLLATE "C" NOT NULL UNIQUE,
  dev_id      text COLLATE "C" NOT NULL,
  payload     json    NOT NULL,
  enqueued_at bigint  NOT NULL,
  expires_at  bigint,
  tag         text,
  state       text    NOT NULL CHECK (state IN ('pending', 'claimed', 'resolved')),
  claimed_by  text,
  claimed_at  bigint,
  attempts    integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  resolved_at bigint,
  outcome     json,
  -- The queue's invariants, enforced by the database rather than trusted to every UPDATE.
  CHECK ((state = 'claimed') = (claimed_by IS NOT NULL AND claimed_at IS NOT NULL)),
  CHECK ((state = 'resolved') = (outcome IS NOT NULL AND resolved_at IS NOT NULL))
);
CREATE INDEX commands_claim ON commands (dev_id, state, seq);
CREATE INDEX commands_claimed_by ON commands (claimed_by) WHERE claimed_by IS NOT NULL;
CREATE INDEX commands_tag ON commands (tag, seq) WHERE tag IS NOT NULL;
CREATE INDEX commands_expiry ON commands (expires_at) WHERE state = 'pending' AND expires_at IS NOT NULL;

CREATE TABLE alerts (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          text COLLATE "C" NOT NULL UNIQUE,
  dev_id      text COLLATE "C" NOT NULL,
  received_at bigint NOT NULL,
  session_id  text   NOT NULL,
  alert_code  text   NOT NULL,
  correlator  text,
  type        text,
  format      text,
  mark        text,
  source      text,
  target      text,
  data        text,
  encoding    text   NOT NULL CHECK (encoding IN ('text', 'b64'))
);
CREATE INDEX alerts_time ON alerts (received_at, seq);
CREATE INDEX alerts_device ON alerts (dev_id, received_at, seq);
CREATE INDEX alerts_type ON alerts (type, received_at, seq);

CREATE TABLE session_history (
  seq               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                text COLLATE "C" NOT NULL UNIQUE,
  dev_id            text COLLATE "C" NOT NULL,
  session_id        text    NOT NULL,
  started_at        bigint  NOT NULL,
  ended_at          bigint  NOT NULL,
  ending            text    NOT NULL,
  messages_in       integer NOT NULL,
  messages_out      integer NOT NULL,
  commands_resolved integer NOT NULL,
  final_statuses    json    NOT NULL
);
CREATE INDEX session_history_device ON session_history (dev_id, ended_at, seq);
`,
  },
  {
    version: 2,
    name: 'scomo packages, jobs, results, inventory snapshots, roots, settings',
    sql: `
CREATE TABLE packages (
  sha256       text COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(sha256) = 64),
  package_id   text COLLATE "C" NOT NULL,
  version      text COLLATE "C" NOT NULL,
  size         bigint NOT NULL CHECK (size >= 0),
  content_type text   NOT NULL,
  format       text   NOT NULL CHECK (format IN ('tar.gz', 'tar', 'zip')),
  file_name    text,
  env_type     text,
  components   json   NOT NULL,
  match_rule   json   NOT NULL,
  signed_by    text,
  manifest     json   NOT NULL,
  added_at     bigint NOT NULL
);
CREATE INDEX packages_id ON packages (package_id, version, added_at);

CREATE TABLE scomo_jobs (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          text COLLATE "C" NOT NULL UNIQUE,
  dev_id      text COLLATE "C" NOT NULL,
  operation   text    NOT NULL,
  state       text    NOT NULL
    CHECK (state IN ('queued', 'sent', 'accepted', 'succeeded', 'failed', 'expired', 'cancelled')),
  version     integer NOT NULL CHECK (version >= 1),
  created_at  bigint  NOT NULL,
  updated_at  bigint  NOT NULL,
  finished_at bigint,
  body        json    NOT NULL
);
CREATE INDEX scomo_jobs_device ON scomo_jobs (dev_id, seq);
CREATE INDEX scomo_jobs_state ON scomo_jobs (state, seq);

CREATE TABLE scomo_results (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id    text COLLATE "C" NOT NULL UNIQUE,
  dev_id      text COLLATE "C" NOT NULL,
  received_at bigint  NOT NULL,
  correlator  text,
  job_id      text COLLATE "C",
  step        integer,
  result_code integer,
  meaning     text    NOT NULL,
  identifier  text,
  source      text,
  target      text,
  problem     text
);
CREATE INDEX scomo_results_device ON scomo_results (dev_id, received_at, seq);
CREATE INDEX scomo_results_job ON scomo_results (job_id, received_at, seq) WHERE job_id IS NOT NULL;
CREATE INDEX scomo_results_time ON scomo_results (received_at, seq);

CREATE TABLE inventory_snapshots (
  seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id        text COLLATE "C" NOT NULL UNIQUE,
  dev_id    text COLLATE "C" NOT NULL,
  taken_at  bigint NOT NULL,
  root      text   NOT NULL,
  method    text   NOT NULL CHECK (method IN ('structdata', 'walk')),
  job_id    text,
  inventory json   NOT NULL,
  changes   json
);
CREATE INDEX inventory_snapshots_device ON inventory_snapshots (dev_id, taken_at, seq);

CREATE TABLE scomo_roots (
  dev_id        text COLLATE "C" NOT NULL PRIMARY KEY,
  root          text   NOT NULL,
  mo_version    text,
  discovered_at bigint NOT NULL
);

CREATE TABLE settings (
  key   text COLLATE "C" NOT NULL PRIMARY KEY,
  value text NOT NULL
);
`,
  },
];
