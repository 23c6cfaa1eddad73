// Small byte-level helpers shared by the body and subject parsers.
// Everything here is linear in its input and never traps on odd input.

enum TextScan {
    /// The largest number a counter (`n/N`) or version (`vN`) may hold; anything larger is not one.
    static let numberLimit = 99_999

    /// Empty, or only whitespace (spaces, tabs, a stray CR, no-break spaces …).
    static func isBlank(_ line: Substring) -> Bool {
        var ascii = true
        for byte in line.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C: continue
            case ..<0x80: return false
            default: ascii = false
            }
        }
        return ascii || line.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// Starts with a space or a tab (a folded or indented line).
    static func isIndented(_ line: Substring) -> Bool {
        guard let first = line.utf8.first else { return false }
        return first == 0x20 || first == 0x09
    }

    /// `line` without trailing whitespace.
    static func trimmingTrailing(_ line: Substring) -> Substring {
        let scalars = line.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex {
            let before = scalars.index(before: end)
            guard scalars[before].properties.isWhitespace else { break }
            end = before
        }
        return line[line.startIndex..<end]
    }

    /// `line` without leading and trailing whitespace.
    static func trimmed(_ line: Substring) -> Substring {
        let rest = trimmingTrailing(line)
        let scalars = rest.unicodeScalars
        let first = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        return rest[first...]
    }

    /// A run of ASCII digits read as a number no larger than `limit`; nil when empty, not all
    /// digits, or too large (leading zeros are fine).
    static func number<S: Collection>(_ digits: S, limit: Int = numberLimit) -> Int? where S.Element == UInt8 {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            if value > limit { return nil }
        }
        return value
    }

    static func number(_ text: Substring, limit: Int = numberLimit) -> Int? {
        number(text.utf8, limit: limit)
    }

    /// Byte-wise prefix test (cheaper than `hasPrefix`, which compares characters).
    static func starts(_ line: Substring, with prefix: String) -> Bool {
        line.utf8.starts(with: prefix.utf8)
    }

    /// Case-insensitive ASCII comparison.
    static func equalsIgnoringCase(_ text: Substring, _ word: String) -> Bool {
        let a = text.utf8, b = word.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { lowerASCII($0) == lowerASCII($1) }
    }

    /// Case-insensitive ASCII prefix test; returns the text after the prefix.
    static func dropPrefixIgnoringCase(_ text: Substring, _ prefix: String) -> Substring? {
        var i = text.utf8.startIndex
        for byte in prefix.utf8 {
            guard i != text.utf8.endIndex, lowerASCII(text.utf8[i]) == lowerASCII(byte) else { return nil }
            text.utf8.formIndex(after: &i)
        }
        return text[i...]
    }

    static func lowerASCII(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
