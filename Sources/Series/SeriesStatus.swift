/// Where a series stands in one digest.
public enum SeriesStatus: String, Sendable, Codable {
    /// The newest version in the range: printed in full.
    case new = "New"
    /// An older version of a series whose newer version is in the range.
    case skip = "Skip"
    /// The same version posted again (a resend): printed once, as New.
    case exist = "Exist"
    /// Neither its cover letter nor its first patch is in the range (late patches of an
    /// earlier posting): counted and listed, not printed.
    case partial = "Part"
}
