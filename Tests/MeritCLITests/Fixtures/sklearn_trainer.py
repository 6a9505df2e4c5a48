#!/usr/bin/env python3
"""A trainer command for the end-to-end test of docs/trainer-command.md, using scikit-learn.

Reads MERIT_TRAIN and MERIT_BENCHMARK, encodes text and category columns as integer codes (learned
from the training file; unseen values get -1), fits a seeded gradient-boosting classifier and writes
the positive class's probability to MERIT_PREDICTIONS.
"""
import csv
import os

from sklearn.ensemble import GradientBoostingClassifier

seed = int(os.environ["MERIT_SEED"])
label = os.environ["MERIT_LABEL"]
classes = os.environ["MERIT_CLASSES"].split(",")
assert os.environ["MERIT_TASK"] == "binary-classification"

with open(os.environ["MERIT_TRAIN"], newline="") as f:
    train = list(csv.DictReader(f))
with open(os.environ["MERIT_BENCHMARK"], newline="") as f:
    reader = csv.DictReader(f)
    assert label not in reader.fieldnames, "labels must be withheld from trainers"
    bench = list(reader)
features = [c for c in train[0].keys() if c != label]

codes = {}
def encode(column, value):
    if value == "":
        return float("nan")
    try:
        return float(value)
    except ValueError:
        table = codes.setdefault(column, {})
        return float(table.setdefault(value, len(table)))

X = [[encode(c, r[c]) for c in features] for r in train]
y = [classes.index(r[label]) for r in train]
Xb = [[encode(c, r[c]) if r[c] == "" or r[c] in codes.get(c, {}) or not codes.get(c) else -1.0 for c in features] for r in bench]
X = [[0.0 if v != v else v for v in row] for row in X]
Xb = [[0.0 if v != v else v for v in row] for row in Xb]
model = GradientBoostingClassifier(n_estimators=60, max_depth=3, random_state=seed).fit(X, y)
with open(os.environ["MERIT_PREDICTIONS"], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["p_" + classes[1]])
    for p in model.predict_proba(Xb)[:, 1]:
        w.writerow([repr(float(p))])
