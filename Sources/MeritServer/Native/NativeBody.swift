import Hummingbird
import MeritBase

/// A native API JSON body, parsed exactly (duplicate keys are refused, numbers keep their text until a
/// field asks for one) and decoded into a controller's DTO under the native rules
/// (`RequestDecoder.Rules.native`).
enum NativeBody {
    /// Reads the request body (empty means `{}`; anything but a JSON object is a 400) and decodes `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ req: Request, _ ctx: AppContext) async throws -> T {
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        var value = JSONValue.object([])
        if buffer.readableBytes > 0 {
            do { value = try JSONValue.parse(buffer.readableBytesView, name: "request body") } catch let e as JSONError {
                throw APIError.bad("the body is not valid JSON: \(e.message)")
            }
        }
        guard value.objectMembers != nil else { throw APIError.bad("the body must be a JSON object") }
        return try RequestDecoder.decode(type, from: value, rules: .native)
    }
}
