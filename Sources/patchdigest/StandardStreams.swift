import Archive
import Foundation

/// stdout and stderr, written with calls that report failure: a full disk, /dev/full or a closed
/// pipe is one line on stderr and a non-zero exit, never a trap in Foundation's non-throwing
/// `FileHandle.write`, nor output lost unseen in stdio's buffer.
enum StandardStreams {
    /// A write to stdout that failed: what was being written, and the system's reason.
    struct WriteFailure: Error, CustomStringConvertible {
        var what: String
        var reason: String
        var description: String { "cannot write \(what): \(reason)" }
    }

    /// Writes `text` on stdout; `what` names it in the error.
    static func out(_ text: String, what: String) throws {
        // A native String's UTF-8 is written where it lies, not copied into a Data first.
        var text = text
        try text.withUTF8 { try out(UnsafeRawBufferPointer($0), what: what) }
    }

    static func out(_ data: Data, what: String) throws {
        try data.withUnsafeBytes { try out($0, what: what) }
    }

    static func out(_ bytes: [UInt8], what: String) throws {
        try bytes.withUnsafeBytes { try out($0, what: what) }
    }

    private static func out(_ buffer: UnsafeRawBufferPointer, what: String) throws {
        if let code = writeAll(1, buffer) {
            throw WriteFailure(what: what, reason: systemMessage(code))
        }
    }

    /// Best effort: with stderr itself gone there is nobody left to tell.
    static func err(_ text: String) {
        _ = Data(text.utf8).withUnsafeBytes { writeAll(2, $0) }
    }
}

/// Writes `text` on stdout; a failure is one line on stderr and exit status 1.
func printOut(_ text: String, what: String) {
    do { try StandardStreams.out(text, what: what) } catch { fail(describe(error)) }
}
