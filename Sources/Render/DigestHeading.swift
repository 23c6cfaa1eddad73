import Digest

/// The words every format opens with (the heading, the summary line, the headline of an email's
/// subject and a feed entry's title), worded here only; DigestView hands them to the renderers.
public enum DigestHeading {
    /// "<NAME> mailing list update from X to Y" (raw: each renderer escapes it its own way).
    public static func title(_ report: DigestReport) -> String {
        "\(report.name) mailing list update from \(report.from) to \(report.to)"
    }

    /// The numbers a digest is summed up by, counted here only, so every format says the same.
    public struct Counts: Sendable, Equatable {
        public var messages: Int
        public var patchEmails: Int
        public var series: Int
        public var newSeries: Int
        public var pullRequests: Int
        /// Stable backport postings, and the patch emails they hold (listed apart from the series).
        public var backportBatches: Int
        public var backportPatches: Int
        public var unreadable: Int

        public init(_ report: DigestReport) {
            messages = report.messages
            patchEmails = report.patches
            series = report.series.count
            newSeries = report.series.filter { $0.status == .new }.count
            pullRequests = report.pullRequests.count
            backportBatches = report.backports?.count ?? 0
            backportPatches = report.backports?.reduce(0) { $0 + $1.patches } ?? 0
            unreadable = report.skipped.count
        }
    }

    /// "47 messages, 27 patch emails, 13 series (10 new), 1 pull request", then ", 2 stable
    /// backport batches (97 patches)" when there are any.
    public static func summary(_ counts: Counts) -> String {
        var parts = [plural(counts.messages, "message"), plural(counts.patchEmails, "patch email"),
                     plural(counts.series, "series", "series") + " (\(counts.newSeries) new)",
                     plural(counts.pullRequests, "pull request")]
        if counts.backportBatches > 0 { parts.append(backports(counts)) }
        if counts.unreadable > 0 { parts.append("\(counts.unreadable) unreadable") }
        return parts.joined(separator: ", ")
    }

    /// "7 new series, 12 patch emails, 1 pull request" (a zero left out; "no patches" when all
    /// are; ", 2 stable backport batches" when there are any): the few words an email subject or a
    /// feed entry's title has room for.
    public static func headline(_ counts: Counts) -> String {
        var parts: [String] = []
        if counts.newSeries > 0 { parts.append(plural(counts.newSeries, "new series", "new series")) }
        if counts.patchEmails > 0 { parts.append(plural(counts.patchEmails, "patch email")) }
        if counts.pullRequests > 0 { parts.append(plural(counts.pullRequests, "pull request")) }
        if counts.backportBatches > 0 { parts.append(plural(counts.backportBatches, "stable backport batch", "stable backport batches")) }
        return parts.isEmpty ? "no patches" : parts.joined(separator: ", ")
    }

    /// "2 stable backport batches (97 patches)".
    public static func backports(_ counts: Counts) -> String {
        plural(counts.backportBatches, "stable backport batch", "stable backport batches")
            + " (" + plural(counts.backportPatches, "patch", "patches") + ")"
    }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) " + (n == 1 ? one : many ?? one + "s")
    }

    /// "2025-11-17 07:02 +00:00" from the report's ISO 8601 dates; other text unchanged.
    static func shortDate(_ iso: String) -> String {
        let chars = Array(iso)
        guard chars.count == 25, chars[10] == "T" else { return iso }
        return String(chars[0..<10]) + " " + String(chars[11..<16]) + " " + String(chars[19...])
    }
}
