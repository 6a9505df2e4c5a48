import Hummingbird
import Logging
import MeritStore

/// Turns every error a handler throws into one API's error shape, so handlers throw freely: store
/// errors, access errors, either API's errors and Hummingbird's own (a body over its limit, say). An
/// error nothing expected is logged with its cause and answered as a 500 in the same shape, never as an
/// empty body or a stack trace.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    /// Which API's shape errors take.
    enum Shape: Sendable { case native, mlflow }
    let shape: Shape
    let logger: Logger

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch {
            throw convert(error, request)
        }
    }

    func convert(_ error: any Error, _ request: Request) -> any Error {
        switch (shape, error) {
        case (.native, let e as APIError): return e
        case (.native, let e as MLflowError): return APIError(status: e.status, code: APIError.code(for: e.status), message: e.message)
        case (.native, let e as StoreError): return APIError(e)
        case (.mlflow, let e as MLflowError): return e
        case (.mlflow, let e as APIError): return MLflowError(status: e.status, code: MLflowError.code(for: e.status), message: e.message)
        case (.mlflow, let e as StoreError): return MLflowError(e)
        case (_, let e as HTTPError):
            let message = e.body ?? "the request could not be served (HTTP \(e.status.code))"
            return shape == .native ? APIError(status: e.status, code: APIError.code(for: e.status), message: message)
                                    : MLflowError(status: e.status, code: MLflowError.code(for: e.status), message: message)
        default:
            logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            let message = "the server failed to answer this request; its log says why"
            return shape == .native ? APIError(status: .internalServerError, code: "internal", message: message)
                                    : MLflowError(status: .internalServerError, code: "INTERNAL_ERROR", message: message)
        }
    }
}
