-- Every attempt to deliver an event to a webhook: what was sent, what came back.
CREATE TABLE webhook_deliveries (
    id          BIGINT       NOT NULL PRIMARY KEY,
    tenant      VARCHAR(63)  NOT NULL,
    webhook     VARCHAR(63)  NOT NULL,
    event_seq   BIGINT       NOT NULL,
    event_type  VARCHAR(64)  NOT NULL,
    attempt     INTEGER      NOT NULL,
    status      INTEGER      NOT NULL,
    outcome     VARCHAR(16)  NOT NULL,
    error       VARCHAR(500),
    at          VARCHAR(40)  NOT NULL
);
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries (tenant, webhook, id);
