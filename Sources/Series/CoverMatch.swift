import Mail
import Patches

/// The mails of one posting before it becomes a `PatchSeries`: a cover letter with the patches
/// that answer it, or patches gathered without one.
struct PostingGroup {
    var cover: PatchEmail?
    var patches: [PatchEmail]
    /// The posting's version and N when the cover letter decides them; nil: the lead's own.
    var version: PatchVersion?
    var total: Int?
}

/// Places each numbered patch by the mails it answers (its In-Reply-To chain, nearest first):
///
/// - into the posting of the first cover letter up its chain when the cover is its author's
///   (`PostingIdentity`), has its N, and the patch states no other version — the patch then
///   takes the cover's version (`[PATCHSET v2 0/2]` followed by `[PATCH 1/2]`);
/// - a cover letter without n/N (`[PATCHSET] …`, `[PATCH] …`, a bare title, `[GIT PULL] …`)
///   becomes one when its author's n/N patches answer it; its N is theirs, its version its own
///   (`[PATCHSET v2]`, "… v4", "… (v3)") else theirs;
/// - into the posting of a patch of its slot it answers (`[PATCH v2 5/7]` answering patch 5/7
///   of v1, directly or through a reply): a newer version of that one patch, which takes its
///   slot (a partial reroll);
/// - else it is loose: grouped by thread, sender, version and N by the builder.
///
/// The walk stops at the first `[PATCH 0/N]` cover up the chain, whether it matches or not: a
/// v2 sent without a cover in reply to the v1 cover is a posting of its own.
struct CoverMatch {
    struct Placed {
        var coverGroups: [PostingGroup] = []
        var loose: [PatchEmail] = []
        /// Patches that replaced a slot, by archive position, with the position of the one replaced.
        var rerolls: [Int: Int] = [:]
        /// Pull requests that are not cover letters of a posting.
        var pullRequests: [PatchEmail] = []
    }

    private struct Head {
        var mail: PatchEmail
        /// A `[PATCH 0/N]` (or `[GIT PULL 0/N]`): a cover letter by its subject.
        var explicit: Bool
        /// The version the cover states, in its tags or its bare title.
        var statedVersion: PatchVersion?
        var patches: [PatchEmail] = []
        /// For a cover without n/N: the N of the first patch that answered it.
        var total: Int?
    }

    private let mails: [PatchEmail]
    private let threads: MailThreads
    /// Mails are known by archive position: a Message-ID may name two mails (a v6 reposted under
    /// v5's Message-IDs), and a reply names the copy sent before it (`MessageIndex`).
    private var heads: [Int: Head] = [:]
    private var headOrder: [Int] = []
    private var headIndex = MessageIndex()
    /// Numbered patches, with where each was placed.
    private var numbered = MessageIndex()
    private var mailAt: [Int: PatchEmail] = [:]
    private var placement: [Int: Placement] = [:]

    private enum Placement {
        case cover(Int)
        case loose
        /// Loose, stopped at its author's `[PATCH 0/N]` whose N alone differs: the cover's N may
        /// be the slip (`[PATCH V8 0/8]` over `[PATCH V8 n/7]`).
        case otherN(cover: Int)
        /// With the patch whose slot it took.
        case reroll(of: Int)
    }

    init(_ mails: [PatchEmail], bareCovers: [String: PatchEmail], threads: MailThreads) {
        self.mails = mails
        self.threads = threads
        for mail in mails where Self.isCoverCandidate(mail) { addHead(mail, explicit: mail.tags.counterStated) }
        for mail in bareCovers.values.sorted(by: { $0.position < $1.position }) where heads[mail.position] == nil {
            addHead(mail, explicit: false)
        }
        for mail in mails where Self.isNumbered(mail) {
            numbered.add(mail)
            mailAt[mail.position] = mail
        }
    }

    /// A mail that may be a cover letter: `[PATCH 0/N]`, `[GIT PULL 0/N]`, or a patch or pull
    /// request mail without n/N.
    private static func isCoverCandidate(_ mail: PatchEmail) -> Bool {
        switch mail.kind {
        case .cover: return true
        case .pullRequest: return !mail.tags.counterStated || mail.tags.number == 0
        case .patch: return !mail.tags.counterStated
        case .reply, .other: return false
        }
    }

    private static func isNumbered(_ mail: PatchEmail) -> Bool {
        mail.kind == .patch && mail.tags.counterStated && mail.tags.number >= 1
    }

    private mutating func addHead(_ mail: PatchEmail, explicit: Bool) {
        let stated = mail.tags.versionStated ? mail.tags.version : SubjectTags.trailingVersion(mail.tags.title)
        heads[mail.position] = Head(mail: mail, explicit: explicit, statedVersion: stated)
        headOrder.append(mail.position)
        headIndex.add(mail)
    }

