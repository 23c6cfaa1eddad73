import Archive
import Foundation
import TestSupport
import XCTest

final class MboxReaderTests: XCTestCase {
    private let separator = "From mboxrd@z Thu Jan  1 00:00:00 1970\n"

    private func read(_ text: String, format: MboxFormat = .mboxrd) throws -> [RawMessage] {
        let path = try Sources.file(text)
        return try Sources.collect { try MboxReader.stream(path: path, format: format, $0) }.messages
    }

    private func text(_ message: RawMessage) -> String { String(decoding: message.bytes, as: UTF8.self) }

    func testMessagesComeOutExactlyWithPositionsOffsetsAndDates() throws {
        let first = Fixtures.email(subject: "one", id: "1@example.com", body: "first body\n")
        let second = Fixtures.email(subject: "two", id: "2@example.com", body: "second body\n")
        let head2 = "From jane@example.com Mon Nov 17 10:00:00 2025\n"
        let mbox = separator + first + "\n" + head2 + second + "\n"
        let messages = try read(mbox)
        XCTAssertEqual(messages.map(text), [first, second])
        XCTAssertEqual(messages.map(\.position), [0, 1])
        XCTAssertEqual(messages.map(\.commit), ["mbox:0", "mbox:\(separator.utf8.count + first.utf8.count + 1)"])
        // asctime of the From line, UTC; the epoch date of public-inbox's exports is 0.
        XCTAssertEqual(messages.map(\.commitTime), [0, 1_763_373_600])
        XCTAssertEqual(messages.map(\.epoch), [0, 0])
    }

    func testMboxrdUnquotesOneLevelOfEveryQuotedFromLine() throws {
        let body = ">From the start of a line\n>>From a quoted one\n>>>From deeper\n> From not quoted\n"
        let message = Fixtures.email(subject: "quoting", id: "q@example.com", body: body)
        let messages = try read(separator + message + "\n")
        XCTAssertEqual(messages.count, 1)
        XCTAssertTrue(text(messages[0]).hasSuffix(
            "\n\nFrom the start of a line\n>From a quoted one\n>>From deeper\n> From not quoted\n"))
    }

    func testMboxoUnquotesOnlySingleQuotedFromLines() throws {
        let body = ">From the start of a line\n>>From stays quoted\n"
        let message = Fixtures.email(subject: "quoting", id: "q@example.com", body: body)
        let messages = try read(separator + message + "\n", format: .mboxo)
        XCTAssertTrue(text(messages[0]).hasSuffix("\n\nFrom the start of a line\n>>From stays quoted\n"))
    }

    func testFromLinesInsideBodiesDoNotSplitUnlessTheyAreSeparators() throws {
        // An unquoted "From " that follows a text line, or follows a blank line but has no date,
        // stays in its message; one after a blank line with a date is a separator.
        let body = "Hello,\nFrom now on this is a body line.\n\nFrom here on too, since 2025.\n\nbye\n"
        let first = Fixtures.email(subject: "from lines", id: "f@example.com", body: body)
        let second = Fixtures.email(subject: "next", id: "n@example.com", body: "next\n")
        let messages = try read(separator + first + "\n" + "From x@y Tue Nov 18 09:30:00 2025 +0100\n" + second)
        XCTAssertEqual(messages.map(text), [first, second])
        XCTAssertEqual(messages[1].commitTime, 1_763_458_200 - 3600)
    }

