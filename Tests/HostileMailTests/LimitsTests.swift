import Archive
import Digest
import Mail
import Patches
import TestSupport
import XCTest

/// The limits that protect the user: oversized messages are never loaded, nesting is bounded.
final class LimitsTests: XCTestCase {
    /// The stream hands an oversized message over as a NonMessage with its size, in its place,
    /// and the messages around it whole.
    func testStreamPassesOverAnOversizedMessageWithItsSize() throws {
        let big = HostileCorpus.mail(HostileCorpus.headers("big", subject: "[PATCH] big: over the limit"),
                                     body: String(repeating: "+ a line of the diff\n", count: 10_000))
        let dir = Fixtures.temporaryDirectory("limits")
        for (i, bytes) in [HostileCorpus.duplicateID1.bytes, big, HostileCorpus.duplicateID2.bytes].enumerated() {
            try Data(bytes).write(to: dir.appendingPathComponent("\(i).eml"))
        }
        let inbox = try Inbox.open(try Fixtures.inbox(directory: dir.path, options: ["--v1"]).path)
        let range = try inbox.resolveRange(from: nil, to: nil)
        var seen: [String] = []
        try inbox.stream(range, workers: 2, maxMessageSize: 100_000, transform: { $0 }) { item in
            switch item {
            case .message(let raw): seen.append("\(raw.position): \(raw.bytes.count) bytes")
            case .nonMessage(let non): seen.append("\(non.position): over, \(non.oversizedBytes ?? -1) bytes")
            }
        }
        XCTAssertEqual(seen, ["0: \(HostileCorpus.duplicateID1.bytes.count) bytes", "1: over, \(big.count) bytes",
                              "2: \(HostileCorpus.duplicateID2.bytes.count) bytes"])
    }

    /// An oversized message is never read, so its commit time dates it for --since/--until.
    func testOversizedMessageIsDatedByItsCommit() {
        let item = ArchiveItem.nonMessage(NonMessage(commit: "c", epoch: 0, position: 0, isRemoval: false,
                                                     oversizedBytes: 70_000_000, commitTime: 1_000))
        var options = DigestOptions()
        options.since = 2_000
        XCTAssertEqual(DigestBuilder.make(items: [item], options: options, name: "x").skipped.count, 0)
        options.since = 500
        XCTAssertEqual(DigestBuilder.make(items: [item], options: options, name: "x").skipped.map(\.reason),
                       ["message of 70000000 bytes is over the 67108864-byte limit"])
    }

    /// Ten thousand levels of multipart: the walker stops at its bound (no stack overflow) and the
    /// mail still counts.
    func testTenThousandLevelsOfMultipart() throws {
        var body = "--l0\n"
        for level in 1..<10_000 { body += "Content-Type: multipart/mixed; boundary=l\(level)\n\n--l\(level)\n" }
        body += "\ntext\n"
        let bytes = HostileCorpus.mail(HostileCorpus.headers("deep", subject: "[PATCH] deep: ten thousand levels",
                                                             extra: ["Content-Type: multipart/mixed; boundary=l0"]),
                                       body: body)
        XCTAssertEqual(try Message.parse(bytes).textParts().count, 0)
        let report = DigestBuilder.make(items: [.message(RawMessage(bytes: bytes, commit: "c", epoch: 0, position: 0,
                                                                     commitTime: 0))],
                                        options: DigestOptions(), name: "deep")
        XCTAssertEqual(report.patches, 1)
    }

    /// Deeply nested comments, quotes and brackets in headers are read in loops, not recursion.
    func testDeeplyNestedHeaderSyntax() throws {
        let parens = String(repeating: "(", count: 100_000) + String(repeating: ")", count: 100_000)
        let brackets = String(repeating: "[", count: 100_000) + "PATCH" + String(repeating: "]", count: 100_000)
        let bytes = HostileCorpus.mail(["From: Jane \(parens) <jane@example.org>", "Subject: \(brackets) x",
                                        "Message-ID: <\(String(repeating: "<", count: 50_000))a@b>",
                                        "Date: \(parens)"], body: "x\n")
        let message = try Message.parse(bytes)
        XCTAssertEqual(message.from?.address, "jane@example.org")
        XCTAssertEqual(message.messageID, "a@b")
        XCTAssertNil(message.date)
        XCTAssertEqual(SubjectTags.parse(message.subject).kind, .other)
    }

    /// A reply chain of 2,000 patch mails (each answering the one before, no References): thread
    /// roots are found with a bounded walk, and every mail is counted once.
    func testLongReplyChain() {
        let items: [ArchiveItem] = (0..<2_000).map { i in
            var headers = HostileCorpus.headers("chain\(i)", subject: "[PATCH \(i % 50 + 1)/50] chain: link \(i)")
            if i > 0 { headers.append("In-Reply-To: <chain\(i - 1)@example.org>") }
            return .message(RawMessage(bytes: HostileCorpus.mail(headers, body: "Link.\n"), commit: "c\(i)", epoch: 0,
                                       position: i, commitTime: 1_763_373_600 + Int64(i)))
        }
        let report = DigestBuilder.make(items: items, options: DigestOptions(), name: "chain")
        XCTAssertEqual(report.patches, 2_000)
        XCTAssertEqual(report.series.reduce(0) { $0 + $1.patchEmails }, 2_000)
    }
}
