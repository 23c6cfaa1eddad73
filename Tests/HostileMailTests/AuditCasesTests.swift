import Mail
import Patches
import XCTest

/// The differences scripts/audit found between patchdigest and the independent classification
/// (Python's email package, scripts/independent_count.py) on the kvmarm archive, each shown on a
/// made-up message with our answer. The audit's KNOWN table names the real messages and these
/// reasons.
final class AuditCasesTests: XCTestCase {
    /// A robot's report: `[kbuild] Re: [PATCH …]`. The reply marker after a leading tag group still
    /// makes a reply; the independent pattern only looks for `Re:` at the very start ("other").
    func testReplyMarkerAfterALeadingTagGroupIsAReply() {
        let tags = SubjectTags.parse("[kbuild] Re: [PATCH 1/7] vfio: clear the dirty bit")
        XCTAssertEqual(tags.kind, .reply)
        XCTAssertEqual(tags.freeTags, ["kbuild"])
    }

    /// `回复:` is Chinese for `Re:`; the independent pattern knows only Latin-script markers.
    func testChineseReplyMarkerIsAReply() {
        XCTAssertEqual(SubjectTags.parse("回复: Re: [PATCH] kvm: fix the passthrough").kind, .reply)
        XCTAssertEqual(SubjectTags.parse("回复：[PATCH] kvm: full-width colon").kind, .reply)
    }

    /// `Name <""@host>`: an empty quoted local part is valid RFC 5322 syntax; we keep the address
    /// as written, Python's `addr_spec` drops the quotes (`@host`).
    func testEmptyQuotedLocalPartIsKeptAsWritten() throws {
        let message = try Message.parse(Array("From: Li Wei <\"\"@example.ru>\nSubject: offer\n\nx\n".utf8))
        XCTAssertEqual(message.from?.address, "\"\"@example.ru")
        XCTAssertEqual(message.from?.name, "Li Wei")
    }

    /// `Message-ID: <id@host>+45FD319A4707829E`: a client appended junk after the brackets. The id is
    /// what the brackets hold, as public-inbox reads it; a plain strip of `<>` keeps the junk.
    func testJunkAfterTheMessageIDsBracketIsNotPartOfIt() throws {
        let message = try Message.parse(Array("Message-ID: <7c31-ab@example.com>+45FD319A4707829E\nSubject: q\n\nx\n".utf8))
        XCTAssertEqual(message.messageID, "7c31-ab@example.com")
    }
}
