"""Loads a model version Merit trained with the real mlflow client, as mlflow.xgboost and as pyfunc, and
checks both predict what Merit computed.

Usage: MLFLOW_TRACKING_TOKEN=<key> python3 model_load_check.py http://HOST:PORT "MODEL NAME" VERSION cases.json
cases.json: {"columns": [...], "rows": [[float|null, ...], ...], "expected": [float, ...]} (Merit's encoded
benchmark rows and its predictions). Prints `FAIL NAME: why` per failed check and `model: N passed, M failed`.
"""
import json
import sys

import mlflow
import numpy as np
import pandas as pd
import xgboost as xgb

server, name, version, cases_path = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
cases = json.load(open(cases_path))
X = np.array([[np.nan if v is None else v for v in row] for row in cases["rows"]], dtype=np.float32)
expected = np.array(cases["expected"], dtype=np.float64)
results = {"passed": 0, "failed": 0}


def check(name, ok, why=""):
    results["passed" if ok else "failed"] += 1
    print(f"ok {name}" if ok else f"FAIL {name}: {why}")


mlflow.set_tracking_uri(server)
uri = f"models:/{name}/{version}"
booster = mlflow.xgboost.load_model(uri)
check("mlflow.xgboost loads a Booster", isinstance(booster, xgb.Booster), repr(type(booster)))
check("the booster names Merit's encoded columns", list(booster.feature_names or []) == cases["columns"],
      f"{booster.feature_names} vs {cases['columns']}")
got = booster.predict(xgb.DMatrix(X, feature_names=cases["columns"], feature_types=booster.feature_types, enable_categorical=True))
worst = float(np.max(np.abs(got - expected))) if len(expected) else 0.0
check("mlflow.xgboost predicts what Merit computed", got.shape == expected.shape and worst < 1e-6, f"largest difference {worst}")

model = mlflow.pyfunc.load_model(uri)
# Category columns hold Merit's codes (merit_encoding.json lists each category's code) as numbers.
frame = pd.DataFrame(X, columns=cases["columns"])
pred = np.asarray(model.predict(frame), dtype=np.float64)
worst = float(np.max(np.abs(pred - expected))) if len(expected) else 0.0
check("pyfunc predicts what Merit computed", pred.shape == expected.shape and worst < 1e-6, f"largest difference {worst}")

print(f"model: {results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
