-- Population base, part 2: resumable imports with their rejected rows, search indexes for addresses.

-- One row per import: the file, the confirmed column mapping, and a checkpoint. Each batch commits together
-- with next_row, so a crash or a kill resumes after the last committed batch and never half-writes one.
CREATE TABLE person_imports (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  bigint NOT NULL REFERENCES regions(id),
  file_id       uuid REFERENCES files(id),
  file_name     text NOT NULL,
  -- CLI imports read the file where it lies (it may exceed the upload limit); web imports use file_id.
  source_path   text,
  mapping       jsonb NOT NULL DEFAULT '{}',
  header_row    int,
  status        text NOT NULL DEFAULT 'preview' CHECK (status IN ('preview', 'queued', 'running', 'done', 'failed')),
  job_id        uuid,
  total_rows    int NOT NULL DEFAULT 0,
  next_row      int NOT NULL DEFAULT 0,
  valid         int NOT NULL DEFAULT 0,
  invalid       int NOT NULL DEFAULT 0,
  created       int NOT NULL DEFAULT 0,
  updated       int NOT NULL DEFAULT 0,
  unchanged     int NOT NULL DEFAULT 0,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX person_imports_community_idx ON person_imports (community_id, created_at DESC);

-- Rejected rows: row number, reason, and the original cells (encrypted: they may hold ID numbers) for the error workbook.
CREATE TABLE person_import_rejects (
  import_id   uuid NOT NULL REFERENCES person_imports(id) ON DELETE CASCADE,
  row_no      int NOT NULL,
  reason_zh   text NOT NULL,
  reason_en   text NOT NULL,
  data_enc    text,
  PRIMARY KEY (import_id, row_no)
);

CREATE INDEX persons_address_trgm_idx ON persons USING gin (registered_address gin_trgm_ops);
CREATE INDEX buildings_address_trgm_idx ON buildings USING gin (address gin_trgm_ops);
CREATE INDEX person_tags_person_idx ON person_tags (person_id);
CREATE INDEX persons_residency_idx ON persons (community_id, residency_type);
