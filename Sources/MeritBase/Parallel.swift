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
}
