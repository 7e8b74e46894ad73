-- The desired config of each node, so versions keep growing across controller restarts and an
-- agent that reconnects gets exactly what it had, not a re-render that might differ.
CREATE TABLE node_configs (
    node     VARCHAR(63) NOT NULL PRIMARY KEY,
    version  BIGINT      NOT NULL,
    hash     VARCHAR(64) NOT NULL,
    document TEXT        NOT NULL,
    at       VARCHAR(40) NOT NULL
);
