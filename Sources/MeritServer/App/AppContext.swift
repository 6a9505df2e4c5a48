import Foundation
import Hummingbird
import MeritCore
import MeritStore

/// The request context: Hummingbird's core storage plus the authenticated key, if any.
struct AppContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` from `Authorization: Bearer`.
    var identity: APIKey.Identity?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
    }

    /// JSON bodies up to 16 MiB (MLflow batches); uploads stream and have their own limit.
    var maxUploadSize: Int { 16 << 20 }

    /// proto3 JSON writes non-finite doubles as strings.
    var responseEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
