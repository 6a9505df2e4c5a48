// MeritStore: the stores behind MeritCore's role protocols, each implemented twice. In SQL, written once
// against SQLKit's `SQLDatabase` and run on SQLite (the embedded default, through Merit's own binding of
// Debian's libsqlite3 with a cache of compiled statements) or PostgreSQL (postgres-kit): SQLModelStore, SQLTrackingStore, SQLArtifactStore (blobs in a BlobFolder, paths in
// SQL), SQLJobQueue, SQLAPIKeyStore, SQLWatchStore, SQLLedgerStore (MeritToken's role); numbered, append-only migrations; group commit on
// SQLite. In memory, for tests: MemoryModelStore, MemoryTrackingStore, MemoryArtifactStore,
// MemoryJobQueue, MemoryAPIKeyStore, MemoryWatchStore, MemoryLedgerStore, with the same rules and errors (one test per role
// runs on both). `Stores` opens the SQL ones for the server and for the commands that need no server.
// Depends on MeritBase, MeritCore, MeritEthereum, MeritToken, CSQLite, SQLKit and postgres-kit; no HTTP.
import SQLKit
