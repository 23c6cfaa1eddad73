/// The version of a patch series: `v3` is 3.0, `v5.1` is 5.1; a subject without one is v1.
public struct PatchVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int = 0) {
        self.major = major
        self.minor = minor
    }

    /// `v3`, `v5.1` (a zero minor is not printed).
    public var description: String { minor == 0 ? "v\(major)" : "v\(major).\(minor)" }

    public static func < (lhs: PatchVersion, rhs: PatchVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}
