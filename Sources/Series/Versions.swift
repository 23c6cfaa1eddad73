import Mail
import Patches

/// Decides, among the postings of one series (its lineage), which one is news.
///
/// Postings are of one lineage when they share a b4 `change-id`, when one links to another
/// ("Link to v1: …", "Supersedes: …"), or when they have the same author and title. The highest
/// version wins; between equal versions (a resend) the later one. Older versions become Skip,
/// equal ones Exist, and each says which posting replaced it and why.
enum Versions {
    static func decide(_ series: inout [PatchSeries]) {
        var lineage = UnionFind(count: series.count)
        link(series, &lineage)

        var members: [Int: [Int]] = [:]
        for i in series.indices { members[lineage.find(i), default: []].append(i) }

        for i in series.indices where series[i].head == nil { series[i].status = .partial }
        for (_, group) in members where group.count > 1 {
            let winner = group.max { a, b in
                let x = series[a], y = series[b]
                if x.version != y.version { return x.version < y.version }
                if x.lead.date.seconds != y.lead.date.seconds { return x.lead.date.seconds < y.lead.date.seconds }
                return x.lastPosition < y.lastPosition
            }!
            for i in group where i != winner {
                let reason = relation(series[i], series[winner])
                series[i].supersededBy = winner
                if series[i].version < series[winner].version {
                    series[i].status = .skip
                    series[i].reason = "superseded by \(series[winner].version) (\(reason))"
                } else {
                    series[i].status = .exist
                    series[i].reason = "\(series[i].version) posted again (\(reason))"
                }
            }
        }
    }

    private static func link(_ series: [PatchSeries], _ lineage: inout UnionFind) {
        var byChangeID: [String: Int] = [:]
        var byTitle: [String: Int] = [:]
        var byMessageID: [String: Int] = [:]
        for s in series {
            for mail in s.mails + s.replaced { byMessageID[mail.messageID] = s.id }
        }
        for s in series {
            if let change = s.changeID {
                if let other = byChangeID[change] { lineage.union(other, s.id) } else { byChangeID[change] = s.id }
            }
            for id in s.head?.supersedes ?? [] {
                if let other = byMessageID[id] { lineage.union(other, s.id) }
            }
            let key = s.author.key + "\u{0}" + s.titleKey
            if let other = byTitle[key] { lineage.union(other, s.id) } else { byTitle[key] = s.id }
        }
    }

    /// Why two postings are of one series, as a reader would check it.
    static func relation(_ a: PatchSeries, _ b: PatchSeries) -> String {
        if let x = a.changeID, x == b.changeID { return "same change-id" }
        let aIDs = Set(a.mails.map(\.messageID)), bIDs = Set(b.mails.map(\.messageID))
        if let links = b.head?.supersedes, links.contains(where: aIDs.contains) {
            return "linked from the \(b.version) cover letter"
        }
        if let links = a.head?.supersedes, links.contains(where: bIDs.contains) {
            return "linked from the \(a.version) cover letter"
        }
        if a.author.key == b.author.key && a.titleKey == b.titleKey { return "same title and author" }
        return "same series through other versions"
    }
}

/// Disjoint sets over 0..<count, for joining postings into lineages.
struct UnionFind {
    private var parent: [Int]
    init(count: Int) { parent = Array(0..<count) }

    mutating func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != root { root = parent[root] }
        var node = x
        while parent[node] != root { let next = parent[node]; parent[node] = root; node = next }
        return root
    }

    /// Joins the sets of a and b; false when they were already one.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return false }
        parent[max(ra, rb)] = min(ra, rb)
        return true
    }
}
