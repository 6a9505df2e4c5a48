import MeritCore
import NIOCore

/// NIO's buffers are what the HTTP server streams uploads in.
extension ByteBuffer: ByteChunk {}
