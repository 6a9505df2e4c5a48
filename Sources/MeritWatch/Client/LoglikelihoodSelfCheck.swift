import Foundation

/// The log-likelihood self-check, run once per endpoint and round before its multiple-choice work:
/// are the logprobs a server echoes for a prompt the ones its model gives?
///
/// A server can answer log-likelihood requests in the right format and still score the wrong tokens:
/// echoed logprobs shifted by one token (seen on llama-cpp-python for a model without a
/// beginning-of-sequence token), or no generated token after the prompt, which makes the usual
/// `[ctxlen:-1]` slice drop a continuation token. Multiple-choice scores from such a server are wrong
/// for lm-eval and Merit alike, with no error. For each fixed prompt the endpoint first generates
/// `tokens` tokens greedily with their logprobs; then prompt + generated text is sent as a
/// log-likelihood request. On a correct server:
/// - the echoed tokens spell the prompt and the continuation (checked when the text is ASCII, since
///   byte-level tokens need not spell partial characters);
/// - each continuation token is the most likely token at its position, as it was generated greedily
///   (a tie within `tolerance` passes);
/// - its echoed logprob is the one it was generated with, within `tolerance` (batched and step-by-step
///   evaluation round differently, by far less than this).
/// A prompt whose continuation comes back as different tokens (tokenizers may merge across the
/// boundary), or whose requests failed, is inconclusive rather than failed.
public enum LoglikelihoodSelfCheck {
    /// The outcome for one endpoint in one round.
    public struct Result: Sendable, Equatable, Codable {
        /// `passed`, `failed` (a prompt contradicted the model), or `inconclusive` (no prompt could be checked).
        public var status: String
        /// Prompts that could be checked.
        public var checked: Int
        /// For each prompt that failed or could not be checked: the prompt, what was expected, what came back.
        public var evidence: [[String]]
    }

    /// The fixed prompts: plain English and digits, the same every round.
    public static let prompts = ["The capital of France is", "Once upon a time, there was a", "1, 2, 3, 4, 5,"]
    /// Tokens generated per prompt.
    public static let tokens = 4
    /// Nats allowed between the echoed and the generated logprob of a token.
    public static let tolerance = 0.01

    /// Runs the check against `client`'s endpoint; its requests count as the endpoint's requests.
    public static func run(_ client: OpenAICompletionsClient) async -> Result {
        var checked = 0, failed = false
        var evidence: [[String]] = []
        checking: for prompt in prompts {
            switch await check(prompt, client) {
            case .passed: checked += 1
            case .failed(let expected, let got):
                checked += 1; failed = true
                evidence.append([prompt, expected, got])
            case .inconclusive(let why):
                evidence.append([prompt, "inconclusive", why])
                // An endpoint that is down fails every prompt the same way: one is enough.
                if why == "failed: \(ErrorClass.refused.rawValue)" || why == "failed: \(ErrorClass.timeout.rawValue)" { break checking }
            }
        }
        return Result(status: failed ? "failed" : checked > 0 ? "passed" : "inconclusive", checked: checked, evidence: evidence)
    }

    enum Verdict: Equatable {
        case passed
        case failed(expected: String, got: String)
        case inconclusive(String)
    }

    static func check(_ prompt: String, _ client: OpenAICompletionsClient) async -> Verdict {
        let generated: (text: String, tokens: [String], logprobs: [Double])
        let echoed: EchoedPrompt
        do {
            generated = try await client.greedyTokens(prompt: prompt, maxTokens: tokens)
            guard !generated.tokens.isEmpty, !generated.text.isEmpty else { return .inconclusive("the endpoint generated nothing") }
            let (e, timing) = try await client.echo(context: prompt, continuation: generated.text)
            client.observer(.success(timing))
            echoed = e
        } catch let f as EndpointFailure {
            return .inconclusive("failed: \(f.errorClass.rawValue)")
        } catch {
            return .inconclusive("failed: \(error)")
        }
        return judge(prompt: prompt, generated: generated, echoed: echoed)
    }

    /// The verdict on one prompt, from the greedy generation and the echo of prompt + generated text.
    static func judge(prompt: String, generated: (text: String, tokens: [String], logprobs: [Double]), echoed: EchoedPrompt) -> Verdict {
        let range = echoed.continuationStart..<echoed.continuationEnd
        let whole = prompt + generated.text
        // A SentencePiece server may spell the first piece with its leading space (the offsets allow for it).
        if whole.utf8.allSatisfy({ $0 < 0x80 }), echoed.tokens.count == echoed.logprobs.count,
           ![whole, " " + whole].contains(echoed.tokens[..<range.upperBound].joined()) {
            return .failed(expected: "tokens spelling \(quoted(whole))", got: "tokens spelling \(quoted(echoed.tokens[..<range.upperBound].joined()))")
        }
        let echoedTokens = echoed.tokens.isEmpty ? generated.tokens : Array(echoed.tokens[range])
        guard range.count == generated.tokens.count, echoedTokens == generated.tokens else {
            return .inconclusive("the continuation came back as \(range.count) tokens \(echoedTokens.map(quoted)), generated as \(generated.tokens.map(quoted))")
        }
        for (j, i) in range.enumerated() {
            guard let lp = echoed.logprobs[i] else { return .failed(expected: "a logprob for \(quoted(generated.tokens[j]))", got: "none") }
            let want = generated.logprobs[j]
            if abs(lp - want) > tolerance {
                return .failed(expected: "logprob \(want) for \(quoted(generated.tokens[j])) (token \(j + 1) of the greedy continuation)",
                               got: "echoed logprob \(lp)")
            }
            if i < echoed.top.count, let top = echoed.top[i], top.token != echoedTokens[j], top.logprob - lp > tolerance {
                return .failed(expected: "\(quoted(generated.tokens[j])) most likely at its position (it was generated greedily)",
                               got: "\(quoted(top.token)) most likely, logprob \(top.logprob) against \(lp)")
            }
        }
        return .passed
    }

    static func quoted<S: StringProtocol>(_ s: S) -> String { "\"" + s.replacingOccurrences(of: "\n", with: "\\n") + "\"" }
}
