-- The same SQL runs on SQLite and PostgreSQL.

-- Every resource, one row each. tenant is '' for backbone resources, so the key has no NULL.
CREATE TABLE resources (
    kind             VARCHAR(32)  NOT NULL,
    tenant           VARCHAR(63)  NOT NULL,
    name             VARCHAR(63)  NOT NULL,
    resource_version BIGINT       NOT NULL,
    generation       BIGINT       NOT NULL,
    document         TEXT         NOT NULL,
    created_at       VARCHAR(40)  NOT NULL,
    updated_at       VARCHAR(40)  NOT NULL,
    PRIMARY KEY (kind, tenant, name)
);
CREATE INDEX resources_by_tenant ON resources (tenant, kind);

-- One global, monotonically increasing revision: every committed change gets the next one.
CREATE TABLE revision (
    id    INTEGER NOT NULL PRIMARY KEY,
    value BIGINT  NOT NULL
);
INSERT INTO revision (id, value) VALUES (1, 0);

-- What changed at each revision, for audit and for watchers catching up.
CREATE TABLE change_log (
    revision    BIGINT      NOT NULL PRIMARY KEY,
    kind        VARCHAR(32) NOT NULL,
    tenant      VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    action      VARCHAR(16) NOT NULL,
    actor       VARCHAR(80) NOT NULL,
    at          VARCHAR(40) NOT NULL
);

-- API tokens, stored as SHA-256 of the secret (tokens are 256-bit random, so no slow hash is needed).
CREATE TABLE tokens (
    id          VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant      VARCHAR(63),
    secret_hash VARCHAR(64)  NOT NULL UNIQUE,
    description VARCHAR(200) NOT NULL,
    created_at  VARCHAR(40)  NOT NULL
);
