import MeritEthereum

/// Streams the record hashes of a file without a spec (docs/fingerprint.md section 1), in order.
///
/// CSV: every column text, header order. JSONL: keys sorted by UTF-8 bytes (the union of the
/// first record's keys; a later record missing a key encodes it as missing), typed from JSON.
public enum RecordStream {
    /// Calls `body(index, recordHash)` for every record; returns the column list (`name:type`) and file size.
    @discardableResult
    public static func forEachRecordHash(_ file: DatasetFile, maxRecordBytes: Int = 1 << 20,
                                         body: (Int, Bytes32) throws -> Void) throws -> (columns: [String], bytes: UInt64) {
        let path = file.path, displayName = file.name
        var index = 0
        var encoding: [UInt8] = []
        if file.format == .jsonl {
            let reader = try JSONLReader(path: path, displayName: displayName, maxRecordBytes: maxRecordBytes)
            var keys: [String]? = nil
            try reader.forEachRecord { _, object in
                if keys == nil { keys = object.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } }
                encoding.removeAll(keepingCapacity: true)
                for k in keys! { CanonicalEncoder.append(object[k]?.inferred ?? .missing, to: &encoding) }
                try body(index, Keccak256.hash(encoding))
                index += 1
            }
            return ((keys ?? []).map { "\($0):json" }, reader.fileSize)
        }
        let reader = try CSVReader(path: path, displayName: displayName, maxRecordBytes: maxRecordBytes)
        let width = reader.header.count
        try reader.forEachRecord { row in
            guard row.count == width else {
                throw DataError(.malformedCSV, "the record has \(row.count) fields but the header has \(width); every row needs one field per column", file: reader.displayName, line: row.line)
            }
            encoding.removeAll(keepingCapacity: true)
            for i in 0..<width { CSVFingerprinter.appendField(row.field(i), to: &encoding) }
            try body(index, Keccak256.hash(encoding))
            index += 1
        }
        return (reader.header.map { "\($0):text" }, reader.fileSize)
    }
}
