-- A token may belong to a node: it opens that node's agent connection and nothing else.
ALTER TABLE tokens ADD COLUMN node VARCHAR(63);
