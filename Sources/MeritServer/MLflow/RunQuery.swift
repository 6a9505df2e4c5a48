import MeritCore

/// Run search as plain functions over runs: MLflow's filter and ordering, testable without HTTP.
enum RunQuery {
    /// The runs that match every clause of `filter`, in the order `orders` give.
    static func search(_ runs: [RunRecord], filter: SearchFilter, orders: [SearchFilter.Order]) -> [RunRecord] {
        sort(runs.filter { run in filter.clauses.allSatisfy { matches($0, run) } }, orders)
    }

    static func attribute(_ key: String, _ run: RunRecord) -> String? {
        switch key {
        case "run_id", "run_uuid": run.runId
        case "run_name", "name": run.name
        case "status": run.status
        case "user_id": run.userId
        case "start_time": String(run.startMs)
        case "end_time": run.endMs.map(String.init)
        case "artifact_uri": run.artifactURI
        case "lifecycle_stage": run.lifecycleStage
        case "experiment_id": String(run.experimentId)
        default: nil
        }
    }

    static func matches(_ c: SearchFilter.Clause, _ run: RunRecord) -> Bool {
        switch c.entity {
        case .metric: return c.matches(run.metric(c.key))
        case .param: return c.matches(run.param(c.key))
        case .tag: return c.matches(run.tag(c.key))
        case .attribute:
            if ["start_time", "end_time"].contains(c.key) { return c.matches(attribute(c.key, run).flatMap(Double.init)) }
            return c.matches(attribute(c.key, run))
        }
    }

    /// Sorts by the order terms, then by start time descending and run id (MLflow's default). Keys are
    /// extracted once per run, and indices are sorted, so no run record is copied while sorting.
    static func sort(_ runs: [RunRecord], _ orders: [SearchFilter.Order]) -> [RunRecord] {
        let keys = runs.map { run in orders.map { key($0, run) } }
        let order = runs.indices.sorted { i, j in
            for (k, o) in orders.enumerated() {
                switch (keys[i][k], keys[j][k]) {
                case (nil, nil): continue
                case (nil, _): return false  // missing values last
                case (_, nil): return true
                case let (x?, y?):
                    if x == y { continue }
                    return o.ascending ? x < y : y < x
                }
            }
            if runs[i].startMs != runs[j].startMs { return runs[i].startMs > runs[j].startMs }
            return runs[i].runId < runs[j].runId
        }
        return order.map { runs[$0] }
    }

    enum SortKey: Comparable {
        case number(Double), text(String)
        static func < (a: SortKey, b: SortKey) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): x < y
            case let (.text(x), .text(y)): x < y
            case (.number, .text): true
            case (.text, .number): false
            }
        }
    }

    static func key(_ o: SearchFilter.Order, _ run: RunRecord) -> SortKey? {
        switch o.entity {
        case .metric: return run.metric(o.key).map { .number($0) }
        case .param: return run.param(o.key).map { .text($0) }
        case .tag: return run.tag(o.key).map { .text($0) }
        case .attribute:
            if ["start_time", "end_time"].contains(o.key) { return attribute(o.key, run).flatMap(Double.init).map { .number($0) } }
            return attribute(o.key, run).map { .text($0) }
        }
    }
}

/// Experiment search: MLflow's filter on name, id and tags.
enum ExperimentQuery {
    /// Whether experiment `e` satisfies clause `c`.
    static func matches(_ c: SearchFilter.Clause, _ e: ExperimentRecord) -> Bool {
        switch c.entity {
        case .tag: return c.matches(e.tags.first { $0.key == c.key }?.value)
        default: return c.key == "name" ? c.matches(e.name) : c.key == "experiment_id" ? c.matches(String(e.id)) : false
        }
    }
}
