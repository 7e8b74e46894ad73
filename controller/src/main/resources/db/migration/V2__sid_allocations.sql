-- Small integer ids behind SRv6 locators (scope 'node') and tenant decapsulation SIDs
-- (scope 'tenant'). Rows outlive their owners (released = 1) so ids are not handed to a
-- newcomer while stale routes may still point at them, and a returning owner gets its id back.
CREATE TABLE sid_allocations (
    scope          VARCHAR(16) NOT NULL,
    name           VARCHAR(63) NOT NULL,
    id             INTEGER     NOT NULL,
    released       INTEGER     NOT NULL,
    released_order BIGINT      NOT NULL,
    PRIMARY KEY (scope, name),
    UNIQUE (scope, id)
);
