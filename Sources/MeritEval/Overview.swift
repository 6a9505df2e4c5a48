// MeritEval
