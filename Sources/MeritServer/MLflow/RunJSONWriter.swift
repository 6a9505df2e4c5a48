import MeritCore
import MeritStore
import NIOCore

/// Writes MLflow `Run` objects straight to bytes: the same fields as `MLflowDTO.Run` through
/// JSONEncoder, without its per-value boxing, which was a third of the time of a large runs/search.
/// Non-finite metric values are written as the strings "NaN", "Infinity" and "-Infinity", as the
/// response encoder writes them.
struct RunJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// `{"runs": [...], "next_page_token": "..."}` (members omitted when empty, as the DTO's optionals).
    static func page(_ runs: [RunRecord], next: String?) -> ByteBuffer {
        var w = RunJSONWriter(capacity: 512 * max(runs.count, 1))
        w.raw("{")
        var first = true
        if !runs.isEmpty {
            w.raw("\"runs\":[")
            for (k, r) in runs.enumerated() {
                if k > 0 { w.raw(",") }
                w.run(r)
            }
            w.raw("]")
            first = false
        }
        if let next {
            if !first { w.raw(",") }
            w.key("next_page_token"); w.string(next)
        }
        w.raw("}")
        return ByteBuffer(bytes: w.bytes)
    }

    /// `{"run": …}`: the answer of runs/create and runs/get.
    static func single(_ r: RunRecord) -> ByteBuffer {
        var w = RunJSONWriter(capacity: 1024)
        w.raw("{\"run\":"); w.run(r); w.raw("}")
        return ByteBuffer(bytes: w.bytes)
    }

    /// `{"run_info": …}`: the answer of runs/update.
    static func infoOnly(_ r: RunRecord) -> ByteBuffer {
        var w = RunJSONWriter(capacity: 512)
        w.raw("{\"run_info\":"); w.info(r); w.raw("}")
        return ByteBuffer(bytes: w.bytes)
    }

    /// The run's `info` object.
    mutating func info(_ r: RunRecord) {
        raw("{")
        key("run_id"); string(r.runId); raw(",")
        key("run_uuid"); string(r.runId); raw(",")
        key("run_name"); string(r.name); raw(",")
        key("experiment_id"); string(String(r.experimentId)); raw(",")
        key("user_id"); string(r.userId); raw(",")
        key("status"); string(r.status); raw(",")
        key("start_time"); integer(r.startMs); raw(",")
        if let end = r.endMs { key("end_time"); integer(end); raw(",") }
        key("artifact_uri"); string(r.artifactURI); raw(",")
        key("lifecycle_stage"); string(r.lifecycleStage)
        raw("}")
    }

    mutating func run(_ r: RunRecord) {
        raw("{\"info\":")
        info(r)
        raw(",\"data\":{")
        var sep = false
        if !r.metrics.isEmpty {
            key("metrics"); raw("[")
            for (k, m) in r.metrics.enumerated() {
                if k > 0 { raw(",") }
                raw("{"); key("key"); string(m.key); raw(","); key("value"); number(m.value); raw(",")
                key("timestamp"); integer(m.timestampMs); raw(","); key("step"); integer(m.step); raw("}")
            }
            raw("]")
            sep = true
        }
        for (name, list) in [("params", r.params), ("tags", r.tags)] where !list.isEmpty {
            if sep { raw(",") }
            key(name); pairs(list)
            sep = true
        }
        raw("},\"inputs\":{")
        let inputs = r.inputsJSON.utf8
        if !(inputs.count <= 2 && r.inputsJSON.allSatisfy { $0 == "[" || $0 == "]" || $0 == " " }) {
            key("dataset_inputs"); bytes.append(contentsOf: inputs)
        }
        raw("}")
        if !r.outputs.isEmpty {
            raw(",\"outputs\":{\"model_outputs\":[")
            for (k, o) in r.outputs.enumerated() {
                if k > 0 { raw(",") }
                raw("{"); key("model_id"); string(o.modelId); raw(","); key("step"); integer(o.step); raw("}")
            }
            raw("]}")
        }
        raw("}")
    }

    mutating func pairs(_ list: [KeyValue]) {
        raw("[")
        for (k, p) in list.enumerated() {
            if k > 0 { raw(",") }
            raw("{"); key("key"); string(p.key); raw(","); key("value"); string(p.value); raw("}")
        }
        raw("]")
    }

    mutating func raw(_ s: StaticString) { s.withUTF8Buffer { bytes.append(contentsOf: $0) } }
    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    mutating func key(_ k: StaticString) { raw("\""); raw(k); raw("\":") }
    mutating func key(_ k: String) { string(k); raw(":") }

    mutating func integer(_ v: Int64) {
        if v < 0 { bytes.append(0x2D) }
        var m = v.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[n] = UInt8(48 + m % 10); m /= 10; n += 1 } while m > 0
            for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[k]) }
        }
    }

    mutating func number(_ d: Double) {
        if d.isNaN { raw("\"NaN\"") } else if d == .infinity { raw("\"Infinity\"") } else if d == -.infinity { raw("\"-Infinity\"") }
        else { raw("\(d)") }
    }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        var utf8 = s.utf8
        // Most text needs no escaping: copy it in one go.
        let clean = utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            for b in buffer where b < 0x20 || b == 0x22 || b == 0x5C { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if clean != true {
            if clean == nil { var copy = s; copy.makeContiguousUTF8(); utf8 = copy.utf8 }
            escape(utf8)
        }
        bytes.append(0x22)
    }

    private mutating func escape(_ utf8: String.UTF8View) {
        let hex = Array("0123456789abcdef".utf8)
        for b in utf8 {
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0..<0x20: bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
    }
}
