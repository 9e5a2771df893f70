-- A community's name list counted from the index alone: status rides along, so "how many 王 live here" needs no
-- table visits once autovacuum has marked the pages all-visible.
DROP INDEX IF EXISTS persons_community_name_idx;
CREATE INDEX persons_community_name_status_idx ON persons (community_id, (name COLLATE "C")) INCLUDE (status);
CREATE INDEX persons_community_initials_idx ON persons (community_id, (name_initials COLLATE "C")) INCLUDE (status);
