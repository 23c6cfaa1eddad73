// PLACEHOLDER until the Mail module lands: naive parsing, no RFC 2047.
public enum AddressParser {
    /// The first mailbox of a From-like header value (raw, unfolded).
    public static func parseMailbox(_ value: String) -> Mailbox? {
        if let lt = value.firstIndex(of: "<"), let gt = value[lt...].firstIndex(of: ">") {
            var name = value[..<lt].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            return Mailbox(name: name, address: String(value[value.index(after: lt)..<gt]))
        }
        let t = value.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : Mailbox(name: "", address: t)
    }
}
import Foundation
