import Dispatch
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// A SQLite connection with a serial queue of its own: everything sent runs in order, one at a time,
/// off Swift's cooperative threads (a COMMIT waits for fsync). A batch of statements sent as one
/// closure costs one hop, however many statements it holds.
final class SQLiteThread: Sendable {
    private let connection: SQLiteConnection
    private let queue: DispatchQueue

    init(path: String, label: String) throws {
        connection = try SQLiteConnection(path: path)
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the connection's queue and returns its result.
    func run<R: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> R) async throws -> R {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<R, any Error>) in
            queue.async { [connection] in cont.resume(with: Result { try body(connection) }) }
        }
    }

    /// Closes the connection after everything already sent.
    func close() async {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            queue.async { [connection] in
                connection.close()
                cont.resume()
            }
        }
    }

    /// This connection as SQLKit's database, for queries written with `SQLQueryString`.
    func session(logger: Logger) -> SQLiteSession { SQLiteSession(thread: self, logger: logger) }
}

/// SQLKit's view of a `SQLiteThread`: each query is serialised in SQLite's dialect and run on the
/// connection's queue.
struct SQLiteSession: SQLDatabase {
    let thread: SQLiteThread
    let logger: Logger
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    /// `query` as SQL text and SQLite values.
    func prepare(_ query: any SQLExpression) throws -> (sql: String, binds: [SQLiteValue]) {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        return (serializer.sql, try serializer.binds.map { try SQLiteValue(bind: $0) })
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = try prepare(query)
        for row in try await thread.run({ try $0.query(sql, binds) }) { onRow(row) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { try await self.execute(sql: query, onRow) }
        return promise.futureResult
    }
}

/// SQLite's SQL as SQLKit writes it: `?NNN` placeholders, double-quoted identifiers.
struct SQLiteDialect: SQLDialect {
    var name: String { "sqlite" }
    var identifierQuote: any SQLExpression { SQLRaw("\"") }
    var literalStringQuote: any SQLExpression { SQLRaw("'") }
    func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("?\(position)") }
    func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "TRUE" : "FALSE") }
    var literalDefault: any SQLExpression { SQLLiteral.null }
    var supportsIfExists: Bool { true }
    var supportsDropBehavior: Bool { false }
    var supportsAutoIncrement: Bool { false }
    var autoIncrementClause: any SQLExpression { SQLRaw("AUTOINCREMENT") }
    var enumSyntax: SQLEnumSyntax { .unsupported }
    var supportsReturning: Bool { true }
    var upsertSyntax: SQLUpsertSyntax { .standard }
}
