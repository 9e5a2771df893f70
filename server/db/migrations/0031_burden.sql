-- Burden account (减负台账): what departments impose on communities outside admitted tasks —
-- inspections, assessments, meetings, statistical reports, signboards — logged by the community.
CREATE TABLE burden_entries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id    bigint NOT NULL REFERENCES regions(id),
  department_id   uuid REFERENCES departments(id),
  department_name text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('inspection', 'assessment', 'meeting', 'report', 'signboard', 'other')),
  date            date NOT NULL,
  hours           numeric(6, 1) NOT NULL DEFAULT 0,
  title           text NOT NULL,
  note            text,
  created_by      uuid,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX burden_entries_community_idx ON burden_entries (community_id, date);
CREATE INDEX burden_entries_dept_idx ON burden_entries (department_name, date);