    func testCRLFFilesKeepTheirLineEndings() throws {
        let first = Fixtures.email(subject: "crlf one", id: "c1@example.com", body: "line\n>From quoted\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let second = Fixtures.email(subject: "crlf two", id: "c2@example.com", body: "two\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let head = "From a@b Wed Nov 19 08:00:00 2025\r\n"
        let messages = try read(head + first + "\r\n" + head + second + "\r\n")
        XCTAssertEqual(messages.count, 2)
        XCTAssertEqual(text(messages[0]), first.replacingOccurrences(of: ">From quoted", with: "From quoted"))
        XCTAssertEqual(text(messages[1]), second)
        XCTAssertEqual(messages[1].commitTime, 1_763_539_200)
    }

    func testLastMessageWithoutTrailingNewlineAndLeadingBlankLines() throws {
        let message = Fixtures.email(subject: "last", id: "l@example.com", body: "no newline at the end")
        let messages = try read("\n\n" + separator + message)
        XCTAssertEqual(messages.map(text), [message])
        XCTAssertEqual(messages[0].commit, "mbox:2")
    }

    func testEmptyFileIsAnEmptyMbox() throws {
        XCTAssertTrue(try read("").isEmpty)
        XCTAssertTrue(try read("\n\n").isEmpty)
    }

    /// `checkStart` (what `add` asks) says what `stream` (what `update` does) would.
    func testCheckStartAgreesWithTheReader() throws {
        let message = Fixtures.email(subject: "x", id: "x@example.com", body: "x\n")
        let longFrom = "From " + String(repeating: "x", count: 1 << 20) + " Mon Nov 17 10:00:00 2025\n"
        let starts = ["", "\n\n", "\n\r\n\n" + separator + message, separator + message, "Subject: x\n\n" + separator,
                      "\n" + longFrom + message, longFrom]
        for start in starts {
            let path = try Sources.file(start)
            defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
            func outcome(_ body: () throws -> Void) -> String {
                do { try body(); return "accepted" } catch { return "\(error)" }
            }
            XCTAssertEqual(outcome { try MboxReader.stream(path: path) { _ in } }, outcome { try MboxReader.checkStart(path: path) },
                           start.prefix(40).debugDescription)
        }
        let long = try Sources.file(longFrom + message)
        defer { try? FileManager.default.removeItem(atPath: (long as NSString).deletingLastPathComponent) }
        XCTAssertThrowsError(try MboxReader.checkStart(path: long)) {
            XCTAssertEqual($0 as? ArchiveError, .notAnMbox(path: long, reason: "its first \"From \" line is longer than 1 MB"))
        }
    }

    func testGarbageIsRefusedWithAClearError() throws {
        var garbage = [UInt8](repeating: 0, count: 4096)
        for i in garbage.indices { garbage[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7) }
        let binary = try Sources.file(garbage)
        XCTAssertThrowsError(try MboxReader.stream(path: binary) { _ in XCTFail("no item expected") }) { error in
            XCTAssertEqual(error as? ArchiveError, .notAnMbox(path: binary, reason: "it does not start with a \"From \" line"))
            XCTAssertTrue(String(describing: error).contains("not an mbox file"))
        }
        // A bare email is not an mbox either.
        let email = try Sources.file(Fixtures.email(subject: "x", id: "x@example.com", body: "x\n"))
        XCTAssertThrowsError(try MboxReader.stream(path: email) { _ in })
        let directory = Fixtures.temporaryDirectory().path
        XCTAssertThrowsError(try MboxReader.stream(path: directory) { _ in }) {
            XCTAssertEqual($0 as? ArchiveError, .notAnMbox(path: directory, reason: "it is a directory, not a regular file"))
        }
        XCTAssertThrowsError(try MboxReader.stream(path: directory + "/missing") { _ in }) {
            XCTAssertEqual($0 as? ArchiveError, .noSuchSource(directory + "/missing"))
        }
    }

    func testGzipCompressedMboxSaysSo() throws {
        let path = try Sources.file(separator + "Subject: x\n\nx\n")
        XCTAssertEqual(try Fixtures.run("/usr/bin/env", ["gzip", path]).status, 0)
        XCTAssertThrowsError(try MboxReader.stream(path: path + ".gz") { _ in }) {
            XCTAssertEqual($0 as? ArchiveError, .notAnMbox(path: path + ".gz", reason: "it is gzip-compressed (gunzip it first)"))
        }
    }

    func testResumingAtTheLastMessageReadSeesItAgainThenTheNewOnes() throws {
        let first = Fixtures.email(subject: "one", id: "1@example.com", body: "one\n")
        let second = Fixtures.email(subject: "two", id: "2@example.com", body: "two\n")
        let path = try Sources.file(separator + first + "\n" + separator + second + "\n")
        let before = try Sources.collect { try MboxReader.stream(path: path, $0) }.messages
        // The list's archiver appends a message.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data((separator + Fixtures.email(subject: "three", id: "3@example.com", body: "three\n") + "\n").utf8))
        try handle.close()
        let offset = Int(before[1].commit.dropFirst("mbox:".count))!
        let after = try Sources.collect { try MboxReader.stream(path: path, from: offset, $0) }.messages
        XCTAssertEqual(after.map { Sources.messageID($0.bytes) }, ["2@example.com", "3@example.com"])
        XCTAssertEqual(after[0].bytes, before[1].bytes)
        XCTAssertEqual(after[0].commit, before[1].commit)
        XCTAssertEqual(after.map(\.position), [0, 1])
        // An offset that is not a From line (the file was rewritten) is refused, not misread.
        XCTAssertThrowsError(try MboxReader.stream(path: path, from: offset + 1) { _ in }) {
            XCTAssertEqual($0 as? ArchiveError,
                           .notAnMbox(path: path, reason: "no \"From \" line at byte \(offset + 1) (the file changed?)"))
        }
        XCTAssertThrowsError(try MboxReader.stream(path: path, from: 1 << 30) { _ in })
    }

    func testBinaryBytesInsideAMessageAreHandedOverUntouched() throws {
        var bytes = Array(separator.utf8) + Array("Subject: nul\n\n".utf8)
        bytes += [0, 0xFF, 0xFE, 0x0D, 0x80, UInt8(ascii: "\n")]
        bytes += Array("\n".utf8) + Array(separator.utf8) + Array("Subject: after\n\nok\n".utf8)
        let path = try Sources.file(bytes)
        let messages = try Sources.collect { try MboxReader.stream(path: path, $0) }.messages
        XCTAssertEqual(messages.count, 2)
        XCTAssertEqual(messages[0].bytes, Array("Subject: nul\n\n".utf8) + [0, 0xFF, 0xFE, 0x0D, 0x80, UInt8(ascii: "\n")])
        XCTAssertEqual(text(messages[1]), "Subject: after\n\nok\n")
    }

    func testLinesLongerThanTheReadBufferStayWhole() throws {
        let long = String(repeating: "x", count: 3 << 20) + "\n"
        let message = "Subject: long\n\n" + long + ">From quoted after the long line\n"
        let messages = try read(separator + message + "\n" + separator + "Subject: next\n\nn\n")
        XCTAssertEqual(messages.count, 2)
        XCTAssertEqual(messages[0].bytes.count, message.utf8.count - 1)
        XCTAssertTrue(text(messages[0]).hasSuffix("x\nFrom quoted after the long line\n"))
    }

    func testAMessageTooLargeToHoldIsACountedSkip() throws {
        let path = Fixtures.temporaryDirectory("mbox").appendingPathComponent("big").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.write(Data((separator + "Subject: huge\n\n").utf8))
        let line = Data((String(repeating: "y", count: (1 << 20) - 1) + "\n").utf8)
        for _ in 0..<(MboxReader.maximumMessageBytes >> 20) + 1 { handle.write(line) }
        handle.write(Data(("\n" + separator + "Subject: small\n\nsmall\n").utf8))
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (messages, others) = try Sources.collect { try MboxReader.stream(path: path, $0) }
        XCTAssertEqual(others.map(\.position), [0])
        XCTAssertEqual(others.first?.commit, "mbox:0")
        XCTAssertEqual(messages.map(text), ["Subject: small\n\nsmall\n"])
        XCTAssertEqual(messages.map(\.position), [1])
    }

    /// 10,000 messages, ~80 MB: the reader holds one buffer and one message, so the process grows
    /// by far less than the file.
    func testTenThousandMessagesStreamWithBoundedMemory() throws {
        let count = 10_000
        let path = Fixtures.temporaryDirectory("mbox").appendingPathComponent("big.mbox").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let filler = String(repeating: String(repeating: "patch line ", count: 90) + "\n", count: 8)
        var chunk = Data()
        for i in 0..<count {
            chunk.append(contentsOf: (separator + "Subject: message \(i)\nMessage-ID: <m\(i)@example.com>\n\n").utf8)
            chunk.append(contentsOf: filler.utf8)
            chunk.append(contentsOf: "\n".utf8)
            if i % 500 == 499 { handle.write(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        try handle.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        XCTAssertGreaterThan(size, 75_000_000)

        func expectedSize(_ i: Int) -> Int { "Subject: message \(i)\nMessage-ID: <m\(i)@example.com>\n\n".utf8.count + filler.utf8.count }
        let baseline = residentBytes()
        var peak = baseline
        var seen = 0
        var inOrder = true
        try MboxReader.stream(path: path) { item in
            guard case .message(let message) = item else { inOrder = false; return }
            if message.position != seen || message.bytes.count != expectedSize(seen) { inOrder = false }
            if seen % 250 == 0 {
                if Sources.messageID(message.bytes) != "m\(seen)@example.com" { inOrder = false }
                peak = max(peak, residentBytes())
            }
            seen += 1
        }
        XCTAssertEqual(seen, count)
        XCTAssertTrue(inOrder)
        XCTAssertLessThan(peak - baseline, 24 << 20, "memory grew by \(peak - baseline) bytes for a \(size)-byte mbox")
    }

    private func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
