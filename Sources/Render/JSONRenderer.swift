import Digest
import Foundation

/// The digest as JSON: the report's fields, keys sorted, for scripts and other tools.
public struct JSONRenderer {
    public init() {}

    public func render(_ report: DigestReport) throws -> String {
        // The bytes JSONEncoder writes with [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes].
        String(decoding: try PrettyJSON.encode(report), as: UTF8.self) + "\n"
    }
}
