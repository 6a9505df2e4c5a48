/// The one error type of MeritStore. The server maps codes to HTTP statuses (and MLflow error codes).
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// The thing does not exist.
        case notFound = "not_found"
        /// A thing with that identity exists already.
        case alreadyExists = "already_exists"
        /// The request is malformed or not allowed in this state.
        case invalid = "invalid"
        /// An artifact is larger than the configured limit.
        case tooLarge = "too_large"
    }
    /// The category.
    public var code: Code
    /// What went wrong and what to do, naming the resource; never secrets.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) { self.code = code; self.message = message }

    public var description: String { message }
}

/// Milliseconds since the epoch, injected so tests can pin time.
public typealias MillisecondClock = @Sendable () -> Int64

/// The system clock in milliseconds.
public let systemMilliseconds: MillisecondClock = {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

#if canImport(Glibc)
import Glibc
#endif

/// Random hex ids (32 hex digits), as MLflow uses for runs and logged models.
public func randomHexID(bytes: Int = 16) -> String {
    var rng = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef")
    return String((0..<(bytes * 2)).map { _ in digits[Int(rng.next() % 16)] })
}
