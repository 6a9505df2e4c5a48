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
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes * 2)
    var word: UInt64 = 0
    for k in 0..<(bytes * 2) {
        if k % 16 == 0 { word = rng.next() }  // one system call per 8 bytes, not per digit
        out.append(digits[Int(word & 15)])
        word >>= 4
    }
    return String(decoding: out, as: UTF8.self)
}
