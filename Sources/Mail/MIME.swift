/// One decoded text part of a message body.
public struct TextPart: Sendable {
    /// Lower-cased type/subtype, e.g. "text/plain", "text/x-patch".
    public var mimeType: String
    /// From Content-Disposition `filename` or Content-Type `name`, decoded.
    public var filename: String?
    /// Transfer- and charset-decoded, LF line ends, format=flowed undone.
    public var text: String

    public init(mimeType: String, filename: String? = nil, text: String) {
        self.mimeType = mimeType
        self.filename = filename
        self.text = text
    }
}

extension Message {
    /// The text parts of the body in document order. Multiparts of any subtype
    /// are entered (at most `MIMEWalker.maxDepth` deep); text/html is dropped when
    /// the message also has text/plain. Besides text/*, parts that are patches in
    /// all but name (application/x-patch, or an octet-stream `*.patch`/`*.diff`
    /// file) are returned, with their real type.
    public func textParts() -> [TextPart] {
        let parts: [TextPart] = bytes.withUnsafeBufferPointer { buffer in
            var walker = MIMEWalker(bytes: buffer)
            walker.walk(block, bodyEnd: buffer.count, depth: 0)
            return walker.parts
        }
        guard parts.contains(where: { $0.mimeType == "text/plain" }) else { return parts }
        return parts.filter { $0.mimeType != "text/html" }
    }

    /// Lends `body` the first text/plain part, transfer-decoded, in its charset (the label as
    /// written, nil when none), and returns what it returns; nil when the message has no
    /// text/plain part. For a reader that wants a few ASCII lines of every mail: a part sent as
    /// it is (7bit, 8bit) is lent in place, not copied, so its lines may end in CR LF, and a
    /// format=flowed part is lent as sent (its soft line breaks kept). A charset whose line ends
    /// are not single bytes is lent as UTF-8 text.
    public func withPlainText<R>(_ body: (UnsafeBufferPointer<UInt8>, String?) -> R) -> R? {
        bytes.withUnsafeBufferPointer { buffer in
            let walker = MIMEWalker(bytes: buffer)
            guard let part = walker.firstPlainText(block, bodyEnd: buffer.count, depth: 0) else { return nil }
            return walker.lend(part, body)
        }
    }
}

struct MIMEWalker {
    /// Nesting bound for multiparts: real mail nests three or four levels.
    static let maxDepth = 32

    let bytes: UnsafeBufferPointer<UInt8>
    var parts: [TextPart] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func walk(_ headers: HeaderBlock, bodyEnd: Int, depth: Int) {
        let contentType = HeaderParameters(field("content-type", of: headers) ?? "text/plain")
        let type = contentType.mimeType
        let body = min(headers.bodyStart, bodyEnd)..<bodyEnd
        if type.hasPrefix("multipart/") {
            guard depth < MIMEWalker.maxDepth else { return }
            guard let boundary = contentType["boundary"], !boundary.isEmpty,
                  let children = MultipartSplitter.split(bytes, body, boundary: Array(boundary.utf8)) else {
                // No usable boundary: the body is all there is, read it as plain text.
                parts.append(leaf(headers, body, type: "text/plain", contentType: contentType, filename: nil))
                return
            }
            for child in children {
                let childHeaders = HeaderBlock.scan(bytes, from: child.lowerBound, to: child.upperBound)
                walk(childHeaders, bodyEnd: child.upperBound, depth: depth + 1)
            }
            return
        }
        let filename = self.filename(headers, contentType)
        guard MIMEWalker.isWanted(type, filename: filename) else { return }
        parts.append(leaf(headers, body, type: type, contentType: contentType, filename: filename))
    }

    private func field(_ name: String, of headers: HeaderBlock) -> String? {
        headers.firstIndex(of: Array(name.utf8), in: bytes).map {
            HeaderBlock.value(of: headers.fields[$0], in: bytes)
        }
    }

    /// text/* always (attachments included: patches come as text/x-patch
    /// attachments), and patches mislabelled as application types.
    static func isWanted(_ type: String, filename: String?) -> Bool {
        if type.hasPrefix("text/") { return true }
        switch type {
        case "application/x-patch", "application/x-diff", "application/patch", "application/diff":
            return true
        case "application/octet-stream":
            guard let name = filename.map(Bytes.asciiLowercased) else { return false }
            return name.hasSuffix(".patch") || name.hasSuffix(".diff")
        default:
            return false
        }
    }

