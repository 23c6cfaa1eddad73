import Foundation
import Glibc

/// The links a cover letter or a single patch gives to its own earlier versions (posting style 7):
///
///     - Link to v1: https://lore.kernel.org/r/20250101-foo-v1-0-abc@example.org     (b4)
///     Supersedes: <20250101.1234-1-jane@example.org>
///     v2: https://lore.kernel.org/linux-block/20250101.1234-1-jane@example.org/
///     - v1: https://lore.kernel.org/all/20250101.1234-1-jane@example.org/
///     Followup to v2 here: https://patch.msgid.link/20250101.1234-1-jane@example.org
///     Previous version: https://lkml.kernel.org/r/20250101.1234-1-jane@example.org
///     Changes in v3 (v2: <20250101.1234-1-jane@example.org>)
///
/// Rule: a line (above the diff) that names an earlier version before its first message
/// reference, and holds one. Naming a version is `vN` as a word (`v2`, `V2`, `v1->v2`; not `v4l2`,
/// nor a kernel release `v6.12`, `v6.12-rc1`),
/// "link to", "supersedes", "follow-up to" (any spelling), or "previous", "earlier", "prior",
/// "last", "older" before "version", "revision", "posting", "post", "series", "patchset",
/// "iteration", "submission", "spin" or "round". Only the text before the reference counts: a b4
/// Message-ID holds `-v2-` itself. A reference is an http(s) URL, or `lore.kernel.org/…`,
/// `lkml.kernel.org/…`, `patch.msgid.link/…` without a scheme, whose path holds a Message-ID (the
/// last part with an `@`, percent-decoded: `%40` is `@`); or, right after a word ending in `:`,
/// `<id@host>` or a bare `id@host`. Every reference of such a line is taken, once each.
///
/// A line that says the series needs another ("depends on", "based on", "on top of",
/// "prerequisite", "requires") links that one, not an earlier version.
///
/// A trailer is never one: a line opening with `Key:` (`Link:`, `Closes:`, `Reported-by:`) links a
/// bug report or a discussion, unless its key names a version itself (`Supersedes:`, `v2:`).
enum VersionLinks {
    /// The Message-IDs the text links as earlier versions, in order, each once.
    static func messageIDs(in text: String) -> [String] {
        var text = text
        var ids: [String] = []
        var seen = Set<String>()
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            var start = 0
            // A byte scan: only lines holding `@` or `%` (every reference has one) become Strings.
            while start < count {
                let end = memchr(base + start, 0x0A, count - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? count
                let length = end - start
                if length >= 11, memcmp(base + start, "diff --git ", 11) == 0 { break }
                if memchr(base + start, Int32(UInt8(ascii: "@")), length) != nil
                    || memchr(base + start, Int32(UInt8(ascii: "%")), length) != nil {
                    let line = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
                    for id in linkedIDs(inLine: line) where seen.insert(id).inserted { ids.append(id) }
                }
                start = end + 1
            }
        }
        return ids
    }

