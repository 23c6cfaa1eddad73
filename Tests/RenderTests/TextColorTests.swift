@testable import Digest
import Foundation
import Render
import TestSupport
import XCTest

/// `--color`: the text digest painted for a terminal, as git paints its own output.
final class TextColorTests: XCTestCase {
    /// Every escape sequence of `text`, which must all be SGR (`ESC [ digits m`); nil when one is not.
    private func sgrSequences(_ text: String) -> [String]? {
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "\u{1B}" else { i += 1; continue }
            var j = i + 1
            guard j < scalars.count, scalars[j] == "[" else { return nil }
            j += 1
            while j < scalars.count, ("0"..."9").contains(scalars[j]) || scalars[j] == ";" { j += 1 }
            guard j < scalars.count, scalars[j] == "m" else { return nil }
            found.append(String(String.UnicodeScalarView(scalars[i...j])))
            i = j + 1
        }
        return found
    }

    private func stripped(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    func testColouredTextIsThePlainTextPainted() throws {
        let report = try Sample.decoded()
        let plain = TextRenderer().render(report)
        let painted = TextRenderer(color: true).render(report)
        XCTAssertNotEqual(painted, plain)
        XCTAssertEqual(stripped(painted), plain)
        XCTAssertTrue(painted.contains("\u{1B}[1m===== Patch list in this time period =====\u{1B}[m\n"), painted)
        XCTAssertTrue(painted.contains("\n\u{1B}[32mNew\u{1B}[m   v"), painted)
        XCTAssertTrue(painted.contains("\n\u{1B}[2mSkip\u{1B}[m  v"), painted)
        XCTAssertTrue(painted.contains("\n\u{1B}[32mNew:\u{1B}[m  \u{1B}[1m"), painted)
        let sequences: [String] = try XCTUnwrap(sgrSequences(painted), "an escape sequence that is not SGR")
        let known: Set<String> = ["\u{1B}[1m", "\u{1B}[2m", "\u{1B}[32m", "\u{1B}[33m", "\u{1B}[36m", "\u{1B}[m"]
        XCTAssertTrue(Set(sequences).isSubset(of: known), "\(Set(sequences))")
    }

    /// Email-borne escape sequences stay escaped: every escape in the output is the renderer's own.
    func testHostileTextGainsNoEscapes() throws {
        let report = Hostile.report()
        let painted = TextRenderer(color: true).render(report)
        XCTAssertNotNil(sgrSequences(painted), "an escape sequence that is not the renderer's")
        XCTAssertFalse(painted.contains(Hostile.clearScreen))
        XCTAssertEqual(stripped(painted), TextRenderer().render(report))
    }

    func testTheCommandColoursOnlyATerminalOrWhenAsked() throws {
        let inbox = try Sample.inbox.get()
        let report = ["report", inbox, "--name", "kvmarm"]
        // NO_COLOR set but empty does not disable colour (no-color.org); TERM is a real terminal's.
        let terminal = ["NO_COLOR": "", "TERM": "xterm-256color"]
        // On a terminal the progress line (stderr) erases itself with ESC [K: that is no colour.
        func escapes(_ r: Fixtures.Result) -> Bool {
            r.stdout.replacingOccurrences(of: "\u{1B}[K", with: "").contains("\u{1B}[")
        }

        let piped = try Fixtures.patchdigest(report, environment: terminal)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertFalse(escapes(piped))
        XCTAssertTrue(escapes(try Fixtures.patchdigest(report + ["--color", "always"], environment: ["NO_COLOR": "1"])))
        XCTAssertFalse(escapes(try Fixtures.patchdigest(report + ["--color", "always", "--format", "json"])))

        guard (try? Fixtures.run("/usr/bin/env", ["python3", "-c", "import pty"]))?.status == 0 else {
            throw XCTSkip("python3 is not installed (scripts/install-deps installs it): terminal cases skipped")
        }
        let onTerminal = try Fixtures.runOnTerminal(Fixtures.binary, report, environment: terminal)
        XCTAssertEqual(onTerminal.status, 0, onTerminal.stdout)
        XCTAssertTrue(onTerminal.stdout.contains("\u{1B}[32mNew\u{1B}[m"), onTerminal.stdout)
        XCTAssertFalse(escapes(try Fixtures.runOnTerminal(Fixtures.binary, report + ["--color", "never"], environment: terminal)))
        XCTAssertFalse(escapes(try Fixtures.runOnTerminal(Fixtures.binary, report, environment: ["NO_COLOR": "1", "TERM": "xterm"])))
        XCTAssertFalse(escapes(try Fixtures.runOnTerminal(Fixtures.binary, report, environment: ["NO_COLOR": "", "TERM": "dumb"])))
        XCTAssertEqual(try Fixtures.patchdigest(report + ["--color", "sometimes"]).status, 64)
    }
}
