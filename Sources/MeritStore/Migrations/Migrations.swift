/// The schema, as numbered, append-only migrations. One SQL text for both databases: only types and
/// statements that SQLite (3.35+) and PostgreSQL accept identically are used: TEXT, BIGINT,
/// DOUBLE PRECISION, INTEGER flags, composite keys, `ON CONFLICT … DO UPDATE`, `RETURNING`. Sequences
/// live in the `counters` table, so no dialect-specific auto-increment is needed.
///
/// Never edit a migration that has shipped; add a new one.
public enum Migrations {
    /// A migration: its number, a name, and its statements, run in one transaction.
    public struct Migration: Sendable {
        /// Applied in increasing order; recorded in `schema_migrations`.
        public let number: Int
        /// What it does.
        public let name: String
        /// The statements.
        public let statements: [String]
        /// PostgreSQL's statements, where its dialect differs (triggers); nil when `statements` serve both.
        public let postgresStatements: [String]?

        init(number: Int, name: String, statements: [String], postgresStatements: [String]? = nil) {
            self.number = number; self.name = name; self.statements = statements; self.postgresStatements = postgresStatements
        }
    }

    /// Every migration, in order.
    public static let all: [Migration] = [
        Migration(number: 1, name: "registry, tracking, artifacts, keys, jobs", statements: [
            """
            CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)
            """,
            "INSERT INTO counters (name, value) VALUES ('experiment', 0)",
            """
            CREATE TABLE api_keys (
              id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, role TEXT NOT NULL, model_name TEXT,
              label TEXT NOT NULL, created_ms BIGINT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)
            """,
            // Models: one row per registered model; the native API and MLflow's registry share it.
            """
            CREATE TABLE models (
              name TEXT PRIMARY KEY, ticker TEXT UNIQUE, description TEXT NOT NULL DEFAULT '',
              category TEXT, license TEXT, metric TEXT, direction TEXT, baseline DOUBLE PRECISION,
              tokens_per_delta_one BIGINT, contributor_share_bps INTEGER, spec_json TEXT, spec_hash TEXT,
              owner_key TEXT, next_version INTEGER NOT NULL DEFAULT 1,
              created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)
            """,
            "CREATE TABLE model_tags (model_name TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_name, key))",
            """
            CREATE TABLE model_versions (
              model_name TEXT NOT NULL, version INTEGER NOT NULL, semver TEXT, description TEXT NOT NULL DEFAULT '',
              source TEXT NOT NULL DEFAULT '', run_id TEXT, logged_model_id TEXT, run_link TEXT,
              stage TEXT NOT NULL DEFAULT 'None', parent_version INTEGER, status TEXT NOT NULL DEFAULT 'READY',
              created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL, PRIMARY KEY (model_name, version))
            """,
            "CREATE TABLE version_tags (model_name TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_name, version, key))",
            "CREATE TABLE version_datasets (model_name TEXT NOT NULL, version INTEGER NOT NULL, role TEXT NOT NULL, root TEXT NOT NULL, records BIGINT NOT NULL, PRIMARY KEY (model_name, version, role, root))",
            "CREATE TABLE aliases (model_name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (model_name, alias))",
            "CREATE TABLE stage_events (model_name TEXT NOT NULL, seq BIGINT NOT NULL, version INTEGER NOT NULL, stage TEXT NOT NULL, at_ms BIGINT NOT NULL, PRIMARY KEY (model_name, seq))",
            // MLflow tracking.
            """
            CREATE TABLE experiments (
              id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, artifact_location TEXT NOT NULL,
              lifecycle_stage TEXT NOT NULL DEFAULT 'active', created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)
            """,
            // MLflow's default experiment, id 0, used when a client sets none.
            "INSERT INTO experiments (id, name, artifact_location, lifecycle_stage, created_ms, updated_ms) VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 0, 0)",
            "CREATE TABLE experiment_tags (experiment_id BIGINT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (experiment_id, key))",
            """
            CREATE TABLE runs (
              run_id TEXT PRIMARY KEY, experiment_id BIGINT NOT NULL, name TEXT NOT NULL DEFAULT '', user_id TEXT NOT NULL DEFAULT '',
              status TEXT NOT NULL, start_ms BIGINT NOT NULL, end_ms BIGINT, lifecycle_stage TEXT NOT NULL DEFAULT 'active',
              artifact_uri TEXT NOT NULL, inputs_json TEXT NOT NULL DEFAULT '[]')
            """,
            "CREATE INDEX runs_by_experiment ON runs (experiment_id, start_ms)",
            "CREATE TABLE params (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key))",
            "CREATE TABLE run_tags (run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key))",
            """
            CREATE TABLE metrics (run_id TEXT NOT NULL, key TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, timestamp_ms BIGINT NOT NULL,
              step BIGINT NOT NULL, model_id TEXT, seq BIGINT NOT NULL, PRIMARY KEY (run_id, key, seq))
            """,
            """
            CREATE TABLE latest_metrics (run_id TEXT NOT NULL, key TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, timestamp_ms BIGINT NOT NULL,
              step BIGINT NOT NULL, PRIMARY KEY (run_id, key))
            """,
            "CREATE TABLE run_outputs (run_id TEXT NOT NULL, model_id TEXT NOT NULL, step BIGINT NOT NULL, PRIMARY KEY (run_id, model_id))",
            """
            CREATE TABLE logged_models (
              model_id TEXT PRIMARY KEY, experiment_id BIGINT NOT NULL, name TEXT NOT NULL, artifact_uri TEXT NOT NULL,
              status TEXT NOT NULL, source_run_id TEXT, model_type TEXT, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)
            """,
            "CREATE TABLE logged_model_params (model_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_id, key))",
            "CREATE TABLE logged_model_tags (model_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (model_id, key))",
            // Artifacts: content-addressed blobs, and a path index over them.
            "CREATE TABLE artifacts (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size BIGINT NOT NULL, created_ms BIGINT NOT NULL)",
            // The owner's base and benchmark data for a model, and contributions (which are the jobs).
            """
            CREATE TABLE model_data (model_name TEXT NOT NULL, role TEXT NOT NULL, sha256 TEXT NOT NULL, file_name TEXT NOT NULL,
              root TEXT NOT NULL, records BIGINT NOT NULL, created_ms BIGINT NOT NULL, PRIMARY KEY (model_name, role))
            """,
            """
            CREATE TABLE contributions (
              id TEXT PRIMARY KEY, model_name TEXT NOT NULL, idempotency_key TEXT, submitted_by TEXT NOT NULL,
              contributors TEXT NOT NULL, sha256 TEXT NOT NULL, file_name TEXT NOT NULL, size BIGINT NOT NULL,
              state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, claimed_by TEXT, lease_until_ms BIGINT,
              report_json TEXT, attestation_json TEXT, error TEXT, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX contributions_idempotency ON contributions (model_name, idempotency_key)",
            "CREATE INDEX contributions_by_state ON contributions (state, created_ms)",
        ]),
        Migration(number: 2, name: "endpoint watcher: endpoints, signed rounds, scores, QoS, identity", statements: [
            """
            CREATE TABLE watch_endpoints (
              id TEXT PRIMARY KEY, operator TEXT NOT NULL, url TEXT NOT NULL, model TEXT NOT NULL, api TEXT NOT NULL, api_key_env TEXT,
              is_reference INTEGER NOT NULL DEFAULT 0, concurrency INTEGER NOT NULL, timeout_ms BIGINT NOT NULL,
              enabled INTEGER NOT NULL DEFAULT 1, created_ms BIGINT NOT NULL)
            """,
            // One row per signed round: the record (typed data and signature) and the data it commits to.
            """
            CREATE TABLE watch_rounds (
              round BIGINT PRIMARY KEY, digest TEXT NOT NULL UNIQUE, previous TEXT NOT NULL, started_ms BIGINT NOT NULL,
              signer TEXT NOT NULL, record_json TEXT NOT NULL, data_json TEXT NOT NULL)
            """,
            """
            CREATE TABLE watch_scores (
              round BIGINT NOT NULL, endpoint_id TEXT NOT NULL, task TEXT NOT NULL, metric TEXT NOT NULL,
              value DOUBLE PRECISION NOT NULL, stderr DOUBLE PRECISION NOT NULL, samples BIGINT NOT NULL, is_primary INTEGER NOT NULL,
              PRIMARY KEY (round, endpoint_id, task, metric))
            """,
            "CREATE TABLE watch_qos (round BIGINT NOT NULL, endpoint_id TEXT NOT NULL, summary_json TEXT NOT NULL, PRIMARY KEY (round, endpoint_id))",
            """
            CREATE TABLE watch_identity (round BIGINT NOT NULL, endpoint_id TEXT NOT NULL, status TEXT NOT NULL,
              verdict_json TEXT NOT NULL, PRIMARY KEY (round, endpoint_id))
            """,
        ]),
        // latest_metrics follows metrics by trigger, so logging a metric is one statement (and atomic
        // on its own: group commit needs no savepoint for it). The trigger is the one place where the
        // two dialects differ.
        Migration(number: 3, name: "latest_metrics maintained by a trigger", statements: [
            """
            CREATE TRIGGER metrics_latest AFTER INSERT ON metrics BEGIN
              INSERT INTO latest_metrics (run_id, key, value, timestamp_ms, step)
              VALUES (NEW.run_id, NEW.key, NEW.value, NEW.timestamp_ms, NEW.step)
              ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp_ms = excluded.timestamp_ms, step = excluded.step
              WHERE excluded.step > latest_metrics.step
                 OR (excluded.step = latest_metrics.step AND excluded.timestamp_ms >= latest_metrics.timestamp_ms);
            END
            """,
        ], postgresStatements: [
            """
            CREATE FUNCTION merit_metrics_latest() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO latest_metrics (run_id, key, value, timestamp_ms, step)
              VALUES (NEW.run_id, NEW.key, NEW.value, NEW.timestamp_ms, NEW.step)
              ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp_ms = excluded.timestamp_ms, step = excluded.step
              WHERE excluded.step > latest_metrics.step
                 OR (excluded.step = latest_metrics.step AND excluded.timestamp_ms >= latest_metrics.timestamp_ms);
              RETURN NEW;
            END $$
            """,
            "CREATE TRIGGER metrics_latest AFTER INSERT ON metrics FOR EACH ROW EXECUTE FUNCTION merit_metrics_latest()",
        ]),
        // NaN metric values, which MLflow accepts: SQLite stores a NaN REAL as NULL, which the NOT NULL
        // value column refuses, so a NaN is stored as 0 with is_nan = 1 (as MLflow's own SQL store does).
        Migration(number: 4, name: "NaN metric values", statements: [
            "ALTER TABLE metrics ADD COLUMN is_nan INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE latest_metrics ADD COLUMN is_nan INTEGER NOT NULL DEFAULT 0",
            "DROP TRIGGER metrics_latest",
            """
            CREATE TRIGGER metrics_latest AFTER INSERT ON metrics BEGIN
              INSERT INTO latest_metrics (run_id, key, value, timestamp_ms, step, is_nan)
              VALUES (NEW.run_id, NEW.key, NEW.value, NEW.timestamp_ms, NEW.step, NEW.is_nan)
              ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp_ms = excluded.timestamp_ms, step = excluded.step,
                                                      is_nan = excluded.is_nan
              WHERE excluded.step > latest_metrics.step
                 OR (excluded.step = latest_metrics.step AND excluded.timestamp_ms >= latest_metrics.timestamp_ms);
            END
            """,
        ], postgresStatements: [
            "ALTER TABLE metrics ADD COLUMN is_nan INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE latest_metrics ADD COLUMN is_nan INTEGER NOT NULL DEFAULT 0",
            """
            CREATE OR REPLACE FUNCTION merit_metrics_latest() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO latest_metrics (run_id, key, value, timestamp_ms, step, is_nan)
              VALUES (NEW.run_id, NEW.key, NEW.value, NEW.timestamp_ms, NEW.step, NEW.is_nan)
              ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp_ms = excluded.timestamp_ms, step = excluded.step,
                                                      is_nan = excluded.is_nan
              WHERE excluded.step > latest_metrics.step
                 OR (excluded.step = latest_metrics.step AND excluded.timestamp_ms >= latest_metrics.timestamp_ms);
              RETURN NEW;
            END $$
            """,
        ]),
        // Who owns what (issue 10): MLflow experiments, runs and logged models belong to the key that
        // created them; idempotency keys are scoped to the key holder and the model; Merit's own data
        // (base, benchmark, contributions) leaves the MLflow artifact index: the blobs stay, referenced
        // by model_data and contributions, and are served only by the native routes that check access.
        Migration(number: 5, name: "owners of experiments, runs and logged models; idempotency per key holder; Merit data out of the artifact index", statements: [
            "ALTER TABLE experiments ADD COLUMN owner_key TEXT",
            "ALTER TABLE runs ADD COLUMN owner_key TEXT",
            "ALTER TABLE logged_models ADD COLUMN owner_key TEXT",
            "DROP INDEX contributions_idempotency",
            "CREATE UNIQUE INDEX contributions_idempotency_by_holder ON contributions (model_name, submitted_by, idempotency_key)",
            "DELETE FROM artifacts WHERE path LIKE 'models/%' OR path LIKE 'contributions/%'",
        ]),
        // A run's first tags travel with its row (`new_tags`, a JSON array of [key, value]) and a trigger
        // files them in run_tags and clears the column, so creating a run is one atomic statement.
        Migration(number: 6, name: "a new run's tags written by trigger: run creation is one statement", statements: [
            "ALTER TABLE runs ADD COLUMN new_tags TEXT",
            """
            CREATE TRIGGER runs_new_tags AFTER INSERT ON runs WHEN NEW.new_tags IS NOT NULL BEGIN
              INSERT INTO run_tags (run_id, key, value)
                SELECT NEW.run_id, j.value ->> 0, j.value ->> 1 FROM json_each(NEW.new_tags) AS j WHERE true
                ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value;
              UPDATE runs SET new_tags = NULL WHERE run_id = NEW.run_id;
            END
            """,
        ], postgresStatements: [
            "ALTER TABLE runs ADD COLUMN new_tags TEXT",
            """
            CREATE FUNCTION merit_runs_new_tags() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO run_tags (run_id, key, value)
                SELECT NEW.run_id, j.value ->> 0, j.value ->> 1 FROM jsonb_array_elements(NEW.new_tags::jsonb) AS j
                ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value;
              UPDATE runs SET new_tags = NULL WHERE run_id = NEW.run_id;
              RETURN NULL;
            END $$
            """,
            "CREATE TRIGGER runs_new_tags AFTER INSERT ON runs FOR EACH ROW WHEN (NEW.new_tags IS NOT NULL) EXECUTE FUNCTION merit_runs_new_tags()",
        ]),
        // The token ID (`hokusai_token_id`, such as CHURN-001) is its own field beside the ticker (the
        // ERC-20 symbol); models registered through MLflow had their token ID as ticker. Token tags whose
        // values cannot be used are recorded (JSON object, tag → reason) instead of failing the call.
        Migration(number: 7, name: "token IDs beside tickers; token tag problems recorded", statements: [
            "ALTER TABLE models ADD COLUMN token_id TEXT",
            "ALTER TABLE models ADD COLUMN token_issues TEXT",
            "UPDATE models SET token_id = ticker WHERE ticker IS NOT NULL",
            "UPDATE models SET ticker = NULL WHERE spec_json IS NULL",
            "CREATE UNIQUE INDEX models_token_id ON models (token_id)",
        ]),
        // Each model's head (the version contributions are judged against) and lineage (issue 12): what
        // every Merit-trained version was trained on, how it scored, and the contribution that made it.
        Migration(number: 8, name: "model heads and lineage", statements: [
            "ALTER TABLE models ADD COLUMN head_version INTEGER",
            """
            CREATE TABLE lineage (
              model_name TEXT NOT NULL, version INTEGER NOT NULL, parent_version INTEGER,
              training_sha256 TEXT NOT NULL, training_root TEXT NOT NULL, training_records BIGINT NOT NULL, consistency_proof TEXT NOT NULL,
              booster_sha256 TEXT, model_hash TEXT,
              metric DOUBLE PRECISION NOT NULL, metric_low DOUBLE PRECISION NOT NULL, metric_high DOUBLE PRECISION NOT NULL,
              delta_one_bps INTEGER NOT NULL, contributors TEXT NOT NULL, contribution_id TEXT,
              report_digest TEXT NOT NULL, attestation_digest TEXT, created_ms BIGINT NOT NULL,
              PRIMARY KEY (model_name, version))
            """,
        ]),
        Migration(number: 9, name: "token ledgers", statements: [
            """
            CREATE TABLE ledger_entries (
              token TEXT NOT NULL, sequence BIGINT NOT NULL, kind TEXT NOT NULL, time BIGINT NOT NULL,
              hash TEXT NOT NULL, nonce TEXT, body TEXT NOT NULL,
              PRIMARY KEY (token, sequence))
            """,
            "CREATE UNIQUE INDEX ledger_nonces ON ledger_entries (token, nonce)",
        ]),
    ]
}
