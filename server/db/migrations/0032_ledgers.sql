-- Ledgers (台账) as data: a definition names a source from the server's registry, columns, filters,
-- grouping, sort and sensitive fields. Snapshots archive a ledger per community at a date.
CREATE TABLE ledger_definitions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL,
  name        text NOT NULL,
  department  text NOT NULL,
  source      text NOT NULL,
  definition  jsonb NOT NULL,
  builtin     boolean NOT NULL DEFAULT false,
  version     int NOT NULL DEFAULT 1,
  retired_at  timestamptz,
  created_by  uuid,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ledger_definitions_code_uq ON ledger_definitions (code);

CREATE TABLE ledger_snapshots (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ledger_id     uuid NOT NULL REFERENCES ledger_definitions(id),
  ledger_version int NOT NULL,
  community_id  bigint NOT NULL REFERENCES regions(id),
  as_of         date NOT NULL,
  title         text NOT NULL,
  columns       jsonb NOT NULL,
  row_count     int NOT NULL DEFAULT 0,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ledger_snapshots_uq ON ledger_snapshots (ledger_id, community_id, as_of);
CREATE INDEX ledger_snapshots_community_idx ON ledger_snapshots (community_id, as_of DESC);

-- Rows as shown to an ordinary viewer: sensitive values are stored masked, never in full.
CREATE TABLE ledger_snapshot_rows (
  snapshot_id  uuid NOT NULL REFERENCES ledger_snapshots(id) ON DELETE CASCADE,
  seq          int NOT NULL,
  data         jsonb NOT NULL,
  PRIMARY KEY (snapshot_id, seq)
);
