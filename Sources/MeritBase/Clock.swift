#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Milliseconds since the epoch, injected so tests can pin time. Nothing hashed or signed reads it:
/// there, time is an input.
public typealias MillisecondClock = @Sendable () -> Int64

/// The system clock in milliseconds.
public let systemMilliseconds: MillisecondClock = {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// Random hex ids (32 hex digits by default), as MLflow uses for runs and logged models. Ids name
/// things; they never enter anything hashed or signed.
public func randomHexID(bytes: Int = 16) -> String {
    var rng = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef")
    return String((0..<(bytes * 2)).map { _ in digits[Int(rng.next() % 16)] })
}