    private func filename(_ headers: HeaderBlock, _ contentType: HeaderParameters) -> String? {
        let disposition = field("content-disposition", of: headers).map(HeaderParameters.init)
        guard let raw = disposition?["filename"] ?? contentType["name"] else { return nil }
        let name = Bytes.collapsingWhitespace(EncodedWords.decode(raw))
        return name.isEmpty ? nil : name
    }

    private func leaf(_ headers: HeaderBlock, _ body: Range<Int>, type: String,
                      contentType: HeaderParameters, filename: String?) -> TextPart {
        let decoded = transferDecoded(headers, body)
        let charset = contentType["charset"]
        var text: String
        if LineEnds.isWide(charset) {
            text = LineEnds.normalised(Charset.decode(decoded[...], charset: charset))
        } else {
            text = Charset.decode(LineEnds.normalised(decoded)[...], charset: charset)
        }
        if contentType["format"].map(Bytes.asciiLowercased) == "flowed" {
            let delSp = contentType["delsp"].map(Bytes.asciiLowercased) == "yes"
            text = FormatFlowed.unflow(text, delSp: delSp)
        }
        return TextPart(mimeType: type, filename: filename, text: text)
    }

    /// The part's bytes with its transfer encoding undone, in its own charset.
    func transferDecoded(_ headers: HeaderBlock, _ body: Range<Int>) -> [UInt8] {
        let raw = UnsafeBufferPointer(rebasing: bytes[body])
        switch transferEncoding(headers) {
        case .base64: return Base64.decode(raw)
        case .quotedPrintable: return QuotedPrintable.decode(Array(raw)[...])
        case .identity: return Array(raw)
        }
    }

    enum TransferEncoding { case identity, base64, quotedPrintable }

    /// What Content-Transfer-Encoding names, read as loosely as mailers write it (a value that
    /// holds `base64` is base64); 7bit, 8bit, binary and none are the body as it is.
    func transferEncoding(_ headers: HeaderBlock) -> TransferEncoding {
        guard let value = field("content-transfer-encoding", of: headers) else { return .identity }
        let encoding = Bytes.lowercased(value)
        // The usual values, compared whole before any search.
        if encoding.elementsEqual("7bit".utf8) || encoding.elementsEqual("8bit".utf8) { return .identity }
        if encoding.elementsEqual("base64".utf8) { return .base64 }
        if encoding.elementsEqual("quoted-printable".utf8) { return .quotedPrintable }
        if Self.contains(encoding, "base64") { return .base64 }
        if Self.contains(encoding, "quoted-printable") { return .quotedPrintable }
        return .identity
    }

    private static func contains(_ haystack: [UInt8], _ needle: StaticString) -> Bool {
        let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard haystack.count >= n.count else { return false }
        return (0...(haystack.count - n.count)).contains { i in haystack[i..<(i + n.count)].elementsEqual(n) }
    }

    /// Where the first text/plain part is.
    struct PlainPart {
        var headers: HeaderBlock
        var body: Range<Int>
        var contentType: HeaderParameters
    }

    func firstPlainText(_ headers: HeaderBlock, bodyEnd: Int, depth: Int) -> PlainPart? {
        let contentType = HeaderParameters(field("content-type", of: headers) ?? "text/plain")
        let type = contentType.mimeType
        let body = min(headers.bodyStart, bodyEnd)..<bodyEnd
        if type.hasPrefix("multipart/") {
            guard depth < MIMEWalker.maxDepth else { return nil }
            guard let boundary = contentType["boundary"], !boundary.isEmpty,
                  let children = MultipartSplitter.split(bytes, body, boundary: Array(boundary.utf8)) else {
                // No usable boundary: the body is all there is, read as plain text (as `walk` does).
                return PlainPart(headers: headers, body: body, contentType: contentType)
            }
            for child in children {
                let childHeaders = HeaderBlock.scan(bytes, from: child.lowerBound, to: child.upperBound)
                if let found = firstPlainText(childHeaders, bodyEnd: child.upperBound, depth: depth + 1) { return found }
            }
            return nil
        }
        return type == "text/plain" ? PlainPart(headers: headers, body: body, contentType: contentType) : nil
    }

