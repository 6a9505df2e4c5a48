import Foundation
import Synchronization

/// A progress bar on stderr. On a terminal it redraws one line; otherwise it prints each stage once,
/// so logs stay readable. `--quiet` silences it.
final class ProgressBar: Sendable {
    let enabled: Bool
    let tty: Bool
    private let state = Mutex<(stage: String, shown: Int)>(("", -1))

    init(enabled: Bool = true) {
        self.enabled = enabled
        tty = isatty(2) != 0
    }

    func update(_ stage: String, _ fraction: Double) {
        guard enabled else { return }
        let pct = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        let line: String? = state.withLock { s in
            if tty {
                if s.stage == stage && s.shown == pct { return nil }
                s = (stage, pct)
                let width = 30
                let filled = pct * width / 100
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                return "\r\u{1B}[2K\(bar) \(String(format: "%3d", pct))%  \(stage)"
            }
            if s.stage == stage { return nil }
            s = (stage, pct)
            return "merit: \(stage)...\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        guard enabled, tty else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
