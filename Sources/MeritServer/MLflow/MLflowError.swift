import Foundation
import Hummingbird
import MeritStore

/// An error in MLflow's JSON shape: `{"error_code": "...", "message": "..."}`. Never a 5xx for a
/// client mistake, since the client retries those for minutes.
struct MLflowError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    static func invalidParameter(_ m: String) -> MLflowError { MLflowError(status: .badRequest, code: "INVALID_PARAMETER_VALUE", message: m) }
    static func notFound(_ m: String) -> MLflowError { MLflowError(status: .notFound, code: "RESOURCE_DOES_NOT_EXIST", message: m) }
    static func alreadyExists(_ m: String) -> MLflowError { MLflowError(status: .badRequest, code: "RESOURCE_ALREADY_EXISTS", message: m) }
    static func unauthenticated(_ m: String) -> MLflowError { MLflowError(status: .unauthorized, code: "UNAUTHENTICATED", message: m) }
    static func forbidden(_ m: String) -> MLflowError { MLflowError(status: .forbidden, code: "PERMISSION_DENIED", message: m) }
    static func tooLarge(_ m: String) -> MLflowError { MLflowError(status: .contentTooLarge, code: "INVALID_PARAMETER_VALUE", message: m) }

    /// The MLflow form of a store error.
    init(_ e: StoreError) {
        switch e.code {
        case .notFound: self = .notFound(e.message)
        case .alreadyExists: self = .alreadyExists(e.message)
        case .invalid: self = .invalidParameter(e.message)
        case .tooLarge: self = .tooLarge(e.message)
        case .conflict: self = MLflowError(status: .conflict, code: "INVALID_STATE", message: e.message)
        }
    }

    init(status: HTTPResponse.Status, code: String, message: String) { self.status = status; self.code = code; self.message = message }

    /// MLflow's error code for an error that arrived with only a status.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .unauthorized: "UNAUTHENTICATED"
        case .forbidden: "PERMISSION_DENIED"
        case .notFound: "RESOURCE_DOES_NOT_EXIST"
        case .conflict: "RESOURCE_ALREADY_EXISTS"
        default: status.code >= 500 ? "INTERNAL_ERROR" : "INVALID_PARAMETER_VALUE"
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: ["error_code": code, "message": message], options: [.sortedKeys])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

