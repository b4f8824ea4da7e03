-- Each attempt records the halo build that planned it and debriefed its tracks
-- against that plan (store.Attempt.Planner, "halo v1.2.0 (abcdef123456)").
-- Attempts logged before this migration keep '' (not recorded). The same in
-- both databases: keep it in step with the other adapter's migrations.

-- +goose Up
ALTER TABLE attempts ADD COLUMN planner TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE attempts DROP COLUMN planner;
