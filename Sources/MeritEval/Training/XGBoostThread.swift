import Foundation

/// The one thread every call into libxgboost runs on.
///
/// libgomp keeps a pool of worker threads for each thread that starts parallel work, and when the
/// pools together hold more threads than there are cores, it lets every worker spin only briefly
/// between parallel regions (its "throttled" spin count) and sleep after, so each of XGBoost's
/// thousands of short regions waits for its workers to wake. In the server, where version 1 and each
/// contribution were trained on different threads, a training took about 35% longer than the same
/// training in `merit evaluate`. One calling thread keeps one pool.
final class XGBoostThread: @unchecked Sendable {
    static let shared = XGBoostThread()

    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []  // guarded by `condition`

    private init() {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                while queue.isEmpty { condition.wait() }
                let next = queue.removeFirst()
                condition.unlock()
                next()
            }
        }
        thread.name = "merit-xgboost"
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Runs `body` on the XGBoost thread and waits for it; one caller at a time is served, in order.
    /// (`body` escapes to the other thread, which may still hold it for a moment after the caller resumes.)
    func run<R>(_ body: @escaping () throws -> R) throws -> R {
        let box = ResultBox<R>(), done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let body = body
        condition.lock()
        queue.append { box.result = Result { try body() }; done.signal() }
        condition.signal()
        condition.unlock()
        done.wait()
        return try box.result!.get()
    }
}

/// A result handed from the XGBoost thread to the caller waiting for it (the semaphore orders the accesses).
private final class ResultBox<R>: @unchecked Sendable {
    var result: Result<R, any Error>?
}
