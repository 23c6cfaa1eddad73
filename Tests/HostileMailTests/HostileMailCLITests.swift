import Foundation
import Mail
import TestSupport
import XCTest

/// The hostile mails in a real archive (built by scripts/make-inbox), through the command: the
/// digest's counts, `patchdigest messages`, the size limit, and the memory a huge mail takes.
final class HostileMailCLITests: XCTestCase {
    /// One archive holding every case of HostileCorpus.all, in order.
    private static let hostileInbox: Result<URL, Error> = Result {
        let dir = Fixtures.temporaryDirectory("hostile")
        for (i, mail) in HostileCorpus.all.enumerated() {
            try Data(mail.bytes).write(to: dir.appendingPathComponent(String(format: "%03d-%@.eml", i, mail.name)))
        }
        // And a public-inbox removal commit after them.
        try Data(HostileCorpus.duplicateID1.bytes).write(to: dir.appendingPathComponent("999-removal.d.eml"))
        return try Fixtures.inbox(directory: dir.path, options: ["--v1"])
    }

    private func commits(_ inbox: URL) throws -> [String] {
        try Fixtures.git(["--git-dir=\(inbox.path)", "rev-list", "--reverse", "HEAD"]).stdout.split(separator: "\n").map(String.init)
    }

    private func json(_ result: Fixtures.Result, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try json(PeakMemory.Outcome(status: result.status, stdout: result.stdout, stderr: result.stderr), file: file, line: line)
    }

