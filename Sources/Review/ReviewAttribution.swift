import Mail
import Patches
import Series

/// Hangs every reply on the posting mail it answers — the nearest cover letter or patch up its
/// thread, through other replies — and gathers each posting's review.
///
/// A trailer given on a patch is that patch's; one given on the cover letter is every patch's
/// of that posting, or only those its "for patches 1-3" names. A trailer for someone else is
/// kept, marked (`senderMatches` false), as b4 reports it.
public enum ReviewAttribution {
    /// Where a posting's mail is: its series (index in `series`) and slot (0 for the cover).
    struct Slot {
        var series: Int
        var number: Int
    }

    /// One review per series of `series`, in its order; nil for a series no reply answers.
    public static func reviews(_ replies: [ReplyNote], series: [PatchSeries], threads: MailThreads) -> [SeriesReview?] {
        var finder = SlotFinder(slots: slots(series), threads: threads)
        var answered: [Int: [(reply: Int, number: Int)]] = [:]
        for (r, reply) in replies.enumerated() {
            guard let parent = reply.parent, let slot = finder.slot(of: parent) else { continue }
            answered[slot.series, default: []].append((r, slot.number))
        }
        return series.indices.map { i in answered[i].map { review(series[i], $0, replies) } }
    }

    /// Every mail of every posting, resent and rerolled slots included: a reply to an older copy
    /// of a patch is about that patch.
    static func slots(_ series: [PatchSeries]) -> [String: Slot] {
        var slots: [String: Slot] = [:]
        for (i, posting) in series.enumerated() {
            if let cover = posting.cover { slots[cover.messageID] = Slot(series: i, number: 0) }
            for mail in posting.patches + posting.replaced + posting.rerolls.map(\.older) where slots[mail.messageID] == nil {
                slots[mail.messageID] = Slot(series: i, number: mail.tags.number)
            }
        }
        return slots
    }

    /// The posting mail nearest up a thread from a message, remembered for every message passed
    /// on the way: the replies of a thread share their ancestors.
    struct SlotFinder {
        let slots: [String: Slot]
        let threads: MailThreads
        private var found: [String: Slot?] = [:]

        init(slots: [String: Slot], threads: MailThreads) {
            self.slots = slots
            self.threads = threads
        }

        mutating func slot(of id: String) -> Slot? {
            var path: [String] = []
            var current: String? = id
            var slot: Slot? = nil
            while let here = current {
                if let known = slots[here] { slot = known; break }
                if let known = found[here] { slot = known; break }
                // A loop, or a chain longer than any real thread: no posting up there.
                if path.count >= MailThreads.maxDepth || path.contains(here) { break }
                path.append(here)
                current = threads.parent(of: here)
            }
            for id in path { found[id] = slot }
            return slot
        }
    }

    static func review(_ posting: PatchSeries, _ answers: [(reply: Int, number: Int)], _ replies: [ReplyNote]) -> SeriesReview {
        var patches = posting.patches.map { PatchReview(number: $0.tags.number, messageID: $0.messageID) }
        var participants: [Mailbox] = [], seen: Set<String> = []
        var first = replies[answers[0].reply].date
        for (r, number) in answers {
            let reply = replies[r]
            first = min(first, reply.date)
            if !reply.sender.address.isEmpty, seen.insert(reply.sender.key).inserted { participants.append(reply.sender) }
            for trailer in reply.trailers {
                let given = ReplyTrailer(trailer: GivenTrailer(kind: trailer.kind, name: trailer.name, email: trailer.email,
                                                               senderMatches: trailer.senderMatches),
                                         messageID: reply.messageID ?? "")
                for i in patches.indices where applies(trailer, answering: number, to: patches[i].number) {
                    patches[i].add(given)
                }
            }
        }
        return SeriesReview(replies: answers.count, participants: participants, firstReply: first,
                            patches: patches, total: posting.total)
    }

    /// A reply to a patch speaks of that patch; one to the cover letter of every patch, or of
    /// those it names.
    static func applies(_ trailer: GivenTrailer, answering number: Int, to patch: Int) -> Bool {
        guard number == 0 else { return number == patch }
        return trailer.only.map { $0.contains { $0.contains(patch) } } ?? true
    }
}
