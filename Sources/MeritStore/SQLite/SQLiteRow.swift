import Foundation
import SQLKit

/// A value as SQLite stores it.
enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case float(Double)
    case text(String)
    case blob([UInt8])

    /// A bound parameter of a SQLKit query as a SQLite value: strings, integers, floating point,
    /// booleans (0 or 1), bytes, optionals (nil is NULL); any other `Encodable` is stored as its JSON
    /// text, as SQLite drivers commonly do.
    init(bind value: any Encodable) throws {
        switch value {
        case let o as any OptionalBind:
            guard let wrapped = o.wrapped else { self = .null; return }
            self = try SQLiteValue(bind: wrapped)
        case let s as String: self = .text(s)
        case let s as Substring: self = .text(String(s))
        case let i as Int: self = .integer(Int64(i))
        case let i as Int64: self = .integer(i)
        case let i as Int32: self = .integer(Int64(i))
        case let i as Int16: self = .integer(Int64(i))
        case let i as Int8: self = .integer(Int64(i))
        case let i as UInt8: self = .integer(Int64(i))
        case let i as UInt16: self = .integer(Int64(i))
        case let i as UInt32: self = .integer(Int64(i))
        case let i as UInt:
            guard let v = Int64(exactly: i) else { throw SQLiteError(code: 20, message: "an integer parameter is above SQLite's range") }
            self = .integer(v)
        case let i as UInt64:
            guard let v = Int64(exactly: i) else { throw SQLiteError(code: 20, message: "an integer parameter is above SQLite's range") }
            self = .integer(v)
        case let d as Double: self = .float(d)
        case let f as Float: self = .float(Double(f))
        case let b as Bool: self = .integer(b ? 1 : 0)
        case let d as Data: self = .blob([UInt8](d))
        case let b as [UInt8]: self = .blob(b)
        case let v as SQLiteValue: self = v
        default:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            self = .text(String(decoding: try encoder.encode(value), as: UTF8.self))
        }
    }
}

extension SQLiteValue: Encodable {
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .integer(let i): try c.encode(i)
        case .float(let d): try c.encode(d)
        case .text(let s): try c.encode(s)
        case .blob(let b): try c.encode(b)
        }
    }
}

/// Lets `SQLiteValue(bind:)` see through an `Optional` hidden in an existential.
private protocol OptionalBind { var wrapped: (any Encodable)? { get } }
extension Optional: OptionalBind where Wrapped: Encodable {
    fileprivate var wrapped: (any Encodable)? { self.map { $0 } }
}

/// A result row: the statement's column names (shared by its rows) and this row's values.
struct SQLiteRow: SQLRow, Sendable {
    /// Column names and their positions, built once per result.
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]
        init(names: [String]) {
            self.names = names
            var index: [String: Int] = [:]
            for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
            self.index = index
        }
    }
    let columns: Columns
    let values: [SQLiteValue]

    /// The value of column `name`, nil when there is no such column.
    func column(_ name: String) -> SQLiteValue? { columns.index[name].map { values[$0] } }

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.index[column] != nil }

    func decodeNil(column c: String) throws -> Bool {
        guard let v = column(c) else { throw missing(c) }
        return v == .null
    }

    /// Decodes the column as `String`, an integer type, `Double`, `Bool`, bytes, or an optional of one.
    /// SQLite's dynamic typing is honoured as its own conversions are: an integer column read as text
    /// gives its decimal digits, a whole float reads as an integer.
    func decode<D: Decodable>(column c: String, as type: D.Type) throws -> D {
        guard let v = column(c) else { throw missing(c) }
        if let optional = type as? any DecodableOptional.Type {
            if v == .null { return optional.null as! D }
            return try optional.decodeWrapped(v, column: c, row: self) as! D
        }
        return try Self.convert(v, to: type, column: c)
    }

    static func convert<D: Decodable>(_ v: SQLiteValue, to type: D.Type, column c: String) throws -> D {
        let out: Any?
        switch (v, type) {
        case (.text(let s), is String.Type): out = s
        case (.integer(let i), is String.Type): out = String(i)
        case (.float(let d), is String.Type): out = String(d)
        case (.integer(let i), is Int64.Type): out = i
        case (.integer(let i), is Int.Type): out = Int(i)
        case (.integer(let i), is Int32.Type): out = Int32(exactly: i)
        case (.float(let d), is Int64.Type): out = Int64(exactly: d)
        case (.float(let d), is Int.Type): out = Int(exactly: d)
        case (.text(let s), is Int64.Type): out = Int64(s)
        case (.text(let s), is Int.Type): out = Int(s)
        case (.float(let d), is Double.Type): out = d
        case (.integer(let i), is Double.Type): out = Double(i)
        case (.text(let s), is Double.Type): out = Double(s)
        case (.integer(let i), is Bool.Type): out = i != 0
        case (.blob(let b), is [UInt8].Type): out = b
        case (.blob(let b), is Data.Type): out = Data(b)
        default: out = nil
        }
        guard let value = out as? D else {
            throw DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "column \(c) holds \(v.kind), not \(type)"))
        }
        return value
    }

    private func missing(_ c: String) -> DecodingError {
        .valueNotFound(String.self, .init(codingPath: [], debugDescription: "no column \(c) in the result"))
    }
}

extension SQLiteValue {
    /// The storage class, for messages (never the value).
    var kind: String {
        switch self {
        case .null: "NULL"
        case .integer: "an integer"
        case .float: "a float"
        case .text: "text"
        case .blob: "a blob"
        }
    }
}

/// Lets `SQLiteRow.decode` handle `Optional<T>` for any supported `T`.
private protocol DecodableOptional {
    static var null: Self { get }
    static func decodeWrapped(_ v: SQLiteValue, column: String, row: SQLiteRow) throws -> Self
}
extension Optional: DecodableOptional where Wrapped: Decodable {
    fileprivate static var null: Self { nil }
    fileprivate static func decodeWrapped(_ v: SQLiteValue, column: String, row: SQLiteRow) throws -> Self {
        .some(try SQLiteRow.convert(v, to: Wrapped.self, column: column))
    }
}
