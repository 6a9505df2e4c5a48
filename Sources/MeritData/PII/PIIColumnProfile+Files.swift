import MeritCore

extension PIIColumnProfile {
    /// The columns of a CSV file (those at `indices`, every column when nil) with what the values of its
    /// first `sampleRows` records say of them. A record the sample cannot read ends the sample: the scan
    /// itself reports it where it is.
    public static func csvColumns(path: String, displayName: String? = nil, maxRecordBytes: Int, scanner: PIIScanner,
                                  indices: [Int]? = nil) throws -> [PIIScanner.Column] {
        let reader = try CSVReader(path: path, displayName: displayName, maxRecordBytes: maxRecordBytes, chunkSize: 1 << 20)
        let picked = indices ?? Array(reader.header.indices)
        return columns(picked.map { reader.header[$0] }, scanner: scanner) { take in
            var n = 0
            do {
                while n < sampleRows, try reader.nextRecord({ row in take { i in picked[i] < row.count ? row.field(picked[i]) : nil } }) { n += 1 }
            } catch {}
        }
    }

    struct SampleFull: Error {}

    /// The columns of a JSONL file: `keys` (or every key its first records use, when nil) with what the
    /// values of its first `sampleRows` records say of them.
    public static func jsonlColumns(path: String, displayName: String? = nil, maxRecordBytes: Int, scanner: PIIScanner,
                                    keys: [String]? = nil) throws -> [String: PIIScanner.Column] {
        let reader = try JSONLReader(path: path, displayName: displayName, maxRecordBytes: maxRecordBytes, chunkSize: 1 << 20)
        var profiles: [String: PIIColumnProfile] = [:], plain: [String: PIIScanner.Column] = [:], n = 0
        for key in keys ?? [] { profiles[key] = PIIColumnProfile(); plain[key] = PIIScanner.Column(name: key) }
        do {
            try reader.forEachRecord { _, object in
                guard n < sampleRows else { throw SampleFull() }
                n += 1
                for (key, value) in object where keys == nil || profiles[key] != nil {
                    guard var t = value.scannedText else { continue }
                    let column = plain[key] ?? PIIScanner.Column(name: key)
                    plain[key] = column
                    t.withUTF8 { profiles[key, default: PIIColumnProfile()].add(UnsafeRawBufferPointer($0), scanner: scanner, column: column) }
                }
            }
        } catch {}
        var out: [String: PIIScanner.Column] = [:]
        for (key, p) in profiles { out[key] = PIIScanner.Column(name: key, evidence: p.cues) }
        return out
    }
}
