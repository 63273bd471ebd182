-- The staff list shows active people by default (page and API). With only
-- (library_id, name, id) the count of a 5,000-person library read every
-- table row to check `active`; with `active` in the index the count is
-- answered from the index alone and the page walks it in name order.
-- staff_library_name stays for the "all" filter. See docs/BENCHMARKS.md.

-- +goose Up
CREATE INDEX staff_library_active_name ON staff (library_id, active, name, id);

-- +goose Down
DROP INDEX staff_library_active_name;
