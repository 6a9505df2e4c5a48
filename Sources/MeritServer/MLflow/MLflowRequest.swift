import Foundation
import Hummingbird
import MeritBase
import MeritCore
import MeritStore

/// An MLflow request's fields: the JSON body (POST, PATCH, DELETE) or the query string (GET).
struct MLflowRequest: Sendable {
    let body: JSONValue
    let query: [String: [String]]

    static func read(_ request: Request, _ context: AppContext) async throws -> MLflowRequest {
        // Parsed here, not with queryParameters: form encoding writes spaces as '+', which must be decoded
        // before %XX (a literal '+' arrives as %2B).
        var query: [String: [String]] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            query[decode(kv[0]), default: []].append(kv.count > 1 ? decode(kv[1]) : "")
        }
        if request.method == .get || request.method == .head { return MLflowRequest(body: .object([]), query: query) }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        if buffer.readableBytes == 0 { return MLflowRequest(body: .object([]), query: query) }
        do {
            let v = try JSONValue.parse(buffer.readableBytesView, name: "request body")
            return MLflowRequest(body: v, query: query)
        } catch let e as JSONError {
            throw MLflowError.invalidParameter("malformed JSON body: \(e.message)")
        }
    }

    /// Reads the request and decodes it as `T` (see `MLflowDecoder`).
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppContext) async throws -> T {
        try MLflowDecoder.decode(type, from: try await read(request, context))
    }

    /// An int64 field as MLflow's protobuf parser reads it: a whole number (`1` or `1.0`); `0.5` is
    /// refused, never rounded.
    static func integer(_ s: String, _ name: @autoclosure () -> String) throws -> Int64 {
        guard let v = Int64(s) ?? Double(s).flatMap({ $0.isFinite && $0 == $0.rounded() ? Int64(exactly: $0) : nil }) else {
            throw MLflowError.invalidParameter("parameter '\(name())' must be an integer, got '\(s.prefix(40))'")
        }
        return v
    }

    static func double(_ v: JSONValue?, _ name: @autoclosure () -> String) throws -> Double {
        switch v {
        case .number(let n)?: if let d = Double(n) { return d }
        case .string(let s)?:
            switch s {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: if let d = Double(s) { return d }
            }
        default: break
        }
        throw MLflowError.invalidParameter("'\(name())' must be a number")
    }
}

/// JSON responses.
struct JSONResponse {
    static func encode<T: Encodable>(_ value: T, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        bytes(ByteBuffer(bytes: try context.responseEncoder.encode(value)), status: status)
    }

    /// A JSON body already written (by `RunJSONWriter` or the encoder).
    static func bytes(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }

    static var empty: Response { bytes(ByteBuffer(string: "{}")) }
}

/// Opaque page tokens, as MLflow: base64 of `{"offset": N}`.
enum PageToken {
    static func encode(_ offset: Int) -> String { Data("{\"offset\": \(offset)}".utf8).base64EncodedString() }
    static func decode(_ token: String?) throws -> Int {
        guard let token, !token.isEmpty else { return 0 }
        guard let data = Data(base64Encoded: token), let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let offset = obj["offset"] as? Int, offset >= 0 else {
            throw MLflowError.invalidParameter("invalid page_token")
        }
        return offset
    }
}
