// MeritCore: Merit's domain, with no I/O.
//
// Lives here: the model spec (identity, task, metric, trainer, policies) and its validation, the one
// definition of DeltaOne, the core error type, and the domain records with the role protocols of every
// store: `ModelStore` (RegisteredModel, ModelVersion, TokenTags), `TrackingStore` (MLflow's experiments,
// runs, metrics, logged models), `ArtifactStore`, `JobQueue` (Contribution, JobState, Contributor),
// `APIKeyStore` (APIKey) and `WatchStore` (WatchedEndpoint, SignedRound and its results). MeritStore
// implements each protocol twice: in SQL and in memory. Parsing a spec takes bytes, not paths: reading
// the file is the caller's job. YAMLReading words Yams' errors with a line and column for the spec and
// for MeritWatch's task files. May depend on MeritBase (JSON), MeritEthereum (hashing) and Yams (YAML),
// nothing else: no NIO, SQL or HTTP module.
