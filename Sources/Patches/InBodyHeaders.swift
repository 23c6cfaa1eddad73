import Mail

/// The `From:`, `Subject:` and `Date:` lines that open a patch body, as `git mailinfo` reads them.
/// The in-body `From:` names the patch's author; the mail's own `From:` header is only the sender.
public struct InBodyHeaders: Sendable, Equatable {
    public var from: Mailbox?
    public var subject: String?
    public var date: String?

    public init(from: Mailbox? = nil, subject: String? = nil, date: String? = nil) {
        self.from = from
        self.subject = subject
        self.date = date
    }

    /// Reads the in-body header block as `git mailinfo` does: skip leading blank lines; then a block of
    /// From:/Subject:/Date: lines (each at most once, case-insensitive names, folded continuation lines
    /// allowed) ended by a blank line. Returns the headers and the text after the block (after its blank
    /// line), or empty headers and the whole text unchanged when the body does not open with such a block.
    ///
    /// Like git, the blank line may be missing: the block then ends at the first line that is not one of
    /// its headers (a text line, or a header seen already), and the text resumes with that line. Real
    /// patches do this (`From: Author <a@x>` directly followed by the commit message).
    ///
    /// A header that cannot be read as an address (`From: ???`) still belongs to the block; `from` is
    /// then nil. Subjects are RFC 2047-decoded (git decodes in-body headers too); dates are kept as written.
    public static func parse(_ text: Substring) -> (headers: InBodyHeaders, rest: Substring) {
        let unchanged = (InBodyHeaders(), text)
        var cursor = LineCursor(text)

        // Leading blank lines.
        while let line = cursor.peek(), TextScan.isBlank(line.text), line.hasNewline { cursor.advance() }

        var fields: [(name: Field, value: FieldValue)] = []
        while let line = cursor.peek() {
            if TextScan.isBlank(line.text) {
                guard !fields.isEmpty else { return unchanged }
                cursor.advance()
                return (headers(from: fields), text[cursor.position...])
            }
            if TextScan.isIndented(line.text), !fields.isEmpty {
                fields[fields.count - 1].value.append(TextScan.trimmed(line.text))
                cursor.advance()
                continue
            }
            guard let (name, value) = headerLine(line.text), !fields.contains(where: { $0.name == name }) else {
                return fields.isEmpty ? unchanged : (headers(from: fields), text[cursor.position...])
            }
            fields.append((name, FieldValue(value)))
            cursor.advance()
        }
        guard !fields.isEmpty else { return unchanged }
        return (headers(from: fields), text[cursor.position...])
    }

    private enum Field: CaseIterable {
        case from, subject, date
        var name: String {
            switch self {
            case .from: return "From"
            case .subject: return "Subject"
            case .date: return "Date"
            }
        }
    }

    /// `From: value` (any case, the colon right after the name) and its trimmed value.
    private static func headerLine(_ line: Substring) -> (Field, Substring)? {
        for field in Field.allCases {
            if let after = TextScan.dropPrefixIgnoringCase(line, field.name + ":") {
                return (field, TextScan.trimmed(after))
            }
        }
        return nil
    }

    /// A field's value: where it stands in the text — a `From:` line of megabytes is read in
    /// place, not copied first — until a continuation line joins it; then a String of its own,
    /// grown in place (built anew at each line, a value of many lines would cost their square).
    private struct FieldValue {
        private var slice: Substring
        private var joined: String?

        init(_ slice: Substring) { self.slice = slice }

        var text: Substring { joined.map { $0[...] } ?? slice }

        mutating func append(_ more: Substring) {
            var value = joined ?? String(slice)
            joined = nil   // the only reference: the appends below grow it in place
            if !value.isEmpty { value += " " }
            value += more
            joined = value
        }
    }

    private static func headers(from fields: [(name: Field, value: FieldValue)]) -> InBodyHeaders {
        var headers = InBodyHeaders()
        for (name, field) in fields {
            let value = field.text
            switch name {
            case .from: headers.from = AddressParser.parseMailbox(value)
            case .subject: headers.subject = EncodedWords.decode(String(value))
            case .date: headers.date = String(value)
            }
        }
        return headers
    }
}

/// Walks the lines of a text one at a time without splitting all of it.
struct LineCursor {
    let text: Substring
    private(set) var position: String.Index

    init(_ text: Substring) {
        self.text = text
        self.position = text.startIndex
    }

    /// The line at the cursor (without its LF) and whether an LF ends it; nil at the end of the text.
    func peek() -> (text: Substring, hasNewline: Bool, next: String.Index)? {
        guard position != text.endIndex else { return nil }
        let bytes = text.utf8
        var i = position
        while i != bytes.endIndex, bytes[i] != 0x0A { bytes.formIndex(after: &i) }
        if i == bytes.endIndex { return (text[position..<i], false, i) }
        return (text[position..<i], true, bytes.index(after: i))
    }

    mutating func advance() {
        if let line = peek() { position = line.next }
    }
}
