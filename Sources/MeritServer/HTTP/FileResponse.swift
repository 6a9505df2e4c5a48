import Foundation
import Hummingbird

/// A stored file streamed as a download, in chunks, with a safe `Content-Disposition`.
enum FileResponse {
    /// Streams `file` (`size` bytes) as `name`. A blob that vanished mid-way ends the response early.
    static func download(_ file: URL, size: Int64, name: String, contentType: String = "application/octet-stream") -> Response {
        let body = ResponseBody(contentLength: Int(size)) { writer in
            guard let h = FileHandle(forReadingAtPath: file.path) else { throw APIError(status: .notFound, code: "not_found", message: "the stored file is missing") }
            defer { try? h.close() }
            while let chunk = try h.read(upToCount: 256 << 10), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: contentType, .contentDisposition: ContentDisposition.attachment(filename: name)], body: body)
    }
}
