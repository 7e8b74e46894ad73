-- A token dies with its tenant or node (the store deletes it in the transaction that deletes
-- the owner). Tokens left behind by owners deleted before that would otherwise come back to
-- life for a new tenant or node of the same name: revoke them now.
DELETE FROM tokens WHERE tenant IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.kind = 'TENANT' AND r.tenant = '' AND r.name = tokens.tenant);
DELETE FROM tokens WHERE node IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.kind = 'NODE' AND r.tenant = '' AND r.name = tokens.node);
