/// "for patches 1-3", "For 1-3 and 5:", "# for 2,4": the patches a reviewer names when a trailer
/// given on a cover letter is not for the whole series.
enum PatchNumbers {
    /// The largest patch number read: n/N of real series stays in the hundreds.
    static let limit = 9999

    /// The numbers `text` names, when all of it is such a phrase (after `#`, `(`, `[` and before
    /// `)`, `]`, `:` or `.`); nil otherwise, so a sentence that merely starts with "for" names none.
    static func parse(_ text: ArraySlice<UInt8>) -> [ClosedRange<Int>]? {
        var bytes = ASCII.trimmed(text)
        while let first = bytes.first, first == UInt8(ascii: "#") || first == UInt8(ascii: "(") || first == UInt8(ascii: "[") {
            bytes = ASCII.trimmed(bytes.dropFirst())
        }
        while let last = bytes.last, [")", "]", ":", "."].contains(where: { UInt8(ascii: $0) == last }) {
            bytes = ASCII.trimmed(bytes.dropLast())
        }
        var words = Words(bytes)
        guard words.next() == "for" else { return nil }
        var numbers: [ClosedRange<Int>] = []
        var pendingRange = false, sawNumber = false
        while let word = words.next() {
            switch word {
            case "patch", "patches", "the", "#":
                guard !sawNumber else { return nil }
            case ",", "and", "&":
                guard sawNumber, !pendingRange else { return nil }
            case "-", "..", "to":
                guard sawNumber, !pendingRange else { return nil }
                pendingRange = true
            default:
                guard let n = Int(word), n >= 0, n <= limit else { return nil }
                if pendingRange {
                    guard let low = words.lastNumber, low <= n else { return nil }
                    numbers[numbers.count - 1] = low...n
                    pendingRange = false
                } else {
                    numbers.append(n...n)
                }
                words.lastNumber = n
                sawNumber = true
            }
        }
        return sawNumber && !pendingRange ? numbers : nil
    }

    /// The words of a phrase, lower-cased: runs of letters, runs of digits, and each of `,` `-`
    /// `..` `&` `#` `/` alone.
    struct Words {
        let bytes: ArraySlice<UInt8>
        var at: Int
        var lastNumber: Int?

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            at = bytes.startIndex
        }

        mutating func next() -> String? {
            while at < bytes.endIndex, ASCII.isSpace(bytes[at]) { at += 1 }
            guard at < bytes.endIndex else { return nil }
            let start = at
            let byte = bytes[at]
            if ASCII.isDigit(byte) {
                while at < bytes.endIndex, ASCII.isDigit(bytes[at]) { at += 1 }
            } else if isLetter(byte) {
                while at < bytes.endIndex, isLetter(bytes[at]) { at += 1 }
            } else if byte == UInt8(ascii: "."), at + 1 < bytes.endIndex, bytes[at + 1] == byte {
                at += 2
            } else {
                at += 1
            }
            return String(decoding: bytes[start..<at].map(ASCII.lower), as: UTF8.self)
        }

        private func isLetter(_ byte: UInt8) -> Bool {
            let l = ASCII.lower(byte)
            return l >= 0x61 && l <= 0x7A
        }
    }
}
