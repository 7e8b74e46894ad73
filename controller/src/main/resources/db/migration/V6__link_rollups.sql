-- What each directed link looked like, one row per link and rollup period (a minute by
-- default): the history behind sparklines and reports. Raw samples stay in memory.
CREATE TABLE link_rollups (
    from_node    VARCHAR(63) NOT NULL,
    to_node      VARCHAR(63) NOT NULL,
    at           BIGINT      NOT NULL,
    status       VARCHAR(16) NOT NULL,
    latency_ms   DOUBLE PRECISION,
    jitter_ms    DOUBLE PRECISION,
    loss_percent DOUBLE PRECISION,
    p95_ms       DOUBLE PRECISION,
    samples      BIGINT      NOT NULL,
    PRIMARY KEY (from_node, to_node, at)
);
CREATE INDEX link_rollups_by_time ON link_rollups (at);
