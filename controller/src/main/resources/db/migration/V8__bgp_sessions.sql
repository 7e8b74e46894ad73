-- What each site's BGP session last reported (state, received routes as JSON) and which of its
-- prefixes the controller accepted, so a restarted controller keeps forwarding learned prefixes
-- (and resolves overlaps the same way) before the agents report again.
CREATE TABLE bgp_sessions (
    tenant     VARCHAR(63) NOT NULL,
    attachment VARCHAR(63) NOT NULL,
    node       VARCHAR(63) NOT NULL,
    state      VARCHAR(20) NOT NULL,
    received   TEXT        NOT NULL,
    accepted   TEXT        NOT NULL,
    detail     TEXT,
    at         VARCHAR(40) NOT NULL,
    PRIMARY KEY (tenant, attachment)
);
