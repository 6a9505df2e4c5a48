import Foundation
import Testing

extension Tag {
    /// In-process and fast: pure functions, in-memory stores, vectors. `swift test --filter tag:unit`.
    @Tag public static var unit: Self
    /// Drives something outside the process or a real store: the merit binary, a server on a socket,
    /// SQLite or PostgreSQL, a Python reference (mlflow, lm-eval, eth-account, py-evm).
    @Tag public static var integration: Self
    /// Statistical simulations.
    @Tag public static var statistics: Self
}

/// Which tests a run includes: `MERIT_TEST_SCOPE=unit` runs the unit subset only (the others are
/// reported as skipped), as this toolchain's `swift test` cannot yet filter by tag.
public enum TestScope {
    /// Whether tests tagged integration or statistics, and vectors at production cost, run (true unless MERIT_TEST_SCOPE=unit).
    public static let everything: Bool = ProcessInfo.processInfo.environment["MERIT_TEST_SCOPE"] != "unit"
}
