import ArgumentParser
import Foundation
import MeritBase
import MeritEthereum
import MeritEval
import MeritCommandLine

/// `merit verify attestation.json`: signatures, threshold, and optionally the data.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify an attestation: every signature, the m-of-n threshold, and (with --data) the roots of the files.",
        discussion: """
        Exit code 0 when it holds, 4 when it does not. Signatures must recover to their claimed signer, be low-s with v = 27/28, and come \
        from --signers when given. With --server, the signers and the EIP-712 domain are the ones that server publishes at \
        /api/v1/attesters (read without a key): the attestation must be signed by one of them, for its chain and verifying contract.
        """)
    @Argument(help: "attestation.json") var attestation: String
    @Option(help: "Comma-separated addresses allowed to attest.") var signers: String?
    @Option(help: "A Merit server whose published attesters and domain the attestation must match.") var server: String?
    @Option(help: "Distinct valid signatures required (default 1, or all of --signers when that is given).") var threshold: Int?
    @Option(help: "Folder with the spec and data files the attestation names: their roots are checked too.") var data: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if signers != nil && server != nil { throw ValidationError("give --signers or --server, not both: --server takes the signers from the server") }
        if let server, URL(string: server).map({ ["http", "https"].contains($0.scheme ?? "") }) != true { throw ValidationError("--server must be an http(s) URL") }
    }

    func run() async throws {
        var published: ServerAttesters? = nil
        if let server { published = try await CLIFailure.guardingAll { try await ServerAttesters.fetch(server) } }
        let holds = try CLIFailure.guarding { () -> Bool in
            let file: AttestationFile
            do { file = try Attest.read(attestation) } catch let e as EthereumError {
                CLIFailure.fail("\(e); attestation does NOT hold", ExitStatus.rejected)
            }
            if let published, published.addresses.isEmpty {
                CLIFailure.fail("\(server ?? "the server") publishes no attesters (it signs nothing); attestation does NOT hold for it", ExitStatus.rejected)
            }
            let allowed = try published?.addresses ?? signers.map { try $0.split(separator: ",").map { try Address(hex: String($0)) } }
            let needed = threshold ?? (published == nil ? allowed?.count ?? 1 : 1)
            guard needed >= 1 else { throw ValidationError("--threshold must be at least 1") }
            if let allowed, needed > allowed.count { throw ValidationError("--threshold \(needed) is more than the \(allowed.count) signers given") }
            let v = try file.verify(allowed: allowed, threshold: needed)
            let roots = try data.map { try Reproduction.checkRoots(file, dataDirectory: URL(fileURLWithPath: $0)) } ?? []
            let rootProblems = roots.filter { !$0.ok }.map { "\($0.field) does not match the data (\($0.detail))" }
                + (published?.domainProblems(file.typedData.domain) ?? [])
            let ok = v.ok && rootProblems.isEmpty
            // One verdict, from one list of reasons: the signature count is stated in it, never apart from it.
            let verdict = ok ? v.summary : "attestation does NOT hold: " + (v.problems + rootProblems).joined(separator: "; ")
            if json {
                var members: [JSONValue.Member] = [
                    .init("ok", .bool(ok)), .init("digest", .string(v.digest.hex)), .init("meritTypes", .bool(v.meritTypes)),
                    .init("threshold", .number("\(needed)")), .init("validSigners", .array(v.validSigners.map { .string($0.checksummed) })),
                    .init("signatures", .array(v.checks.map { c in
                        .object(["signer": .string(c.claimed.checksummed), "counts": .bool(c.counts),
                                 "problem": c.problem.map(JSONValue.string) ?? .null])
                    })),
                ]
                if data != nil {
                    members.append(.init("data", .array(roots.map { .object(["field": .string($0.field), "ok": .bool($0.ok), "detail": .string($0.detail)]) })))
                }
                members.append(.init("problems", .array((v.problems + rootProblems).map(JSONValue.string))))
                members.append(.init("summary", .string(verdict)))
                print(JSONValue.object(members).serialized(), terminator: "")
            } else {
                print("digest \(v.digest.hex)")
                for c in v.checks {
                    print("  \(c.counts ? "✓" : "✗") \(c.claimed.checksummed)\(c.problem.map { ": \($0)" } ?? "")")
                }
                for r in roots { print("  \(r.ok ? "✓" : "✗") \(r.field) — \(r.detail)") }
                print(verdict)
            }
            return ok
        }
        if !holds { throw ExitCode(ExitStatus.rejected) }
    }
}

/// `merit reproduce attestation.json --data DIR`.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run an attested evaluation from its files and say whether the result is byte-identical.",
        discussion: "Uses the spec and data files the attestation names, in --data, with the attested contributors and domain. Exit code 0 when identical, 4 when not (the first differing field is named).")
    @Argument(help: "attestation.json") var attestation: String
    @Option(help: "Folder with the spec and data files.") var data: String
    @Option(help: "Folder for the re-computed report.json.") var out: String = "merit-reproduce"
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "No progress output on stderr.") var quiet = false

    func run() throws {
        let same = try CLIFailure.guarding { () -> Bool in
            let file = try Attest.read(attestation)
            let outURL = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
            let bar = ProgressBar(enabled: !quiet)
            let r = try Reproduction.run(file, dataDirectory: URL(fileURLWithPath: data), workDirectory: outURL.appendingPathComponent("work")) { bar.update($0, $1) }
            bar.finish()
            try EvaluationPipeline.encode(r.report).write(to: outURL.appendingPathComponent("report.json"))
            if json {
                print(JSONValue.object([
                    "identical": .bool(r.identical), "digest": .string(r.digest.hex), "attestedDigest": .string(try file.digest().hex),
                    "reportIdentical": .bool(r.reportIdentical),
                    "firstDifference": r.firstDifference.map(JSONValue.string) ?? .null,
                    "attested": r.attested.map(JSONValue.string) ?? .null, "reproduced": r.reproduced.map(JSONValue.string) ?? .null,
                ]).serialized(), terminator: "")
            } else if r.identical {
                print("identical: digest \(r.digest.hex) and report.json match the attestation byte for byte")
            } else if let f = r.firstDifference {
                print("DIFFERENT: first differing field \(f)\n  attested:   \(r.attested ?? "")\n  reproduced: \(r.reproduced ?? "")")
            } else {
                print("DIFFERENT: the typed data match (digest \(r.digest.hex)) but report.json does not; compare \(out)/report.json with the original")
            }
            return r.identical
        }
        if !same { throw ExitCode(ExitStatus.rejected) }
    }
}
