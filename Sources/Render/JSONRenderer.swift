import Digest
import Foundation

/// The digest as JSON: the report's fields, keys sorted, for scripts and other tools.
public struct JSONRenderer {
    public init() {}

    public func render(_ report: DigestReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