    private func json(_ result: PeakMemory.Outcome, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                             file: file, line: line)
    }

    private func lines(_ result: Fixtures.Result) throws -> [[String: Any]] {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try result.stdout.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testReportCountsEveryCase() throws {
        let inbox = try Self.hostileInbox.get()
        let report = try json(try Fixtures.patchdigest(["report", inbox.path, "--format", "json"]))
        let mails = HostileCorpus.all
        var patches = 0
        var skipped: [Int: String] = [:]
        var purged = 0
        var authors: [String: Int] = [:]
        for (i, mail) in mails.enumerated() {
            switch mail.expected {
            case .patch(let author):
                patches += 1
                authors[author, default: 0] += 1
            // An empty `m` in an archive is what public-inbox-purge leaves behind: a removal.
            case .skipped where mail.bytes.isEmpty: purged += 1
            case .skipped(let reason): skipped[i] = reason
            case .reply, .other: break
            }
        }
        XCTAssertEqual(report["messages"] as? Int, mails.count - skipped.count - purged)
        XCTAssertEqual(report["removals"] as? Int, 1 + purged)
        XCTAssertEqual(report["patches"] as? Int, patches)
        let listed = report["skipped"] as? [[String: Any]] ?? []
        XCTAssertEqual(listed.compactMap { $0["position"] as? Int }.sorted(), skipped.keys.sorted())
        for entry in listed {
            let reason = entry["reason"] as? String ?? ""
            XCTAssertTrue(reason.contains(skipped[entry["position"] as? Int ?? -1] ?? "?"), reason)
        }
        let contributors = report["contributors"] as? [[String: Any]] ?? []
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: contributors.map { ($0["email"] as? String ?? "", $0["count"] as? Int ?? 0) }),
                       authors)

        // The text digest prints no control character a terminal would act on.
        let text = try Fixtures.patchdigest(["report", inbox.path])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("\(skipped.count) unreadable messages skipped"), text.stdout)
        XCTAssertNil(text.stdout.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) })
    }

    func testMessagesListsEveryCaseWithItsKindAndAuthor() throws {
        let inbox = try Self.hostileInbox.get()
        let result = try Fixtures.patchdigest(["messages", inbox.path])
        let records = try lines(result)
        XCTAssertEqual(records.count, HostileCorpus.all.count + 1)
        XCTAssertEqual(records.last?["kind"] as? String, "removal")
        XCTAssertEqual(records.last?["position"] as? Int, HostileCorpus.all.count)
        // Control characters are escaped, so every line is JSON and nothing reaches a terminal raw.
        XCTAssertTrue(result.stdout.contains(#""messageId":"nul\u0000id@example.org""#), result.stdout)
        XCTAssertNil(result.stdout.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
        XCTAssertTrue(result.stdout.contains(#""subject":"[PATCH] esc: \u001b[31mred\u001b[0m \u009b2J\u0007""#), result.stdout)
        for (i, mail) in HostileCorpus.all.enumerated() {
            guard let record = records.first(where: { $0["position"] as? Int == i }) else {
                XCTFail("no line for position \(i) (\(mail.name))")
                continue
            }
            let kind = record["kind"] as? String
            switch mail.expected {
            case .patch(let author):
                XCTAssertTrue(kind == "patch" || kind == "cover", "\(mail.name): \(kind ?? "nil")")
                XCTAssertEqual((record["author"] as? [String: Any])?["email"] as? String, author, mail.name)
                XCTAssertNotNil(record["N"] as? Int, mail.name)
            case .reply: XCTAssertEqual(kind, "reply", mail.name)
            case .other: XCTAssertEqual(kind, "other", mail.name)
            case .skipped where mail.bytes.isEmpty:
                XCTAssertEqual(kind, "removal", "an empty message blob is a purge's removal")
            case .skipped(let reason):
                XCTAssertEqual(kind, "skipped", mail.name)
                XCTAssertTrue((record["reason"] as? String ?? "").contains(reason), mail.name)
            }
        }
    }

    func testMessagesTakesARangeAndRefusesUnknownRevisions() throws {
        let inbox = try Self.hostileInbox.get()
        let all = try commits(inbox)
        let tail = try lines(try Fixtures.patchdigest(["messages", inbox.path, "--from", String(all[20].prefix(10))]))
        XCTAssertEqual(tail.compactMap { $0["commit"] as? String }, Array(all[21...]))
        XCTAssertEqual(tail.compactMap { $0["position"] as? Int }, Array(0..<(all.count - 21)))
        let head = try lines(try Fixtures.patchdigest(["messages", inbox.path, "--to", all[1]]))
        XCTAssertEqual(head.compactMap { $0["commit"] as? String }, Array(all[...1]))

        // Dates select as in the digest: only the mail dated in the far future is after 2100. It
        // was committed long before, so --since alone would not read its commit: --from reads all.
        let future = try lines(try Fixtures.patchdigest(["messages", inbox.path, "--from", all[0], "--since", "2100-01-01"]))
        XCTAssertFalse(future.isEmpty)
        XCTAssertLessThan(future.count, all.count)
        for record in future where record["kind"] as? String != "skipped" && record["kind"] as? String != "removal" {
            XCTAssertGreaterThanOrEqual(record["date"] as? String ?? "", "2100", "\(record)")
        }
        // A usage error, as ArgumentParser reports them (exit 64).
        let badDate = try Fixtures.patchdigest(["messages", inbox.path, "--until", "someday"])
        XCTAssertEqual(badDate.status, 64)
        XCTAssertTrue(badDate.stderr.hasPrefix("Error: --until: cannot read the date 'someday'\n"), badDate.stderr)

        let bad = try Fixtures.patchdigest(["messages", inbox.path, "--from", "no-such-rev"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stdout, "")
        XCTAssertEqual(bad.stderr, "patchdigest: unknown revision 'no-such-rev' in this archive\n")
    }

    /// --max-message-size: the two mails over 100 KB are skipped, with their sizes in the reason.
    func testMaxMessageSizeSkipsLargerMessagesWithTheirSize() throws {
        let inbox = try Self.hostileInbox.get()
        let report = try json(try Fixtures.patchdigest(["report", inbox.path, "--format", "json", "--max-message-size", "100000"]))
        let reasons = (report["skipped"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        for mail in [HostileCorpus.megabyteHeaderLine, HostileCorpus.tenThousandRecipients] {
            XCTAssertTrue(reasons.contains("message of \(mail.bytes.count) bytes is over the 100000-byte limit"),
                          "\(mail.name): \(reasons)")
        }
        XCTAssertEqual(reasons.count, 4, "two unreadable mails and the two over the limit")
        let bad = try Fixtures.patchdigest(["report", inbox.path, "--max-message-size", "0"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--max-message-size must be at least 1"), bad.stderr)
    }

    // MARK: - Huge messages and memory

    /// An archive of a small patch and one huge message of `size` bytes (a patch whose diff adds
    /// lines until the size is reached).
    private func hugeInbox(size: Int) throws -> URL {
        let dir = Fixtures.temporaryDirectory("huge")
        try Data(HostileCorpus.mail(HostileCorpus.headers("small", subject: "[PATCH] small: before the huge one"),
                                    body: HostileCorpus.patchBody)).write(to: dir.appendingPathComponent("001.eml"))
        let head = HostileCorpus.mail(HostileCorpus.headers("huge", subject: "[PATCH] huge: add the firmware table",
                                                            from: "Fred Huge <fred@example.com>"),
                                      body: "Add the table.\n\nSigned-off-by: Fred Huge <fred@example.com>\n---\n"
                                          + " fw/table.c | 999999 +++++\n 1 file changed, 999999 insertions(+)\n\n"
                                          + "diff --git a/fw/table.c b/fw/table.c\n--- /dev/null\n+++ b/fw/table.c\n@@ -0,0 +1,999999 @@\n")
        let line = Array("+\t0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,\n".utf8)
        var bytes = head
        bytes.reserveCapacity(size + line.count)
        while bytes.count + line.count <= size { bytes += line }
        bytes += [UInt8](repeating: UInt8(ascii: "\n"), count: size - bytes.count)
        try Data(bytes).write(to: dir.appendingPathComponent("002.eml"))
        return try Fixtures.inbox(directory: dir.path, options: ["--v1"])
    }

    /// A 50 MB patch is read and counted; the process's peak memory stays under 64 MB plus three
    /// times the message.
    func testFiftyMegabyteMessageInBoundedMemory() throws {
        let size = 50 << 20
        let inbox = try hugeInbox(size: size)
        let (result, peak) = try PeakMemory.run(Fixtures.binary, ["report", inbox.path, "--format", "json"])
        let report = try json(result)
        XCTAssertEqual(report["patches"] as? Int, 2)
        XCTAssertEqual((report["skipped"] as? [Any])?.count, 0)
        let contributors = (report["contributors"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
        XCTAssertEqual(Set(contributors), ["jane@example.org", "fred@example.com"])
        XCTAssertLessThan(peak, (64 << 20) + 3 * size, "peak RSS \(peak >> 20) MB")
        print("50 MB message: peak RSS \(peak >> 20) MB")
    }

    /// An inbox of one patch mail whose body is `head` and then `line` repeated up to `size` bytes.
    private func shapeInbox(size: Int, head: String, line: String, tail: String = "",
                            from: String = "Jane Doe <jane@example.org>") throws -> URL {
        let dir = Fixtures.temporaryDirectory("shape")
        defer { try? FileManager.default.removeItem(at: dir) }
        let headers = HostileCorpus.headers("shape", subject: "[PATCH] shape: one hostile body", from: from)
        var bytes = HostileCorpus.mail(headers, body: head)
        let unit = Array(line.utf8), end = Array(tail.utf8)
        bytes.reserveCapacity(size)
        while !unit.isEmpty, bytes.count + unit.count + end.count <= size { bytes += unit }
        bytes += end
        try Data(bytes).write(to: dir.appendingPathComponent("001.eml"))
        return try Fixtures.inbox(directory: dir.path, options: ["--v1"])
    }

    /// The digest of a shape, its peak memory checked against the promise: 64 MB plus three
    /// times the message.
    @discardableResult
    private func assertBoundedMemory(_ inbox: URL, size: Int, file: StaticString = #filePath,
                                     line: UInt = #line) throws -> [String: Any] {
        defer { try? FileManager.default.removeItem(at: inbox) }
        let (result, peak) = try PeakMemory.run(Fixtures.binary, ["report", inbox.path, "--format", "json"])
        let report = try json(result, file: file, line: line)
        XCTAssertEqual(report["patches"] as? Int, 1, file: file, line: line)
        XCTAssertLessThan(peak, (64 << 20) + 3 * size, "peak RSS \(peak >> 20) MB", file: file, line: line)
        print("\(size >> 20) MB shape: peak RSS \(peak >> 20) MB")
        return report
    }

    /// The one contributor of a shape's report: its name and address.
    private func contributor(_ report: [String: Any]) -> (name: String, email: String)? {
        guard let rows = report["contributors"] as? [[String: Any]], rows.count == 1,
              let name = rows[0]["name"] as? String, let email = rows[0]["email"] as? String else { return nil }
        return (name, email)
    }

    /// A body of blank lines: one Substring per line took 40 bytes per byte of the message.
    /// (2 MB: about 25 s in the debug build, 119 MB before lines were read in place; the
    /// release build reads 50 MB in 19 s
    /// with a peak of 180 MB, 2.1 GB before.)
    func testBodyOfBlankLinesInBoundedMemory() throws {
        let size = 2 << 20
        try assertBoundedMemory(try shapeInbox(size: size, head: "Text.\n", line: "\n"), size: size)
    }

    /// A diffstat of a million file lines: a String per line and per path took twelve bytes per
    /// byte. (8 MB: about 50 s in the debug build, 127 MB before; 50 MB: 16 s and 192 MB in the
    /// release build, 607 MB before.)
    func testDiffstatOfAMillionFilesInBoundedMemory() throws {
        let size = 8 << 20
        let inbox = try shapeInbox(size: size, head: "Text.\n---\n", line: " f | 1 +\n",
                                   tail: " 1 file changed, 1 insertion(+)\n")
        try assertBoundedMemory(inbox, size: size)
    }

    /// A body of NUL bytes: each one is six bytes of JSON (`\u0000`), and the JSON was held three
    /// times on its way out (the encoder's bytes, a String, then Data for the write). (8 MB in
    /// the debug build: 50 MB; 50 MB in the release build: 174 MB, 681 MB before.)
    func testBodyOfNULBytesInBoundedMemory() throws {
        let size = 8 << 20
        try assertBoundedMemory(try shapeInbox(size: size, head: "Text.\n", line: "\u{0}"), size: size)
    }

    /// A display name of megabytes in From, quoted: copied by each step from the field to the
    /// report, and then written several times into the JSON. A name keeps `Mailbox.nameLimit`
    /// bytes, and the field is read where it stands. (24 MB, where the copies outgrow the fixed
    /// 64 MB: 146 MB before in the release build; 50 MB: 126 MB, 274 MB before, 581 MB at
    /// first.)
    func testQuotedNameInFromInBoundedMemory() throws {
        let size = 24 << 20
        let name = String(repeating: "N", count: size)
        let inbox = try shapeInbox(size: 0, head: "Text.\n", line: "", from: "\"\(name)\" <jane@example.org>")
        let report = try assertBoundedMemory(inbox, size: size)
        XCTAssertEqual(contributor(report)?.email, "jane@example.org")
        XCTAssertEqual(contributor(report)?.name, String(repeating: "N", count: Mailbox.nameLimit) + "…")
    }

    /// Comments nested megabytes deep in From: the comment was gathered into an array that grew
    /// by doubling, then copied again. (24 MB here, big enough for the copies to outgrow the
    /// fixed 64 MB: 121 MB before; 50 MB in the release build: 126 MB, 224 MB before, 280 MB
    /// at first.)
    func testNestedCommentsInFromInBoundedMemory() throws {
        let depth = 12 << 20
        let from = "Jane Doe <jane@example.org> " + nested(depth)
        let inbox = try shapeInbox(size: 0, head: "Text.\n", line: "", from: from)
        let report = try assertBoundedMemory(inbox, size: 2 * depth)
        XCTAssertEqual(contributor(report)?.email, "jane@example.org")
        XCTAssertEqual(contributor(report)?.name, "Jane Doe")
    }

    /// The same with the comment as the name of a bare address (`x@y (a (b …))`): cut to
    /// `Mailbox.nameLimit`. (50 MB in the release build: 126 MB, 224 MB before.)
    func testNestedCommentNameInFromInBoundedMemory() throws {
        let depth = 12 << 20
        let inbox = try shapeInbox(size: 0, head: "Text.\n", line: "", from: "jane@example.org " + nested(depth))
        let report = try assertBoundedMemory(inbox, size: 2 * depth)
        XCTAssertEqual(contributor(report)?.email, "jane@example.org")
        XCTAssertEqual(contributor(report)?.name, String(repeating: "(", count: Mailbox.nameLimit) + "…")
    }

    /// A name of four million words in From: each word was a token (24 bytes and more), all held
    /// at once. (8 MB: 290 MB before in the release build; 50 MB: 126 MB, 1,592 MB before.)
    func testNameOfMillionsOfWordsInFromInBoundedMemory() throws {
        let size = 8 << 20
        let from = String(repeating: "a ", count: size / 2) + "<jane@example.org>"
        let report = try assertBoundedMemory(try shapeInbox(size: 0, head: "Text.\n", line: "", from: from), size: size)
        XCTAssertEqual(contributor(report)?.email, "jane@example.org")
        XCTAssertEqual(contributor(report)?.name.hasSuffix("…"), true)
    }

    /// A patch whose in-body From (the author) names a quoted name of megabytes: the line was
    /// copied into a String, then into an array, before the name was read. (24 MB: 170 MB
    /// before in the release build; 50 MB: 176 MB, 324 MB before.)
    func testQuotedNameInBodyFromInBoundedMemory() throws {
        let size = 24 << 20
        let head = "From: \"" + String(repeating: "N", count: size) + "\" <author@example.org>\n\nText.\n"
        let report = try assertBoundedMemory(try shapeInbox(size: 0, head: head, line: ""), size: size)
        XCTAssertEqual(contributor(report)?.email, "author@example.org")
        XCTAssertEqual(contributor(report)?.name, String(repeating: "N", count: Mailbox.nameLimit) + "…")
    }

    /// Comments nested megabytes deep in the in-body From. (24 MB: 146 MB before in the release
    /// build; 50 MB: 176 MB, 274 MB before.)
    func testNestedCommentsInBodyFromInBoundedMemory() throws {
        let depth = 12 << 20
        let head = "From: Ann Author <author@example.org> " + nested(depth) + "\n\nText.\n"
        let report = try assertBoundedMemory(try shapeInbox(size: 0, head: head, line: ""), size: 2 * depth)
        XCTAssertEqual(contributor(report)?.email, "author@example.org")
        XCTAssertEqual(contributor(report)?.name, "Ann Author")
    }

    /// `depth` comments, each inside the one before.
    private func nested(_ depth: Int) -> String {
        String(repeating: "(", count: depth) + "c" + String(repeating: ")", count: depth)
    }

    /// Over the default limit (64 MB): skipped and reported, and never loaded — the process's peak
    /// memory stays below the size of the message itself.
    func testMessageOverTheLimitIsSkippedWithoutLoadingIt() throws {
        let size = 80 << 20
        let inbox = try hugeInbox(size: size)
        let (result, peak) = try PeakMemory.run(Fixtures.binary, ["report", inbox.path, "--format", "json"])
        let report = try json(result)
        XCTAssertEqual(report["patches"] as? Int, 1)
        XCTAssertEqual(report["messages"] as? Int, 1)
        let skipped = report["skipped"] as? [[String: Any]] ?? []
        XCTAssertEqual(skipped.first?["reason"] as? String, "message of \(size) bytes is over the 67108864-byte limit")
        XCTAssertEqual(skipped.first?["position"] as? Int, 1)
        XCTAssertLessThan(peak, 64 << 20, "peak RSS \(peak >> 20) MB")
        print("80 MB message skipped: peak RSS \(peak >> 20) MB")

        let listing = try lines(try Fixtures.patchdigest(["messages", inbox.path]))
        XCTAssertEqual(listing.map { $0["kind"] as? String }, ["patch", "skipped"])
        XCTAssertEqual(listing.last?["reason"] as? String, "message of \(size) bytes is over the 67108864-byte limit")
    }
}

/// Runs a program and watches its peak resident memory (VmHWM in /proc/PID/status), sampled until
/// it exits. The high-water mark only grows, so a late sample sees every earlier peak.
enum PeakMemory {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (Outcome, Int) {
        guard FileManager.default.fileExists(atPath: "/proc/self/status") else {
            throw XCTSkip("no /proc on this system: the peak memory cannot be read")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let peak = Peak()
        let group = DispatchGroup()
        let errData = Peak.DataBox()
        group.enter()
        Thread.detachNewThread {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        Thread.detachNewThread {
            while process.isRunning {
                if let kb = highWaterMark(pid) { peak.record(kb * 1024) }
                usleep(1000)
            }
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        let result = Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                     stderr: String(decoding: errData.data, as: UTF8.self))
        guard peak.value > 0 else { throw XCTSkip("could not read VmHWM of the process") }
        return (result, peak.value)
    }

    /// VmHWM in kB, or nil once the process is gone.
    private static func highWaterMark(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }

    final class Peak: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes = 0
        var value: Int { lock.lock(); defer { lock.unlock() }; return bytes }
        func record(_ b: Int) { lock.lock(); bytes = max(bytes, b); lock.unlock() }

        final class DataBox: @unchecked Sendable { var data = Data() }
    }
}
