// MeritStore: the registry's storage. One set of SQL written against SQLKit's `SQLDatabase`, run on
// SQLite (the embedded default, via sqlite-kit) or PostgreSQL (postgres-kit); numbered, append-only
// migrations; the content-addressed artifact store; `Stores`, which opens them all for the server and
// the commands that need no server. Depends on MeritBase and SQLKit with its drivers; no HTTP.
import SQLKit
