import Archive
@testable import Digest
import Foundation
import Render
import TestSupport
import XCTest

/// A pull request written as `git request-pull` writes it: what to pull, its summary and who sent
/// it, in the report (so in JSON) and in the text digest.
final class PullRequestDigestTests: XCTestCase {
    private func report() -> DigestReport {
        let mail = """
            From: Jane Doe <jane@example.org>
            To: kvm@vger.example.org
            Subject: [GIT PULL] KVM fixes for 6.18-rc6
            Date: Mon, 17 Nov 2025 10:00:00 +0000
            Message-ID: <20251117100000.1-1-jane@example.org>

            """ + Fixtures.requestPullBody + "\n"
        let item = ArchiveItem.message(RawMessage(bytes: Array(mail.utf8), commit: "c", epoch: 0, position: 0, commitTime: 0))
        return DigestBuilder.make(items: [item], options: DigestOptions(), name: "kvm")
    }

    func testTheReportNamesWhatToPull() throws {
        let pull = try XCTUnwrap(report().pullRequests.first)
        XCTAssertEqual(pull.pull, PullSource(repository: "https://git.example.org/pub/scm/virt/kvm/kvm.git", ref: "tags/kvm-fixes-6.18-4",
                                             baseCommit: "1c8e4b2f9a7d3e6c0b5f8a2d4e7c1b9f3a6d0e58",
                                             headCommit: "9f2d7c4a1e8b3f06d5c2a9e7b4f1d8c3a6e0b925"))
        XCTAssertEqual(pull.diffstat, DiffstatSummary(files: 2, insertions: 11, deletions: 4))
        let json = try JSONRenderer().render(report())
        XCTAssertTrue(json.contains("\"repository\" : \"https://git.example.org/pub/scm/virt/kvm/kvm.git\""), json)
        XCTAssertTrue(json.contains("\"ref\" : \"tags/kvm-fixes-6.18-4\""), json)
    }

    func testTheTextDigestPrintsThePullRequest() throws {
        let text = TextRenderer(lore: try XCTUnwrap(LoreLinks(base: "https://lore.kernel.org/kvm/"))).render(report())
        XCTAssertTrue(text.hasSuffix("""
            ===== Pull requests =====

            [GIT PULL] KVM fixes for 6.18-rc6
              From: Jane Doe <jane@example.org>
              git pull https://git.example.org/pub/scm/virt/kvm/kvm.git tags/kvm-fixes-6.18-4
              2 files changed, 11 insertions(+), 4 deletions(-)
              Link: https://lore.kernel.org/kvm/20251117100000.1-1-jane@example.org/

            """), text)
        XCTAssertTrue(text.contains("0 patch emails, 0 series (0 new), 1 pull request"))
    }

    /// A repository or ref a shell would read differently is quoted on the `git pull` line.
    func testTheGitPullLineIsQuotedForAShell() throws {
        var r = report()
        r.pullRequests[0].pull = PullSource(repository: "https://x.org/a;rm.git", ref: "tags/$(id)")
        XCTAssertTrue(TextRenderer().render(r).contains("  git pull 'https://x.org/a;rm.git' 'tags/$(id)'\n"))
    }
}
