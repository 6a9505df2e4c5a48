// MeritData: everything that reads and judges a dataset before any model sees it.
//
// Lives here: streaming CSV/JSONL readers, typed values and schema validation, PII scanning, the
// canonical record encoding, record hashes, Merkle trees with inclusion and consistency proofs, and
// contamination/duplicate filters. Depends on MeritCore (the spec) and MeritEthereum (Keccak-256).
// Reading files is the only I/O here, and it streams: memory does not grow with file size.
