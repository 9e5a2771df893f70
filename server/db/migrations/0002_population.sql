-- Population base (人、地、物、事、组织): buildings, houses, households, persons, tags, organisations, history.
-- Every scoped row carries community_id (and grid_id where known); scope checks use these columns.
CREATE TABLE buildings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  bigint NOT NULL REFERENCES regions(id),
  grid_id       bigint REFERENCES regions(id),
  name          text NOT NULL,
  address       text,
  kind          text NOT NULL DEFAULT 'residential' CHECK (kind IN ('residential', 'commercial', 'mixed')),
  units         int NOT NULL DEFAULT 1,
  floors        int NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX buildings_community_idx ON buildings (community_id);
CREATE INDEX buildings_grid_idx ON buildings (grid_id);

CREATE TABLE houses (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  building_id     uuid NOT NULL REFERENCES buildings(id),
  community_id    bigint NOT NULL REFERENCES regions(id),
  grid_id         bigint REFERENCES regions(id),
  unit            int NOT NULL DEFAULT 1,
  floor           int NOT NULL,
  room            text NOT NULL,
  area            numeric(8, 2),
  use             text NOT NULL DEFAULT 'owner_occupied' CHECK (use IN ('owner_occupied', 'rented', 'vacant', 'business')),
  owner_name      text,
  owner_person_id uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX houses_room_uq ON houses (building_id, unit, room);
CREATE INDEX houses_community_idx ON houses (community_id, use);

CREATE TABLE households (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id        bigint NOT NULL REFERENCES regions(id),
  grid_id             bigint REFERENCES regions(id),
  household_no        text,
  kind                text NOT NULL DEFAULT 'family' CHECK (kind IN ('family', 'collective')),
  registered_address  text,
  house_id            uuid REFERENCES houses(id),
  head_person_id      uuid,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX households_community_idx ON households (community_id);
CREATE INDEX households_grid_idx ON households (grid_id);
CREATE INDEX households_house_idx ON households (house_id);

CREATE TABLE persons (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id        bigint NOT NULL REFERENCES regions(id),
  grid_id             bigint REFERENCES regions(id),
  household_id        uuid REFERENCES households(id),
  house_id            uuid REFERENCES houses(id),
  name                text NOT NULL,
  name_pinyin         text NOT NULL DEFAULT '',
  name_initials       text NOT NULL DEFAULT '',
  former_names        text[] NOT NULL DEFAULT '{}',
  gender              text CHECK (gender IN ('M', 'F')),
  birth_date          date,
  doc_type            text NOT NULL DEFAULT 'resident_id'
                      CHECK (doc_type IN ('resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_pr')),
  doc_enc             text,
  doc_bidx            text,
  doc_last4           text,
  phone_enc           text,
  phone_bidx          text,
  phone_last4         text,
  ethnicity           text,
  education           text,
  political_status    text,
  marital_status      text,
  employment          text,
  registered_address  text,
  residency_type      text NOT NULL DEFAULT 'registered'
                      CHECK (residency_type IN ('registered', 'resident', 'floating', 'overseas', 'separated')),
  relation_to_head    text,
  status              text NOT NULL DEFAULT 'living' CHECK (status IN ('living', 'moved_out', 'deceased')),
  version             int NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX persons_doc_uq ON persons (doc_bidx) WHERE doc_bidx IS NOT NULL;
CREATE INDEX persons_community_idx ON persons (community_id, status);
CREATE INDEX persons_grid_idx ON persons (grid_id);
CREATE INDEX persons_household_idx ON persons (household_id);
CREATE INDEX persons_house_idx ON persons (house_id);
CREATE INDEX persons_name_prefix_idx ON persons (name text_pattern_ops);
CREATE INDEX persons_name_trgm_idx ON persons USING gin (name gin_trgm_ops);
CREATE INDEX persons_pinyin_idx ON persons (name_pinyin text_pattern_ops);
CREATE INDEX persons_initials_idx ON persons (name_initials text_pattern_ops);
CREATE INDEX persons_last4_idx ON persons (doc_last4);
CREATE INDEX persons_phone_bidx_idx ON persons (phone_bidx);
CREATE INDEX persons_birth_idx ON persons (birth_date);

ALTER TABLE households ADD CONSTRAINT households_head_fk FOREIGN KEY (head_person_id) REFERENCES persons(id);
ALTER TABLE houses ADD CONSTRAINT houses_owner_fk FOREIGN KEY (owner_person_id) REFERENCES persons(id);
ALTER TABLE users ADD CONSTRAINT users_person_fk FOREIGN KEY (person_id) REFERENCES persons(id);

-- Tag catalogue: configurable; each tag declares its own attributes; sensitive tags need a permission to be seen at all.
CREATE TABLE tag_types (
  code          text PRIMARY KEY,
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  category      text NOT NULL DEFAULT 'special_group',
  sensitive     boolean NOT NULL DEFAULT false,
  permission    text,
  attributes    jsonb NOT NULL DEFAULT '[]',
  sort          int NOT NULL DEFAULT 0,
  retired_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE person_tags (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id     uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  tag_code      text NOT NULL REFERENCES tag_types(code),
  community_id  bigint NOT NULL REFERENCES regions(id),
  -- Attributes of sensitive tags are encrypted (attributes_enc); others are plain jsonb.
  attributes    jsonb NOT NULL DEFAULT '{}',
  attributes_enc text,
  start_date    date,
  end_date      date,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX person_tags_uq ON person_tags (person_id, tag_code);
CREATE INDEX person_tags_tag_idx ON person_tags (tag_code, community_id);

CREATE TABLE person_events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id   uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('move_in', 'move_out', 'birth', 'death', 'household_change', 'registered')),
  date        date NOT NULL,
  note        text,
  actor_id    uuid,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_events_person_idx ON person_events (person_id, date);

CREATE TABLE organisations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id    bigint NOT NULL REFERENCES regions(id),
  grid_id         bigint REFERENCES regions(id),
  name            text NOT NULL,
  kind            text NOT NULL,
  uscc            text,
  address         text,
  contact_name    text,
  phone_enc       text,
  phone_bidx      text,
  phone_last4     text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_community_idx ON organisations (community_id);
CREATE UNIQUE INDEX organisations_uscc_uq ON organisations (uscc) WHERE uscc IS NOT NULL;

-- Who changed what on a person, household or house: before/after, in one table for all.
CREATE TABLE entity_history (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  entity_type   text NOT NULL,
  entity_id     uuid NOT NULL,
  community_id  bigint,
  action        text NOT NULL,
  before        jsonb,
  after         jsonb,
  actor_id      uuid,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entity_history_entity_idx ON entity_history (entity_type, entity_id, at);
