/// A structured MIME field such as Content-Type or Content-Disposition:
/// `value; name=token; name="quoted \"string\""; name*=utf-8''%E2%82%AC`.
struct HeaderParameters {
    /// The main value, lower-cased, without whitespace or comments (`text/plain`).
    var value: String
    /// Parameters by lower-cased name; RFC 2231 continuations and charsets resolved.
    var parameters: [String: String]

    subscript(_ name: String) -> String? { parameters[name] }

    init(_ raw: String) {
        let bytes = Array(raw.utf8)
        var i = 0
        var main: [UInt8] = []
        var depth = 0
        while i < bytes.count, bytes[i] != UInt8(ascii: ";") {
            let c = bytes[i]
            if c == UInt8(ascii: "(") { depth += 1 }
            else if c == UInt8(ascii: ")") { depth = max(0, depth - 1) }
            else if depth == 0, !Bytes.isWhitespace(c), c != UInt8(ascii: "\"") { main.append(Bytes.lower(c)) }
            i += 1
        }
        value = String(decoding: main, as: UTF8.self)
        parameters = HeaderParameters.parameters(bytes, from: i)
    }

    /// The type/subtype of a Content-Type, defaulting to text/plain when absent or
    /// malformed (RFC 2045 §5.2).
    var mimeType: String {
        guard let slash = value.utf8.firstIndex(of: UInt8(ascii: "/")),
              slash != value.utf8.startIndex, value.utf8.index(after: slash) != value.utf8.endIndex else {
            return "text/plain"
        }
        return value
    }

    private struct Segment {
        var index: Int
        var encoded: Bool
        var bytes: [UInt8]
    }

    private static let maxParameters = 100
    private static let maxSegmentIndex = 999

    private static func parameters(_ b: [UInt8], from start: Int) -> [String: String] {
        var plain: [String: String] = [:]
        var extended: [String: [Segment]] = [:]
        var i = start
        var count = 0
        while i < b.count, count < maxParameters {
            while i < b.count, b[i] == UInt8(ascii: ";") || Bytes.isWhitespace(b[i]) { i += 1 }
            let nameStart = i
            while i < b.count, b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ";") { i += 1 }
            let name = b[nameStart..<i].filter { !Bytes.isWhitespace($0) }.map(Bytes.lower)
            guard i < b.count, b[i] == UInt8(ascii: "=") else { continue }
            i += 1
            while i < b.count, Bytes.isWSP(b[i]) || b[i] == Bytes.cr || b[i] == Bytes.lf { i += 1 }
            let value: [UInt8]
            if i < b.count, b[i] == UInt8(ascii: "\"") {
                let (text, next) = Bytes.quotedString(b, from: i + 1)
                value = text
                i = next
            } else {
                let valueStart = i
                while i < b.count, b[i] != UInt8(ascii: ";") { i += 1 }
                var end = i
                while end > valueStart, Bytes.isWhitespace(b[end - 1]) { end -= 1 }
                value = Array(b[valueStart..<end])
            }
            guard !name.isEmpty else { continue }
            count += 1
            if let star = name.firstIndex(of: UInt8(ascii: "*")) {
                guard let segment = segment(name[(star + 1)...], value) else { continue }
                extended[String(decoding: name[..<star], as: UTF8.self), default: []].append(segment)
            } else {
                let key = String(decoding: name, as: UTF8.self)
                if plain[key] == nil { plain[key] = String(decoding: value, as: UTF8.self) }
            }
        }
        for (name, segments) in extended {
            plain[name] = assemble(segments)
        }
        return plain
    }

    /// The part of an RFC 2231 name after the first `*`: "" (single encoded value),
    /// "N" or "N*".
    private static func segment(_ suffix: ArraySlice<UInt8>, _ value: [UInt8]) -> Segment? {
        if suffix.isEmpty { return Segment(index: 0, encoded: true, bytes: value) }
        let encoded = suffix.last == UInt8(ascii: "*")
        let digits = encoded ? suffix.dropLast() : suffix
        guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy(Bytes.isDigit) else { return nil }
        let index = digits.reduce(0) { $0 * 10 + Int($1 &- 0x30) }
        guard index <= maxSegmentIndex else { return nil }
        return Segment(index: index, encoded: encoded, bytes: value)
    }

    /// Concatenates continuation segments in order; encoded ones are
    /// percent-decoded, and the first one's `charset'language'` prefix chooses the
    /// charset for the whole value.
    private static func assemble(_ segments: [Segment]) -> String {
        let ordered = segments.sorted { $0.index < $1.index }
        var charset: String?
        var bytes: [UInt8] = []
        for (position, segment) in ordered.enumerated() {
            var data = segment.bytes[...]
            if segment.encoded {
                if position == 0 {
                    let quotes = data.indices.filter { data[$0] == UInt8(ascii: "'") }.prefix(2)
                    if quotes.count == 2, let first = quotes.first, let second = quotes.last {
                        charset = String(decoding: data[data.startIndex..<first], as: UTF8.self)
                        data = data[(second + 1)...]
                    }
                }
                bytes.append(contentsOf: percentDecoded(data))
            } else {
                bytes.append(contentsOf: data)
            }
        }
        return Charset.decode(bytes[...], charset: charset?.isEmpty == false ? charset : nil)
    }

    private static func percentDecoded(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == UInt8(ascii: "%"), i + 2 < text.endIndex,
               let hi = Bytes.hexValue(text[i + 1]), let lo = Bytes.hexValue(text[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }
}
