import FakeOpenAI
import Foundation
import Hummingbird

// The fake OpenAI-compatible endpoint as a process, for benchmarks and manual runs:
//   fake-openai [--port N] [--latency-ms N] [--impostor] [--no-tokenizer] [--error-every N] [--model NAME]
var c = FakeOpenAIConfiguration()
var port = 8765
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--port": port = Int(args.popFirst() ?? "") ?? port
    case "--latency-ms": c.latencyMilliseconds = Int(args.popFirst() ?? "") ?? 0
    case "--impostor": c.impostor = true
    case "--no-tokenizer": c.tokenizer = false
    case "--error-every": c.serverErrorEvery = Int(args.popFirst() ?? "") ?? 0
    case "--model": c.model = args.popFirst() ?? c.model
    default:
        FileHandle.standardError.write(Data("fake-openai: unknown option \(a)\n".utf8))
        exit(64)
    }
}
let app = buildFakeOpenAI(c, port: port) { p in FileHandle.standardOutput.write(Data("fake-openai listening on http://127.0.0.1:\(p)/v1\n".utf8)) }
try await app.runService()
