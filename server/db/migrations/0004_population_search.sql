-- Name, pinyin and initials indexes in the "C" collation: prefix LIKE can use them (a text_pattern_ops index can too),
-- and so can ORDER BY, so a search for 王 stops after the first page instead of sorting every 王 in the district.
DROP INDEX IF EXISTS persons_name_prefix_idx;
DROP INDEX IF EXISTS persons_pinyin_idx;
DROP INDEX IF EXISTS persons_initials_idx;
CREATE INDEX persons_name_c_idx ON persons ((name COLLATE "C"));
CREATE INDEX persons_pinyin_c_idx ON persons ((name_pinyin COLLATE "C"));
CREATE INDEX persons_initials_c_idx ON persons ((name_initials COLLATE "C"));
-- A community worker's list: their community's persons in name order.
CREATE INDEX persons_community_name_idx ON persons (community_id, (name COLLATE "C"));
