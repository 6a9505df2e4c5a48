// MeritStore: the registry's storage. One set of SQL written against SQLKit's `SQLDatabase`, run on
// SQLite (the embedded default, via sqlite-kit) or PostgreSQL (postgres-kit); numbered, append-only
// migrations; the content-addressed artifact store. Depends on MeritCore and MeritEthereum; no HTTP.
import SQLKit
