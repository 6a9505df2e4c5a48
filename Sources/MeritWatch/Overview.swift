// MeritWatch: the endpoint watcher. lm-evaluation-harness task files (YAML, a Jinja subset, Python's
// few-shot sampler), the OpenAI-compatible client, QoS through HdrHistogram, identity probes, rounds
// signed as EIP-712 records and chained by digest, and the leaderboard as a pure function of the rounds.
// Depends on MeritCore (the WatchStore role and the round records), MeritBase, MeritEthereum and
// async-http-client; never on a store implementation.