    mutating func place() -> Placed {
        for mail in mails where Self.isNumbered(mail) { placement[mail.position] = place(mail) }
        adoptOtherN()
        var placed = Placed()
        var used = Set<Int>()
        for id in headOrder {
            let head = heads[id]!
            // A `[PATCH 0/N]` is a posting even alone; other covers only with patches.
            guard head.mail.kind == .cover || !head.patches.isEmpty else { continue }
            used.insert(id)
            let version = head.statedVersion ?? (head.explicit ? head.mail.tags.version : statedVersion(of: head.patches))
            placed.coverGroups.append(PostingGroup(cover: head.mail, patches: head.patches, version: version,
                                                   total: head.total ?? head.mail.tags.total))
        }
        // Rerolls go where the patch they replace went.
        var groupOfPatch: [Int: Int] = [:]
        for (i, group) in placed.coverGroups.enumerated() { for mail in group.patches { groupOfPatch[mail.position] = i } }
        for mail in mails {
            if Self.isNumbered(mail) {
                switch placement[mail.position]! {
                case .cover: break
                case .loose, .otherN: placed.loose.append(mail)
                case .reroll(let older):
                    placed.rerolls[mail.position] = older
                    if let group = groupOfPatch[older] {
                        placed.coverGroups[group].patches.append(mail)
                        groupOfPatch[mail.position] = group
                    } else {
                        placed.loose.append(mail)
                    }
                }
            } else if !used.contains(mail.position) {
                if mail.kind == .pullRequest { placed.pullRequests.append(mail) } else { placed.loose.append(mail) }
            }
        }
        return placed
    }

    /// Where one numbered patch goes (see the type's rules).
    private mutating func place(_ patch: PatchEmail) -> Placement {
        for upID in threads.ancestors(of: patch.messageID) {
            if let up = headIndex.position(of: upID, before: patch.position), let head = heads[up] {
                if head.explicit {
                    guard fits(patch, explicit: head) else {
                        var other = patch
                        other.tags.total = head.mail.tags.total
                        return fits(other, explicit: head) ? .otherN(cover: up) : .loose
                    }
                    heads[up]!.patches.append(patch)
                    return .cover(up)
                }
                if fits(patch, bare: head) {
                    heads[up]!.patches.append(patch)
                    if heads[up]!.total == nil { heads[up]!.total = patch.tags.total }
                    return .cover(up)
                }
                continue
            }
            if let up = numbered.position(of: upID, before: patch.position), let other = mailAt[up],
               other.tags.number == patch.tags.number, other.tags.total == patch.tags.total,
               patch.tags.versionStated, patch.tags.version > version(of: other),
               PostingIdentity.same(patch, other) {
                return .reroll(of: up)
            }
        }
        return .loose
    }

    /// A cover none of whose patches has its N takes the patches of its author that all state
    /// one other N: the cover's N was the slip. Its posting's N is then theirs.
    private mutating func adoptOtherN() {
        var waiting: [Int: [Int]] = [:]
        for (position, place) in placement {
            if case .otherN(let cover) = place { waiting[cover, default: []].append(position) }
        }
        for (cover, positions) in waiting where heads[cover]!.patches.isEmpty {
            let patches = positions.sorted().map { mailAt[$0]! }
            guard Set(patches.map(\.tags.total)).count == 1 else { continue }
            heads[cover]!.patches = patches
            heads[cover]!.total = patches[0].tags.total
            for patch in patches { placement[patch.position] = .cover(cover) }
        }
    }

    private func fits(_ patch: PatchEmail, explicit head: Head) -> Bool {
        guard patch.tags.total == head.mail.tags.total, PostingIdentity.same(patch, head.mail) else { return false }
        return !patch.tags.versionStated || patch.tags.version == head.mail.tags.version
    }

    private func fits(_ patch: PatchEmail, bare head: Head) -> Bool {
        guard PostingIdentity.same(patch, head.mail) else { return false }
        if let total = head.total, total != patch.tags.total { return false }
        if let stated = head.statedVersion, patch.tags.versionStated, patch.tags.version != stated { return false }
        return true
    }

    /// A placed patch's version: its cover's when it took it.
    private func version(of patch: PatchEmail) -> PatchVersion {
        if case .cover(let id)? = placement[patch.position], let head = heads[id] {
            return head.statedVersion ?? (head.explicit ? head.mail.tags.version : patch.tags.version)
        }
        return patch.tags.version
    }

    /// The version the patches of a cover without one state (the highest), else v1.
    private func statedVersion(of patches: [PatchEmail]) -> PatchVersion {
        patches.filter(\.tags.versionStated).map(\.tags.version).max() ?? PatchVersion(major: 1)
    }
}

/// Whether two mails are of one person: the same sender or author, or one's sender the other's
/// author (a cover letter sent from one address, patches carrying an in-body From of another).
/// Addresses are compared after the mailmap.
enum PostingIdentity {
    static func same(_ a: PatchEmail, _ b: PatchEmail) -> Bool {
        let x = [a.sender.key, a.author.key], y = [b.sender.key, b.author.key]
        return x.contains(where: y.contains)
    }
}

/// Mails by Message-ID, each ID naming every mail archived under it: the one a reply at a
/// position answers is the last sent before it, else (a reply archived before what it answers)
/// the first one.
struct MessageIndex {
    private var positions: [String: [Int]] = [:]

    mutating func add(_ mail: PatchEmail) { positions[mail.messageID, default: []].append(mail.position) }

    func position(of id: String, before position: Int) -> Int? {
        guard let all = positions[id] else { return nil }
        return all.last(where: { $0 < position }) ?? all.first
    }
}
