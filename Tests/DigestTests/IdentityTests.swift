@testable import Digest
import Mail
import XCTest

/// git's mailmap rules and gitdm's domain map, as their own documentation gives them.
final class IdentityTests: XCTestCase {
    private func map(_ text: String, _ name: String, _ address: String) -> String {
        Mailmap(parsing: text).canonical(Mailbox(name: name, address: address)).display
    }

    func testTheFourFormsOfAMailmapLine() {
        let text = """
            # gitmailmap(5)
            Proper Name <commit@example.com>
            <proper@example.com> <Other@Example.com>
            Both Proper <both@example.com> <both-old@example.com>
            Only Jane <jane@new.org> Jane Old <jane@old.org>
            """
        XCTAssertEqual(map(text, "C", "commit@example.com"), "Proper Name <commit@example.com>")
        XCTAssertEqual(map(text, "O", "other@EXAMPLE.com"), "O <proper@example.com>")
        XCTAssertEqual(map(text, "", "both-old@example.com"), "Both Proper <both@example.com>")
        // A name-specific entry applies only to that name (matched case-insensitively).
        XCTAssertEqual(map(text, "jane old", "jane@old.org"), "Only Jane <jane@new.org>")
        XCTAssertEqual(map(text, "Somebody Else", "jane@old.org"), "Somebody Else <jane@old.org>")
        XCTAssertEqual(map(text, "Nobody", "nobody@example.com"), "Nobody <nobody@example.com>")
        XCTAssertTrue(Mailmap(parsing: "# only a comment\n\nno brackets here\n").isEmpty)
    }

    func testOrganizationsByDomainSubdomainAndPersonalBucket() {
        let map = OrganizationMap(parsing: """
            # gitdm domain-map
            ibm.com\tIBM
            nvidia.com   NVIDIA Corporation
            oldco.com OldCo < 2010-01-01
            gmail.com Gmail Is Mapped Here
            """)
        XCTAssertEqual(map.organization(of: "ibm.com"), "IBM")
        XCTAssertEqual(map.organization(of: "linux.vnet.ibm.com"), "IBM")
        XCTAssertEqual(map.organization(of: "nvidia.com"), "NVIDIA Corporation")
        XCTAssertEqual(map.organization(of: "oldco.com"), "OldCo")
        XCTAssertEqual(map.organization(of: "gmail.com"), "Gmail Is Mapped Here")
        XCTAssertEqual(map.organization(of: "yahoo.com"), OrganizationMap.personal)
        XCTAssertEqual(map.organization(of: "example.org"), "example.org")
        XCTAssertEqual(map.organization(of: ""), "(none)")
    }
}
