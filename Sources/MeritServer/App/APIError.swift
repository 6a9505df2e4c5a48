import Foundation
import Hummingbird
import Logging
import MeritStore

/// A native API error: `{"error": {"code": "...", "message": "..."}}` with the right status.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    init(status: HTTPResponse.Status, code: String, message: String) { self.status = status; self.code = code; self.message = message }

    init(_ e: StoreError) {
        switch e.code {
        case .notFound: self.init(status: .notFound, code: "not_found", message: e.message)
        case .alreadyExists: self.init(status: .conflict, code: "already_exists", message: e.message)
        case .invalid: self.init(status: .badRequest, code: "invalid", message: e.message)
        case .tooLarge: self.init(status: .contentTooLarge, code: "too_large", message: e.message)
        case .conflict: self.init(status: .conflict, code: "conflict", message: e.message)
        }
    }

    static func bad(_ m: String) -> APIError { APIError(status: .badRequest, code: "invalid", message: m) }
    /// A 404 in the native shape.
    static func notFound(_ m: String) -> APIError { APIError(status: .notFound, code: "not_found", message: m) }
    /// A 403 in the native shape.
    static func forbidden(_ m: String) -> APIError { APIError(status: .forbidden, code: "forbidden", message: m) }
    /// A 401 in the native shape.
    static func unauthenticated(_ m: String) -> APIError { APIError(status: .unauthorized, code: "unauthenticated", message: m) }

    /// The native code for an error that arrived with only a status.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "invalid"
        case .unauthorized: "unauthenticated"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .contentTooLarge: "too_large"
        default: status.code >= 500 ? "internal" : "invalid"
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]], options: [.sortedKeys])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

