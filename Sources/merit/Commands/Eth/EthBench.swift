import ArgumentParser
import Foundation
import MeritEthereum

extension Eth {
    /// `merit eth bench OP N`: the Swift side of Benchmarks/crypto.sh (hidden from help).
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure sign / recover / keccak / eip712 throughput (used by Benchmarks/crypto.sh).",
            shouldDisplay: false)
        @Argument(help: "sign, recover, keccak (N = MiB) or eip712 (digest + sign of a DeltaOne-sized message).") var op: String
        @Argument(help: "Iterations.") var n: Int

        func run() throws {
            let key = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x11, count: 32))
            var digestBytes = [UInt8](repeating: 0x42, count: 32)
            let clock = ContinuousClock()
            var sink = 0
            func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
            switch op {
            case "sign":
                let t = clock.measure {
                    for i in 0..<n {
                        withUnsafeBytes(of: i) { for k in 0..<8 { digestBytes[k] = $0[k] } }
                        sink &+= Int(key.sign(digest: Bytes32(bytes: digestBytes)!).r.w0 & 1)
                    }
                }
                print("{\"op\":\"sign\",\"n\":\(n),\"seconds\":\(seconds(t)),\"per_second\":\(Int(Double(n) / seconds(t))),\"sink\":\(sink)}")
            case "recover":
                let digest = Bytes32(bytes: digestBytes)!
                let sig = key.sign(digest: digest)
                let t = try clock.measure {
                    for _ in 0..<n { sink &+= Int(try sig.recoverAddress(digest: digest).bytes[0]) }
                }
                print("{\"op\":\"recover\",\"n\":\(n),\"seconds\":\(seconds(t)),\"per_second\":\(Int(Double(n) / seconds(t))),\"sink\":\(sink)}")
            case "keccak":
                var buf = (0..<(1 << 20)).map { UInt8($0 % 251) }
                let t = clock.measure {
                    for i in 0..<n { buf[0] = UInt8(truncatingIfNeeded: i); sink &+= Int(Keccak256.hash(buf).w0 & 1) }
                }
                let mb = Double(n << 20) / 1e6
                print("{\"op\":\"keccak\",\"mb\":\(mb),\"seconds\":\(seconds(t)),\"mb_per_second\":\((mb / seconds(t) * 10).rounded() / 10),\"sink\":\(sink)}")
            case "eip712":
                let text = """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"chainId","type":"uint256"}],"C":[{"name":"account","type":"address"},{"name":"weightBps","type":"uint16"}],"M":[{"name":"root","type":"bytes32"},{"name":"value","type":"int256"},{"name":"method","type":"string"},{"name":"contributors","type":"C[]"}]},"primaryType":"M","domain":{"name":"Merit","chainId":"1"},"message":{"root":"0x\(String(repeating: "ab", count: 32))","value":"-812300000000000000","method":"paired-bootstrap-percentile","contributors":[{"account":"0x00000000000000000000000000000000000000a1","weightBps":"7000"},{"account":"0x00000000000000000000000000000000000000b2","weightBps":"3000"}]}}
                """
                let td = try TypedData(jsonText: text)
                let t = try clock.measure {
                    for _ in 0..<n { sink &+= Int(try td.sign(with: key).v) }
                }
                print("{\"op\":\"eip712\",\"n\":\(n),\"seconds\":\(seconds(t)),\"per_second\":\(Int(Double(n) / seconds(t))),\"sink\":\(sink)}")
            default:
                throw ValidationError("op must be sign, recover, keccak or eip712")
            }
        }
    }
}
