import Foundation

/// The one thread every call into libxgboost runs on.
///
/// libgomp keeps a pool of worker threads for each thread that starts parallel work, and lets workers
/// spin only briefly between parallel regions when the pools together hold more threads than there
/// are cores. In the server, version 1 and each contribution would otherwise be trained on different
/// threads, and two jobs' trainings would compete for the two cores; here trainings run one at a time
/// with one pool. (Session 10 measured no change in one training's time from this; what had slowed the
/// server's trainings was the benchmark's own polling.)
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