    /// The earlier versions one line links (see the type's rule).
    static func linkedIDs(inLine line: String) -> [String] {
        // Words are split on the bytes: a hostile line may hold a million of them.
        var words = line.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }).map(Substring.init)[...]
        // Bullets: "- v1: …", "* Link to v1: …".
        while let first = words.first, first.allSatisfy({ $0 == "-" || $0 == "*" || $0 == "•" }) { words = words.dropFirst() }
        guard let first = words.first else { return [] }
        if isTrailerKey(first), !namesVersion(first) { return [] }
        var ids: [String] = []
        var previous: Substring?
        for word in words {
            let afterColon = previous?.utf8.last == UInt8(ascii: ":")
            previous = word
            // Every reference holds an `@`, or a `%` that encodes it.
            guard word.utf8.contains(where: { $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "%") }),
                  let id = messageID(word, afterColon: afterColon) else { continue }
            // Only the text before the first reference may name the version.
            if ids.isEmpty, !namesVersion(line[first.startIndex..<word.startIndex]) { return [] }
            ids.append(id)
        }
        return ids
    }

    /// `Link:`, `Reported-by:`, `v2:`: a word of letters, digits and dashes closed by a colon.
    private static func isTrailerKey(_ word: Substring) -> Bool {
        guard word.utf8.count > 1, word.utf8.last == UInt8(ascii: ":") else { return false }
        return word.utf8.dropLast().allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    private static let earlier: [[UInt8]] = ["previous", "earlier", "prior", "last", "older"].map { Array($0.utf8) }
    private static let postings: [[UInt8]] = ["version", "revision", "posting", "post", "series", "patchset",
                                              "iteration", "submission", "spin", "round"].map { Array($0.utf8) }
    /// Words that make a link a series this one needs, not an earlier version of it ("based on
    /// v6.12-rc1 and v2 of https://…").
    private static let prerequisites: [[UInt8]] = ["depend", "based on", "on top of", "prerequisite", "require"]
        .map { Array($0.utf8) }
    private static let phrases: [[UInt8]] = ["link to", "supersede", "followup to", "follow-up to", "follow up to"]
        .map { Array($0.utf8) }

    /// Whether the text names an earlier version (see the type's rule). ASCII case is ignored.
    static func namesVersion(_ text: Substring) -> Bool {
        let bytes = text.utf8.map(TextScan.lowerASCII)
        if prerequisites.contains(where: { contains(bytes, $0) }) { return false }
        if phrases.contains(where: { contains(bytes, $0) }) { return true }
        for i in bytes.indices where bytes[i] == UInt8(ascii: "v") {
            // `v2` as a word: no letter or digit before, a digit after, no letter after the digits,
            // and not a release (`v6.12`, `v6-rc1` hardly; `v6.12-rc1` names a kernel).
            if i > 0, isAlphanumeric(bytes[i - 1]) { continue }
            var j = i + 1
            while j < bytes.count, TextScan.isDigit(bytes[j]) { j += 1 }
            guard j > i + 1 else { continue }
            if j == bytes.count { return true }
            if isLetter(bytes[j]) { continue }
            if bytes[j] == UInt8(ascii: "."), j + 1 < bytes.count, TextScan.isDigit(bytes[j + 1]) { continue }
            if bytes[j] == UInt8(ascii: "-"), j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: "r") { continue }
            return true
        }
        // "previous version", "last posting": words are runs of letters and dashes.
        var previousWord: ArraySlice<UInt8> = []
        var i = 0
        while i < bytes.count {
            guard isLetter(bytes[i]) || bytes[i] == UInt8(ascii: "-") else {
                i += 1
                continue
            }
            var j = i
            while j < bytes.count, isLetter(bytes[j]) || bytes[j] == UInt8(ascii: "-") { j += 1 }
            let word = bytes[i..<j]
            if earlier.contains(where: { previousWord.elementsEqual($0) }),
               postings.contains(where: { word.starts(with: $0) }) {
                return true
            }
            previousWord = word
            i = j
        }
        return false
    }

    /// Whether `needle` stands in `bytes`.
    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || TextScan.isDigit(byte) }

    /// What may close a reference written in text: `(<id>)`, `…/<id>/.`, `"<url>",`.
    private static let closing: Set<UInt8> = Set(")]}.,;:\"'".utf8)

    /// Hosts whose links are written without a scheme too.
    private static let bareHosts = ["lore.kernel.org/", "lkml.kernel.org/", "patch.msgid.link/"]

    /// The Message-ID a word references: a link whose path holds one, or, right after a word ending
    /// in `:`, `<id@host>` or `id@host`. Nil when it references none.
    static func messageID(_ written: Substring, afterColon: Bool) -> String? {
        var word = written
        while let c = word.utf8.first, c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == 0x22 || c == 0x27 {
            word = word.dropFirst()
        }
        while let c = word.utf8.last, closing.contains(c) { word = word.dropLast() }
        if word.first == "<" {
            guard afterColon, let close = word.firstIndex(of: ">") else { return nil }
            let inside = word[word.index(after: word.startIndex)..<close]
            return plainID(inside)
        }
        for scheme in ["https://", "http://"] {
            if let link = TextScan.dropPrefixIgnoringCase(word, scheme) { return idInPath(link) }
        }
        if bareHosts.contains(where: { TextScan.dropPrefixIgnoringCase(word, $0) != nil }) { return idInPath(word) }
        return afterColon ? plainID(word) : nil
    }

    /// `id@host` as written: an `@` with something on both sides, no `/`, `<` or `>`.
    private static func plainID(_ text: Substring) -> String? {
        guard let at = text.firstIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex,
              !text.contains(where: { $0 == "/" || $0 == "<" || $0 == ">" || $0 == ":" }) else { return nil }
        return String(text)
    }

    /// The Message-ID in the path of `host/part/part…` (no scheme): the last part holding an `@`
    /// once percent-decoded; the query and fragment are not the path.
    private static func idInPath(_ link: Substring) -> String? {
        var path = link
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        let parts = path.split(separator: "/").dropFirst()   // the host
        for part in parts.reversed() {
            let decoded = part.contains("%") ? (part.removingPercentEncoding ?? String(part)) : String(part)
            if let id = plainID(Substring(decoded)) { return id }
        }
        return nil
    }
}
