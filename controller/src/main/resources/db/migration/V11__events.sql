-- Every event the controller published, as the API and webhooks show it, so the feed survives a
-- restart and a client paging forward from an old sequence number gets what it missed. The
-- audience columns let a reader decide visibility without parsing the document.
CREATE TABLE events (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    at          VARCHAR(40)  NOT NULL,
    type        VARCHAR(40)  NOT NULL,
    tenant      VARCHAR(63),
    backbone    INTEGER      NOT NULL,
    shared_with TEXT         NOT NULL,
    summary     TEXT         NOT NULL,
    payload     TEXT         NOT NULL
);
