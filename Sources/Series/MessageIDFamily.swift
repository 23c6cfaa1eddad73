/// The family of a generated Message-ID: the ID with the patch number taken out, so that the
/// mails of one `git send-email` or `b4 send` run compare equal
/// (`20251117101500.12345-3-jane@x` and `…-1-jane@x`; `20251117-slug-v2-3-abc@x` and `…-v2-1-…`).
func messageIDFamily(_ id: String, number: Int) -> String? {
    guard let at = id.lastIndex(of: "@") else { return nil }
    let local = id[..<at]
    var fields = local.split(separator: "-", omittingEmptySubsequences: false)
    guard fields.count >= 2 else { return nil }
    // The last field equal to the number (leading zeros allowed) is the counter.
    for i in fields.indices.reversed() where i > 0 {
        let field = fields[i]
        if !field.isEmpty, field.count <= 5, field.allSatisfy(\.isASCII), field.allSatisfy(\.isNumber), Int(field) == number {
            fields.remove(at: i)
            return fields.joined(separator: "-") + id[at...]
        }
    }
    return nil
}
