import Hummingbird
import MeritBase

/// A native API JSON body, parsed exactly: duplicate keys are refused (as on the MLflow API), numbers
/// keep their text until a field asks for one, and each field is read with its expected type.
struct NativeBody: Sendable {
    let members: [JSONValue.Member]

    /// Reads the request body: empty means `{}`; anything but a JSON object is a 400.
    static func read(_ req: Request, _ ctx: AppContext) async throws -> NativeBody {
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        if buffer.readableBytes == 0 { return NativeBody(members: []) }
        let value: JSONValue
        do { value = try JSONValue.parse(buffer.readableBytesView, name: "request body") } catch let e as JSONError {
            throw APIError.bad("the body is not valid JSON: \(e.message)")
        }
        guard let members = value.objectMembers else { throw APIError.bad("the body must be a JSON object") }
        return NativeBody(members: members)
    }

    /// The raw value of `key`, nil when absent; a null is a 400 (leave a field out to keep it).
    func value(_ key: String) throws -> JSONValue? {
        guard let v = members.first(where: { $0.key == key })?.value else { return nil }
        if v == .null { throw APIError.bad("\(key) cannot be null; leave it out to keep it as it is") }
        return v
    }

    /// A string field.
    func string(_ key: String, _ kind: String = "a string") throws -> String? {
        guard let v = try value(key) else { return nil }
        guard case .string(let s) = v else { throw APIError.bad("\(key) must be \(kind)") }
        return s
    }

    /// A finite number field; a number too large for a double is a 400 that says so.
    func double(_ key: String, _ kind: String = "a number") throws -> Double? {
        guard let v = try value(key) else { return nil }
        guard case .number(let text) = v, let d = Double(text) else { throw APIError.bad("\(key) must be \(kind)") }
        guard d.isFinite else { throw APIError.bad("\(key) is out of range: a number's magnitude must be below about 1.8e308") }
        return d
    }

    /// A whole-number field.
    func int(_ key: String, _ kind: String) throws -> Int? {
        guard let v = try value(key) else { return nil }
        guard case .number(let text) = v, let d = Double(text), d.isFinite, d == d.rounded(), let i = Int(exactly: d) else {
            throw APIError.bad("\(key) must be \(kind)")
        }
        return i
    }

    /// An array field.
    func array(_ key: String, _ kind: String) throws -> [JSONValue]? {
        guard let v = try value(key) else { return nil }
        guard let a = v.arrayValue else { throw APIError.bad("\(key) must be \(kind)") }
        return a
    }
}
