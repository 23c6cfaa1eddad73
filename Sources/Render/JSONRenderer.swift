import Digest
import Foundation

/// The digest as JSON: the report's fields, keys sorted, for scripts and other tools.
public struct JSONRenderer {
    /// One line per document (JSON Lines: what `update` prints, one digest per list), instead
    /// of indented.
    public var lines: Bool

    public init(lines: Bool = false) { self.lines = lines }

    public func render(_ report: DigestReport) throws -> String {
        var out: [UInt8] = []
        try write(report) { out += $0 }
        return String(decoding: out, as: UTF8.self)
    }

    /// The document as UTF-8, newline included, handed to `emit` a chunk of about a megabyte at
    /// a time: a report holding hundreds of megabytes of JSON (a body of NUL bytes, each one
    /// `\u0000`) is never held whole.
    public func write(_ report: DigestReport, to emit: ([UInt8]) throws -> Void) throws {
        // The bytes JSONEncoder writes with [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // (without .prettyPrinted for lines).
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        try PrettyJSON.encode(report, compact: lines, into: &out) { buffer in
            try emit(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        out.append(UInt8(ascii: "\n"))
        try emit(out)
    }
}
