import Foundation

/// Runs independent pieces of CPU work at once on threads of their own.
///
/// Not on Dispatch's worker threads: long CPU work there can hold every one of them and delay the Swift
/// concurrency tasks of the same process (a job's lease renewal, a server's requests) for as long as the
/// work lasts. The calling thread runs the first piece and waits for the others.
public enum Parallel {
    /// Calls `body(0)` … `body(count − 1)`, each once, at once; returns when all have returned.
    public static func forEach(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else { if count == 1 { body(0) }; return }
        let done = DispatchSemaphore(value: 0)
        for k in 1..<count {
            let t = Thread { body(k); done.signal() }
            t.stackSize = 8 << 20
            t.start()
        }
        body(0)
        for _ in 1..<count { done.wait() }
    }

    /// `(0..<count).map(element)`, computed in one run of consecutive indices per core when each run
    /// has at least `minimum` of them (the same values in the same order). Inlinable, so that callers
    /// in other modules get it specialised for their element type.
    @inlinable public static func map<T: Sendable>(_ count: Int, minimum: Int, filler: T, _ element: @escaping @Sendable (Int) -> T) -> [T] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(1, minimum)))
        guard parts > 1 else { return (0..<count).map(element) }
        var out = [T](repeating: filler, count: count)
        out.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            forEach(parts) { k in
                for i in (count * k / parts)..<(count * (k + 1) / parts) { slots[i] = element(i) }
            }
        }
        return out
    }

    /// Runs `work` on a thread of its own (long CPU work that must not hold a Dispatch worker).
    public static func detached(_ work: @escaping @Sendable () -> Void) {
        let t = Thread { work() }
        t.stackSize = 8 << 20
        t.start()
    }

    /// Runs `a` and `b` at once (`b` on a thread of its own) and returns both results.
    public static func both<A: Sendable, B: Sendable>(_ a: @escaping @Sendable () -> A, _ b: @escaping @Sendable () -> B) -> (A, B) {
        let left = Slot<A>(), right = Slot<B>()
        forEach(2) { k in if k == 0 { left.value = a() } else { right.value = b() } }
        return (left.value!, right.value!)
    }
}

/// One result written by one thread and read after it joined.
private final class Slot<T>: @unchecked Sendable {
    var value: T?
    init() {}
}
