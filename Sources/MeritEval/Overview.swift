// MeritEval: from rows to a DeltaOne decision.
//
// Lives here: metrics (weighted, so the bootstrap can reuse them), the seeded paired bootstrap and
// the exact McNemar test, trainers (XGBoost through CXGBoost, or an external command), and the
// evaluation pipeline that ties MeritData's checks to the statistics and writes the report.
// Depends on MeritCore, MeritData, MeritBase, MeritEthereum and the XGBoost C library.
