import Digest
import Foundation

/// The digest as JSON: the report's fields, keys sorted, for scripts and other tools.
public struct JSONRenderer {
    /// One line per document (JSON Lines: what `update` prints, one digest per list), instead
    /// of indented.
    public var lines: Bool

    public init(lines: Bool = false) { self.lines = lines }

    public func render(_ report: DigestReport) throws -> String {
        // The bytes JSONEncoder writes with [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // (without .prettyPrinted for lines).
        String(decoding: try lines ? PrettyJSON.encodeCompact(report) : PrettyJSON.encode(report), as: UTF8.self) + "\n"
    }
}
