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
        }
    }

    static func bad(_ m: String) -> APIError { APIError(status: .badRequest, code: "invalid", message: m) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]], options: [.sortedKeys])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Runs `body`, turning store errors into native API errors. Anything unexpected (a database that
/// failed, say) is logged with its cause and answered as a JSON 500, never as an empty body.
func native<R>(_ body: () async throws -> R) async throws -> R {
    do { return try await body() } catch let e as StoreError { throw APIError(e) } catch let e as APIError { throw e } catch let e as HTTPError { throw e } catch {
        Logger(label: "merit.server").error("request failed: \(String(reflecting: error))")
        throw APIError(status: .internalServerError, code: "internal", message: "the server failed to answer this request; its log says why")
    }
}
