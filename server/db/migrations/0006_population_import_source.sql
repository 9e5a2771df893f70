-- Where an imported person came from (import and row): their creation is recorded here instead of one
-- entity_history row per person, which doubled the writes of a million-row import. History and timeline show it
-- as an "import" entry (who and when from person_imports). No foreign key: COPY would check it a million times.
ALTER TABLE persons ADD COLUMN import_id uuid;
ALTER TABLE persons ADD COLUMN import_row int;
