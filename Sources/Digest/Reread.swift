/// Which messages of a feed an earlier digest may have read already. Only those are checked
/// against the history (by `MessageKey`): a part of an archive read exactly once, by position,
/// is news whatever Message-IDs it reuses.
public enum Reread: Sendable, Equatable {
    /// Nothing: every message is read once (an inbox followed by its cursors).
    case none
    /// Everything: a source read whole at every update (an mbox, a Maildir).
    case all
    /// These epochs, re-read after their history was rewritten (a purge).
    case epochs(Set<Int>)

    func covers(epoch: Int) -> Bool {
        switch self {
        case .none: return false
        case .all: return true
        case .epochs(let numbers): return numbers.contains(epoch)
        }
    }
}
