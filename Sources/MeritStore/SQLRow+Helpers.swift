import SQLKit

extension SQLRow {
    func string(_ c: String) throws -> String { try decode(column: c, as: String.self) }
    func optString(_ c: String) throws -> String? { try decodeNil(column: c) ? nil : decode(column: c, as: String.self) }
    func int64(_ c: String) throws -> Int64 { try decode(column: c, as: Int64.self) }
    func optInt64(_ c: String) throws -> Int64? { try decodeNil(column: c) ? nil : decode(column: c, as: Int64.self) }
    func int(_ c: String) throws -> Int { Int(try decode(column: c, as: Int64.self)) }
    func optInt(_ c: String) throws -> Int? { try decodeNil(column: c) ? nil : Int(try decode(column: c, as: Int64.self)) }
    func double(_ c: String) throws -> Double { try decode(column: c, as: Double.self) }
    func optDouble(_ c: String) throws -> Double? { try decodeNil(column: c) ? nil : decode(column: c, as: Double.self) }
}
