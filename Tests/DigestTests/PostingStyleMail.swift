import Archive
import Digest
import Patches
import XCTest

/// Someone who posts to the list.
struct Poster {
    var name: String
    var email: String

    var header: String { "\(name) <\(email)>" }
    var person: Person { Person(name: name, email: email) }
}

/// One mail of a posting-style fixture, with the headers the tool that sent it writes.
struct StyleMail {
    var from: Poster
    var subject: String
    var id: String
    /// Minutes after Sat, 01 Mar 2025 10:15 UTC.
    var minute: Int
    var inReplyTo: String? = nil
    var references: [String] = []
    /// Headers as written, e.g. a gateway's folded References, a To: stable line.
    var extraHeaders: [String] = []
    var body: String

    var text: String {
        var headers = ["From: \(from.header)", "To: linux-block@vger.kernel.org", "Subject: \(subject)",
                       "Date: \(Self.date(minute))", "Message-ID: <\(id)>"]
        if let inReplyTo { headers.append("In-Reply-To: <\(inReplyTo)>") }
        if !references.isEmpty {
            // Folded as git send-email and most gateways fold it: one ID a line.
            headers.append("References: " + references.map { "<\($0)>" }.joined(separator: "\n\t"))
        }
        headers += extraHeaders
        headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8"]
        return headers.joined(separator: "\n") + "\n\n" + body
    }

    var tags: SubjectTags { SubjectTags.parse(subject) }

    /// RFC 5322 date of a minute after 2025-03-01 10:15 UTC (a Saturday).
    static func date(_ minute: Int) -> String {
        let total = 10 * 60 + 15 + minute
        let day = total / (24 * 60), hour = total / 60 % 24, min = total % 60
        let weekday = ["Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"][day % 7]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(1 + day)) Mar 2025 \(two(hour)):\(two(min)):00 +0000"
    }
}

/// Bodies and threads as git send-email and b4 write them.
enum StyleThreads {
    /// A patch: commit message, Signed-off-by, `---`, diffstat (unless `diffstat` is false) and a
    /// diff of one file with 2 insertions and 1 deletion. `author` is written as an in-body From.
    static func patchBody(_ file: String, signer: Poster, author: Poster? = nil, diffstat: Bool = true) -> String {
        let who = author ?? signer
        var text = author.map { "From: \($0.header)\n\n" } ?? ""
        text += "The \(file) path took the lock twice when the queue was frozen; take it once.\n\n"
        text += "Signed-off-by: \(who.header)\n"
        if author != nil { text += "Signed-off-by: \(signer.header)\n" }
        text += "---\n"
        if diffstat { text += " \(file) | 3 ++-\n 1 file changed, 2 insertions(+), 1 deletion(-)\n\n" }
        text += """
            diff --git a/\(file) b/\(file)
            index 1a2b3c4..5d6e7f8 100644
            --- a/\(file)
            +++ b/\(file)
            @@ -10,3 +10,4 @@ static int queue_enter(struct request_queue *q)
             \tint ret;
            -\tspin_lock(&q->lock);
            +\tif (!blk_queue_frozen(q))
            +\t\tspin_lock(&q->lock);
             \treturn ret;
            --
            2.47.1

            """
        return text
    }

    /// A cover letter as git format-patch writes it; `notes` go above the shortlog (changelogs, links).
    static func coverBody(_ title: String, by poster: Poster, notes: String = "", trailer: String = "2.47.1") -> String {
        var text = "This series reworks \(title.lowercased()).\n\n"
        if !notes.isEmpty { text += notes + "\n\n" }
        text += "\(poster.name) (2):\n  one\n  two\n\n block/blk-core.c | 3 ++-\n 1 file changed, 2 insertions(+), 1 deletion(-)\n\n--\n\(trailer)\n"
        return text
    }

    /// A git send-email run: Message-IDs `<stamp-k-local@domain>` numbered from 1 in sending
    /// order; every mail after the first answers the first (shallow threading); with
    /// `--in-reply-to` the first answers that and every References starts with it.
    static func sendEmail(_ from: Poster, stamp: String, subjects: [String], minute: Int,
                          inReplyTo: String? = nil, bodies: [String]? = nil) -> [StyleMail] {
        let parts = from.email.split(separator: "@")
        let ids = subjects.indices.map { "\(stamp)-\($0 + 1)-\(parts[0])@\(parts[1])" }
        return subjects.indices.map { k in
            let tags = SubjectTags.parse(subjects[k])
            // A first mail without n/N that others answer is a cover ([PATCHES], a bare title).
            let isCover = tags.counterStated ? tags.number == 0 : (k == 0 && subjects.count > 1)
            let body = bodies?[k] ?? (isCover ? coverBody(tags.title, by: from) : patchBody("block/blk-\(k).c", signer: from))
            let up = k == 0 ? inReplyTo : ids[0]
            let refs = [inReplyTo, k == 0 ? nil : ids[0]].compactMap { $0 }
            return StyleMail(from: from, subject: subjects[k], id: ids[k], minute: minute, inReplyTo: up,
                             references: refs, body: body)
        }
    }

