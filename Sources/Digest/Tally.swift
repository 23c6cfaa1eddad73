import Mail
import Patches

/// Patch emails per author and per author domain ("Based on Email Body": the in-body From
/// when a patch has one). Ties are broken by name, then address, so output is stable.
struct Tally {
    var contributors: [Contributor] = []
    var domains: [DomainCount] = []
    /// Only with an organization map.
    var organizations: [OrganizationCount]?

    /// `mails` carry their authors as the mailmap names them already (see `PatchEmail.mapped`).
    init(_ mails: [PatchEmail], organizations map: OrganizationMap? = nil) {
        var counts: [String: Int] = [:]
        var names: [String: [String: Int]] = [:]
        var spelled: [String: String] = [:]
        var domainCounts: [String: Int] = [:]
        for mail in mails {
            let key = mail.author.key
            counts[key, default: 0] += 1
            if spelled[key] == nil { spelled[key] = mail.author.address }
            if !mail.author.name.isEmpty { names[key, default: [:]][mail.author.name, default: 0] += 1 }
            domainCounts[mail.author.domain.isEmpty ? "(none)" : mail.author.domain, default: 0] += 1
        }
        contributors = counts.map { key, count in
            // The name used most often for this address; ties go to the alphabetically first.
            let name = names[key]?.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? ""
            return Contributor(name: name, email: spelled[key] ?? key, count: count)
        }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            if a.name != b.name { return a.name < b.name }
            return a.email < b.email
        }
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
}
