import ArgumentParser
import Digest
import Foundation
import Render

/// How a digest is printed; shared by every command that prints one.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(help: "How many domains and contributors the tables show.")
    var top: Int = 15

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
    }

    /// The digest in the chosen format.
    func render(_ report: DigestReport) throws -> String {
        switch format {
        case .text: return TextRenderer(top: top).render(report)
        case .json: return try JSONRenderer().render(report)
        }
    }

    /// Prints the digest on stdout.
    func emit(_ report: DigestReport) throws {
        FileHandle.standardOutput.write(Data(try render(report).utf8))
    }
}
