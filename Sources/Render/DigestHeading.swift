import Digest

/// The words every format opens with, so the text digest, the page's title, the email's subject
/// and the feed entry's title say the same thing.
public enum DigestHeading {
    /// "<NAME> mailing list update from X to Y" (raw: each renderer escapes it its own way).
    public static func title(_ report: DigestReport) -> String {
        "\(report.name) mailing list update from \(report.from) to \(report.to)"
    }

    /// "47 messages, 27 patch emails, 13 series (10 new), 1 pull request".
    public static func summary(_ report: DigestReport) -> String {
        let new = report.series.filter { $0.status == "New" }.count
        var parts = [plural(report.messages, "message"), plural(report.patches, "patch email"),
                     plural(report.series.count, "series", "series") + " (\(new) new)",
                     plural(report.pullRequests.count, "pull request")]
        if !report.skipped.isEmpty { parts.append("\(report.skipped.count) unreadable") }
        return parts.joined(separator: ", ")
    }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) " + (n == 1 ? one : many ?? one + "s")
    }

    /// The patch list's count column: "3/5+c" — patches received of N, `+c` for a cover letter.
    static func received(_ s: SeriesEntry) -> String { "\(s.received)/\(s.total)" + (s.hasCover ? "+c" : "") }

    /// RFC, RESEND and free tags, as the text digest names the kind of posting.
    static func flags(_ s: SeriesEntry) -> [String] { (s.rfc ? ["RFC"] : []) + (s.resend ? ["RESEND"] : []) + s.tags }

    /// The mail that stands for a series: its cover letter, else its first patch, else any.
    static func headMessageId(_ s: SeriesEntry) -> String? {
        [s.cover?.messageId, s.firstPatch?.messageId, s.messageIds.first].compactMap { $0 }.first { !$0.isEmpty }
    }

    /// "2025-11-17 07:02 +00:00" from the report's ISO 8601 dates; other text unchanged.
    static func shortDate(_ iso: String) -> String {
        let chars = Array(iso)
        guard chars.count == 25, chars[10] == "T" else { return iso }
        return String(chars[0..<10]) + " " + String(chars[11..<16]) + " " + String(chars[19...])
    }
}