    /// A b4 send run: Message-IDs `<date-slug-vN-k-hash@domain>`, k = 0 for the cover; every patch
    /// answers the cover. The cover ends with b4's `change-id:` footer.
    static func b4(_ from: Poster, slug: String, version: Int, hash: String, title: String, total: Int,
                   minute: Int, changeID: String, notes: String = "") -> [StyleMail] {
        let domain = from.email.split(separator: "@")[1]
        let v = version > 1 ? "v\(version) " : ""
        func id(_ k: Int) -> String { "20250301-\(slug)-v\(version)-\(k)-\(hash)@\(domain)" }
        let footer = "2.47.1\n---\nbase-commit: 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c\nchange-id: \(changeID)\n\nBest regards,\n-- \n\(from.header)"
        var mails = [StyleMail(from: from, subject: "[PATCH \(v)0/\(total)] \(title)", id: id(0), minute: minute,
                               body: coverBody(title, by: from, notes: notes, trailer: footer))]
        for n in 1...total {
            mails.append(StyleMail(from: from, subject: "[PATCH \(v)\(n)/\(total)] block: step \(n) of \(slug)", id: id(n),
                                   minute: minute, inReplyTo: id(0), references: [id(0)],
                                   body: patchBody("block/\(slug)-\(n).c", signer: from)))
        }
        return mails
    }
}

/// Digests fixture mails and checks what every right grouping must satisfy.
enum StyleDigest {
    static func make(_ mails: [StyleMail], file: StaticString = #filePath, line: UInt = #line) -> DigestReport {
        let items = mails.enumerated().map { i, mail in
            ArchiveItem.message(RawMessage(bytes: Array(mail.text.utf8), commit: "c\(i)", epoch: 0, position: i,
                                           commitTime: 0))
        }
        let report = DigestBuilder.make(items: items, options: DigestOptions(), name: "linux-block")
        checkInvariants(report, mails, file: file, line: line)
        return report
    }

    /// The series holding `id`.
    static func series(_ report: DigestReport, holding id: String) -> SeriesEntry? {
        report.series.first { $0.messageIds.contains(id) }
    }

    /// No Message-ID in two series; no series with more patches than its N; no series holding
    /// patches that state different N; every patch n/N answering a cover letter of its sender and
    /// N (and not stating another version) is in that cover's series.
    static func checkInvariants(_ report: DigestReport, _ mails: [StyleMail], file: StaticString, line: UInt) {
        var owner: [String: Int] = [:]
        for (i, entry) in report.series.enumerated() {
            for id in Set(entry.messageIds) {
                if let other = owner[id] {
                    XCTFail("<\(id)> is in series \(other) and \(i)", file: file, line: line)
                }
                owner[id] = i
            }
            XCTAssertLessThanOrEqual(entry.received, entry.total, "\(entry.title): received > total", file: file, line: line)
        }
        var byID: [String: StyleMail] = [:]
        for mail in mails where byID[mail.id] == nil { byID[mail.id] = mail }
        for (i, entry) in report.series.enumerated() {
            let stated = Set(entry.messageIds.compactMap { byID[$0]?.tags }.filter(\.counterStated).map(\.total))
            XCTAssertLessThanOrEqual(stated.count, 1, "series \(i) (\(entry.title)) holds patches of N \(stated.sorted())",
                                     file: file, line: line)
        }
        for mail in byID.values {
            let tags = mail.tags
            guard tags.counterStated, tags.number >= 1, let up = mail.inReplyTo, let cover = byID[up] else { continue }
            let coverTags = cover.tags
            guard coverTags.counterStated, coverTags.number == 0, coverTags.total == tags.total,
                  cover.from.email.lowercased() == mail.from.email.lowercased(),
                  !tags.versionStated || tags.version == coverTags.version,
                  let home = owner[cover.id] else { continue }
            XCTAssertEqual(owner[mail.id], home, "<\(mail.id)> answers its cover <\(cover.id)> but is not in its series",
                           file: file, line: line)
        }
    }
}
