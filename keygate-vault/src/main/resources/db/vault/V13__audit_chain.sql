-- The audit trail as a hash chain (docs/AUDIT.md): each entry gets its position (seq, 1, 2, ...
-- with no gaps), the hash of the entry before it and its own hash (SHA-256, lowercase hex, over a
-- canonical encoding of the entry and the previous hash). Entries written before this migration
-- keep NULLs: they are reported as unchained, not as broken.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE audit_log ADD COLUMN entry_hash VARCHAR(64);
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

-- The chain's head: one row, updated in the same transaction as each entry. Writers take its row
-- lock first (UPDATE before SELECT), so two nodes on one PostgreSQL never fork the chain.
CREATE TABLE audit_chain (
  chain_id  INTEGER      NOT NULL PRIMARY KEY,
  last_seq  BIGINT       NOT NULL,
  last_hash VARCHAR(64)  NOT NULL
);
INSERT INTO audit_chain (chain_id, last_seq, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
