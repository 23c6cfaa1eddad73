/// Lenient base64 (RFC 2045 §6.8): characters outside the alphabet are skipped,
/// missing padding is tolerated, and a `=` ends the current quantum so that
/// concatenated base64 blocks still decode.
enum Base64 {
    static func decode<C: Collection<UInt8>>(_ text: C) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3 + 3)
        var quantum: UInt32 = 0
        var count = 0
        for c in text {
            let v = table[Int(c)]
            if v < 64 {
                quantum = quantum << 6 | UInt32(v)
                count += 1
                if count == 4 {
                    out.append(UInt8(truncatingIfNeeded: quantum >> 16))
                    out.append(UInt8(truncatingIfNeeded: quantum >> 8))
                    out.append(UInt8(truncatingIfNeeded: quantum))
                    quantum = 0
                    count = 0
                }
            } else if v == padding {
                flush(&quantum, &count, into: &out)
            }
        }
        flush(&quantum, &count, into: &out)
        return out
    }

    /// Emits the whole bytes of a partial quantum (2 or 3 characters); a lone
    /// character carries less than a byte and is dropped.
    private static func flush(_ quantum: inout UInt32, _ count: inout Int, into out: inout [UInt8]) {
        switch count {
        case 2:
            out.append(UInt8(truncatingIfNeeded: quantum >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: quantum >> 10))
            out.append(UInt8(truncatingIfNeeded: quantum >> 2))
        default:
            break
        }
        quantum = 0
        count = 0
    }

    private static let padding: UInt8 = 65

    /// 0...63 for the alphabet, 65 for `=`, 64 for everything else.
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 64, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, c) in alphabet.enumerated() { t[Int(c)] = UInt8(value) }
        t[Int(UInt8(ascii: "="))] = padding
        return t
    }()
}