    func lend<R>(_ part: PlainPart, _ body: (UnsafeBufferPointer<UInt8>, String?) -> R) -> R {
        let charset = part.contentType["charset"]
        if LineEnds.isWide(charset) {
            let text = leaf(part.headers, part.body, type: "text/plain", contentType: part.contentType, filename: nil).text
            return Array(text.utf8).withUnsafeBufferPointer { body($0, "utf-8") }
        }
        guard transferEncoding(part.headers) != .identity else {
            return body(UnsafeBufferPointer(rebasing: bytes[part.body]), charset)
        }
        return transferDecoded(part.headers, part.body).withUnsafeBufferPointer { body($0, charset) }
    }
}

/// Finds the parts of a multipart body (RFC 2046 §5.1.1).
enum MultipartSplitter {
    /// Byte ranges of the body parts between `--boundary` lines, or nil when the
    /// boundary never occurs. The preamble and the epilogue after `--boundary--`
    /// are dropped; without a closing delimiter the last part runs to the end.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ body: Range<Int>, boundary: [UInt8]) -> [Range<Int>]? {
        guard let base = bytes.baseAddress else { return nil }
        let delimiter: [UInt8] = [0x2D, 0x2D] + boundary
        var parts: [Range<Int>] = []
        var partStart: Int?
        var i = body.lowerBound
        let end = body.upperBound
        while i < end {
            let lf = Bytes.nextLF(base, from: i, end: end)
            var lineEnd = lf
            if lineEnd > i, bytes[lineEnd - 1] == Bytes.cr { lineEnd -= 1 }
            if let close = delimiterKind(bytes, i, lineEnd, delimiter) {
                if let start = partStart {
                    parts.append(start..<partEnd(bytes, start, i))
                }
                if close { return parts }
                partStart = min(lf + 1, end)
            }
            i = lf + 1
        }
        guard let start = partStart else { return nil }
        parts.append(start..<end)
        return parts
    }

    /// nil: not a delimiter line; false: a delimiter; true: the closing one.
    @inline(__always)
    private static func delimiterKind(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ delimiter: [UInt8]) -> Bool? {
        guard end - start >= delimiter.count, bytes[start] == 0x2D else { return nil }
        for (offset, expected) in delimiter.enumerated() where bytes[start + offset] != expected { return nil }
        var j = start + delimiter.count
        if j + 1 < end, bytes[j] == 0x2D, bytes[j + 1] == 0x2D { return true }
        while j < end, Bytes.isWSP(bytes[j]) { j += 1 }
        return j == end ? false : nil
    }

    /// The line break before a delimiter belongs to the delimiter.
    private static func partEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ delimiterLine: Int) -> Int {
        var e = delimiterLine
        if e > start, bytes[e - 1] == Bytes.lf { e -= 1 }
        if e > start, bytes[e - 1] == Bytes.cr { e -= 1 }
        return e
    }
}

enum LineEnds {
    /// CRLF to LF on bytes of an ASCII-compatible charset. A run of CRs before an LF (`CR CR LF`,
    /// left by gateways that converted line ends twice) goes with it; lone CRs are kept.
    static func normalised(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(Bytes.cr) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == Bytes.cr {
                var j = i + 1
                while j < bytes.count, bytes[j] == Bytes.cr { j += 1 }
                if j < bytes.count, bytes[j] == Bytes.lf {
                    i = j
                    continue
                }
                out.append(contentsOf: bytes[i..<j])
                i = j
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// The same on decoded text, for charsets whose CR and LF are not single bytes.
    static func normalised(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingCRs = 0
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                pendingCRs += 1
                continue
            }
            if scalar != "\n" {
                for _ in 0..<pendingCRs { out.append("\r") }
            }
            pendingCRs = 0
            out.append(scalar)
        }
        for _ in 0..<pendingCRs { out.append("\r") }
        return String(out)
    }

    static func isWide(_ charset: String?) -> Bool {
        guard let charset else { return false }
        let name = Charset.normalise(charset)
        return name.hasPrefix("utf-16") || name.hasPrefix("utf-32") || name.hasPrefix("ucs-2")
            || name.hasPrefix("ucs-4") || name.hasPrefix("utf16") || name.hasPrefix("utf32")
    }
}
