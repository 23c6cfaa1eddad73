import Archive
import Foundation
import TestSupport
import XCTest

/// Small helpers shared by the message-source tests.
enum Sources {
    /// Every item a reader hands over, split by kind.
    static func collect(_ stream: ((ArchiveItem) -> Void) throws -> Void) rethrows -> (messages: [RawMessage], others: [NonMessage]) {
        var messages: [RawMessage] = [], others: [NonMessage] = []
        try stream { item in
            switch item {
            case .message(let m): messages.append(m)
            case .nonMessage(let n): others.append(n)
            }
        }
        return (messages, others)
    }

    /// The Message-ID of raw bytes, without its angle brackets ("" when there is none).
    static func messageID(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty { break }
            if line.lowercased().hasPrefix("message-id:") {
                return line.dropFirst(11).trimmingCharacters(in: CharacterSet(charactersIn: " <>\t"))
            }
        }
        return ""
    }

    /// A fresh file holding `bytes`.
    static func file(_ bytes: [UInt8], name: String = "mbox") throws -> String {
        let path = Fixtures.temporaryDirectory("source").appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func file(_ text: String, name: String = "mbox") throws -> String {
        try file(Array(text.utf8), name: name)
    }
}

extension Inbox {
    /// The tip of every epoch that has commits: the cursors of an archive read to its end.
    func tips() throws -> [Int: String] {
        var result: [Int: String] = [:]
        for epoch in epochs {
            if let tip = try? tipCommit(of: epoch) { result[epoch.number] = tip.commit }
        }
        return result
    }
}
