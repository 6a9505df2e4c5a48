import SQLKit

/// The few places where SQLite and PostgreSQL need different SQL.
enum Dialect {
    /// Row locking for a job claim: PostgreSQL skips rows other workers hold; SQLite has one writer
    /// (the claim runs inside `BEGIN IMMEDIATE`), so it needs nothing.
    static func skipLocked(_ db: any SQLDatabase) -> SQLQueryString {
        db.dialect.name == "postgresql" ? "FOR UPDATE SKIP LOCKED" : ""
    }
}
