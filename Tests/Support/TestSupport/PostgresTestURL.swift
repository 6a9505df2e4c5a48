import Foundation

/// The PostgreSQL URL a test suite should use, or nil when MERIT_TEST_POSTGRES_URL is not set: that
/// URL's database name with `suffix` appended (scripts/postgres.sh creates `merit_test_watch`,
/// `merit_test_cli` and `merit_test_mlflow`), so suites that reset their database can run at the same time.
public func postgresTestURL(suffix: String) -> String? {
    guard let url = ProcessInfo.processInfo.environment["MERIT_TEST_POSTGRES_URL"], !url.isEmpty,
          var parts = URLComponents(string: url) else { return nil }
    parts.path += suffix
    return parts.string
}
