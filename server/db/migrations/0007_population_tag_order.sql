-- Tag lists page in person order straight from person_tags: walk (tag_code, person_id) — community_id rides along
-- so other communities' entries are skipped inside the index — look each person up, stop after a page (or after the
-- capped count); no need to collect and sort every disabled person of the district first.
CREATE INDEX person_tags_tag_person_idx ON person_tags (tag_code, person_id) INCLUDE (community_id);
