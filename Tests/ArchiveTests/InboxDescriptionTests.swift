@testable import Archive
import Foundation
import TestSupport
import XCTest

/// What an inbox says of itself: names that are names, addresses that are plain http(s) URLs.
final class InboxDescriptionTests: XCTestCase {
    func testDefaultsNameNothing() {
        for text in ["Unnamed repository; edit this file 'description' to name the repository.\n", "Unnamed public inbox\n",
                     "Unknown public-inbox\n", "public inbox for kvm@vger.kernel.org\n", "mirror of https://lore.kernel.org/kvm\n",
                     "($INBOX_DIR/description missing)", "", "   \n", "\nKVM list\n"] {
            XCTAssertNil(InboxDescription.title(text), text)
        }
    }

    func testANameIsOnePrintableLine() {
        XCTAssertEqual(InboxDescription.title("KVM list\n"), "KVM list")
        XCTAssertEqual(InboxDescription.title("  Linux ARM KVM  \r\nmore\n"), "Linux ARM KVM")
        XCTAssertEqual(InboxDescription.title("KVM list [epoch 3]\n"), "KVM list")
        XCTAssertNil(InboxDescription.title("KVM\u{1B}[31m list"))
        XCTAssertNil(InboxDescription.title("KVM \u{202E}tsil"))
        XCTAssertNil(InboxDescription.title(String(repeating: "k", count: InboxDescription.maxTitle + 1)))
    }

    func testAddressesAreFromTheInboxConfigOrTheOrigin() throws {
        let dir = Fixtures.temporaryDirectory("description")
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("inbox.config.example")
        try "[publicinbox \"kvm\"]\n\turl = nntp://example.org/kvm\n\tURL = https://lore.kernel.org/kvm/\n".write(to: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(InboxDescription.configURL(config.path, section: "publicinbox", key: "url"), "https://lore.kernel.org/kvm")
        try "[publicinbox \"kvm\"]\n\turl = https://evil.example/\"><script>\n".write(to: config, atomically: true, encoding: .utf8)
        XCTAssertNil(InboxDescription.configURL(config.path, section: "publicinbox", key: "url"))

        let git = dir.appendingPathComponent("config")
        try "[core]\n\tbare = true\n[remote \"origin\"]\n\turl = https://lore.kernel.org/iommu/0\n".write(to: git, atomically: true, encoding: .utf8)
        XCTAssertEqual(InboxDescription.originURL(gitDir: dir.path), "https://lore.kernel.org/iommu")
        try "[remote \"origin\"]\n\turl = https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git\n".write(to: git, atomically: true, encoding: .utf8)
        XCTAssertNil(InboxDescription.originURL(gitDir: dir.path), "not an epoch of an inbox")
    }
}
