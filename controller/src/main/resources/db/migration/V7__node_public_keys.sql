-- WireGuard public keys the agents reported (private keys never leave the nodes). Kept so a
-- restarted controller renders every tunnel with its peer's key before the peer's agent is back.
CREATE TABLE node_public_keys (
    node       VARCHAR(63)  NOT NULL PRIMARY KEY,
    public_key VARCHAR(64)  NOT NULL,
    at         VARCHAR(40)  NOT NULL
);
