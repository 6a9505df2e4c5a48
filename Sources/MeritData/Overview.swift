// MeritData: everything that reads and judges a dataset before any model sees it.
//
// Lives here: streaming CSV/JSONL readers, typed values and schema validation, PII scanning (which reads a
// column's name, its first values and the words around a match; see docs/pii.md), the
// canonical record encoding, record hashes, Merkle trees with inclusion and consistency proofs, and
// contamination/duplicate filters. A file to read is a `DatasetFile`: its path, its format (CSV or JSONL;
// the extension is only the CLI's default) and the name messages give it. Depends on MeritCore (the spec), MeritBase and MeritEthereum
// (Keccak-256).
// Reading files is the only I/O here, and it streams: memory does not grow with file size.
