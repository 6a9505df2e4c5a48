import Foundation
import Hummingbird
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
        }
    }

    static func bad(_ m: String) -> APIError { APIError(status: .badRequest, code: "invalid", message: m) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]], options: [.sortedKeys])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Runs `body`, turning store errors into native API errors.
func native<R>(_ body: () async throws -> R) async throws -> R {
    do { return try await body() } catch let e as StoreError { throw APIError(e) }
}
