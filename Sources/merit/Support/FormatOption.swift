import ArgumentParser
import MeritData

extension DatasetFormat: ExpressibleByArgument {}

/// How a command reads dataset files: `--format csv|jsonl` for every file given, else each file's
/// extension (`.jsonl` and `.ndjson` are JSONL, anything else CSV). Shared by the commands that read data.
struct FormatOption: ParsableArguments {
    @Option(help: "Read the data files as csv or jsonl, whatever their names (default: from each name: .jsonl and .ndjson are JSONL, anything else CSV).")
    var format: DatasetFormat?

    /// The format to read `path` in.
    func of(_ path: String) -> DatasetFormat { format ?? DatasetFormat(fileName: path) }

    /// `path` as a dataset file in that format.
    func file(_ path: String) -> DatasetFile { DatasetFile(path: path, format: of(path)) }
}
