// MeritCore: Merit's domain, with no I/O.
//
// Lives here: the model spec (identity, task, metric, trainer, policies) and its validation, the one
// definition of DeltaOne, and the core error type. Parsing a spec takes bytes, not paths: reading the
// file is the caller's job. YAMLReading words Yams' errors with a line and column for the spec and for
// MeritWatch's task files. May depend on MeritBase (JSON),
// MeritEthereum (hashing) and Yams (YAML), nothing else.
