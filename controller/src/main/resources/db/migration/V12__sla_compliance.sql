-- The SLA monitor's compliance history, one row per tenant, class and hour (bucket), so a
-- restarted controller reports the day and the week it measured before.
CREATE TABLE sla_compliance (
    tenant        VARCHAR(63) NOT NULL,
    traffic_class VARCHAR(63) NOT NULL,
    epoch         BIGINT      NOT NULL,
    observed      BIGINT      NOT NULL,
    compliant     BIGINT      NOT NULL,
    covered       BIGINT      NOT NULL,
    PRIMARY KEY (tenant, traffic_class, epoch)
);
