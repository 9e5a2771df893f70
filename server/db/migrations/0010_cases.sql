-- Residents' opinions and incidents (民情事件 / 工单): categories, working calendar, cases, their timeline,
-- linked persons, assignments, extensions and supervision. Scoped rows carry community_id and grid_id.

-- Holidays and make-up working days are data (国务院节假日安排), edited through the API.
CREATE TABLE work_calendar (
  day         date PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name        text NOT NULL DEFAULT '',
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE case_categories (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code             text NOT NULL UNIQUE,
  name             text NOT NULL,
  parent_id        uuid REFERENCES case_categories(id),
  -- Who usually handles it: the community, the street, or a department (by department code).
  unit_type        text NOT NULL DEFAULT 'community' CHECK (unit_type IN ('community', 'street', 'department')),
  department_code  text,
  default_urgency  text NOT NULL DEFAULT 'normal' CHECK (default_urgency IN ('normal', 'urgent', 'critical')),
  -- { normal|urgent|critical: { accept|handle|reply: { value, unit: hours|days } } }
  limits           jsonb NOT NULL,
  sort             int NOT NULL DEFAULT 0,
  retired_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_categories_parent_idx ON case_categories (parent_id);

CREATE SEQUENCE case_no_seq;

CREATE TABLE cases (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_no               text NOT NULL UNIQUE,
  source                text NOT NULL CHECK (source IN ('patrol', 'visit', 'resident', 'hotline', 'window', 'survey', 'department')),
  request_type          text NOT NULL CHECK (request_type IN ('consult', 'help', 'complaint', 'report', 'suggestion')),
  category_id           uuid NOT NULL REFERENCES case_categories(id),
  urgency               text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'critical')),
  title                 text NOT NULL,
  description           text NOT NULL,
  -- Place: the community (always), grid, building, house where known, and a free address.
  community_id          bigint NOT NULL REFERENCES regions(id),
  grid_id               bigint REFERENCES regions(id),
  building_id           uuid REFERENCES buildings(id),
  house_id              uuid REFERENCES houses(id),
  address               text,
  -- Reporter: a resident account, a person from the base, or a name and phone typed at the hotline/window.
  anonymous             boolean NOT NULL DEFAULT false,
  reporter_user_id      uuid REFERENCES users(id),
  reporter_person_id    uuid REFERENCES persons(id),
  reporter_name         text,
  reporter_phone_enc    text,
  reporter_phone_bidx   text,
  reporter_phone_last4  text,
  status                text NOT NULL CHECK (status IN ('reported', 'accepted', 'dispatched', 'handling', 'paused', 'returned', 'handled', 'replied', 'rated', 'closed', 'archived', 'merged')),
  paused_from           text,
  -- Current owner (交办对象): a community or street (region) or a department.
  assignee_type         text CHECK (assignee_type IN ('community', 'street', 'department')),
  assignee_region_id    bigint REFERENCES regions(id),
  assignee_department_id uuid REFERENCES departments(id),
  -- SLA of the current stage: thresholds precomputed in working time, so the sweep is plain indexed SQL.
  stage                 text,
  stage_started_at      timestamptz,
  warn_at               timestamptz,
  due_at                timestamptz,
  escalate_street_at    timestamptz,
  escalate_district_at  timestamptz,
  sla_state             text NOT NULL DEFAULT 'normal' CHECK (sla_state IN ('normal', 'due_soon', 'overdue')),
  paused_remaining_min  double precision,
  paused_total_min      double precision NOT NULL DEFAULT 0,
  handle_due_at         timestamptz,
  -- Supervision (督办): none, or the level now supervising.
  supervision_level     text CHECK (supervision_level IN ('community', 'street', 'district')),
  urge_count            int NOT NULL DEFAULT 0,
  -- Facts for assessment, recorded as they happen.
  accepted_at           timestamptz,
  dispatched_at         timestamptz,
  signed_at             timestamptz,
  responded_on_time     boolean,
  handled_at            timestamptz,
  handled_on_time       boolean,
  handling_minutes      double precision,
  replied_at            timestamptz,
  reply_text            text,
  rating                text CHECK (rating IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
  resolved              boolean,
  rated_at              timestamptz,
  reopen_count          int NOT NULL DEFAULT 0,
  extension_count       int NOT NULL DEFAULT 0,
  closed_at             timestamptz,
  archived_at           timestamptz,
  merged_into_id        uuid REFERENCES cases(id),
  version               int NOT NULL DEFAULT 1,
  created_by            uuid,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_community_created_idx ON cases (community_id, created_at DESC, id DESC);
CREATE INDEX cases_grid_created_idx ON cases (grid_id, created_at DESC);
CREATE INDEX cases_created_idx ON cases (created_at DESC, id DESC);
CREATE INDEX cases_status_created_idx ON cases (status, created_at DESC);
-- A community's (or a street's communities') cases in one state: counts stay index-only.
CREATE INDEX cases_community_status_idx ON cases (community_id, status, created_at DESC);
CREATE INDEX cases_case_no_prefix_idx ON cases (case_no text_pattern_ops);
CREATE INDEX cases_category_created_idx ON cases (category_id, created_at DESC);
-- Category and state together (recent cases are mostly open, so "closed lamp cases" are far down the date index).
CREATE INDEX cases_category_status_idx ON cases (category_id, status, created_at DESC);
CREATE INDEX cases_dept_created_idx ON cases (assignee_department_id, created_at DESC) WHERE assignee_department_id IS NOT NULL;
CREATE INDEX cases_reporter_idx ON cases (reporter_user_id, created_at DESC) WHERE reporter_user_id IS NOT NULL;
-- The sweep looks only at cases with a running clock whose warning time has passed. It changes sla_state and
-- supervision_level, which no index mentions, so its updates are HOT (no index maintenance); fillfactor leaves room.
-- Each sweep reads only the thresholds crossed since the previous sweep (a range on each of these indexes).
CREATE INDEX cases_clock_warn_idx ON cases (warn_at) WHERE due_at IS NOT NULL;
CREATE INDEX cases_clock_due_idx ON cases (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX cases_clock_street_idx ON cases (escalate_street_at) WHERE due_at IS NOT NULL;
CREATE INDEX cases_clock_district_idx ON cases (escalate_district_at) WHERE due_at IS NOT NULL;
ALTER TABLE cases SET (fillfactor = 85);

-- When each sweep ran (the next one starts where this one stopped) and what it did.
CREATE TABLE case_sla_sweeps (
  id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  swept_at  timestamptz NOT NULL,
  full_scan boolean NOT NULL,
  result    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_sla_sweeps_at_idx ON case_sla_sweeps (swept_at DESC);
-- Duplicate suggestion: same place and category within a window.
CREATE INDEX cases_dup_idx ON cases (category_id, community_id, created_at DESC);
CREATE INDEX cases_title_trgm_idx ON cases USING gin (title gin_trgm_ops);

-- Every step: who, when, what, note, attachments. public = shown to the resident who reported it.
-- case_id has no foreign key on purpose: rows are only written by the case services next to their case, and the
-- per-row key check (a share lock on the case) took 2.3 of 4.3 s when a sweep wrote 54,000 events at once.
CREATE TABLE case_events (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id      uuid NOT NULL,
  action       text NOT NULL,
  from_status  text,
  to_status    text,
  actor_id     uuid,
  actor_label  text NOT NULL,
  note         text,
  attachments  uuid[] NOT NULL DEFAULT '{}',
  detail       jsonb NOT NULL DEFAULT '{}',
  public       boolean NOT NULL DEFAULT false,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case_idx ON case_events (case_id, at, id);

CREATE TABLE case_persons (
  case_id    uuid NOT NULL REFERENCES cases(id),
  person_id  uuid NOT NULL REFERENCES persons(id),
  role       text NOT NULL DEFAULT 'involved' CHECK (role IN ('reporter', 'involved', 'party')),
  PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_persons_person_idx ON case_persons (person_id);

-- Every owner a case had, so a department keeps seeing what it was given, and assessment can attribute.
CREATE TABLE case_assignments (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES cases(id),
  assignee_type  text NOT NULL,
  region_id      bigint REFERENCES regions(id),
  department_id  uuid REFERENCES departments(id),
  assigned_by    uuid,
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  ended_at       timestamptz,
  end_reason     text
);
CREATE INDEX case_assignments_case_idx ON case_assignments (case_id);
CREATE INDEX case_assignments_dept_idx ON case_assignments (department_id, case_id) WHERE department_id IS NOT NULL;

CREATE TABLE case_extensions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id       uuid NOT NULL REFERENCES cases(id),
  days          int NOT NULL,
  reason        text NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by  uuid,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  decided_by    uuid,
  decided_at    timestamptz,
  decision_note text
);
CREATE UNIQUE INDEX case_extensions_pending_uq ON case_extensions (case_id) WHERE status = 'pending';
