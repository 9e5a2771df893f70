-- Grid work (网格化): patrols (巡查), household visits (走访), dispute mediation (矛盾纠纷调处) and their findings.
-- A finding becomes a case in one step (case_id links it).
CREATE TABLE grid_patrols (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  bigint NOT NULL REFERENCES regions(id),
  grid_id       bigint NOT NULL REFERENCES regions(id),
  worker_id     uuid NOT NULL REFERENCES users(id),
  kind          text NOT NULL DEFAULT 'routine' CHECK (kind IN ('routine', 'joint', 'special')),
  started_at    timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz,
  route_notes   text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_patrols_grid_idx ON grid_patrols (grid_id, started_at DESC);
CREATE INDEX grid_patrols_community_idx ON grid_patrols (community_id, started_at DESC);

CREATE TABLE grid_visits (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id     bigint NOT NULL REFERENCES regions(id),
  grid_id          bigint REFERENCES regions(id),
  household_id     uuid NOT NULL REFERENCES households(id),
  worker_id        uuid NOT NULL REFERENCES users(id),
  visit_type       text NOT NULL CHECK (visit_type IN ('routine', 'care', 'policy', 'dispute', 'survey')),
  persons_met      uuid[] NOT NULL DEFAULT '{}',
  notes            text,
  visited_at       timestamptz NOT NULL DEFAULT now(),
  next_visit_date  date,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_visits_household_idx ON grid_visits (household_id, visited_at DESC);
CREATE INDEX grid_visits_community_idx ON grid_visits (community_id, visited_at DESC);
CREATE INDEX grid_visits_next_idx ON grid_visits (community_id, next_visit_date);

CREATE TABLE grid_mediations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  bigint NOT NULL REFERENCES regions(id),
  grid_id       bigint REFERENCES regions(id),
  worker_id     uuid NOT NULL REFERENCES users(id),
  dispute_type  text NOT NULL CHECK (dispute_type IN ('neighbour', 'family', 'property', 'tenancy', 'labour', 'other')),
  -- [{ personId?, name, role }]: parties from the base where known, names otherwise.
  parties       jsonb NOT NULL DEFAULT '[]',
  description   text NOT NULL,
  -- [{ at, note, by }]: the mediation steps, appended.
  steps         jsonb NOT NULL DEFAULT '[]',
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'failed', 'referred')),
  result        text,
  agreement     text,
  attachments   uuid[] NOT NULL DEFAULT '{}',
  case_id       uuid REFERENCES cases(id),
  opened_at     timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_mediations_community_idx ON grid_mediations (community_id, opened_at DESC);

CREATE TABLE grid_findings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_type   text NOT NULL CHECK (source_type IN ('patrol', 'visit')),
  source_id     uuid NOT NULL,
  community_id  bigint NOT NULL REFERENCES regions(id),
  grid_id       bigint REFERENCES regions(id),
  description   text NOT NULL,
  address       text,
  building_id   uuid REFERENCES buildings(id),
  photos        uuid[] NOT NULL DEFAULT '{}',
  case_id       uuid REFERENCES cases(id),
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_findings_source_idx ON grid_findings (source_type, source_id);
CREATE INDEX grid_findings_community_idx ON grid_findings (community_id, created_at DESC);
