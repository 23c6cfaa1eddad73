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
        let slots = self.slots(series)
        var answered: [Int: [(ReplyNote, Int)]] = [:]
        for reply in replies {
            guard let slot = slot(of: reply, slots, threads) else { continue }
            answered[slot.series, default: []].append((reply, slot.number))
        }
        return series.indices.map { i in answered[i].map { review(series[i], $0) } }
    }

    /// Every mail of every posting, resent and rerolled slots included: a reply to an older copy
    /// of a patch is about that patch.
    static func slots(_ series: [PatchSeries]) -> [String: Slot] {
        var slots: [String: Slot] = [:]
        for (i, posting) in series.enumerated() {
            let mails = posting.mails + posting.replaced + posting.rerolls.map(\.older)
            for mail in mails where slots[mail.messageID] == nil {
                slots[mail.messageID] = Slot(series: i, number: mail.messageID == posting.cover?.messageID ? 0 : mail.tags.number)
            }
        }
        return slots
    }

    /// The posting mail nearest up the reply's thread.
    static func slot(of reply: ReplyNote, _ slots: [String: Slot], _ threads: MailThreads) -> Slot? {
        guard let parent = reply.parent else { return nil }
        if let slot = slots[parent] { return slot }
        return threads.ancestors(of: parent).lazy.compactMap { slots[$0] }.first
    }

    static func review(_ posting: PatchSeries, _ replies: [(ReplyNote, Int)]) -> SeriesReview {
        var patches = posting.patches.map { PatchReview(number: $0.tags.number, messageID: $0.messageID) }
        var participants: [Mailbox] = [], seen: Set<String> = []
        for (reply, number) in replies {
            if !reply.sender.key.isEmpty, seen.insert(reply.sender.key).inserted { participants.append(reply.sender) }
            for trailer in reply.trailers {
                let given = ReplyTrailer(trailer: GivenTrailer(kind: trailer.kind, name: trailer.name, email: trailer.email,
                                                               senderMatches: trailer.senderMatches),
                                         messageID: reply.messageID ?? "")
                for i in patches.indices where applies(trailer, answering: number, to: patches[i].number) {
                    patches[i].add(given)
                }
            }
        }
        return SeriesReview(replies: replies.count, participants: participants,
                            firstReply: replies.map(\.0.date).min()!, patches: patches, total: posting.total)
    }

    /// A reply to a patch speaks of that patch; one to the cover letter of every patch, or of
    /// those it names.
    static func applies(_ trailer: GivenTrailer, answering number: Int, to patch: Int) -> Bool {
        guard number == 0 else { return number == patch }
        return trailer.only.map { $0.contains { $0.contains(patch) } } ?? true
    }
}
