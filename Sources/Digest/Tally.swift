import Mail
import Patches
import Review

/// Patch emails per author and per author domain ("Based on Email Body": the in-body From
/// when a patch has one). Ties are broken by name, then address, so output is stable.
struct Tally {
    var contributors: [Contributor] = []
    var domains: [DomainCount] = []
    /// Only with an organization map.
    var organizations: [OrganizationCount]?

    /// `mails` carry their authors as the mailmap names them already (see `PatchEmail.mapped`).
    init(_ mails: [PatchEmail], organizations map: OrganizationMap? = nil) {
        var domainCounts: [String: Int] = [:]
        for mail in mails { domainCounts[mail.author.domain.isEmpty ? "(none)" : mail.author.domain, default: 0] += 1 }
        contributors = Tally.people(mails.map(\.author))
        domains = domainCounts.map { DomainCount(domain: $0.key, count: $0.value) }.sorted { a, b in
            a.count != b.count ? a.count > b.count : a.domain < b.domain
        }
        if let map {
            var orgCounts: [String: Int] = [:]
            for mail in mails { orgCounts[map.organization(of: mail.author.domain), default: 0] += 1 }
            organizations = orgCounts.map { OrganizationCount(organization: $0.key, count: $0.value) }.sorted { a, b in
                a.count != b.count ? a.count > b.count : a.organization < b.organization
            }
        }
    }

    /// People by trailers given, as the mailmap names them: one per trailer on a patch.
    static func reviewers(_ reviews: [SeriesReview], mailmap: Mailmap) -> [Contributor] {
        people(reviews.flatMap { review in
            review.patches.flatMap { patch in
                patch.trailers.map { mailmap.canonical(Mailbox(name: $0.trailer.name, address: $0.trailer.email)) }
            }
        })
    }

    /// One row per address (lower-cased), most first: a table of people by how often they come.
    static func people(_ mailboxes: [Mailbox]) -> [Contributor] {
        var counts: [String: Int] = [:]
        var names: [String: [String: Int]] = [:]
        var spellings: [String: [String: Int]] = [:]
        for mailbox in mailboxes {
            let key = mailbox.key
            counts[key, default: 0] += 1
            spellings[key, default: [:]][mailbox.address, default: 0] += 1
            if !mailbox.name.isEmpty { names[key, default: [:]][mailbox.name, default: 0] += 1 }
        }
        return counts.map { key, count in
            // The name and the spelling of the address used most often; ties go to the
            // alphabetically first, so that the order the mails came in does not matter.
            let name = Tally.mostUsed(names[key]) ?? ""
            return Contributor(name: name, email: Tally.mostUsed(spellings[key]) ?? key, count: count)
        }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            if a.name != b.name { return a.name < b.name }
            return a.email < b.email
        }
    }

    /// The most frequent key; ties go to the alphabetically first.
    static func mostUsed(_ counts: [String: Int]?) -> String? {
        counts?.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}

/// A row of a count table: contributors, domains, organizations.
public protocol CountedRow {
    var count: Int { get }
}

extension Contributor: CountedRow {}
extension DomainCount: CountedRow {}
extension OrganizationCount: CountedRow {}

extension Array where Element: CountedRow {
    /// The rows a table of the `n` most shows (`--top N`), from rows sorted most first: the first
    /// `n`, and every row after them with the same count as the last of those. Which of equal
    /// counts would make the cut is only the alphabet's choice, so a cut never falls between them.
    public func top(_ n: Int) -> ArraySlice<Element> {
        guard n > 0 else { return [] }
        guard n < count else { return self[...] }
        let last = self[n - 1].count
        var end = n
        while end < count && self[end].count == last { end += 1 }
        return self[..<end]
    }
}
