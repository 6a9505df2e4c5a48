import MeritCore
import MeritData
import Synchronization

/// Datasets a server process has read and keeps for its next contribution: its models' heads (their
/// training sets) and benchmarks, which every contribution to a model is judged with. Keys are stored
/// blobs, which are named by their content, with the reading's format, name and spec, so an entry is
/// exactly what reading the file again would give. The most recently used few are kept.
final class LoadedCache: Sendable {
    /// The process's cache, shared by its server and its workers.
    static let shared = LoadedCache(capacity: 3)

    let capacity: Int
    private let entries = Mutex<[(key: String, data: LoadedDataset)]>([])

    init(capacity: Int) { self.capacity = capacity }

    static func key(_ file: DatasetFile, spec: ModelSpec) -> String {
        "\(spec.specHash.hex) \(file.format) \(file.name) \(file.path)"
    }

    /// The dataset `DatasetLoader(spec:).load(file)` gives, when it is kept.
    func dataset(_ file: DatasetFile, spec: ModelSpec) -> LoadedDataset? {
        let key = Self.key(file, spec: spec)
        return entries.withLock { list in
            guard let i = list.firstIndex(where: { $0.key == key }) else { return nil }
            let entry = list.remove(at: i)
            list.append(entry)
            return entry.data
        }
    }

    /// Keeps `data`, read from `file` with `spec`, dropping the least recently used beyond the capacity.
    func keep(_ file: DatasetFile, spec: ModelSpec, _ data: LoadedDataset) {
        let key = Self.key(file, spec: spec)
        entries.withLock { list in
            list.removeAll { $0.key == key }
            list.append((key, data))
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
    }
}
