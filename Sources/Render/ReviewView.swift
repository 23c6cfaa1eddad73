import Digest

/// A series' review as every format words it:
/// `Reviewed-by: A, B (4/5) · Acked-by: C · NAK: D · 9 replies, 5 people`.
public struct ReviewView: Sendable {
    public var entry: ReviewEntry
    /// The pieces of the line, in order: one per trailer kind given, then the counts.
    public var pieces: [Piece]

    public struct Piece: Sendable, Equatable {
        public var text: String
        /// A NAK: shown in red wherever the series is.
        public var isNak: Bool
    }

    /// The kinds in the order the line names them, and how it names them.
    static let kinds: [(kind: String, label: String)] = [
        ("Reviewed-by", "Reviewed-by"), ("Acked-by", "Acked-by"), ("Tested-by", "Tested-by"), ("Nacked-by", "NAK"),
    ]

    init(_ review: ReviewEntry, total: Int) {
        entry = review
        pieces = ReviewView.kinds.compactMap { kind, label in
            let given = review.patches.map { $0.trailers.filter { $0.kind == kind } }
            let people = ReviewView.people(given.flatMap { $0 })
            guard !people.isEmpty else { return nil }
            let patches = given.filter { !$0.isEmpty }.count
            let share = patches < total ? " (\(patches)/\(total))" : ""
            return Piece(text: "\(label): " + people.joined(separator: ", ") + share, isNak: kind == "Nacked-by")
        }
        pieces.append(Piece(text: DigestHeading.plural(review.replies, "reply", "replies") + ", "
                                + DigestHeading.plural(review.participants, "person", "people"), isNak: false))
    }

    /// The whole line.
    public var line: String { pieces.map(\.text).joined(separator: ReviewView.separator) }

    static let separator = " · "

    /// Each person once (by address), by name, in the order they first come.
    static func people(_ trailers: [TrailerEntry]) -> [String] {
        var seen: Set<String> = []
        return trailers.compactMap { trailer in
            guard seen.insert(trailer.email.lowercased()).inserted else { return nil }
            return trailer.name.isEmpty ? trailer.email : trailer.name
        }
    }
}
